//! Server functions of enrollment. Each: who is asking, may they (the enrolment must be theirs,
//! or they must hold a trainer's permission), then store and rules, and an answer that works
//! for enhanced forms and plain posts alike.

use super::{
    AttemptView, CatalogProgress, CertificateView, CheckToTake, CourseProgress, EnrolChoices,
    EnrolReport, LessonProgress, MyLearning, Transcript, Verification,
};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::{certificate, grading, rules, store, views},
    crate::accounts::User,
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::courses::content::model::ShowAnswers,
    crate::server::context::{self, answer, answer_to, load},
    crate::server::state::AppState,
};

#[cfg(feature = "ssr")]
fn today(state: &AppState) -> chrono::NaiveDate {
    crate::calendar::today(state.config.time_zone)
}

#[cfg(feature = "ssr")]
async fn live_course(state: &AppState, slug: &str) -> Result<store::CourseRow, AppError> {
    store::course(&state.db, slug)
        .await?
        .filter(|c| c.retired == 0)
        .ok_or_else(|| AppError::not_found("There is no such course."))
}

/// An enrolment the signed-in person may act on as its learner: their own, and active.
#[cfg(feature = "ssr")]
async fn own_enrollment(
    state: &AppState,
    user: &User,
    enrollment_id: i64,
) -> Result<(store::EnrollmentRow, store::CourseRow), AppError> {
    let e = store::enrollment(&state.db, enrollment_id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such enrolment."))?;
    if e.user_id != user.id {
        tracing::warn!(
            user_id = user.id,
            enrollment_id,
            "refused: enrolment of another person"
        );
        return Err(AppError::Forbidden);
    }
    if e.active == 0 {
        return Err(AppError::invalid(
            "You have unenrolled from this course. Enrol again to continue.",
        ));
    }
    let c = store::course_by_id(&state.db, e.course_id)
        .await?
        .filter(|c| c.retired == 0)
        .ok_or_else(|| AppError::not_found("This course is no longer offered."))?;
    Ok((e, c))
}

/// The signed-in learner, `None` for visitors. Everyone else is checked as `require` checks
/// them: a pending password change is refused here as everywhere.
#[cfg(feature = "ssr")]
async fn learner(state: &AppState) -> Result<Option<User>, AppError> {
    match auth::require(state, Permission::Learn).await {
        Ok(user) => Ok(Some(user)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The signed-in person's enrolment in a course (active or not), with the course; `None` for
/// visitors, unknown courses and people never enrolled.
#[cfg(feature = "ssr")]
async fn signed_in_enrollment(
    state: &AppState,
    course: &str,
) -> Result<Option<(User, store::CourseRow, store::EnrollmentRow)>, AppError> {
    let Some(user) = learner(state).await? else {
        return Ok(None);
    };
    let Some(c) = store::course(&state.db, course).await? else {
        return Ok(None);
    };
    Ok(store::enrollment_of(&state.db, user.id, c.id)
        .await?
        .map(|e| (user, c, e)))
}

/// Completes the enrolment if the rules say so, on evidence the caller has just gathered;
/// returns the new certificate's code.
#[cfg(feature = "ssr")]
async fn settle(
    state: &AppState,
    user: &User,
    (e, c): (&store::EnrollmentRow, &store::CourseRow),
    req: &rules::Requirements,
    ev: &rules::Evidence,
) -> Result<Option<String>, AppError> {
    if e.completed_at.is_some() || !rules::is_complete(req, ev) {
        return Ok(None);
    }
    let code = certificate::format_code(&crate::accounts::session::random_bytes::<8>());
    let issued = store::complete(&state.db, e, c, &user.name, &code).await?;
    match issued {
        // Such a completion follows the person's feedback within the same moment: a line
        // naming them would say when they answered.
        Some(_) if c.feedback_required != 0 => {
            tracing::info!(course = %c.slug, "course completed (waiting for feedback)")
        }
        Some(_) => tracing::info!(user_id = user.id, course = %c.slug, "course completed"),
        None => {}
    }
    Ok(issued)
}

/// Completes someone's enrolment when new evidence from elsewhere (attendance marked, feedback
/// given) makes the course complete. Called by the sessions and feedback domains.
#[cfg(feature = "ssr")]
pub async fn reconsider(state: &AppState, user_id: i64, course_id: i64) -> Result<(), AppError> {
    // Most attendees are not enrolled online: one lookup settles that.
    let Some(e) = store::enrollment_of(&state.db, user_id, course_id).await? else {
        return Ok(());
    };
    let (Some(c), Some(user)) = (
        store::course_by_id(&state.db, course_id).await?,
        crate::accounts::store::find_user(&state.db, user_id).await?,
    ) else {
        return Ok(());
    };
    if e.active == 0 || c.retired != 0 {
        return Ok(());
    }
    let (req, ev, _) = store::evidence(&state.db, user_id, &c).await?;
    settle(state, &user, (&e, &c), &req, &ev).await?;
    Ok(())
}

#[server(endpoint = "learning/enrol")]
pub async fn enrol(course: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let c = live_course(&state, &course).await?;
        let (_, what) = store::enroll(&state.db, user.id, c.id, user.id, None).await?;
        let message = match what {
            store::Enrolled::Already | store::Enrolled::DueChanged => {
                format!("You are already enrolled in {}.", c.title)
            }
            store::Enrolled::Again => format!(
                "You are enrolled in {} again. Your earlier progress is still here.",
                c.title
            ),
            store::Enrolled::New => format!("You are enrolled in {}.", c.title),
        };
        Ok((message, format!("/courses/{}", c.slug)))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "learning/unenrol")]
pub async fn unenrol(enrollment: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (e, c) = own_enrollment(&state, &user, enrollment).await?;
        store::unenroll(&state.db, e.id, user.id).await?;
        Ok((
            format!(
                "You have left {}. Your progress is kept if you enrol again.",
                c.title
            ),
            format!("/courses/{}", c.slug),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "learning/mine")]
pub async fn learning_overview() -> Result<MyLearning, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let today = today(&state);
        let tz = state.config.time_zone;
        let enrollments = store::briefs(&state.db, user.id)
            .await?
            .into_iter()
            .filter(|r| r.active != 0 || r.completed_at.is_some())
            .map(|r| views::brief(r, tz, today))
            .collect();
        Ok(MyLearning { enrollments })
    }
    .await;
    load(result)
}

/// Progress per course for the catalog; empty for visitors who are not signed in.
#[server(endpoint = "learning/catalog-progress")]
pub async fn progress_by_course() -> Result<CatalogProgress, AppError> {
    let result = async {
        let state = context::state()?;
        let Some(user) = learner(&state).await? else {
            return Ok(CatalogProgress::new());
        };
        Ok(store::progress_by_course(&state.db, user.id)
            .await?
            .into_iter()
            .map(|(slug, done, total)| {
                (
                    slug,
                    rules::percent(done.max(0) as u64, total.max(0) as u64),
                )
            })
            .collect())
    }
    .await;
    load(result)
}

/// The signed-in person's standing in a course; `None` when not signed in or never enrolled.
#[server(endpoint = "learning/course")]
pub async fn progress_in_course(course: String) -> Result<Option<CourseProgress>, AppError> {
    let result = async {
        let state = context::state()?;
        let Some((user, c, e)) = signed_in_enrollment(&state, &course).await? else {
            return Ok(None);
        };
        // Viewing never completes a course (a page view must change nothing that matters): when
        // a revision removed the last lesson someone had left, the page offers `complete_course`.
        let (req, ev, lessons) = store::evidence(&state.db, user.id, &c).await?;
        let row = store::brief(&state.db, e.id)
            .await?
            .ok_or(AppError::Internal)?;
        let brief = views::brief(row, state.config.time_zone, today(&state));
        let outstanding = if brief.completed_on.is_some() {
            Vec::new()
        } else {
            rules::outstanding(&req, &ev)
                .iter()
                .map(rules::Outstanding::describe)
                .collect()
        };
        Ok(Some(CourseProgress {
            lessons_done: lessons
                .into_iter()
                .filter(|(id, _, _)| ev.lessons_done.contains(id))
                .map(|(_, slug, _)| slug)
                .collect(),
            outstanding,
            last_attempt: store::last_attempt(&state.db, user.id, c.id).await?,
            brief,
        }))
    }
    .await;
    load(result)
}

/// Opens a lesson for the signed-in learner (recording the first opening) and tells the page
/// whether it is done; `None` when the person is not enrolled.
#[server(endpoint = "learning/lesson")]
pub async fn progress_in_lesson(
    course: String,
    lesson: String,
) -> Result<Option<LessonProgress>, AppError> {
    let result = async {
        let state = context::state()?;
        let Some((user, c, e)) = signed_in_enrollment(&state, &course)
            .await?
            .filter(|(_, _, e)| e.active != 0)
        else {
            return Ok(None);
        };
        let Some(lesson_id) = store::lesson_id(&state.db, c.id, &lesson).await? else {
            return Ok(None);
        };
        store::record_opened(&state.db, user.id, c.id, lesson_id).await?;
        let (done, lessons_done, total) =
            store::lesson_state(&state.db, user.id, c.id, lesson_id).await?;
        Ok(Some(LessonProgress {
            enrollment_id: e.id,
            done,
            lessons_done: lessons_done as u32,
            lessons_total: total as u32,
            percent: rules::percent(lessons_done.max(0) as u64, total.max(0) as u64),
        }))
    }
    .await;
    load(result)
}

#[server(endpoint = "learning/done")]
pub async fn mark_done(enrollment: i64, lesson: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (e, c) = own_enrollment(&state, &user, enrollment).await?;
        let lesson_id = store::lesson_id(&state.db, c.id, &lesson)
            .await?
            .ok_or_else(|| AppError::not_found("This course has no such lesson."))?;
        store::mark_done(&state.db, user.id, c.id, lesson_id).await?;
        let (req, ev, lessons) = store::evidence(&state.db, user.id, &c).await?;
        let certificate = settle(&state, &user, (&e, &c), &req, &ev).await?;
        let next = rules::next_after(&req.lessons, lesson_id, &ev.lessons_done)
            .and_then(|id| lessons.into_iter().find(|l| l.0 == id));
        let (message, to) = match (certificate, next) {
            (Some(code), _) => (
                format!("Congratulations — you have completed {}!", c.title),
                format!("/certificates/{code}"),
            ),
            (None, Some((_, slug, title))) => (
                format!("Lesson marked as done. Next: {title}."),
                format!("/courses/{}/{slug}", c.slug),
            ),
            (None, None) => (
                "Lesson marked as done. Every lesson is done.".to_string(),
                format!("/courses/{}", c.slug),
            ),
        };
        Ok((message, to))
    }
    .await;
    answer_to(result)
}

/// Completes a course whose requirements are all met but that nothing has completed yet (a
/// revision removed the lessons that were left): a button on the course page, never a view.
#[server(endpoint = "learning/complete")]
pub async fn complete_course(enrollment: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (e, c) = own_enrollment(&state, &user, enrollment).await?;
        let course_page = format!("/courses/{}", c.slug);
        if e.completed_at.is_some() {
            return Ok((
                format!("You have already completed {}.", c.title),
                course_page,
            ));
        }
        let (req, ev, _) = store::evidence(&state.db, user.id, &c).await?;
        let outstanding = rules::outstanding(&req, &ev);
        if !outstanding.is_empty() {
            let left: Vec<String> = outstanding.iter().map(|o| o.describe()).collect();
            return Err(AppError::invalid(format!(
                "{} is not complete yet. Still to do: {}.",
                c.title,
                left.join("; ")
            )));
        }
        match settle(&state, &user, (&e, &c), &req, &ev).await? {
            Some(code) => Ok((
                format!("Congratulations — you have completed {}!", c.title),
                format!("/certificates/{code}"),
            )),
            None => Ok((
                format!("You have already completed {}.", c.title),
                course_page,
            )),
        }
    }
    .await;
    answer_to(result)
}

