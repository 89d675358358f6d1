//! Learning: a learner's overview, progress in a course and a lesson, marking lessons done and
//! completing a course.

use crate::enrollment::{CatalogProgress, CourseProgress, LessonProgress, MyLearning};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{learner, own_enrollment, signed_in_enrollment},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::enrollment::learning,
    crate::server::context::{self, answer_to, load},
};

#[server(endpoint = "learning/mine")]
pub async fn learning_overview() -> Result<MyLearning, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        learning::overview(&state, &user).await
    }
    .await;
    load(result)
}

/// Progress per course for the catalog; empty for visitors who are not signed in.
#[server(endpoint = "learning/catalog-progress")]
pub async fn progress_by_course() -> Result<CatalogProgress, AppError> {
    let result = async {
        let state = context::state()?;
        match learner(&state).await? {
            Some(user) => learning::catalog_progress(&state, &user).await,
            None => Ok(CatalogProgress::new()),
        }
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
        Ok(Some(learning::in_course(&state, &user, &c, &e).await?))
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
        let Some(user) = learner(&state).await? else {
            return Ok(None);
        };
        learning::in_lesson(&state, &user, &course, &lesson).await
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
        learning::mark_done(&state, &user, (&e, &c), &lesson).await
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
        learning::complete(&state, &user, (&e, &c)).await
    }
    .await;
    answer_to(result)
}
