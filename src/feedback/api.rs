//! Server functions of feedback: the attendee's form and its submission, a session's results
//! (trainers; instructors of the session once enough people answered), moderation, and forms.
//! Each says who may ask and calls a service: `submission.rs`, `release.rs`, `forms.rs`.

use super::{FeedbackPage, FormEditor, FormsOverview, SessionResults};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::{forms, release, submission},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer_to, load},
};

#[server(endpoint = "feedback/form")]
pub async fn feedback_form(session: i64) -> Result<FeedbackPage, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        submission::page(&state, &user, session).await
    }
    .await;
    load(result)
}

#[server(endpoint = "feedback/submit")]
pub async fn submit_feedback(
    session: i64,
    #[server(default)] a: HashMap<String, String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        submission::submit(&state, &user, session, &a).await?;
        Ok((
            "Thank you: your feedback is in. It is anonymous.".to_string(),
            format!("/sessions/{session}"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "feedback/results")]
pub async fn results_of_session(session: i64) -> Result<SessionResults, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Teach).await?;
        release::results_of(&state, &user, session).await
    }
    .await;
    load(result)
}

/// Hides (or shows again) a comment, named by its handle: a response id would tie together
/// the comments one person wrote.
#[server(endpoint = "feedback/hide")]
pub async fn hide_comment(
    session: i64,
    comment: String,
    #[server(default)] reason: String,
    #[server(default)] show: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let show = show.is_some_and(|v| !v.is_empty());
        release::moderate(&state, &trainer, session, &comment, &reason, show).await?;
        Ok((
            if show {
                "The comment is visible to instructors again.".to_string()
            } else {
                "The comment is hidden from instructors; it is kept for audit.".to_string()
            },
            format!("/sessions/{session}/results"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "feedback/forms")]
pub async fn feedback_forms() -> Result<FormsOverview, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        forms::overview(&state).await
    }
    .await;
    load(result)
}

#[server(endpoint = "feedback/editor")]
pub async fn edit_form(#[server(default)] family: Option<i64>) -> Result<FormEditor, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        forms::editor(&state, family).await
    }
    .await;
    load(result)
}

#[server(endpoint = "feedback/save-form")]
pub async fn save_form(
    #[server(default)] family: Option<i64>,
    title: String,
    definition: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        forms::save(&state, trainer.id, family, &title, &definition).await
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "feedback/course-form")]
pub async fn choose_course_form(
    course: String,
    #[server(default)] form: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        forms::choose_for_course(&state, &course, &form).await
    }
    .await;
    answer_to(result)
}
