//! Attendance: the roster of a session, the marks an instructor records, a person's check-in
//! with the session's code, and whether someone attended a course's session (for completion).

use super::{REGISTRATION_COLUMNS, RegistrationRow, event, lock, registration_in, stored_state};
use crate::db::{Db, now};
use crate::enrollment::rules::Attendance;
use crate::error::{AppError, AppResult};
use crate::sessions::RegistrationState;
use crate::sessions::rules;
use sqlx::FromRow;

/// One person on a session's roster.
#[derive(Debug, Clone)]
pub struct RosterRow {
    pub registration_id: i64,
    pub user_id: i64,
    pub name: String,
    pub employee_id: String,
    pub department: String,
    pub state: RegistrationState,
    /// Booked by a trainer beyond capacity.
    pub overbooked: bool,
}

#[derive(Debug, FromRow)]
struct RosterRecord {
    registration_id: i64,
    user_id: i64,
    name: String,
    employee_id: String,
    department: String,
    state: String,
    override_seat: i64,
}

pub async fn roster(db: &Db, session_id: i64) -> AppResult<Vec<RosterRow>> {
    let rows: Vec<RosterRecord> = sqlx::query_as(
        "SELECT r.id AS registration_id, r.user_id, u.name, u.employee_id, \
         COALESCE(d.name, '') AS department, r.state, r.override AS override_seat \
         FROM registrations r JOIN users u ON u.id = r.user_id \
         LEFT JOIN departments d ON d.code = u.department_code \
         WHERE r.session_id = $1 ORDER BY r.ticket",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RosterRow {
            registration_id: r.registration_id,
            user_id: r.user_id,
            name: r.name,
            employee_id: r.employee_id,
            department: r.department,
            state: stored_state(&r.state),
            overbooked: r.override_seat != 0,
        })
        .collect())
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
        rules::may_be_marked(r.state()).map_err(AppError::invalid)?;
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
    let r: Option<RegistrationRow> = registration_in(&mut tx, session_id, user_id).await?;
    let r = r.ok_or_else(|| AppError::invalid("You are not registered for this session."))?;
    if let Some(already) = rules::check_in_from(r.state()).map_err(AppError::invalid)? {
        return Ok(already);
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

#[derive(Debug, FromRow)]
struct AttendedRow {
    given: i64,
}

/// Whether the person attended a session of the course and, where the course asks for it,
/// has given that session's feedback: what the completion rule needs.
pub async fn attendance(
    db: &Db,
    user_id: i64,
    course_id: i64,
    feedback_required: bool,
) -> AppResult<Attendance> {
    let rows: Vec<AttendedRow> = sqlx::query_as(
        "SELECT r.session_id, (SELECT COUNT(*) FROM feedback_receipts f \
         WHERE f.session_id = r.session_id AND f.user_id = r.user_id) AS given \
         FROM registrations r JOIN training_sessions s ON s.id = r.session_id \
         WHERE r.user_id = $1 AND s.course_id = $2 AND r.state IN ('attended', 'late')",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(db)
    .await?;
    let given: Vec<bool> = rows.iter().map(|r| r.given > 0).collect();
    Ok(if given.is_empty() {
        Attendance::NotYet
    } else if !feedback_required || given.contains(&true) {
        Attendance::Attended
    } else {
        Attendance::FeedbackPending
    })
}