/// The check to take, with a fresh one-use token; `None` when the person is not enrolled.
#[server(endpoint = "learning/check")]
pub async fn open_check(course: String) -> Result<Option<CheckToTake>, AppError> {
    let result = async {
        let state = context::state()?;
        let Some((_, _, e)) = signed_in_enrollment(&state, &course)
            .await?
            .filter(|(_, _, e)| e.active != 0)
        else {
            return Ok(None);
        };
        let Some(check) = state.library.current().check_view(&course) else {
            return Ok(None);
        };
        let row = store::brief(&state.db, e.id)
            .await?
            .ok_or(AppError::Internal)?;
        Ok(Some(CheckToTake {
            check,
            enrollment_id: e.id,
            token: crate::accounts::session::new_token(),
            attempts: row.attempts.max(0) as u32,
            best_score: row.best.map(|b| b.clamp(0, 100) as u8),
        }))
    }
    .await;
    load(result)
}

#[server(endpoint = "learning/check/submit")]
pub async fn submit_check(
    enrollment: i64,
    token: String,
    #[server(default)] answers: HashMap<String, String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (e, c) = own_enrollment(&state, &user, enrollment).await?;
        if token.len() < 20 || token.len() > 64 {
            return Err(AppError::invalid(
                "This form has expired. Open the check again.",
            ));
        }
        if answers.len() > 500 {
            return Err(AppError::invalid("Too many answers for this check."));
        }
        let library = state.library.current();
        let course = library
            .course(&c.slug)
            .ok_or_else(|| AppError::not_found("This course is no longer offered."))?;
        let check = course
            .check
            .as_ref()
            .ok_or_else(|| AppError::not_found("This course has no knowledge check."))?;
        let picked = grading::answers_from_form(&answers);
        let graded = grading::grade(check, &picked, course.pass_mark).map_err(AppError::Invalid)?;
        let json = serde_json::to_string(&picked).map_err(|_| AppError::Internal)?;
        let id = store::record_attempt(
            &state.db,
            &store::NewAttempt {
                user_id: user.id,
                course_id: c.id,
                course_version: c.version,
                token: &token,
                correct: graded.correct as i64,
                total: graded.total as i64,
                percent: graded.percent as i64,
                passed: graded.passed,
                answers_json: &json,
            },
        )
        .await?;
        let certificate = if graded.passed {
            let (req, ev, _) = store::evidence(&state.db, user.id, &c).await?;
            settle(&state, &user, (&e, &c), &req, &ev).await?
        } else {
            None
        };
        let message = match (&certificate, graded.passed) {
            (Some(_), _) => format!(
                "You passed with {} % and completed {}. Your certificate is ready.",
                graded.percent, c.title
            ),
            (None, true) => format!("You passed with {} %.", graded.percent),
            (None, false) if course.show_answers.reveal(false) => format!(
                "You scored {} %; the pass mark is {} %. Read the explanations, then try again.",
                graded.percent, course.pass_mark
            ),
            (None, false) => format!(
                "You scored {} %; the pass mark is {} %. Review the lessons behind the questions \
                 marked not right, then try again.",
                graded.percent, course.pass_mark
            ),
        };
        Ok((message, format!("/courses/{}/check/attempts/{id}", c.slug)))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "learning/attempt")]
