//! Every benchmarking table as CSV: `/benchmarks/<table>.csv` with the page's own query string.
//! The numbers come from the same `figures` as the page, under the same role checks.

use super::{Filters, QuestionView, RateView, Shown, context, dashboard, instructor};
use crate::accounts::auth::SignedIn;
use crate::accounts::permissions::{Permission, authorize};
use crate::csv;
use crate::error::{AppError, AppResult};
use crate::server::download::attachment;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Extension, Router};
use std::collections::HashMap;

/// The dashboard's tables (trainers) and an instructor's (themselves, or trainers).
const DASHBOARD: [&str; 4] = ["program", "ranking", "courses", "program-trend"];
const INSTRUCTOR: [&str; 4] = ["questions", "trend", "sessions", "comments"];

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for table in DASHBOARD.into_iter().chain(INSTRUCTOR) {
        r = r.route(
            &format!("/benchmarks/{table}.csv"),
            get(
                move |State(state): State<AppState>,
                      Extension(who): Extension<SignedIn>,
                      Query(q): Query<HashMap<String, String>>| async move {
                    match export(&state, who, table, q).await {
                        Ok(body) => attachment(
                            "text/csv; charset=utf-8",
                            format!("benchmarks-{table}.csv"),
                            body,
                        ),
                        Err(e) => e.into_response(),
                    }
                },
            ),
        );
    }
    r
}

fn filters(q: &HashMap<String, String>) -> Filters {
    Filters::from_query(|k| q.get(k).cloned().unwrap_or_default())
}

fn num(v: Option<f64>, places: usize) -> String {
    v.map(|v| format!("{v:.places$}")).unwrap_or_default()
}

/// value, low, high, n, status — a suppressed figure is blank with the reason, never zero.
fn shown_cells(s: &Shown) -> [String; 5] {
    match s {
        Shown::Value(f) => [
            num(Some(f.value), 3),
            num(f.low, 3),
            num(f.high, 3),
            f.n.to_string(),
            String::new(),
        ],
        Shown::Suppressed { responses, minimum } => [
            String::new(),
            String::new(),
            String::new(),
            responses.to_string(),
            format!("suppressed: fewer than {minimum} answers"),
        ],
    }
}

fn rate_cells(r: &RateView) -> [String; 4] {
    [
        r.attendees.to_string(),
        r.responses.to_string(),
        num(r.percent, 1),
        if r.low {
            "below 50 %".into()
        } else {
            String::new()
        },
    ]
}

fn questions_csv(questions: &[QuestionView]) -> String {
    let mut body = csv::row(&[
        "Question",
        "Prompt",
        "Kind",
        "Value",
        "Low 95%",
        "High 95%",
        "Answers",
        "Status",
        "Program value",
        "Program low 95%",
        "Program high 95%",
        "Program answers",
        "Program status",
        "Verdict",
        "Distribution",
        "Program distribution",
    ]);
    for q in questions {
        let mut cells: Vec<String> = vec![q.key.clone(), q.prompt.clone(), q.kind.clone()];
        cells.extend(shown_cells(&q.figure));
        cells.extend(shown_cells(&q.norm));
        cells.push(q.verdict.clone());
        let dist = |c: &[i64]| {
            q.labels
                .iter()
                .zip(c)
                .map(|(l, n)| format!("{l}: {n}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mine = if q.figure.value().is_some() {
            dist(&q.counts)
        } else {
            String::new()
        };
        cells.push(mine);
        cells.push(dist(&q.program_counts));
        body.push_str(&csv::row(&cells));
    }
    body
}

fn trend_csv(trend: &[super::TrendRow]) -> String {
    let mut body = csv::row(&["Month", "Value", "Low 95%", "High 95%", "Answers", "Status"]);
    for t in trend {
        let mut cells = vec![t.month.clone()];
        cells.extend(shown_cells(&t.figure));
        body.push_str(&csv::row(&cells));
    }
    body
}

async fn export(
    state: &AppState,
    who: SignedIn,
    table: &str,
    q: HashMap<String, String>,
) -> AppResult<String> {
    let f = filters(&q);
    if DASHBOARD.contains(&table) {
        authorize(who.0.as_ref(), Permission::ManageTraining)?;
        let cx = context::context(state, f).await?;
        let d = dashboard::dashboard(state, &cx).await?;
        return Ok(match table {
            "program" => questions_csv(&d.questions),
            "ranking" => {
                let mut body = csv::row(&[
                    "Place",
                    "Instructor",
                    "Guest",
                    "Sessions",
                    "Attendees",
                    "Responses",
                    "Response rate %",
                    "Rate flag",
                    "Value",
                    "Low 95%",
                    "High 95%",
                    "Answers",
                    "Percentile",
                    "Against the rest of the program",
                    "Not ranked because",
                ]);
                for r in &d.ranking {
                    let mut cells = vec![
                        r.place.to_string(),
                        r.name.clone(),
                        if r.guest { "yes" } else { "no" }.into(),
                        r.sessions.to_string(),
                    ];
                    cells.extend(rate_cells(&r.rate));
                    cells.extend([
                        num(Some(r.figure.value), 3),
                        num(r.figure.low, 3),
                        num(r.figure.high, 3),
                        r.figure.n.to_string(),
                        num(Some(r.percentile), 1),
                        r.verdict.clone(),
                        String::new(),
                    ]);
                    body.push_str(&csv::row(&cells));
                }
                for u in &d.unranked {
                    let mut cells = vec![
                        String::new(),
                        u.name.clone(),
                        if u.guest { "yes" } else { "no" }.into(),
                        u.sessions.to_string(),
                    ];
                    cells.extend(std::iter::repeat_n(String::new(), 10));
                    cells.push(u.reason.clone());
                    body.push_str(&csv::row(&cells));
                }
                body
            }
            "courses" => {
                let mut body = csv::row(&[
                    "Course",
                    "Slug",
                    "Responses",
                    "Value",
                    "Low 95%",
                    "High 95%",
                    "Answers",
                    "Status",
                ]);
                for c in &d.courses {
                    let mut cells = vec![c.title.clone(), c.slug.clone(), c.responses.to_string()];
                    cells.extend(shown_cells(&c.figure));
                    body.push_str(&csv::row(&cells));
                }
                body
            }
            _ => trend_csv(&d.trend),
        });
    }
    let user = authorize(who.0.as_ref(), Permission::Teach)?.clone();
    let (teacher, own) = instructor::whose(&user, q.get("who").map_or("", |s| s.as_str()))?;
    let cx = context::context(state, f).await?;
    let v = instructor::instructor(state, &cx, &teacher, own, 1).await?;
    Ok(match table {
        "questions" => questions_csv(&v.questions),
        "trend" => trend_csv(&v.trend),
        "sessions" => {
            let mut body = csv::row(&[
                "Session",
                "Course",
                "Date",
                "Attendees",
                "Responses",
                "Response rate %",
                "Rate flag",
            ]);
            for t in &v.taught {
                let mut cells = vec![t.title.clone(), t.course.clone(), t.date.clone()];
                cells.extend(rate_cells(&t.rate));
                body.push_str(&csv::row(&cells));
            }
            body
        }
        "comments" => {
            let mut body = csv::row(&["Session", "Date", "Question", "Comment"]);
            for c in instructor::all_comments(state, &cx, &teacher, own).await? {
                body.push_str(&csv::row(&[c.session_title, c.date, c.question, c.text]));
            }
            body
        }
        _ => return Err(AppError::not_found("There is no such table.")),
    })
}
