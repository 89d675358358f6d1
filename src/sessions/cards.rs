//! Sessions as lists and pages show them: a session found by id, its card with the instructors'
//! names and seats left, the paged lists, and where its feedback form stands for an attendee.

use super::{FeedbackWindow, SessionCard, SessionList, rules, schedule, store};
use crate::accounts::User;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;
use std::collections::HashMap;

pub const PER_PAGE: i64 = 20;

/// The session with this id, or a 404.
pub async fn existing(state: &AppState, id: i64) -> Result<store::SessionRow, AppError> {
    store::session(&state.db, id)
        .await?
        .ok_or_else(no_such_session)
}

/// The 404 of a session id that names no session.
pub fn no_such_session() -> AppError {
    AppError::not_found("There is no such session.")
}

/// A session as lists show it, with its instructors' names.
pub fn card(
    state: &AppState,
    s: &store::SessionRow,
    teachers: &HashMap<i64, Vec<store::InstructorRow>>,
) -> SessionCard {
    let tz = s.tz(state.config.time_zone);
    SessionCard {
        id: s.id,
        course_slug: s.course_slug.clone(),
        course_title: s.course_title.clone(),
        title: s.title.clone(),
        when: schedule::when(s.starts_at, s.ends_at, tz),
        place: s.place.clone(),
        video_url: s.video_url.clone(),
        capacity: s.capacity,
        seats_left: (s.capacity + s.extra_seats - s.booked).max(0),
        waitlist: s.waitlist,
        instructors: teachers
            .get(&s.id)
            .map(|list| {
                list.iter()
                    .map(|t| {
                        if t.organisation.is_empty() {
                            t.name.clone()
                        } else {
                            format!("{} ({})", t.name, t.organisation)
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
        cancelled: s.cancelled_at.is_some(),
        past: s.ends_at <= now(),
    }
}

pub async fn cards(
    state: &AppState,
    rows: &[store::SessionRow],
) -> Result<Vec<SessionCard>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let teachers = store::instructors(&state.db, &ids).await?;
    Ok(rows.iter().map(|s| card(state, s, &teachers)).collect())
}

/// One session's card.
pub async fn card_of(state: &AppState, s: &store::SessionRow) -> Result<SessionCard, AppError> {
    Ok(cards(state, std::slice::from_ref(s)).await?.remove(0))
}

/// Where the session's feedback form stands, now, for an attendee who has (not) answered.
pub fn feedback_window(state: &AppState, s: &store::SessionRow, given: bool) -> FeedbackWindow {
    let tz = s.tz(state.config.time_zone);
    rules::feedback_window(
        now(),
        rules::feedback_period(
            s.ends_at,
            s.attendance_marked_at,
            state.config.feedback_days,
        ),
        given,
        |at| schedule::moment(at, tz),
    )
}

/// Sessions that have not ended, of one course (by slug) or all, a page at a time.
pub async fn upcoming(
    state: &AppState,
    course: Option<String>,
    page: u32,
) -> Result<SessionList, AppError> {
    let course_id = match &course {
        Some(slug) => Some(
            crate::courses::store::by_slug(&state.db, slug)
                .await?
                .ok_or_else(|| AppError::not_found("There is no such course."))?
                .id,
        ),
        None => None,
    };
    let (rows, total) = store::upcoming(
        &state.db,
        course_id,
        PER_PAGE,
        (i64::from(page) - 1) * PER_PAGE,
    )
    .await?;
    Ok(SessionList {
        sessions: cards(state, &rows).await?,
        page,
        pages: crate::text::page_count(total as u64, PER_PAGE as u64),
        course,
    })
}

/// Every session, newest first, a page at a time.
pub async fn all(state: &AppState, page: u32) -> Result<SessionList, AppError> {
    let (rows, total) = store::all(&state.db, PER_PAGE, (i64::from(page) - 1) * PER_PAGE).await?;
    Ok(SessionList {
        sessions: cards(state, &rows).await?,
        page,
        pages: crate::text::page_count(total as u64, PER_PAGE as u64),
        course: None,
    })
}

/// Sessions someone teaches: upcoming, and those of the last two weeks (feedback still coming in).
pub async fn teaching(state: &AppState, user: &User) -> Result<Vec<SessionCard>, AppError> {
    let since = now() - 14 * 86_400;
    let rows: Vec<store::SessionRow> = store::taught_by(&state.db, user.id, 50)
        .await?
        .into_iter()
        .filter(|s| s.ends_at > since)
        .collect();
    cards(state, &rows).await
}