pub async fn attempt(id: i64) -> Result<AttemptView, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let a = store::attempt(&state.db, id)
            .await?
            .ok_or_else(|| AppError::not_found("There is no such attempt."))?;
        if a.user_id != user.id && !user.role.can(Permission::ManageTraining) {
            return Err(AppError::Forbidden);
        }
        let c = store::course_by_id(&state.db, a.course_id)
            .await?
            .ok_or(AppError::Internal)?;
        let library = state.library.current();
        let course = library.course(&c.slug);
        let picked: grading::Answers = serde_json::from_str(&a.answers).unwrap_or_default();
        let pass_mark = course.map(|k| k.pass_mark).unwrap_or(80);
        // The questions as they are now; if the check has changed since, only the score shows.
        let questions = course
            .and_then(|k| k.check.as_ref())
            .and_then(|k| grading::grade(k, &picked, pass_mark).ok())
            .filter(|_| a.course_version == c.version)
            .map(|g| g.questions)
            .unwrap_or_default();
        // The answer key shows as the course says (by default once the learner has passed);
        // trainers reviewing an attempt may always see it.
        let setting = course.map(|k| k.show_answers).unwrap_or_default();
        let passed = a.passed != 0 || store::check_passed(&state.db, a.user_id, c.id).await?;
        let answer_key_note = if user.role.can(Permission::ManageTraining) || setting.reveal(passed)
        {
            None
        } else if setting == ShowAnswers::Never {
            Some("This course does not show the right answers or explanations.".to_string())
        } else {
            Some("The right answers and their explanations are shown once you pass.".to_string())
        };
        let questions = if answer_key_note.is_some() {
            grading::without_key(questions)
        } else {
            questions
        };
        let enrollment = store::enrollment_of(&state.db, a.user_id, c.id).await?;
        let certificate = match &enrollment {
            Some(e) if e.completed_at.is_some() => store::brief(&state.db, e.id)
                .await?
                .and_then(|b| b.certificate),
            _ => None,
        };
        Ok(AttemptView {
            id: a.id,
            number: a.number as u32,
            course_slug: c.slug,
            course_title: c.title,
            submitted_on: crate::calendar::label_of(a.submitted_at, state.config.time_zone),
            correct: a.correct as u32,
            total: a.total as u32,
            percent: a.percent.clamp(0, 100) as u8,
            pass_mark,
            passed: a.passed != 0,
            questions,
            answer_key_note,
            course_completed: enrollment.is_some_and(|e| e.completed_at.is_some()),
            certificate,
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "learning/certificate")]
pub async fn certificate(code: String) -> Result<CertificateView, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let missing = || AppError::not_found("There is no certificate with this code.");
        let code = certificate::normalize(&code).ok_or_else(missing)?;
        let z = store::certificate(&state.db, &code)
            .await?
            .ok_or_else(missing)?;
        if z.user_id != user.id && !user.role.can(Permission::ManageTraining) {
            return Err(AppError::Forbidden);
        }
        let c = store::course_by_id(&state.db, z.course_id)
            .await?
            .ok_or(AppError::Internal)?;
        let tz = state.config.time_zone;
        Ok(CertificateView {
            // On paper the address must be whole: the public URL, or where the academy listens.
            verify_url: format!("{}/verify/{}", state.config.public_base(), z.code),
            code: z.code,
            learner_name: z.learner_name,
            course_title: z.course_title,
            course_slug: c.slug,
            course_version: z.course_version as u32,
            issued_on: crate::calendar::label_of(z.issued_at, tz),
            revoked_on: z.revoked_at.map(|t| crate::calendar::label_of(t, tz)),
            revoked_reason: z.revoked_reason,
            can_revoke: user.role.can(Permission::ManageUsers),
        })
    }
    .await;
    load(result)
}

