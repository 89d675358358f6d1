//! Server functions of enrollment, grouped by action. Each: who is asking, may they (the
//! enrolment must be theirs, or they must hold a trainer's permission), then a service, and an
//! answer that works for enhanced forms and plain posts alike.

mod certificates;
mod checks;
mod enrol;
mod learning;
mod transcripts;

pub use certificates::*;
pub use checks::*;
pub use enrol::*;
pub use learning::*;
pub use transcripts::*;

#[cfg(feature = "ssr")]
use {
    super::store::{self, EnrollmentRow},
    crate::accounts::User,
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::courses::store::CourseRecord,
    crate::error::AppError,
    crate::server::state::AppState,
};

#[cfg(feature = "ssr")]
async fn live_course(state: &AppState, slug: &str) -> Result<CourseRecord, AppError> {
    crate::courses::store::by_slug(&state.db, slug)
        .await?
        .filter(|c| !c.retired)
        .ok_or_else(|| AppError::not_found("There is no such course."))
}

/// An enrolment the signed-in person may act on as its learner: their own, and active.
#[cfg(feature = "ssr")]
async fn own_enrollment(
    state: &AppState,
    user: &User,
    enrollment_id: i64,
) -> Result<(EnrollmentRow, CourseRecord), AppError> {
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
    if !e.active {
        return Err(AppError::invalid(
            "You have unenrolled from this course. Enrol again to continue.",
        ));
    }
    let c = crate::courses::store::by_id(&state.db, e.course_id)
        .await?
        .filter(|c| !c.retired)
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
) -> Result<Option<(User, CourseRecord, EnrollmentRow)>, AppError> {
    let Some(user) = learner(state).await? else {
        return Ok(None);
    };
    let Some(c) = crate::courses::store::by_slug(&state.db, course).await? else {
        return Ok(None);
    };
    Ok(store::enrollment_of(&state.db, user.id, c.id)
        .await?
        .map(|e| (user, c, e)))
}
