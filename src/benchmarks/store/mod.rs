//! The SQL of benchmarking: the running totals written with every response (`tallies.rs`, which
//! names what it writes outside benchmarking), and the reads of them — grouped counts for a
//! scope of course, months, department and instructor (`grouped.rs`), and the sessions, rates
//! and comments of a scope (`teaching.rs`). Nothing reads individual answers but the comments.

mod grouped;
mod tallies;
mod teaching;

pub use grouped::*;
pub use tallies::*;
pub use teaching::*;

use crate::db::{Cell, Db, in_list};
use crate::error::AppResult;
use sqlx::FromRow;

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
pub(super) fn months_condition(scope: &Scope, column: &str, binds: &mut Vec<Cell>) -> String {
    match &scope.months {
        None => String::new(),
        Some(months) => format!(
            " AND {}",
            in_list(column, months.iter().cloned().map(Cell::Text), binds)
        ),
    }
}

/// `{column} IN ($n, …)` over the question keys asked for and the responses' key '', binding
/// each.
pub(super) fn keys_condition(column: &str, keys: &[String], binds: &mut Vec<Cell>) -> String {
    let all = std::iter::once(super::RESPONSES.to_string()).chain(keys.iter().cloned());
    in_list(column, all.map(Cell::Text), binds)
}

/// An instructor: an account, or a guest known by name and organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Teacher {
    User(i64),
    Guest(String, String),
}

impl Teacher {
    /// From a grouped row: an account when it has one, else a guest by name and organisation.
    pub(super) fn of(user_id: Option<i64>, name: &str, organisation: &str) -> Teacher {
        match user_id {
            Some(u) => Teacher::User(u),
            None => Teacher::Guest(name.to_string(), organisation.to_string()),
        }
    }
}

/// SQL conditions on `s` (training_sessions) and `si` (session_instructors, when joined) for
/// a scope, with their parameters starting at `$first`.
pub(super) struct Where {
    pub(super) sql: String,
    pub(super) binds: Vec<Cell>,
}

/// Whether a tally query must join the sessions (to filter by course or month); the tallies
/// alone suffice otherwise (cancelled sessions have no answers to count).
pub(super) fn filters_sessions(scope: &Scope) -> bool {
    scope.course_id.is_some()
        || !scope.from.is_empty()
        || !scope.to.is_empty()
        || scope.months.is_some()
}

/// `joined`: the query joins the sessions as `s`.
pub(super) fn conditions(scope: &Scope, with_instructor: bool, joined: bool) -> Where {
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

/// Every row of a query built here, with its parameters.
pub(super) async fn rows<T>(db: &Db, sql: String, binds: &[Cell]) -> AppResult<Vec<T>>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(binds)?)
            .fetch_all(db)
            .await?,
    )
}

/// The tally table for a scope and its extra condition: the department tallies when a
/// department is chosen.
pub(super) fn tally_table(scope: &Scope, w: &mut Where) -> (&'static str, String) {
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

/// The GROUP BY part for a label: none for a constant (PostgreSQL refuses grouping by one).
pub(super) fn group_of(label: &str) -> String {
    if label.trim() == "''" {
        String::new()
    } else {
        format!("{}, ", label.trim())
    }
}
