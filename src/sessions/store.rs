//! The SQL of sessions: scheduling, registrations and their history, the seat counter that the
//! database's CHECK keeps within capacity, waitlist promotion, attendance and notifications.

use super::RegistrationState;
use super::schedule::Schedule;
use crate::db::{Db, now};
use crate::enrollment::rules::Attendance;
use crate::error::{AppError, AppResult};
use sqlx::{Any, FromRow, Transaction};
use std::collections::HashMap;

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

#[derive(Debug, Clone, FromRow)]
pub struct InstructorRow {
    pub session_id: i64,
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

/// (user id, name) of in-house instructors, checked by the caller.
pub type Teachers = Vec<(Option<i64>, String, String)>;

async fn write_instructors(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    teachers: &Teachers,
) -> AppResult<()> {
    sqlx::query("DELETE FROM session_instructors WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (i, (user_id, name, org)) in teachers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO session_instructors (session_id, position, user_id, name, organisation) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session_id)
        .bind(i as i64)
        .bind(*user_id)
        .bind(name)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    s: &Schedule,
    course_id: i64,
    teachers: &Teachers,
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

async fn notify_in(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    message: &str,
    link: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, message, link, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(message)
    .bind(link)
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
        RegistrationState::parse(&self.state).unwrap_or(RegistrationState::Cancelled)
    }
}

const REGISTRATION_COLUMNS: &str = "id, user_id, state";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Booked,
    Overbooked,
    Waitlisted(i64),
    Already(RegistrationState),
}

/// Registers a person: a seat while one is free (or beyond capacity when a trainer says so),
/// else the waitlist, in order of arrival. Decided under the session's row lock; the CHECK on
/// the seat counter refuses any overbooking that slipped past.
pub async fn register(
    db: &Db,
    session_id: i64,
    user_id: i64,
    actor: i64,
    over_capacity: bool,
) -> AppResult<Registered> {
    let mut tx = crate::db::begin_write(db).await?;
    let seats = lock(&mut tx, session_id).await?;
    if seats.cancelled_at.is_some() {
        return Err(AppError::invalid("This session has been cancelled."));
    }
    let existing: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 AND user_id = $2"
    )))
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(r) = &existing
        && r.state() != RegistrationState::Cancelled
        && r.state() != RegistrationState::SessionCancelled
    {
        return Ok(Registered::Already(r.state()));
    }
    let free = seats.booked < seats.capacity + seats.extra_seats;
    let (state, extra, outcome) = if free {
        (RegistrationState::Booked, 0, Registered::Booked)
    } else if over_capacity {
        (RegistrationState::Booked, 1, Registered::Overbooked)
    } else {
        (RegistrationState::Waitlisted, 0, Registered::Waitlisted(0))
    };
    if state == RegistrationState::Booked {
        sqlx::query(
            "UPDATE training_sessions SET booked = booked + 1, extra_seats = extra_seats + $2 \
             WHERE id = $1",
        )
        .bind(session_id)
        .bind(extra)
        .execute(&mut *tx)
        .await?;
    }
    let t = now();
    let id: i64 = match &existing {
        Some(r) => {
            sqlx::query(
                "UPDATE registrations SET state = $2, ticket = $3, override = $4, \
                 registered_by = $5, updated_at = $6 WHERE id = $1",
            )
            .bind(r.id)
            .bind(state.as_str())
            .bind(seats.tickets)
            .bind(extra)
            .bind(actor)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            r.id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO registrations (session_id, user_id, state, ticket, override, \
                 registered_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                 RETURNING id",
            )
            .bind(session_id)
            .bind(user_id)
            .bind(state.as_str())
            .bind(seats.tickets)
            .bind(extra)
            .bind(actor)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let detail = match (actor == user_id, extra) {
        (true, _) => "",
        (false, 0) => "registered by a trainer",
        (false, _) => "registered by a trainer beyond capacity",
    };
    event(
        &mut tx,
        id,
        existing.as_ref().map(|r| r.state()),
        state,
        Some(actor),
        detail,
    )
    .await?;
    let outcome = match outcome {
        Registered::Waitlisted(_) => {
            Registered::Waitlisted(waitlist_place(&mut *tx, session_id, seats.tickets).await?)
        }
        other => other,
    };
    tx.commit().await?;
    Ok(outcome)
}

/// 1-based place on the waitlist of the registration holding `ticket`.
async fn waitlist_place<'e>(
    ex: impl sqlx::Executor<'e, Database = Any>,
    session_id: i64,
    ticket: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'waitlisted' \
         AND ticket <= $2",
    )
    .bind(session_id)
    .bind(ticket)
    .fetch_one(ex)
    .await?)
}