/// The public check of a certificate: no sign-in, and nothing beyond the certificate itself.
#[server(endpoint = "verify")]
pub async fn verify(code: String) -> Result<Verification, AppError> {
    let result = async {
        let state = context::state()?;
        let missing = || {
            AppError::not_found(
                "No certificate has this code. Check it against the printed certificate.",
            )
        };
        let code = certificate::normalize(&code).ok_or_else(missing)?;
        let z = store::certificate(&state.db, &code)
            .await?
            .ok_or_else(missing)?;
        let tz = state.config.time_zone;
        Ok(Verification {
            code: z.code,
            learner_name: z.learner_name,
            course_title: z.course_title,
            course_version: z.course_version as u32,
            issued_on: crate::calendar::label_of(z.issued_at, tz),
            revoked_on: z.revoked_at.map(|t| crate::calendar::label_of(t, tz)),
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "learning/certificate/revoke")]
pub async fn revoke_certificate(code: String, reason: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let admin = auth::require(&state, Permission::ManageUsers).await?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "Give a reason: it is kept with the certificate for audit.",
            ));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::invalid("Keep the reason under 500 characters."));
        }
        let code = certificate::normalize(&code)
            .ok_or_else(|| AppError::not_found("There is no certificate with this code."))?;
        if store::certificate(&state.db, &code).await?.is_none() {
            return Err(AppError::not_found(
                "There is no certificate with this code.",
            ));
        }
        if !store::revoke(&state.db, &code, admin.id, reason).await? {
            return Err(AppError::Conflict(
                "This certificate was already revoked.".into(),
            ));
        }
        tracing::info!(admin_id = admin.id, code = %code, "certificate revoked");
        Ok((
            "The certificate is revoked. Its verification page now says so.".to_string(),
            format!("/certificates/{code}"),
        ))
    }
    .await;
    answer_to(result)
}

