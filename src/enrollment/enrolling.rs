//! Enrolling: a learner enrolling themselves, and a trainer enrolling a list of people and/or
//! a department (the `/trainer/enrol` form), and leaving. The form's checks are pure
//! (`rules.rs`).

use super::rules::{self, Account, EnrolRequest};
use super::store::{self, EnrollmentRow};
use super::{EnrolChoices, EnrolReport};
use crate::accounts::User;
use crate::courses::store::CourseRecord;
use crate::error::AppError;
use crate::server::state::AppState;

/// The courses of the loaded library as (slug, title), by title, for the forms that pick one.
pub fn course_choices(state: &AppState) -> Vec<(String, String)> {
    let library = state.library.current();
    let mut courses: Vec<(String, String)> = library
        .content
        .courses
        .iter()
        .map(|c| (c.slug.clone(), c.title.clone()))
        .collect();
    courses.sort_by(|a, b| a.1.cmp(&b.1));
    courses
}

/// What the trainer's enrol form offers.
pub async fn choices(state: &AppState) -> Result<EnrolChoices, AppError> {
    Ok(EnrolChoices {
        courses: course_choices(state),
        departments: crate::departments::store::names_of_active_people(&state.db).await?,
    })
}

/// Enrols the signed-in learner; says what happened in words.
pub async fn enrol_self(
    state: &AppState,
    user: &User,
    c: &CourseRecord,
) -> Result<String, AppError> {
    let (_, what) = store::enroll(&state.db, user.id, c.id, user.id, None).await?;
    Ok(match what {
        store::Enrolled::Already | store::Enrolled::DueChanged => {
            format!("You are already enrolled in {}.", c.title)
        }
        store::Enrolled::Again => format!(
            "You are enrolled in {} again. Your earlier progress is still here.",
            c.title
        ),
        store::Enrolled::New => format!("You are enrolled in {}.", c.title),
    })
}

/// Unenrols the learner from their own enrolment; returns what to tell them and where to go.
pub async fn leave(
    state: &AppState,
    user: &User,
    (e, c): (&EnrollmentRow, &CourseRecord),
) -> Result<(String, String), AppError> {
    store::unenroll(&state.db, e.id, user.id).await?;
    Ok((
        format!(
            "You have left {}. Your progress is kept if you enrol again.",
            c.title
        ),
        format!("/courses/{}", c.slug),
    ))
}

/// Enrols the people a trainer named (ids and/or a department) in a course.
pub async fn enrol_people(
    state: &AppState,
    trainer: &User,
    c: &CourseRecord,
    request: &EnrolRequest,
) -> Result<EnrolReport, AppError> {
    let mut report = EnrolReport {
        course_title: c.title.clone(),
        ..EnrolReport::default()
    };
    let mut people = Vec::new();
    if !request.employee_ids.is_empty() {
        let found =
            crate::accounts::store::people_by_employee_id(&state.db, &request.employee_ids).await?;
        let sorted = rules::sort_list(&request.employee_ids, |id| {
            match found.iter().find(|p| p.employee_id == id) {
                None => Account::Unknown,
                Some(p) if !p.active => Account::Inactive,
                Some(p) => Account::Active(p.id),
            }
        });
        report.unknown = sorted.unknown;
        report.inactive = sorted.inactive;
        people = sorted.people;
    }
    let department = request.department.as_str();
    if !department.is_empty() {
        let members = crate::accounts::store::people_in_department(&state.db, department).await?;
        if members.is_empty() {
            return Err(AppError::invalid(format!(
                "Nobody active is in the department \"{department}\"."
            )));
        }
        people.extend(members.into_iter().map(|m| m.id));
    }
    people.sort();
    people.dedup();
    let due = request.due_on.map(crate::calendar::iso);
    store::enroll_many(
        &state.db,
        c,
        &people,
        trainer.id,
        due.as_deref(),
        &mut report,
    )
    .await?;
    tracing::info!(
        trainer_id = trainer.id,
        course = %c.slug,
        enrolled = report.enrolled,
        "people enrolled by a trainer"
    );
    Ok(report)
}
