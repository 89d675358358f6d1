//! The SQL of benchmarking reads: grouped counts from the tallies (`tallies.rs`) for a scope of
//! course, months, department and instructor. Nothing here reads individual answers except the
//! comments.

use crate::db::{Cell, Db, now};
use crate::error::AppResult;
use sqlx::FromRow;
use std::collections::HashMap;

/// Which sessions and answers a view covers. Months are inclusive "YYYY-MM" ('' = open).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub course_id: Option<i64>,
    pub from: String,
    pub to: String,
    pub department: String,
    /// Only this instructor's sessions.
    pub instructor: Option<Teacher>,
    /// Only these months (the released periods a view may show), besides `from` and `to`.
    pub months: Option<Vec<String>>,
}

/// ` AND {column} IN ($n, …)` for the scope's months, binding each; nothing when unrestricted.
fn months_condition(scope: &Scope, column: &str, binds: &mut Vec<Cell>) -> String {
    let Some(months) = &scope.months else {
        return String::new();
    };
    if months.is_empty() {
        return " AND 1 = 0".into();
    }
    let list: Vec<String> = months
        .iter()
        .map(|m| {
            binds.push(Cell::Text(m.clone()));
            format!("${}", binds.len())
        })
        .collect();
    format!(" AND {column} IN ({})", list.join(", "))
}

/// An instructor: an account, or a guest known by name and organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Teacher {
    User(i64),
    Guest(String, String),
}

impl Teacher {
    /// From a grouped row: an account when it has one, else a guest by name and organisation.
    fn of(user_id: Option<i64>, name: &str, organisation: &str) -> Teacher {
        match user_id {
            Some(u) => Teacher::User(u),
            None => Teacher::Guest(name.to_string(), organisation.to_string()),
        }
    }
}

/// SQL conditions on `s` (training_sessions) and `si` (session_instructors, when joined) for
/// a scope, with their parameters starting at `$first`.
struct Where {
    sql: String,
    binds: Vec<Cell>,
}

/// Whether a tally query must join the sessions (to filter by course or month); the tallies
/// alone suffice otherwise (cancelled sessions have no answers to count).
fn filters_sessions(scope: &Scope) -> bool {
    scope.course_id.is_some()
        || !scope.from.is_empty()
        || !scope.to.is_empty()
        || scope.months.is_some()
}

/// `joined`: the query joins the sessions as `s`.
fn conditions(scope: &Scope, with_instructor: bool, joined: bool) -> Where {
    let mut sql = String::from(if joined {
        "s.cancelled_at IS NULL"
    } else {
        "1 = 1"
    });
    let mut binds = Vec::new();
    let mut add = |cond: &str, v: Cell, sql: &mut String| {
        binds.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", binds.len())));
    };
    if let Some(c) = scope.course_id {
        add(" AND s.course_id = ?", Cell::Int(c), &mut sql);
    }
    if !scope.from.is_empty() {
        add(
            " AND s.month >= ?",
            Cell::Text(scope.from.clone()),
            &mut sql,
        );
    }
    if !scope.to.is_empty() {
        add(" AND s.month <= ?", Cell::Text(scope.to.clone()), &mut sql);
    }
    if with_instructor {
        match &scope.instructor {
            Some(Teacher::User(u)) => add(" AND si.user_id = ?", Cell::Int(*u), &mut sql),
            Some(Teacher::Guest(name, org)) => {
                add(
                    " AND si.user_id IS NULL AND si.name = ?",
                    Cell::Text(name.clone()),
                    &mut sql,
                );
                add(
                    " AND si.organisation = ?",
                    Cell::Text(org.clone()),
                    &mut sql,
                );
            }
            None => {}
        }
    }
    sql.push_str(&months_condition(scope, "s.month", &mut binds));
    Where { sql, binds }
}

/// One grouped count: (who, period, question, value, n) — fields unused by a query are empty.
#[derive(Debug, Clone, FromRow)]
pub struct Row {
    pub user_id: Option<i64>,
    pub name: String,
    pub organisation: String,
    pub label: String,
    pub question_key: String,
    pub value: i64,
    pub n: i64,
}

impl Row {
    pub fn teacher(&self) -> Teacher {
        Teacher::of(self.user_id, &self.name, &self.organisation)
    }
}

async fn rows(db: &Db, sql: String, binds: &[Cell]) -> AppResult<Vec<Row>> {
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(binds)?)
            .fetch_all(db)
            .await?,
    )
}

/// The tally table for a scope and its extra condition: the department tallies when a
/// department is chosen.
fn tallies(scope: &Scope, w: &mut Where) -> (&'static str, String) {
    if scope.department.is_empty() {
        ("feedback_tallies t", String::new())
    } else {
        w.binds.push(Cell::Text(scope.department.clone()));
        (
            "feedback_department_tallies t",
            format!(" AND t.department = ${}", w.binds.len()),
        )
    }
}

