//! Scheduling by a trainer: the form and its choices, saving a session, cancelling one.

use crate::error::AppError;
use crate::sessions::{ScheduleChoices, SessionForm};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer_to, load},
    crate::sessions::scheduling,
};

#[server(endpoint = "sessions/choices")]
pub async fn scheduling_form(
    #[server(default)] session: Option<i64>,
) -> Result<ScheduleChoices, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        scheduling::choices(&state, session).await
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/save")]
pub async fn save_session(
    #[server(default)] session: Option<i64>,
    form: SessionForm,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        scheduling::save(&state, &trainer, session, &form).await
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/cancel")]
pub async fn cancel_session(
    session: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let message = scheduling::cancel(&state, &trainer, session, &reason).await?;
        Ok((message, format!("/sessions/{session}")))
    }
    .await;
    answer_to(result)
}
