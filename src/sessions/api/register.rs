//! A person registers for a session or cancels their registration.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer_to},
    crate::sessions::registration,
};

#[server(endpoint = "sessions/register")]
pub async fn register(session: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let message = registration::register(&state, &user, session).await?;
        Ok((message, format!("/sessions/{session}")))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/cancel-registration")]
pub async fn cancel_registration(session: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let message = registration::leave(&state, &user, session).await?;
        Ok((message, format!("/sessions/{session}")))
    }
    .await;
    answer_to(result)
}
