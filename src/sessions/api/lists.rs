//! Lists of sessions: the upcoming ones (of a course), the trainer's list of all, someone's
//! dashboard agenda and teaching, and dismissing a notice.

use crate::error::AppError;
use crate::sessions::{Agenda, SessionCard, SessionList};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer_to, load},
    crate::sessions::{agenda, cards, store},
};

#[server(endpoint = "sessions/upcoming")]
pub async fn upcoming_sessions(
    #[server(default)] course: Option<String>,
    #[server(default)] page: Option<u32>,
) -> Result<SessionList, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        let course = course.filter(|c| !c.trim().is_empty());
        cards::upcoming(&state, course, page.unwrap_or(1).max(1)).await
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/all")]
pub async fn all_sessions(#[server(default)] page: Option<u32>) -> Result<SessionList, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        cards::all(&state, page.unwrap_or(1).max(1)).await
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/agenda")]
pub async fn my_agenda() -> Result<Agenda, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        agenda::agenda(&state, &user).await
    }
    .await;
    load(result)
}

/// The instructor's own sessions, for the teaching area.
#[server(endpoint = "sessions/teaching")]
pub async fn my_teaching() -> Result<Vec<SessionCard>, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Teach).await?;
        cards::teaching(&state, &user).await
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/dismiss")]
pub async fn dismiss_notification(id: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        store::dismiss(&state.db, id, user.id).await?;
        Ok(("Notice dismissed.".to_string(), "/".to_string()))
    }
    .await;
    answer_to(result)
}
