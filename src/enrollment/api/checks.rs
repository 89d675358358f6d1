//! Knowledge checks: opening one, submitting answers, and reading an attempt.

use crate::enrollment::{AttemptView, CheckToTake};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::{own_enrollment, signed_in_enrollment},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::enrollment::checks,
    crate::server::context::{self, answer_to, load},
};

/// The check to take, with a fresh one-use token; `None` when the person is not enrolled.
#[server(endpoint = "learning/check")]
pub async fn open_check(course: String) -> Result<Option<CheckToTake>, AppError> {
    let result = async {
        let state = context::state()?;
        let Some((_, _, e)) = signed_in_enrollment(&state, &course)
            .await?
            .filter(|(_, _, e)| e.active)
        else {
            return Ok(None);
        };
        checks::open(&state, &e, &course).await
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
        checks::submit(&state, &user, (&e, &c), &token, &answers).await
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "learning/attempt")]
pub async fn attempt(id: i64) -> Result<AttemptView, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        checks::attempt(&state, &user, id).await
    }
    .await;
    load(result)
}