/// A transcript: with no `employee` id, the signed-in person's own; anyone else's needs a
/// trainer (instructors cannot see them).
#[server(endpoint = "learning/transcript")]
pub async fn transcript_of(#[server(default)] employee: String) -> Result<Transcript, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let who = whose_transcript(&state, &user, &employee).await?;
        let id = who.id;
        let today = today(&state);
        let tz = state.config.time_zone;
        let rows = store::briefs(&state.db, id)
            .await?
            .into_iter()
            .map(|r| views::brief(r, tz, today))
            .collect();
        Ok(Transcript {
            person: who,
            own: id == user.id,
            rows,
        })
    }
    .await;
    load(result)
}

/// The person whose transcript `user` asks for: their own (empty `employee`), or, for
/// trainers and administrators, anyone's by employee id; a customer service officer may open
/// those of the people in their departments.
#[cfg(feature = "ssr")]
pub async fn whose_transcript(
    state: &AppState,
    user: &User,
    employee: &str,
) -> Result<super::Person, AppError> {
    let employee = employee.trim();
    if !employee.is_empty() && employee != user.employee_id {
        if !user.role.can(Permission::ManageTraining) {
            let (reach, _) = crate::departments::access::reach(&state.db, user).await?;
            let theirs = crate::departments::store::department_of(&state.db, employee).await?;
            if !theirs.is_some_and(|code| reach.covers(&code)) {
                tracing::warn!(user_id = user.id, "refused: another person's transcript");
                return Err(AppError::Forbidden);
            }
        }
        return store::person_by_employee_id(&state.db, employee)
            .await?
            .ok_or_else(|| AppError::not_found(format!("No account has employee id {employee}.")));
    }
    store::person(&state.db, user.id)
        .await?
        .ok_or(AppError::Internal)
}

