//! Grouped counts from the tallies for a scope: the program, per course, month, session,
//! department and instructor — the numbers every benchmarking figure is made of.

use super::{
    Row, Scope, Teacher, Where, conditions, filters_sessions, group_of, keys_condition,
    months_condition, rows, tally_table,
};
use crate::db::{Cell, Db};
use crate::error::AppResult;
use sqlx::FromRow;

/// Program counts per (question, value) — responses under key '' — for a scope with no
/// instructor.
pub async fn program(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    from_months(db, scope, keys, "''").await
}

/// Counts per course for one question (and responses), for the course-level table.
pub async fn by_course(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    from_months(db, scope, keys, "CAST(m.course_id AS TEXT)").await
}

/// Counts per (month, question, value) for one instructor's trend, or the program's.
pub async fn by_month(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    if scope.instructor.is_none() {
        return from_months(db, scope, keys, "m.month").await;
    }
    grouped(db, scope, keys, "s.month ", true).await
}

/// The conditions on `m` (a month tally table) for a scope's course and months.
fn month_conditions(scope: &Scope) -> Where {
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
    w
}

/// Program-wide counts grouped by `label`, from the month tallies (a few rows per month and
/// course, whatever the number of responses) — of the department's people when one is chosen,
/// from the department month tallies. Any instructor of the scope is not looked at.
async fn from_months(db: &Db, scope: &Scope, keys: &[String], label: &str) -> AppResult<Vec<Row>> {
    let mut w = month_conditions(scope);
    let table = if scope.department.is_empty() {
        "feedback_month_tallies"
    } else {
        w.binds.push(Cell::Text(scope.department.clone()));
        w.sql
            .push_str(&format!(" AND m.department = ${}", w.binds.len()));
        "feedback_department_month_tallies"
    };
    let group = group_of(label);
    let asked = keys_condition("m.question_key", keys, &mut w.binds);
    let sql = format!(
        "SELECT CAST(NULL AS BIGINT) AS user_id, '' AS name, '' AS organisation, {label} AS label, \
         m.question_key, m.value, CAST(SUM(m.n) AS BIGINT) AS n FROM {table} m \
         WHERE {} AND {asked} GROUP BY {group}m.question_key, m.value",
        w.sql
    );
    rows(db, sql, &w.binds).await
}

/// Counts per (session, question, value) of one instructor's sessions under a scope (the label
/// is the session id): their own figures are made of whole sessions.
pub async fn by_session(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let with_instructor = scope.instructor.is_some();
    grouped(db, scope, keys, "CAST(s.id AS TEXT) ", with_instructor).await
}

/// Answers to one question per session under a scope (the ranking's check of what the
/// sessions none of the ranked taught add up to): one integer pair per session, grouped by the
/// tallies' own key, instead of a row per answer value labelled with the session id as text.
pub async fn answers_by_session(db: &Db, scope: &Scope, key: &str) -> AppResult<Vec<(i64, i64)>> {
    let mut w = conditions(scope, false, true);
    let (table, dept_sql) = tally_table(scope, &mut w);
    w.binds.push(Cell::Text(key.to_string()));
    let sql = format!(
        "SELECT t.session_id, CAST(SUM(t.n) AS BIGINT) AS n FROM {table} \
         JOIN training_sessions s ON s.id = t.session_id \
         WHERE {}{dept_sql} AND t.question_key = ${} GROUP BY t.session_id",
        w.sql,
        w.binds.len()
    );
    rows(db, sql, &w.binds).await
}

/// One instructor of one session.
#[derive(Debug, Clone, FromRow)]
pub struct SessionTeacher {
    pub session_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub organisation: String,
}

impl SessionTeacher {
    pub fn teacher(&self) -> Teacher {
        Teacher::of(self.user_id, &self.name, &self.organisation)
    }
}

/// Who taught each session under a scope.
pub async fn session_teachers(db: &Db, scope: &Scope) -> AppResult<Vec<SessionTeacher>> {
    let w = conditions(scope, false, true);
    let sql = format!(
        "SELECT si.session_id, si.user_id, si.name, si.organisation FROM session_instructors si \
         JOIN training_sessions s ON s.id = si.session_id WHERE {}",
        w.sql
    );
    rows(db, sql, &w.binds).await
}

/// Counts per (department, month, question) of the people answering, under a scope with no
/// department: `name` holds the department, `label` the month (values summed into `n`). Without
/// a course, from the department answers (4,800 rows on a million responses, against 184,497
/// department month totals summed in 64 ms); with one, from the department month totals,
/// grouped in the order of their key so that SQLite sums as it scans.
pub async fn by_department(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let mut w = month_conditions(scope);
    let asked = keys_condition("m.question_key", keys, &mut w.binds);
    let table = if scope.course_id.is_some() {
        "feedback_department_month_tallies"
    } else {
        "feedback_department_month_answers"
    };
    let sql = format!(
        "SELECT CAST(NULL AS BIGINT) AS user_id, m.department AS name, '' AS organisation, \
         m.month AS label, m.question_key, CAST(0 AS BIGINT) AS value, \
         CAST(SUM(m.n) AS BIGINT) AS n FROM {table} m \
         WHERE {} AND {asked} GROUP BY m.department, m.question_key, m.month",
        w.sql
    );
    rows(db, sql, &w.binds).await
}

/// Counts per (course, month, question, value), labelled "course id|month", under a scope.
pub async fn by_course_month(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let label = "CAST(m.course_id AS TEXT) || '|' || m.month";
    from_months(db, scope, keys, label).await
}

/// A month with sessions, and the latest end of a session in it (cancelled ones aside).
#[derive(Debug, Clone, FromRow)]
pub struct MonthEnd {
    pub month: String,
    pub last_end: i64,
}

/// Every month with sessions, with the latest end of a session in it.
pub async fn month_ends(db: &Db) -> AppResult<Vec<MonthEnd>> {
    Ok(sqlx::query_as(
        "SELECT month, MAX(ends_at) AS last_end FROM training_sessions \
         WHERE cancelled_at IS NULL AND month <> '' GROUP BY month ORDER BY month",
    )
    .fetch_all(db)
    .await?)
}

/// Counts per (instructor, question, value) under a scope: the ranking's input.
pub async fn by_instructor(db: &Db, scope: &Scope, keys: &[String]) -> AppResult<Vec<Row>> {
    let mut w = conditions(scope, true, filters_sessions(scope));
    let (table, dept_sql) = tally_table(scope, &mut w);
    let asked = keys_condition("t.question_key", keys, &mut w.binds);
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
             WHERE {}{dept_sql} AND {cond} AND {asked} \
             GROUP BY {group}, t.question_key, t.value",
            w.sql
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
    let (table, dept_sql) = tally_table(scope, &mut w);
    let asked = keys_condition("t.question_key", keys, &mut w.binds);
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
         WHERE {}{dept_sql} AND {asked} GROUP BY {group}t.question_key, t.value",
        w.sql
    );
    rows(db, sql, &w.binds).await
}
