//! A session's roster: seeing it and marking attendance (its instructors and trainers), and
//! registering people by employee id (trainers).

use crate::error::AppError;
use crate::sessions::Roster;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer_to, load},
    crate::sessions::{access, attendance, roster},
};

#[server(endpoint = "sessions/roster")]
pub async fn session_roster(session: i64) -> Result<Roster, AppError> {
    let result = async {
        let state = context::state()?;
        let user = access::require_teacher(&state, session).await?;
        roster::roster(&state, &user, session).await
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/mark")]
pub async fn mark_attendance(
    session: i64,
    #[server(default)] mark: HashMap<String, String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = access::require_teacher(&state, session).await?;
        let message = attendance::mark(&state, &user, session, &mark).await?;
        Ok((message, format!("/sessions/{session}/roster")))
    }
    .await;
    answer_to(result)
}

/// A trainer registers people by employee id, optionally beyond capacity.
#[server(endpoint = "sessions/register-people")]
pub async fn register_people(
    session: i64,
    employees: String,
    #[server(default)] over_capacity: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let over = over_capacity.is_some_and(|v| !v.is_empty());
        let message = roster::register_people(&state, &trainer, session, &employees, over).await?;
        Ok((message, format!("/sessions/{session}/roster")))
    }
    .await;
    answer_to(result)
}
