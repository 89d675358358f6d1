//! Session downloads: `/sessions/<id>/calendar.ics` for the signed-in person's registration,
//! and `/sessions/<id>/roster.csv` for the session's instructors and trainers.

use super::{RegistrationState, api, store};
use crate::accounts::auth::SignedIn;
use crate::accounts::permissions::{Permission, authorize};
use crate::error::AppError;
use crate::reports::{attachment, csv};
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
        let s = api::existing(&state, id).await?;
        let (reg, st, _) = store::registration_of(&state.db, id, user.id)
            .await?
            .ok_or_else(|| AppError::not_found("You are not registered for this session."))?;
        let card = api::card_of(&state, &s).await?;
        let mut event = api::ics_event(&state, &s, &card, &format!("-registration-{reg}"));
        event.cancelled |= matches!(
            st,
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

pub const ROSTER_HEADER: [&str; 10] = [
    "Session",
    "Course",
    "Instructors",
    "Starts",
    "Ends",
    "Place",
    "Person",
    "Employee id",
    "Department",
    "Status",
];

async fn roster(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        let user = authorize(who.0.as_ref(), Permission::Teach)?.clone();
        let s = api::existing(&state, id).await?;
        if !api::may_teach(&state, &user, id).await? {
            return Err(AppError::Forbidden);
        }
        let card = api::card_of(&state, &s).await?;
        let tz = s.tz(state.config.time_zone);
        let at = |t: i64| {
            chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0)
                .unwrap_or_default()
                .with_timezone(&tz)
                .to_rfc3339()
        };
        let (starts, ends) = (at(s.starts_at), at(s.ends_at));
        let place = if s.place.is_empty() {
            s.video_url.clone()
        } else {
            s.place.clone()
        };
        let instructors = card.instructors.join("; ");
        let mut body = csv::row(&ROSTER_HEADER);
        for r in store::roster(&state.db, id).await? {
            let st = RegistrationState::parse(&r.state).unwrap_or(RegistrationState::Cancelled);
            body.push_str(&csv::row(&[
                s.title.as_str(),
                &s.course_title,
                &instructors,
                &starts,
                &ends,
                &place,
                &r.name,
                &r.employee_id,
                &r.department,
                st.label(),
            ]));
        }
        Ok(body)
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
