//! Session downloads: `/sessions/<id>/calendar.ics` for the signed-in person's registration,
//! and `/sessions/<id>/roster.csv` for the session's instructors and trainers; the bodies come
//! from `calendar` and `roster`.

use super::calendar::ics_event;
use super::{RegistrationState, access, cards, roster as rosters, store};
use crate::accounts::auth::SignedIn;
use crate::accounts::permissions::{Permission, authorize};
use crate::error::AppError;
use crate::server::download::attachment;
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sessions/{id}/calendar.ics", get(calendar))
        .route("/sessions/{id}/roster.csv", get(roster))
}

/// The calendar file of one's own registration: cancelled when the person or the session
/// cancelled, so calendar programs remove it.
async fn calendar(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let user = authorize(who.0.as_ref(), Permission::Learn)?.clone();
        let s = cards::existing(&state, id).await?;
        let mine = store::registration_of(&state.db, id, user.id)
            .await?
            .ok_or_else(|| AppError::not_found("You are not registered for this session."))?;
        let card = cards::card_of(&state, &s).await?;
        let mut event = ics_event(&state, &s, &card, &format!("-registration-{}", mine.id));
        event.cancelled |= matches!(
            mine.state,
            RegistrationState::Cancelled | RegistrationState::SessionCancelled
        );
        let tz = s.tz(state.config.time_zone);
        Ok::<_, AppError>(super::ics::calendar(&event.as_event(tz)))
    }
    .await;
    match result {
        Ok(body) => attachment(
            "text/calendar; charset=utf-8",
            format!("session-{id}.ics"),
            body,
        ),
        Err(e) => e.into_response(),
    }
}

async fn roster(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let user = authorize(who.0.as_ref(), Permission::Teach)?.clone();
        let s = cards::existing(&state, id).await?;
        if !access::may_teach(&state, &user, id).await? {
            return Err(AppError::Forbidden);
        }
        rosters::roster_csv(&state, &s).await
    }
    .await;
    match result {
        Ok(body) => attachment(
            "text/csv; charset=utf-8",
            format!("roster-session-{id}.csv"),
            body,
        ),
        Err(e) => e.into_response(),
    }
}
