//! Sessions themselves: finding and listing them, their instructors, scheduling, editing and
//! cancelling (the last two tell registrants and, for an edit, promote from the waitlist).

use super::registrations::{people_in, promote};
use super::{
    REGISTRATION_COLUMNS, RegistrationRow, SESSION_COLUMNS, SessionRow, event, lock,
    notifications::notify_in,
};
use crate::db::{Db, now};
use crate::error::{AppError, AppResult};
use crate::sessions::RegistrationState;
use crate::sessions::schedule::Schedule;
use crate::sessions::seats;
use sqlx::{Any, FromRow, Transaction};
use std::collections::HashMap;

#[derive(Debug, Clone, FromRow)]
pub struct InstructorRow {
    pub session_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub organisation: String,
}

/// An instructor as the scheduling form names them: in-house (with their account, checked by the
/// caller) or a guest with an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Teacher {
    pub user_id: Option<i64>,
    pub name: String,
    pub organisation: String,
}

pub async fn session(db: &Db, id: i64) -> AppResult<Option<SessionRow>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM training_sessions s JOIN courses c ON c.id = s.course_id \
         WHERE s.id = $1"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// A session as one person stands in it: whether they teach it and their registration's state.
#[derive(Debug, Clone, FromRow)]
pub struct SessionForPerson {
    #[sqlx(flatten)]
    pub session: SessionRow,
    pub teaches: i64,
    pub registration: Option<String>,
}

impl SessionForPerson {
    /// The person's registration state, if they have one.
    pub fn state(&self) -> Option<RegistrationState> {
        self.registration.as_deref().map(super::stored_state)
    }
}

/// A session with where one person stands in it, in one query (the feedback wave's path: three
/// lookups were three round trips to the connection's thread per submission).
pub async fn session_for_person(
    db: &Db,
    id: i64,
    user_id: i64,
) -> AppResult<Option<SessionForPerson>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS}, \
         (SELECT COUNT(*) FROM session_instructors i WHERE i.session_id = s.id AND i.user_id = $2) \
         AS teaches, \
         (SELECT r.state FROM registrations r WHERE r.session_id = s.id AND r.user_id = $2) \
         AS registration \
         FROM training_sessions s JOIN courses c ON c.id = s.course_id WHERE s.id = $1"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(user_id)
        .fetch_optional(db)
        .await?)
}

/// Sessions that have not ended, soonest first; cancelled ones stay listed (marked) so that
/// people who registered see what happened.
pub async fn upcoming(
    db: &Db,
    course_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<SessionRow>, i64)> {
    let filter = if course_id.is_some() {
        "AND s.course_id = $2"
    } else {
        "AND $2 = 0"
    };
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM training_sessions s JOIN courses c ON c.id = s.course_id \
         WHERE s.ends_at > $1 {filter} ORDER BY s.starts_at, s.id LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now())
        .bind(course_id.unwrap_or(0))
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?;
    let count_sql =
        format!("SELECT COUNT(*) FROM training_sessions s WHERE s.ends_at > $1 {filter}");
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql))
        .bind(now())
        .bind(course_id.unwrap_or(0))
        .fetch_one(db)
        .await?;
    Ok((rows, total))
}

/// Every session, newest first, for the trainer's list.
pub async fn all(db: &Db, limit: i64, offset: i64) -> AppResult<(Vec<SessionRow>, i64)> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM training_sessions s JOIN courses c ON c.id = s.course_id \
         ORDER BY s.starts_at DESC, s.id DESC LIMIT $1 OFFSET $2"
    );
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM training_sessions")
        .fetch_one(db)
        .await?;
    Ok((rows, total))
}

/// Sessions someone teaches (as an in-house instructor), most recent first.
pub async fn taught_by(db: &Db, user_id: i64, limit: i64) -> AppResult<Vec<SessionRow>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM training_sessions s JOIN courses c ON c.id = s.course_id \
         WHERE s.id IN (SELECT session_id FROM session_instructors WHERE user_id = $1) \
         ORDER BY s.starts_at DESC, s.id DESC LIMIT $2"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

pub async fn instructors(db: &Db, ids: &[i64]) -> AppResult<HashMap<i64, Vec<InstructorRow>>> {
    let mut out: HashMap<i64, Vec<InstructorRow>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut cells = Vec::new();
        let taught = crate::db::in_list(
            "session_id",
            chunk.iter().map(|id| crate::db::Cell::Int(*id)),
            &mut cells,
        );
        let sql = format!(
            "SELECT session_id, user_id, name, organisation FROM session_instructors \
             WHERE {taught} ORDER BY session_id, position"
        );
        let args = crate::db::arguments(&cells)?;
        let q = sqlx::query_as_with::<_, InstructorRow, _>(sqlx::AssertSqlSafe(sql), args);
        for row in q.fetch_all(db).await? {
            out.entry(row.session_id).or_default().push(row);
        }
    }
    Ok(out)
}

