//! Running totals ("tallies") written with every response, in the transaction that stores it:
//! per session, per month and course, and per department of the person answering; plus the
//! attendance counts response rates need. The dashboards read these instead of the answers.

use crate::db::{Cell, Db};
use crate::error::AppResult;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// One stored response, as the tallies see it: where it came from and its numeric answers.
pub struct Counted<'a> {
    pub session_id: i64,
    pub department: &'a str,
    pub values: Vec<(&'a str, i64)>,
}

type Key = (i64, String, i64);

/// Adds a batch of responses to the session, month and department tallies, in the caller's
/// transaction (the one storing the answers), so a response is counted once it is stored.
pub async fn count(tx: &mut Transaction<'_, Any>, items: &[Counted<'_>]) -> AppResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut sessions: HashMap<Key, i64> = HashMap::new();
    let mut departments: HashMap<(String, Key), i64> = HashMap::new();
    for item in items {
        let all = std::iter::once((super::RESPONSES, 0)).chain(item.values.iter().copied());
        for (key, value) in all {
            let k = (item.session_id, key.to_string(), value);
            *sessions.entry(k.clone()).or_default() += 1;
            if !item.department.is_empty() {
                *departments
                    .entry((item.department.to_string(), k))
                    .or_default() += 1;
            }
        }
    }
    let mut ids: Vec<i64> = items.iter().map(|i| i.session_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let place: HashMap<i64, (String, i64)> = sessions_months(tx, &ids).await?;
    let mut months: HashMap<(String, i64, String, i64), i64> = HashMap::new();
    for ((session, key, value), n) in &sessions {
        if let Some((month, course)) = place.get(session) {
            *months
                .entry((month.clone(), *course, key.clone(), *value))
                .or_default() += n;
        }
    }
    use Cell::{Int, Text};
    let rows = sessions
        .into_iter()
        .map(|((s, k, v), n)| vec![Int(s), Text(k), Int(v), Int(n)]);
    add(
        tx,
        "feedback_tallies",
        "session_id, question_key, value",
        rows,
    )
    .await?;
    let rows = months
        .into_iter()
        .map(|((m, c, k, v), n)| vec![Text(m), Int(c), Text(k), Int(v), Int(n)]);
    add(
        tx,
        "feedback_month_tallies",
        "month, course_id, question_key, value",
        rows,
    )
    .await?;
    let rows = departments
        .into_iter()
        .map(|((d, (s, k, v)), n)| vec![Text(d), Int(s), Text(k), Int(v), Int(n)]);
    let columns = "department, session_id, question_key, value";
    add(tx, "feedback_department_tallies", columns, rows).await?;
    Ok(())
}

/// Adds counts (the key columns, then n) to a tally table, creating missing rows. All rows go
/// as one JSON parameter: binding thousands of values one by one cost more than the writes.
async fn add(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    key: &str,
    rows: impl Iterator<Item = Vec<Cell>>,
) -> AppResult<()> {
    let rows: Vec<Vec<Cell>> = rows.collect();
    let tail = format!("ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + excluded.n");
    let postgres = crate::db::is_postgres(tx);
    let Some((sql, json)) =
        crate::db::json_insert(postgres, table, &format!("{key}, n"), &rows, &tail)
    else {
        return Ok(());
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(json)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn sessions_months(
    tx: &mut Transaction<'_, Any>,
    ids: &[i64],
) -> AppResult<HashMap<i64, (String, i64)>> {
    let list = super::store::id_list(ids);
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, month, course_id FROM training_sessions WHERE id IN ({list})"
    )))
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|(i, m, c)| (i, (m, c))).collect())
}

/// Recounts the people marked attended or late in a session (after any attendance change).
pub async fn recount_attended(tx: &mut Transaction<'_, Any>, session_id: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE training_sessions SET attended = (SELECT COUNT(*) FROM registrations r \
         WHERE r.session_id = $1 AND r.state IN ('attended', 'late')) WHERE id = $1",
    )
    .bind(session_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM session_department_attendance WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO session_department_attendance (session_id, department, attended) \
         SELECT r.session_id, d.name, COUNT(*) FROM registrations r \
         JOIN users u ON u.id = r.user_id JOIN departments d ON d.code = u.department_code \
         WHERE r.session_id = $1 AND r.state IN ('attended', 'late') \
         GROUP BY r.session_id, d.name",
    )
    .bind(session_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rebuilds the month tallies of the given (month, course) pairs from the session tallies,
/// after a session with responses moved to another month or course.
pub async fn recount_months(
    tx: &mut Transaction<'_, Any>,
    pairs: &[(String, i64)],
) -> AppResult<()> {
    for pair in pairs {
        fill_months(tx, Some(pair)).await?;
    }
    Ok(())
}

/// Replaces the month tallies of one (month, course), or all of them, by the sums of the
/// session tallies.
async fn fill_months(tx: &mut Transaction<'_, Any>, only: Option<&(String, i64)>) -> AppResult<()> {
    let (delete, filter) = match only {
        Some(_) => (
            "DELETE FROM feedback_month_tallies WHERE month = $1 AND course_id = $2",
            "WHERE s.month = $1 AND s.course_id = $2",
        ),
        None => ("DELETE FROM feedback_month_tallies", ""),
    };
    let insert = format!(
        "INSERT INTO feedback_month_tallies (month, course_id, question_key, value, n) \
         SELECT s.month, s.course_id, t.question_key, t.value, CAST(SUM(t.n) AS BIGINT) \
         FROM feedback_tallies t JOIN training_sessions s ON s.id = t.session_id \
         {filter} GROUP BY s.month, s.course_id, t.question_key, t.value"
    );
    for sql in [delete.to_string(), insert] {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some((month, course)) = only {
            q = q.bind(month.clone()).bind(*course);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Fills the month of sessions stored before months were recorded, and rebuilds every month
/// tally from the session tallies (at start-up; does nothing when every session has a month).
pub async fn ensure_months(db: &Db, fallback: chrono_tz::Tz) -> AppResult<usize> {
    let missing: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, starts_at, time_zone FROM training_sessions WHERE month = ''")
            .fetch_all(db)
            .await?;
    if missing.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::db::begin_write(db).await?;
    for (id, starts_at, zone) in &missing {
        let tz = zone.parse().unwrap_or(fallback);
        sqlx::query("UPDATE training_sessions SET month = $2 WHERE id = $1")
            .bind(id)
            .bind(month_of(*starts_at, tz))
            .execute(&mut *tx)
            .await?;
    }
    rebuild_months(&mut tx).await?;
    tx.commit().await?;
    Ok(missing.len())
}

/// Recomputes all month tallies from the session tallies.
pub async fn rebuild_months(tx: &mut Transaction<'_, Any>) -> AppResult<()> {
    fill_months(tx, None).await
}

/// "2026-03": the calendar month a moment falls in, in a time zone.
pub fn month_of(at: i64, tz: chrono_tz::Tz) -> String {
    use chrono::TimeZone;
    match tz.timestamp_opt(at, 0) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m").to_string()
        }
        chrono::LocalResult::None => String::new(),
    }
}
