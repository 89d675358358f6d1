//! The sessions of a scope as benchmarking sees them: sessions held with their response-rate
//! counts, one instructor's sessions and their comments.

use super::{Scope, Teacher, conditions, rows};
use crate::db::{Cell, Db, in_list, now};
use crate::error::AppResult;
use sqlx::FromRow;

/// Sessions held (ended, not cancelled) per instructor under a scope, with the two sides of
/// their response rate: people attending and responses, both counted only over the sessions
/// whose attendance has been recorded (the roster saved). Until then a session's attendees are
/// at most those who checked in themselves, so its answers would inflate the rate; it counts in
/// neither side.
#[derive(Debug, Clone, FromRow)]
pub struct Teaching {
    pub user_id: Option<i64>,
    pub name: String,
    pub organisation: String,
    pub sessions: i64,
    pub attended: i64,
    pub responses: i64,
}

impl Teaching {
    pub fn teacher(&self) -> Teacher {
        Teacher::of(self.user_id, &self.name, &self.organisation)
    }
}

/// Whether the session `s` counts in response rates: its attendance has been recorded.
pub const RECORDED: &str = "s.attendance_marked_at IS NOT NULL";

pub async fn teaching(db: &Db, scope: &Scope, per_instructor: bool) -> AppResult<Vec<Teaching>> {
    let mut w = conditions(scope, per_instructor, true);
    w.binds.push(Cell::Int(now()));
    let ended = format!(" AND s.ends_at <= ${}", w.binds.len());
    // Attendees and responses of the session, of the chosen department's people if one is.
    let (attended, responses) = if scope.department.is_empty() {
        (
            "s.attended".to_string(),
            "(SELECT t.n FROM feedback_tallies t WHERE t.session_id = s.id \
             AND t.question_key = '' AND t.value = 0)"
                .to_string(),
        )
    } else {
        w.binds.push(Cell::Text(scope.department.clone()));
        let d = w.binds.len();
        (
            format!(
                "(SELECT a.attended FROM session_department_attendance a \
                 WHERE a.session_id = s.id AND a.department = ${d})"
            ),
            format!(
                "(SELECT t.n FROM feedback_department_tallies t WHERE t.department = ${d} \
                 AND t.session_id = s.id AND t.question_key = '' AND t.value = 0)"
            ),
        )
    };
    let counted = |what: &str| {
        format!(
            "CAST(COALESCE(SUM(CASE WHEN {RECORDED} THEN COALESCE({what}, 0) ELSE 0 END), 0) \
             AS BIGINT)"
        )
    };
    let (attended, responses) = (counted(&attended), counted(&responses));
    let sql = if per_instructor {
        format!(
            "SELECT si.user_id, \
             CASE WHEN si.user_id IS NULL THEN si.name ELSE '' END AS name, \
             CASE WHEN si.user_id IS NULL THEN si.organisation ELSE '' END AS organisation, \
             COUNT(*) AS sessions, {attended} AS attended, {responses} AS responses \
             FROM training_sessions s JOIN session_instructors si ON si.session_id = s.id \
             WHERE {}{ended} GROUP BY si.user_id, \
             CASE WHEN si.user_id IS NULL THEN si.name ELSE '' END, \
             CASE WHEN si.user_id IS NULL THEN si.organisation ELSE '' END",
            w.sql
        )
    } else {
        format!(
            "SELECT CAST(NULL AS BIGINT) AS user_id, '' AS name, '' AS organisation, \
             COUNT(*) AS sessions, {attended} AS attended, {responses} AS responses \
             FROM training_sessions s WHERE {}{ended}",
            w.sql
        )
    };
    rows(db, sql, &w.binds).await
}

/// A session an instructor taught, with its response count.
#[derive(Debug, Clone, FromRow)]
pub struct Taught {
    pub id: i64,
    pub title: String,
    pub course_title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub attendance_marked_at: Option<i64>,
    pub month: String,
    pub course_id: i64,
    pub time_zone: String,
    pub attended: i64,
    pub responses: i64,
}

impl Taught {
    /// Whether the session's attendance has been recorded: [`RECORDED`], read from the row.
    pub fn recorded(&self) -> bool {
        self.attendance_marked_at.is_some()
    }
}

pub async fn sessions_of(db: &Db, scope: &Scope) -> AppResult<Vec<Taught>> {
    let mut w = conditions(scope, true, true);
    w.binds.push(Cell::Int(now()));
    let sql = format!(
        "SELECT s.id, s.title, c.title AS course_title, s.starts_at, s.ends_at, \
         s.attendance_marked_at, s.month, s.course_id, s.time_zone, s.attended, \
         COALESCE((SELECT t.n FROM feedback_tallies t WHERE t.session_id = s.id \
         AND t.question_key = '' AND t.value = 0), 0) AS responses \
         FROM training_sessions s JOIN session_instructors si ON si.session_id = s.id \
         JOIN courses c ON c.id = s.course_id WHERE {} AND s.ends_at <= ${} \
         ORDER BY s.starts_at DESC, s.id DESC",
        w.sql,
        w.binds.len()
    );
    rows(db, sql, &w.binds).await
}

/// A comment with the session it was written about.
#[derive(Debug, Clone, FromRow)]
pub struct CommentRow {
    pub session_id: i64,
    pub session_title: String,
    pub starts_at: i64,
    pub question_key: String,
    pub comment: String,
}

/// Comments on the given sessions, newest session first (by text within a session, which
/// says nothing about who wrote them); hidden comments are left out.
pub async fn comments(
    db: &Db,
    sessions: &[i64],
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<CommentRow>, i64)> {
    if sessions.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut binds = Vec::new();
    let listed = in_list(
        "a.session_id",
        sessions.iter().copied().map(Cell::Int),
        &mut binds,
    );
    let filter = format!("{listed} AND a.comment IS NOT NULL AND a.hidden_at IS NULL");
    let total: i64 = sqlx::query_scalar_with(
        sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM feedback_answers a WHERE {filter}"
        )),
        crate::db::arguments(&binds)?,
    )
    .fetch_one(db)
    .await?;
    binds.extend([Cell::Int(limit), Cell::Int(offset)]);
    let (l, o) = (binds.len() - 1, binds.len());
    let sql = format!(
        "SELECT a.session_id, s.title AS session_title, s.starts_at, a.question_key, a.comment \
         FROM feedback_answers a JOIN training_sessions s ON s.id = a.session_id \
         WHERE {filter} ORDER BY s.starts_at DESC, a.session_id DESC, a.question_key, a.comment \
         LIMIT ${l} OFFSET ${o}"
    );
    let rows = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&binds)?)
        .fetch_all(db)
        .await?;
    Ok((rows, total))
}
