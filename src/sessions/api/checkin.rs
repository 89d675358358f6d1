//! A person checks in to a session with the code on the instructor's screen.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer_to},
    crate::sessions::attendance,
};

#[server(endpoint = "sessions/check-in")]
pub async fn check_in(session: i64, code: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let message = attendance::check_in(&state, &user, session, &code).await?;
        Ok((message, format!("/sessions/{session}")))
    }
    .await;
    answer_to(result)
}
