//! Completing an enrolment: gathering what a course asks and what the learner did, and issuing
//! the certificate once the rules say so. Server functions here and the sessions and feedback
//! domains (attendance marked, feedback given) call it.

use super::rules::{self, Evidence, Requirements};
use super::store::{self, EnrollmentRow};
use crate::accounts::User;
use crate::courses::store::{CourseRecord, CurrentLesson};
use crate::error::AppError;
use crate::server::state::AppState;

/// Everything the completion rule needs about one person in one course, with the course's
/// current lessons in order.
pub struct Assessment {
    pub requirements: Requirements,
    pub evidence: Evidence,
    pub lessons: Vec<CurrentLesson>,
}

impl Assessment {
    /// What is still to do, in plain words.
    pub fn outstanding(&self) -> Vec<String> {
        rules::outstanding(&self.requirements, &self.evidence)
            .iter()
            .map(rules::Outstanding::describe)
            .collect()
    }
}

/// Gathers the requirements and the evidence; attendance comes from the sessions domain.
pub async fn assess(
    state: &AppState,
    user_id: i64,
    course: &CourseRecord,
) -> Result<Assessment, AppError> {
    let db = &state.db;
    let lessons = crate::courses::store::current_lessons(db, course.id).await?;
    let requirements = Requirements {
        lessons: lessons.iter().map(|l| l.id).collect(),
        check: course.has_check,
        session: course.session_required,
    };
    let evidence = Evidence {
        lessons_done: store::done_lessons(db, user_id, course.id).await?,
        check_passed: store::check_passed(db, user_id, course.id).await?,
        attendance: crate::sessions::store::attendance(
            db,
            user_id,
            course.id,
            course.feedback_required,
        )
        .await?,
    };
    Ok(Assessment {
        requirements,
        evidence,
        lessons,
    })
}

/// Completes the enrolment if the rules say so, on evidence the caller has just gathered;
/// returns the new certificate's code.
pub async fn settle(
    state: &AppState,
    user: &User,
    (e, c): (&EnrollmentRow, &CourseRecord),
    a: &Assessment,
) -> Result<Option<String>, AppError> {
    if e.completed_at.is_some() || !rules::is_complete(&a.requirements, &a.evidence) {
        return Ok(None);
    }
    let code = super::certificate::format_code(&crate::secrets::random_bytes::<8>());
    let issued = store::complete(&state.db, e, c, &user.name, &code).await?;
    match issued {
        // Such a completion follows the person's feedback within the same moment: a line
        // naming them would say when they answered.
        Some(_) if c.feedback_required => {
            tracing::info!(course = %c.slug, "course completed (waiting for feedback)")
        }
        Some(_) => tracing::info!(user_id = user.id, course = %c.slug, "course completed"),
        None => {}
    }
    Ok(issued)
}

/// Completes someone's enrolment when new evidence from elsewhere (attendance marked, feedback
/// given) makes the course complete. Called by the sessions and feedback domains.
pub async fn reconsider(state: &AppState, user_id: i64, course_id: i64) -> Result<(), AppError> {
    // Most attendees are not enrolled online: one lookup settles that.
    let Some(e) = store::enrollment_of(&state.db, user_id, course_id).await? else {
        return Ok(());
    };
    let (Some(c), Some(user)) = (
        crate::courses::store::by_id(&state.db, course_id).await?,
        crate::accounts::store::find_user(&state.db, user_id).await?,
    ) else {
        return Ok(());
    };
    if !e.active || c.retired {
        return Ok(());
    }
    let a = assess(state, user_id, &c).await?;
    settle(state, &user, (&e, &c), &a).await?;
    Ok(())
}