/// Fills free seats from the head of the waitlist; returns who was promoted.
async fn promote(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    title: &str,
) -> AppResult<Vec<i64>> {
    let mut promoted = Vec::new();
    loop {
        let seats: (i64, i64, i64) = sqlx::query_as(
            "SELECT booked, capacity, extra_seats FROM training_sessions WHERE id = $1",
        )
        .bind(session_id)
        .fetch_one(&mut **tx)
        .await?;
        if seats.0 >= seats.1 + seats.2 {
            break;
        }
        let next: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 \
             AND state = 'waitlisted' ORDER BY ticket LIMIT 1"
        )))
        .bind(session_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(next) = next else { break };
        sqlx::query("UPDATE registrations SET state = 'booked', updated_at = $2 WHERE id = $1")
            .bind(next.id)
            .bind(now())
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE training_sessions SET booked = booked + 1 WHERE id = $1")
            .bind(session_id)
            .execute(&mut **tx)
            .await?;
        event(
            tx,
            next.id,
            Some(RegistrationState::Waitlisted),
            RegistrationState::Booked,
            None,
            "promoted from the waitlist",
        )
        .await?;
        notify_in(
            tx,
            next.user_id,
            &format!("A seat opened in \u{201c}{title}\u{201d}: you are now booked."),
            &format!("/sessions/{session_id}"),
        )
        .await?;
        promoted.push(next.user_id);
    }
    Ok(promoted)
}

/// A person leaves a session. A freed seat goes to the head of the waitlist, unless it was one
/// a trainer added beyond capacity, which simply disappears.
pub async fn cancel_registration(
    db: &Db,
    session_id: i64,
    user_id: i64,
    actor: i64,
    title: &str,
) -> AppResult<RegistrationState> {
    let mut tx = crate::db::begin_write(db).await?;
    lock(&mut tx, session_id).await?;
    let r: RegistrationRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 AND user_id = $2"
    )))
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::invalid("You are not registered for this session."))?;
    let was = r.state();
    match was {
        RegistrationState::Booked => {
            sqlx::query(
                "UPDATE training_sessions SET booked = booked - 1, extra_seats = \
                 CASE WHEN extra_seats > 0 THEN extra_seats - 1 ELSE 0 END WHERE id = $1",
            )
            .bind(session_id)
            .execute(&mut *tx)
            .await?;
        }
        RegistrationState::Waitlisted => {}
        _ => {
            return Err(AppError::invalid(format!(
                "This registration cannot be cancelled: it is {}.",
                was.label().to_lowercase()
            )));
        }
    }
    sqlx::query("UPDATE registrations SET state = 'cancelled', updated_at = $2 WHERE id = $1")
        .bind(r.id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    event(
        &mut tx,
        r.id,
        Some(was),
        RegistrationState::Cancelled,
        Some(actor),
        if actor == user_id {
            ""
        } else {
            "cancelled by a trainer"
        },
    )
    .await?;
    if was == RegistrationState::Booked {
        promote(&mut tx, session_id, title).await?;
    }
    tx.commit().await?;
    Ok(was)
}

/// Saves an edit. Lowering capacity below the seats already held is refused; raising it
/// promotes from the waitlist. Registrants are told when the time or place changed.
pub async fn update(
    db: &Db,
    id: i64,
    s: &Schedule,
    course_id: i64,
    teachers: &Teachers,
    moved: bool,
) -> AppResult<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let seats = lock(&mut tx, id).await?;
    if s.capacity + seats.extra_seats < seats.booked {
        return Err(AppError::invalid(format!(
            "{} people hold seats, so capacity cannot go down to {}. Cancel registrations first.",
            seats.booked, s.capacity
        )));
    }
    let (old_month, old_course): (String, i64) =
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
    if (month.as_str(), course_id) != (old_month.as_str(), old_course) {
        // Its responses move with it in the program-wide figures.
        crate::benchmarks::store::recount_months(
            &mut tx,
            &[(old_month, old_course), (month, course_id)],
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

async fn people_in(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    states: &[&str],
) -> AppResult<Vec<i64>> {
    let marks: Vec<String> = (0..states.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT user_id FROM registrations WHERE session_id = $1 AND state IN ({})",
        marks.join(",")
    );
    let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(session_id);
    for s in states {
        q = q.bind(*s);
    }
    Ok(q.fetch_all(&mut **tx).await?)
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

#[derive(Debug, Clone, FromRow)]
pub struct RosterRow {
    pub registration_id: i64,
    pub user_id: i64,
    pub name: String,
    pub employee_id: String,
    pub department: String,
    pub state: String,
    pub override_seat: i64,
}

pub async fn roster(db: &Db, session_id: i64) -> AppResult<Vec<RosterRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id AS registration_id, r.user_id, u.name, u.employee_id, u.department, r.state, \
         r.override AS override_seat FROM registrations r JOIN users u ON u.id = r.user_id \
         WHERE r.session_id = $1 ORDER BY r.ticket",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?)
}

/// Records roster marks; only registrations holding a seat in this session are marked.
/// Returns the people whose attendance changed.
pub async fn mark(
    db: &Db,
    session_id: i64,
    marks: &[(i64, RegistrationState)],
    actor: i64,
) -> AppResult<Vec<i64>> {
    let mut tx = crate::db::begin_write(db).await?;
    lock(&mut tx, session_id).await?;
    let t = now();
    let mut changed = Vec::new();
    for (registration, to) in marks {
        let r: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE id = $1 AND session_id = $2"
        )))
        .bind(*registration)
        .bind(session_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(r) = r else {
            return Err(AppError::invalid(
                "The roster changed: a line is not on this session. Reload and mark again.",
            ));
        };
        if !r.state().holds_seat() {
            return Err(AppError::invalid(format!(
                "Only people holding a seat can be marked; one line is {}.",
                r.state().label().to_lowercase()
            )));
        }
        if r.state() == *to {
            continue;
        }
        sqlx::query("UPDATE registrations SET state = $2, updated_at = $3 WHERE id = $1")
            .bind(r.id)
            .bind(to.as_str())
            .bind(t)
            .execute(&mut *tx)
            .await?;
        event(&mut tx, r.id, Some(r.state()), *to, Some(actor), "roster").await?;
        changed.push(r.user_id);
    }
    crate::benchmarks::store::recount_attended(&mut tx, session_id).await?;
    sqlx::query(
        "UPDATE training_sessions SET attendance_marked_at = COALESCE(attendance_marked_at, $2) \
         WHERE id = $1",
    )
    .bind(session_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// A booked person checks in with the session's code.
pub async fn check_in(
    db: &Db,
    session_id: i64,
    user_id: i64,
    to: RegistrationState,
) -> AppResult<RegistrationState> {
    let mut tx = crate::db::begin_write(db).await?;
    let r: Option<RegistrationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE session_id = $1 AND user_id = $2"
    )))
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let r = r.ok_or_else(|| AppError::invalid("You are not registered for this session."))?;
    match r.state() {
        RegistrationState::Booked => {}
        s if s.attended() => return Ok(s),
        RegistrationState::Waitlisted => {
            return Err(AppError::invalid(
                "You are on the waitlist: ask the instructor whether a seat is free.",
            ));
        }
        s => {
            return Err(AppError::invalid(format!(
                "You cannot check in: your registration is {}.",
                s.label().to_lowercase()
            )));
        }
    }
    sqlx::query("UPDATE registrations SET state = $2, updated_at = $3 WHERE id = $1")
        .bind(r.id)
        .bind(to.as_str())
        .bind(now())
        .execute(&mut *tx)
        .await?;
    event(
        &mut tx,
        r.id,
        Some(r.state()),
        to,
        Some(user_id),
        "check-in code",
    )
    .await?;
    crate::benchmarks::store::recount_attended(&mut tx, session_id).await?;
    tx.commit().await?;
    Ok(to)
}

