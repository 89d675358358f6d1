//! Department reports as CSV. The people reports (one row per person, one column per course)
//! are streamed row by row from the database: the city's 24,000 people × 40 courses never sit
//! in memory at once. Same role checks as the pages.

use super::{CourseLine, DepartmentLine, figures, store};
use crate::accounts::User;
use crate::accounts::auth::SignedIn;
use crate::accounts::permissions::{Permission, authorize};
use crate::csv;
use crate::departments::access;
use crate::error::{AppError, AppResult};
use crate::server::download::attachment;
use crate::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use futures_util::TryStreamExt;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports/departments.csv", get(city_csv))
        .route("/reports/people.csv", get(city_people_csv))
        .route("/reports/departments/{code}/courses.csv", get(courses_csv))
        .route("/reports/departments/{code}/people.csv", get(people_csv))
}

fn respond(result: AppResult<Response>) -> Response {
    result.unwrap_or_else(|e| e.into_response())
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn line_cells(l: &DepartmentLine) -> Vec<String> {
    vec![
        l.code.clone(),
        l.name.clone(),
        l.parent.clone().unwrap_or_default(),
        l.people.to_string(),
        l.enrolled.to_string(),
        l.assigned.to_string(),
        l.completed.to_string(),
        l.overdue.to_string(),
        pct(l.completion()),
        l.attended.to_string(),
        l.no_shows.to_string(),
        pct(l.attendance()),
    ]
}

const LINE_HEADER: [&str; 12] = [
    "Code",
    "Department",
    "Part of",
    "People",
    "Enrolled",
    "Assigned",
    "Completed",
    "Overdue",
    "Completion %",
    "Sessions attended",
    "No-shows",
    "Attendance %",
];

async fn city_csv(State(state): State<AppState>, Extension(who): Extension<SignedIn>) -> Response {
    respond(
        async {
            authorize(who.0.as_ref(), Permission::ManageTraining)?;
            let report = figures::city(&state).await?;
            let mut body = csv::row(&LINE_HEADER);
            for l in &report.departments {
                body.push_str(&csv::row(&line_cells(l)));
            }
            Ok(attachment(
                "text/csv; charset=utf-8",
                "departments.csv".into(),
                body,
            ))
        }
        .await,
    )
}

/// The person asking, if they may see department `code` (and those under it).
async fn department_access(
    state: &AppState,
    who: &SignedIn,
    code: &str,
) -> AppResult<(User, crate::departments::tree::Tree, bool)> {
    let user = authorize(who.0.as_ref(), Permission::Learn)?.clone();
    let (reach, tree) = access::require_reach(&state.db, &user).await?;
    access::require_department(&reach, &tree, code, &user)?;
    let city = reach == crate::departments::tree::Reach::City;
    Ok((user, tree, city))
}

async fn courses_csv(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Path(code): Path<String>,
) -> Response {
    respond(
        async {
            let code = code.trim().to_uppercase();
            let (_, tree, city) = department_access(&state, &who, &code).await?;
            let report = figures::department(&state, &tree, &code, city).await?;
            let mut body = csv::row(&[
                "Course",
                "Slug",
                "Enrolled",
                "Assigned",
                "Completed",
                "Overdue",
                "Completion %",
            ]);
            let cells = |c: &CourseLine| {
                vec![
                    c.title.clone(),
                    c.slug.clone(),
                    c.enrolled.to_string(),
                    c.assigned.to_string(),
                    c.completed.to_string(),
                    c.overdue.to_string(),
                    pct(c.completion()),
                ]
            };
            for c in &report.courses {
                body.push_str(&csv::row(&cells(c)));
            }
            Ok(attachment(
                "text/csv; charset=utf-8",
                format!("{}-courses.csv", code.to_lowercase()),
                body,
            ))
        }
        .await,
    )
}

/// The drill-down's filters: `?course=<slug>&status=<standing>`.
#[derive(serde::Deserialize, Default)]
struct Standing {
    #[serde(default)]
    course: String,
    #[serde(default)]
    status: String,
}

async fn people_csv(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Path(code): Path<String>,
    Query(standing): Query<Standing>,
) -> Response {
    respond(
        async {
            let code = code.trim().to_uppercase();
            let (_, tree, _) = department_access(&state, &who, &code).await?;
            let codes: Vec<String> = tree.with_descendants(&code).into_iter().collect();
            let name = format!("{}-people.csv", code.to_lowercase());
            stream_people(state, Some(codes), standing, name).await
        }
        .await,
    )
}

async fn city_people_csv(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Query(standing): Query<Standing>,
) -> Response {
    respond(
        async {
            authorize(who.0.as_ref(), Permission::ManageTraining)?;
            stream_people(state, None, standing, "people.csv".into()).await
        }
        .await,
    )
}

/// A person being gathered from the stream: id, fixed cells, counts (enrolled, completed,
/// overdue) and one cell per course.
type Gathered = (i64, [String; 4], [i64; 3], Vec<String>);

/// Flushed to the client once this many bytes are waiting.
const CHUNK: usize = 64 * 1024;
/// However steadily its client reads, a streamed download ends after this long.
const LONGEST_DOWNLOAD: std::time::Duration = std::time::Duration::from_secs(600);

/// One row per active person: who they are, their counts, and their standing in every course.
async fn stream_people(
    state: AppState,
    codes: Option<Vec<String>>,
    standing: Standing,
    name: String,
) -> AppResult<Response> {
    let courses = crate::courses::store::in_library(&state.db).await?;
    let (course, status) = (standing.course.trim(), standing.status.trim());
    let chosen = figures::chosen_course(&courses, course, status)?;
    let column: HashMap<i64, usize> = courses.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut header: Vec<String> = [
        "Employee id",
        "Name",
        "Department",
        "Job title",
        "Enrolled",
        "Completed",
        "Overdue",
    ]
    .map(String::from)
    .to_vec();
    header.extend(courses.iter().map(|c| c.title.clone()));
    let tz = state.config.time_zone;
    let today = crate::calendar::iso(crate::calendar::today(tz));
    let (sql, args) = store::people_stream(&store::PeopleFilter {
        codes: codes.as_deref(),
        course: chosen,
        status,
        today: &today,
    })?;
    // A connection of the download budget, or 503: stalled clients never take the whole pool.
    let permit = state
        .streams
        .clone()
        .try_acquire_owned()
        .map_err(|_| AppError::Busy)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(4);
    let complete = Arc::new(AtomicBool::new(false));
    let sent_all = complete.clone();
    let stall = state.config.download_stall;
    let deadline = tokio::time::Instant::now() + LONGEST_DOWNLOAD;
    // Waits until the client takes a piece, for at most the stall limit (and the deadline).
    let send = move |piece: String| {
        let tx = tx.clone();
        async move {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                tracing::warn!("a people report ran past its time limit; ended it");
                return false;
            }
            match tokio::time::timeout(stall.min(left), tx.send(Ok(piece))).await {
                Ok(Ok(())) => true,
                Ok(Err(_)) => false, // the client went away
                Err(_) => {
                    tracing::warn!("a people report stalled; ended it to free its connection");
                    false
                }
            }
        }
    };
    tokio::spawn(async move {
        let _permit = permit;
        let width = column.len();
        let mut rows =
            sqlx::query_as_with::<_, store::StreamRow, _>(sqlx::AssertSqlSafe(sql), args)
                .fetch(&state.db);
        let mut buf = csv::row(&header);
        // The person being gathered: their fixed cells, counts, and per-course cells.
        let mut current: Option<Gathered> = None;
        let finish = |p: Gathered, buf: &mut String| {
            let (_, fixed, counts, per_course) = p;
            let mut cells: Vec<String> = fixed.to_vec();
            cells.extend(counts.iter().map(|n| n.to_string()));
            cells.extend(per_course);
            buf.push_str(&csv::row(&cells));
        };
        loop {
            let row = match rows.try_next().await {
                Ok(Some(row)) => row,
                Ok(None) => break,
                Err(e) => {
                    // The body ends without being complete, which cuts the download off.
                    tracing::error!(error = %e, "people report stream failed");
                    return;
                }
            };
            let store::StreamRow {
                id,
                employee_id,
                name: person,
                department_code: department,
                job_title: job,
                course_id: course,
                completed_at: done,
                due_on: due,
            } = row;
            if current.as_ref().is_none_or(|c| c.0 != id) {
                if let Some(p) = current.take() {
                    finish(p, &mut buf);
                }
                current = Some((
                    id,
                    [employee_id, person, department, job],
                    [0; 3],
                    vec![String::new(); width],
                ));
                if buf.len() >= CHUNK && !send(std::mem::take(&mut buf)).await {
                    return;
                }
            }
            let (Some(p), Some(course)) = (current.as_mut(), course) else {
                continue;
            };
            let Some(&col) = column.get(&course) else {
                continue;
            };
            p.2[0] += 1;
            if done.is_some() {
                p.2[1] += 1;
            } else if due.as_deref().is_some_and(|d| d < today.as_str()) {
                p.2[2] += 1;
            }
            p.3[col] = figures::standing(done, due.as_deref(), &today, tz);
        }
        if let Some(p) = current.take() {
            finish(p, &mut buf);
        }
        if send(buf).await {
            sent_all.store(true, Ordering::SeqCst);
        }
    });
    // A stream that ends before its last piece was sent ends in an error, so the client sees a
    // download cut off rather than a complete-looking file with people missing.
    let stream = futures_util::stream::unfold(Some(rx), move |rx| {
        let complete = complete.clone();
        async move {
            let mut rx = rx?;
            match rx.recv().await {
                Some(item) => Some((item, Some(rx))),
                None if complete.load(Ordering::SeqCst) => None,
                None => Some((Err(std::io::Error::other("the report was cut off")), None)),
            }
        }
    });
    Ok(attachment(
        "text/csv; charset=utf-8",
        name,
        crate::server::download::Contents::stream(stream),
    ))
}
