//! The SQL of sessions' own tables (`training_sessions`, `session_instructors`, `registrations`,
//! `registration_events`, `notifications`), split by meaning: the sessions themselves, the
//! registrations and their waitlist, attendance, and the notices people are sent.
//!
//! Writes into: `session_department_attendance` and `training_sessions.attended` (through
//! `benchmarks::store::recount_attended`, atomic with every attendance mark and check-in) and
//! `feedback_month_tallies` (through `benchmarks::store::recount_months`, atomic with an edit
//! that moves a session to another month or course), so the benchmark totals never disagree with
//! the registrations they count.
//! Reads joined (never written): `courses` (a session's slug and title), `users` (the roster's
//! names), `feedback_receipts` (whether an attendee has answered, for completion).

mod attendance;
mod notifications;
mod registrations;
mod sessions;

pub use attendance::*;
pub use notifications::*;
pub use registrations::*;
pub use sessions::*;

use super::RegistrationState;
use crate::db::now;
use crate::error::{AppError, AppResult};
use sqlx::{Any, FromRow, Transaction};

const SESSION_COLUMNS: &str = "s.id, s.course_id, c.slug AS course_slug, c.title AS course_title, \
    s.title, s.starts_at, s.ends_at, s.time_zone, s.place, s.video_url, s.capacity, s.register_by, \
    s.notes, s.form_family, s.checkin_code, s.booked, s.extra_seats, s.attendance_marked_at, \
    s.sequence, s.cancelled_at, s.cancel_reason, \
    (SELECT COUNT(*) FROM registrations w WHERE w.session_id = s.id AND w.state = 'waitlisted') \
    AS waitlist";

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub capacity: i64,
    pub register_by: i64,
    pub notes: String,
    pub form_family: Option<i64>,
    pub checkin_code: String,
    pub booked: i64,
    pub extra_seats: i64,
    pub attendance_marked_at: Option<i64>,
    pub sequence: i64,
    pub cancelled_at: Option<i64>,
    pub cancel_reason: String,
    pub waitlist: i64,
}

impl SessionRow {
    pub fn tz(&self, fallback: chrono_tz::Tz) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(fallback)
    }

    pub fn timing(&self) -> super::rules::Timing {
        super::rules::Timing {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            register_by: self.register_by,
            cancelled: self.cancelled_at.is_some(),
        }
    }
}

/// Locks the session's row for the rest of the transaction (a no-op write takes the row lock
/// on PostgreSQL and the write lock on SQLite), so seat decisions are made one at a time.
async fn lock(tx: &mut Transaction<'_, Any>, session_id: i64) -> AppResult<SessionSeats> {
    sqlx::query_as(
        "UPDATE training_sessions SET tickets = tickets + 1 WHERE id = $1 \
         RETURNING tickets, booked, capacity, extra_seats, cancelled_at",
    )
    .bind(session_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such session."))
}

#[derive(Debug, FromRow)]
struct SessionSeats {
    tickets: i64,
    booked: i64,
    capacity: i64,
    extra_seats: i64,
    cancelled_at: Option<i64>,
}

/// Keeps a registration's change in its history.
async fn event(
    tx: &mut Transaction<'_, Any>,
    registration_id: i64,
    from: Option<RegistrationState>,
    to: RegistrationState,
    actor: Option<i64>,
    detail: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO registration_events (registration_id, from_state, to_state, actor_id, \
         detail, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(registration_id)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(actor)
    .bind(detail)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
struct RegistrationRow {
    id: i64,
    user_id: i64,
    state: String,
}

impl RegistrationRow {
    fn state(&self) -> RegistrationState {
        stored_state(&self.state)
    }
}

/// A registration's state as the row stores it; a word this code never writes reads as
/// cancelled, which holds no seat.
fn stored_state(word: &str) -> RegistrationState {
    RegistrationState::parse(word).unwrap_or(RegistrationState::Cancelled)
}

const REGISTRATION_COLUMNS: &str = "id, user_id, state";

/// The person's registration for the session, read inside the transaction that changes it.
async fn registration_in(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    user_id: i64,
) -> AppResult<Option<RegistrationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 AND user_id = $2"
    )))
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?)
}