/// The person's registration for a session and their place on its waitlist.
pub async fn registration_of(
    db: &Db,
    session_id: i64,
    user_id: i64,
) -> AppResult<Option<(i64, RegistrationState, Option<i64>)>> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, state, ticket FROM registrations WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let Some((id, state, ticket)) = row else {
        return Ok(None);
    };
    let state = RegistrationState::parse(&state).unwrap_or(RegistrationState::Cancelled);
    let place = if state == RegistrationState::Waitlisted {
        Some(waitlist_place(db, session_id, ticket).await?)
    } else {
        None
    };
    Ok(Some((id, state, place)))
}

/// Sessions a person is registered for (with the registration's state), soonest first:
/// those not yet ended, and attended ones whose feedback may still be due.
pub async fn agenda(db: &Db, user_id: i64, since: i64) -> AppResult<Vec<(SessionRow, String)>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS}, r.state AS my_state FROM registrations r \
         JOIN training_sessions s ON s.id = r.session_id JOIN courses c ON c.id = s.course_id \
         WHERE r.user_id = $1 AND s.ends_at > $2 ORDER BY s.starts_at LIMIT 50"
    );
    let rows: Vec<AgendaRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(since)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.session, r.my_state)).collect())
}

#[derive(FromRow)]
struct AgendaRow {
    #[sqlx(flatten)]
    session: SessionRow,
    my_state: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub message: String,
    pub link: String,
    pub created_at: i64,
}

pub async fn notifications(db: &Db, user_id: i64) -> AppResult<Vec<NotificationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, message, link, created_at FROM notifications \
         WHERE user_id = $1 AND dismissed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?)
}

pub async fn dismiss(db: &Db, id: i64, user_id: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET dismissed_at = $3 WHERE id = $1 AND user_id = $2 \
         AND dismissed_at IS NULL",
    )
    .bind(id)
    .bind(user_id)
    .bind(now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether the person attended a session of the course and, where the course asks for it,
/// has given that session's feedback: what the completion rule needs.
pub async fn attendance(
    db: &Db,
    user_id: i64,
    course_id: i64,
    feedback_required: bool,
) -> AppResult<Attendance> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.session_id, (SELECT COUNT(*) FROM feedback_receipts f \
         WHERE f.session_id = r.session_id AND f.user_id = r.user_id) AS given \
         FROM registrations r JOIN training_sessions s ON s.id = r.session_id \
         WHERE r.user_id = $1 AND s.course_id = $2 AND r.state IN ('attended', 'late')",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(db)
    .await?;
    Ok(if rows.is_empty() {
        Attendance::NotYet
    } else if !feedback_required || rows.iter().any(|(_, given)| *given > 0) {
        Attendance::Attended
    } else {
        Attendance::FeedbackPending
    })
}
