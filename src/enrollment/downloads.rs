//! Transcript downloads as CSV: `/transcript.csv` for the signed-in person, and
//! `/people/<id>/transcript.csv` for trainers and administrators.

use super::transcripts;
use crate::accounts::auth::SignedIn;
use crate::accounts::permissions::{Permission, authorize};
use crate::csv;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

pub fn router() -> Router<AppState> {
    Router::new().route("/transcript.csv", get(download))
}

#[derive(serde::Deserialize)]
struct Which {
    #[serde(default)]
    employee: String,
}

/// `/transcript.csv` is the signed-in person's own; `?employee=<id>` is someone else's, for
/// trainers and administrators only.
async fn download(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Query(which): Query<Which>,
) -> Response {
    let user = match authorize(who.0.as_ref(), Permission::Learn) {
        Ok(user) => user.clone(),
        Err(e) => return e.into_response(),
    };
    match transcripts::whose_transcript(&state, &user, &which.employee).await {
        Ok(person) => transcript(&state, person).await,
        Err(e) => e.into_response(),
    }
}

pub const HEADER: [&str; 10] = [
    "Employee id",
    "Name",
    "Course",
    "Status",
    "Enrolled on",
    "Due on",
    "Completed on",
    "Version completed",
    "Best check score (%)",
    "Certificate",
];

async fn transcript(state: &AppState, who: super::Person) -> Response {
    let rows = match transcripts::rows(state, who.id).await {
        Ok(rows) => rows,
        Err(e) => return e.into_response(),
    };
    let mut body = csv::row(&HEADER);
    for b in rows {
        body.push_str(&csv::row(&[
            who.employee_id.as_str(),
            &who.name,
            &b.course_title,
            b.status_label(),
            &b.enrolled_on,
            b.due_on.as_deref().unwrap_or(""),
            b.completed_on.as_deref().unwrap_or(""),
            &b.completed_version
                .map(|v| v.to_string())
                .unwrap_or_default(),
            &b.best_score.map(|v| v.to_string()).unwrap_or_default(),
            b.certificate.as_deref().unwrap_or(""),
        ]));
    }
    let file = format!(
        "transcript-{}.csv",
        who.employee_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    );
    crate::server::download::attachment("text/csv; charset=utf-8", file, body)
}