/// Program counts per (question, value) — responses under key '' — for a scope with no
/// instructor.
pub async fn program(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    if scope.department.is_empty() {
        return from_months(db, scope, keys, "''").await;
    }
    grouped(db, scope, keys, "'' ", false).await
}

/// Counts per course for one question (and responses), for the course-level table.
pub async fn by_course(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    if scope.department.is_empty() {
        return from_months(db, scope, keys, "CAST(m.course_id AS TEXT)").await;
    }
    grouped(db, scope, keys, "CAST(s.course_id AS TEXT) ", false).await
}

/// Counts per (month, question, value) for one instructor's trend, or the program's.
pub async fn by_month(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    if scope.department.is_empty() && scope.instructor.is_none() {
        return from_months(db, scope, keys, "m.month").await;
    }
    let with = scope.instructor.is_some();
    grouped(db, scope, keys, "s.month ", with).await
}

/// Program-wide counts grouped by `label`, from the month tallies (a few rows per month and
/// course, whatever the number of responses).
async fn from_months(db: &Db, scope: &Scope, keys: &[String], label: &str) -> AppResult<Vec<Row>> {
    let mut w = Where {
        sql: "1 = 1".into(),
        binds: Vec::new(),
    };
    let mut push = |cond: &str, v: Cell| {
        w.binds.push(v);
        w.sql
            .push_str(&cond.replace('?', &format!("${}", w.binds.len())));
    };
    if let Some(c) = scope.course_id {
        push(" AND m.course_id = ?", Cell::Int(c));
    }
    if !scope.from.is_empty() {
        push(" AND m.month >= ?", Cell::Text(scope.from.clone()));
    }
    if !scope.to.is_empty() {
        push(" AND m.month <= ?", Cell::Text(scope.to.clone()));
    }
    let months = months_condition(scope, "m.month", &mut w.binds);
    w.sql.push_str(&months);
    let group = group_of(label);
    let sql = format!(
        "SELECT CAST(NULL AS BIGINT) AS user_id, '' AS name, '' AS organisation, {label} AS label, \
         m.question_key, m.value, CAST(SUM(m.n) AS BIGINT) AS n FROM feedback_month_tallies m \
         WHERE {} AND m.question_key IN ({}) GROUP BY {group}m.question_key, m.value",
        w.sql,
        key_list(keys)
    );
    rows(db, sql, &w.binds).await
}

/// Counts per (session, question, value) of one instructor's sessions under a scope (the label
/// is the session id): their own figures are made of whole sessions.
pub async fn by_session(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let with_instructor = scope.instructor.is_some();
    grouped(db, scope, keys, "CAST(s.id AS TEXT) ", with_instructor).await
}

/// Who taught each session under a scope: (session id, instructor).
pub async fn session_teachers(db: &Db, scope: &Scope) -> AppResult<Vec<(i64, Teacher)>> {
    let w = conditions(scope, false, true);
    let sql = format!(
        "SELECT si.session_id, si.user_id, si.name, si.organisation FROM session_instructors si \
         JOIN training_sessions s ON s.id = si.session_id WHERE {}",
        w.sql
    );
    let rows: Vec<(i64, Option<i64>, String, String)> =
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&w.binds)?)
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(s, u, n, o)| (s, Teacher::of(u, &n, &o)))
        .collect())
}

/// Counts per (department, month, question) of the people answering, under a scope with no
/// department: `name` holds the department, `label` the month (values summed into `n`).
pub async fn by_department(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let w = conditions(scope, false, true);
    let sql = format!(
        "SELECT CAST(NULL AS BIGINT) AS user_id, t.department AS name, '' AS organisation, \
         s.month AS label, t.question_key, CAST(0 AS BIGINT) AS value, \
         CAST(SUM(t.n) AS BIGINT) AS n FROM feedback_department_tallies t \
         JOIN training_sessions s ON s.id = t.session_id \
         WHERE {} AND t.question_key IN ({}) GROUP BY t.department, s.month, t.question_key",
        w.sql,
        key_list(keys)
    );
    rows(db, sql, &w.binds).await
}

/// Counts per (course, month, question, value), labelled "course id|month", under a scope.
pub async fn by_course_month(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    if scope.department.is_empty() {
        let label = "CAST(m.course_id AS TEXT) || '|' || m.month";
        return from_months(db, scope, keys, label).await;
    }
    let label = "CAST(s.course_id AS TEXT) || '|' || s.month ";
    grouped(db, scope, keys, label, false).await
}

/// Every month with sessions, with the latest end of a session in it (cancelled ones aside).
pub async fn month_ends(db: &Db) -> AppResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT month, MAX(ends_at) FROM training_sessions \
         WHERE cancelled_at IS NULL AND month <> '' GROUP BY month ORDER BY month",
    )
    .fetch_all(db)
    .await?)
}