pub async fn is_instructor(db: &Db, session_id: i64, user_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM session_instructors WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

async fn write_instructors(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    teachers: &[Teacher],
) -> AppResult<()> {
    sqlx::query("DELETE FROM session_instructors WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (i, t) in teachers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO session_instructors (session_id, position, user_id, name, organisation) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session_id)
        .bind(i as i64)
        .bind(t.user_id)
        .bind(&t.name)
        .bind(&t.organisation)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    s: &Schedule,
    course_id: i64,
    teachers: &[Teacher],
    code: &str,
    actor: i64,
) -> AppResult<i64> {
    let mut tx = crate::db::begin_write(db).await?;
    let t = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_sessions (course_id, title, starts_at, ends_at, time_zone, place, \
         video_url, capacity, register_by, notes, form_family, checkin_code, created_by, \
         created_at, updated_at, month) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) \
         RETURNING id",
    )
    .bind(course_id)
    .bind(&s.title)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.time_zone.name())
    .bind(&s.place)
    .bind(&s.video_url)
    .bind(s.capacity)
    .bind(s.register_by)
    .bind(&s.notes)
    .bind(s.form)
    .bind(code)
    .bind(actor)
    .bind(t)
    .bind(crate::benchmarks::tallies::month_of(
        s.starts_at,
        s.time_zone,
    ))
    .fetch_one(&mut *tx)
    .await?;
    write_instructors(&mut tx, id, teachers).await?;
    tx.commit().await?;
    Ok(id)
}

/// The month and course a session's responses are counted under in the program-wide figures.
#[derive(Debug, FromRow)]
struct Counted {
    month: String,
    course_id: i64,
}

/// Saves an edit. Lowering capacity below the seats already held is refused; raising it
/// promotes from the waitlist. Registrants are told when the time or place changed.
pub async fn update(
    db: &Db,
    id: i64,
    s: &Schedule,
    course_id: i64,
    teachers: &[Teacher],
    moved: bool,
) -> AppResult<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let seats = lock(&mut tx, id).await?;
    if let Some(why) = seats::capacity_refusal(s.capacity, seats.extra_seats, seats.booked) {
        return Err(AppError::invalid(why));
    }
    let old: Counted =
        sqlx::query_as("SELECT month, course_id FROM training_sessions WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let month = crate::benchmarks::tallies::month_of(s.starts_at, s.time_zone);
    sqlx::query(
        "UPDATE training_sessions SET course_id = $2, title = $3, starts_at = $4, ends_at = $5, \
         time_zone = $6, place = $7, video_url = $8, capacity = $9, register_by = $10, \
         notes = $11, form_family = $12, sequence = sequence + 1, updated_at = $13, \
         month = $14 WHERE id = $1",
    )
    .bind(id)
    .bind(course_id)
    .bind(&s.title)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.time_zone.name())
    .bind(&s.place)
    .bind(&s.video_url)
    .bind(s.capacity)
    .bind(s.register_by)
    .bind(&s.notes)
    .bind(s.form)
    .bind(now())
    .bind(&month)
    .execute(&mut *tx)
    .await?;
    if (month.as_str(), course_id) != (old.month.as_str(), old.course_id) {
        // Its responses move with it in the program-wide figures.
        crate::benchmarks::store::recount_months(
            &mut tx,
            &[(old.month, old.course_id), (month, course_id)],
        )
        .await?;
    }
    write_instructors(&mut tx, id, teachers).await?;
    promote(&mut tx, id, &s.title).await?;
    if moved {
        for user in people_in(&mut tx, id, &["booked", "waitlisted"]).await? {
            notify_in(
                &mut tx,
                user,
                &format!(
                    "\u{201c}{}\u{201d} has changed time or place. Check the details.",
                    s.title
                ),
                &format!("/sessions/{id}"),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Cancels a session: every live registration becomes "session cancelled", with a notice.
pub async fn cancel_session(
    db: &Db,
    id: i64,
    reason: &str,
    actor: i64,
    title: &str,
) -> AppResult<usize> {
    let mut tx = crate::db::begin_write(db).await?;
    let seats = lock(&mut tx, id).await?;
    if seats.cancelled_at.is_some() {
        return Err(AppError::invalid("This session is already cancelled."));
    }
    let t = now();
    sqlx::query(
        "UPDATE training_sessions SET cancelled_at = $2, cancel_reason = $3, booked = 0, \
         extra_seats = 0, sequence = sequence + 1, updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(t)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    let live: Vec<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 \
         AND state IN ('booked', 'waitlisted')"
    )))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE registrations SET state = 'session-cancelled', updated_at = $2 \
         WHERE session_id = $1 AND state IN ('booked', 'waitlisted')",
    )
    .bind(id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let message = if reason.is_empty() {
        format!("\u{201c}{title}\u{201d} has been cancelled.")
    } else {
        format!("\u{201c}{title}\u{201d} has been cancelled: {reason}")
    };
    for r in &live {
        event(
            &mut tx,
            r.id,
            Some(r.state()),
            RegistrationState::SessionCancelled,
            Some(actor),
            reason,
        )
        .await?;
        notify_in(&mut tx, r.user_id, &message, &format!("/sessions/{id}")).await?;
    }
    tx.commit().await?;
    Ok(live.len())
}