#[server(endpoint = "training/enrol-choices")]
pub async fn enrolment_choices() -> Result<EnrolChoices, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        let library = state.library.current();
        let mut courses: Vec<(String, String)> = library
            .content
            .courses
            .iter()
            .map(|c| (c.slug.clone(), c.title.clone()))
            .collect();
        courses.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(EnrolChoices {
            courses,
            departments: store::departments(&state.db).await?,
        })
    }
    .await;
    load(result)
}

/// Enrols a list of people (employee ids, one per line or separated by commas) and/or a whole
/// department in a course, with an optional due date.
#[server(endpoint = "training/enrol")]
pub async fn enrol_people(
    course: String,
    #[server(default)] employee_ids: String,
    #[server(default)] department: String,
    #[server(default)] due_on: String,
) -> Result<EnrolReport, AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let c = live_course(&state, &course).await?;
        let due = match due_on.trim() {
            "" => None,
            text => {
                let day = crate::calendar::parse_iso(text).ok_or_else(|| {
                    AppError::invalid("Give the due date as a date, for example 2026-12-31.")
                })?;
                if day < today(&state) {
                    return Err(AppError::invalid(
                        "The due date has already passed. Choose a later date.",
                    ));
                }
                Some(crate::calendar::iso(day))
            }
        };
        if employee_ids.len() > 1_000_000 {
            return Err(AppError::invalid(
                "That list is too long: enrol at most 50,000 people at once.",
            ));
        }
        let wanted = crate::accounts::ids::distinct_employee_ids(&employee_ids);
        let department = department.trim();
        if wanted.is_empty() && department.is_empty() {
            return Err(AppError::invalid(
                "Name who to enrol: employee ids, a department, or both.",
            ));
        }
        let mut report = EnrolReport {
            course_title: c.title.clone(),
            ..EnrolReport::default()
        };
        let mut people: Vec<(i64, String)> = Vec::new();
        if !wanted.is_empty() {
            let found = store::people_by_employee_id(&state.db, &wanted).await?;
            for id in &wanted {
                match found.iter().find(|(_, e, _, _)| e == id) {
                    None => report.unknown.push(id.clone()),
                    Some((_, _, _, 0)) => report.inactive.push(id.clone()),
                    Some((uid, e, _, _)) => people.push((*uid, e.clone())),
                }
            }
        }
        if !department.is_empty() {
            let members = store::people_in_department(&state.db, department).await?;
            if members.is_empty() {
                return Err(AppError::invalid(format!(
                    "Nobody active is in the department \"{department}\"."
                )));
            }
            people.extend(members);
        }
        people.sort();
        people.dedup();
        store::enroll_many(
            &state.db,
            &c,
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
    .await;
    let summary = result.as_ref().map(EnrolReport::summary).ok();
    answer(result, summary.as_deref().map(|s| (s, "/trainer/enrol")))
}