/// Counts per (instructor, question, value) under a scope: the ranking's input.
pub async fn by_instructor(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let mut w = conditions(scope, true, filters_sessions(scope));
    let (table, dept_sql) = tallies(scope, &mut w);
    let sessions = if filters_sessions(scope) {
        "JOIN training_sessions s ON s.id = t.session_id "
    } else {
        ""
    };
    // In-house instructors grouped by account, guests by name and organisation: two cheap
    // groupings instead of one over both.
    let part = |who: &str, cond: &str, group: &str| {
        format!(
            "SELECT {who}, '' AS label, t.question_key, t.value, CAST(SUM(t.n) AS BIGINT) AS n \
             FROM {table} {sessions}JOIN session_instructors si ON si.session_id = t.session_id \
             WHERE {}{dept_sql} AND {cond} AND t.question_key IN ({}) \
             GROUP BY {group}, t.question_key, t.value",
            w.sql,
            key_list(keys)
        )
    };
    let sql = format!(
        "{} UNION ALL {}",
        part(
            "si.user_id, '' AS name, '' AS organisation",
            "si.user_id IS NOT NULL",
            "si.user_id"
        ),
        part(
            "CAST(NULL AS BIGINT) AS user_id, si.name, si.organisation",
            "si.user_id IS NULL",
            "si.name, si.organisation"
        )
    );
    rows(db, sql, &w.binds).await
}

async fn grouped(
    db: &Db,
    scope: &Scope,
    keys: &[String],
    label: &str,
    with_instructor: bool,
) -> AppResult<Vec<Row>> {
    let mut w = conditions(scope, with_instructor, true);
    let (table, dept_sql) = tallies(scope, &mut w);
    let join = if with_instructor {
        " JOIN session_instructors si ON si.session_id = s.id"
    } else {
        ""
    };
    let group = group_of(label);
    let sql = format!(
        "SELECT CAST(NULL AS BIGINT) AS user_id, '' AS name, '' AS organisation, {label}AS label, \
         t.question_key, t.value, CAST(SUM(t.n) AS BIGINT) AS n \
         FROM {table} JOIN training_sessions s ON s.id = t.session_id{join} \
         WHERE {}{dept_sql} AND t.question_key IN ({}) GROUP BY {group}t.question_key, t.value",
        w.sql,
        key_list(keys)
    );
    rows(db, sql, &w.binds).await
}

/// The GROUP BY part for a label: none for a constant (PostgreSQL refuses grouping by one).
fn group_of(label: &str) -> String {
    if label.trim() == "''" {
        String::new()
    } else {
        format!("{}, ", label.trim())
    }
}

/// Question keys are validated identifiers (letters, digits, '-', '_'); quoted inline.
fn key_list(keys: &[String]) -> String {
    std::iter::once(String::new())
        .chain(keys.iter().cloned())
        .filter(|k| {
            k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(",")
}

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
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&w.binds)?)
            .fetch_all(db)
            .await?,
    )
}

/// Display names of in-house instructors.
pub async fn names(db: &Db, ids: &[i64]) -> AppResult<HashMap<i64, (String, String)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = id_list(ids);
    let rows: Vec<(i64, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT u.id, u.name, COALESCE(d.name, '') FROM users u \
         LEFT JOIN departments d ON d.code = u.department_code WHERE u.id IN ({list})"
    )))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(i, n, d)| (i, (n, d))).collect())
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
    /// 1 when the session's attendance has been recorded ([`RECORDED`]), else 0.
    pub recorded: i64,
}

pub async fn sessions_of(db: &Db, scope: &Scope) -> AppResult<Vec<Taught>> {
    let mut w = conditions(scope, true, true);
    w.binds.push(Cell::Int(now()));
    let sql = format!(
        "SELECT s.id, s.title, c.title AS course_title, s.starts_at, s.ends_at, \
         s.attendance_marked_at, s.month, s.course_id, s.time_zone, s.attended, \
         COALESCE((SELECT t.n FROM feedback_tallies t WHERE t.session_id = s.id \
         AND t.question_key = '' AND t.value = 0), 0) AS responses, \
         CAST(CASE WHEN {RECORDED} THEN 1 ELSE 0 END AS BIGINT) AS recorded \
         FROM training_sessions s JOIN session_instructors si ON si.session_id = s.id \
         JOIN courses c ON c.id = s.course_id WHERE {} AND s.ends_at <= ${} \
         ORDER BY s.starts_at DESC, s.id DESC",
        w.sql,
        w.binds.len()
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&w.binds)?)
            .fetch_all(db)
            .await?,
    )
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
    let list = id_list(sessions);
    let filter =
        format!("a.session_id IN ({list}) AND a.comment IS NOT NULL AND a.hidden_at IS NULL");
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM feedback_answers a WHERE {filter}"
    )))
    .fetch_one(db)
    .await?;
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT a.session_id, s.title AS session_title, s.starts_at, a.question_key, a.comment \
         FROM feedback_answers a JOIN training_sessions s ON s.id = a.session_id \
         WHERE {filter} ORDER BY s.starts_at DESC, a.session_id DESC, a.question_key, a.comment \
         LIMIT $1 OFFSET $2"
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    Ok((rows, total))
}

/// Ids for an `IN (…)` list: integers only, so they are written inline.
pub(super) fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
