//! The running totals' SQL: a batch of responses added to the session, month, department and
//! department-month tallies in the transaction storing it — or, while the feedback writer is busy, to their
//! journal (`feedback_tally_journal`), folded in within a few hundred milliseconds or at the next
//! idle moment (see [`Totals`]) — and the recounts after attendance or a session moves.
//!
//! Writes into: `training_sessions.attended` and `.month` (the sessions domain's table: the
//! attendee count and month every rate and month tally is grouped by, changed in the same
//! transaction as the attendance or the move, so a rate never counts stale attendees).
//! Kept by application code, in the transaction storing the answers, not by triggers like the
//! department reports' totals: a trigger sees only the rows written, and the department of the
//! person answering is deliberately stored with no response, so only this code can count it.

use crate::benchmarks::tallies::{self, Counted, Key, month_of};
use crate::db::{Cell, Db, in_list};
use crate::error::AppResult;
use sqlx::{Any, FromRow, Transaction};
use std::collections::HashMap;

/// Adds a batch of responses to the session, month and department tallies at once.
async fn add_now(tx: &mut Transaction<'_, Any>, items: &[Counted<'_>]) -> AppResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let counts = tallies::count(items);
    let mut ids: Vec<i64> = items.iter().map(|i| i.session_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let place: HashMap<i64, (String, i64)> = sessions_months(tx, &ids).await?;
    let months = tallies::by_month(&counts.sessions, &place);
    let department_months = tallies::by_department_month(&counts.departments, &place);
    let department_answers = tallies::department_answers(&department_months);
    use Cell::{Int, Text};
    let rows = counts
        .sessions
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
    let rows = counts
        .departments
        .into_iter()
        .map(|((d, (s, k, v)), n)| vec![Text(d), Int(s), Text(k), Int(v), Int(n)]);
    let columns = "department, session_id, question_key, value";
    add(tx, "feedback_department_tallies", columns, rows).await?;
    let rows = department_months
        .into_iter()
        .map(|((d, m, c, k, v), n)| vec![Text(d), Text(m), Int(c), Text(k), Int(v), Int(n)]);
    let columns = "department, month, course_id, question_key, value";
    add(tx, "feedback_department_month_tallies", columns, rows).await?;
    let rows = department_answers
        .into_iter()
        .map(|((d, m, k), n)| vec![Text(d), Text(k), Text(m), Int(n)]);
    let columns = "department, question_key, month";
    add(tx, "feedback_department_month_answers", columns, rows).await?;
    Ok(())
}

/// When a batch's counts reach the running totals (SQLite; PostgreSQL always adds them at once,
/// see [`add_responses`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totals {
    /// Added to the totals in the batch's transaction; the journal is empty.
    Now,
    /// Added in the batch's transaction together with everything the journal holds, which is
    /// emptied: the writer's fold, at an idle moment or when the journal has waited long enough.
    NowWithJournal,
    /// Appended to the journal (more submissions wait): a few rows at the end of one table
    /// instead of dozens spread over three, each page of them written again at every commit.
    Later,
}

/// Adds a batch of responses to the running totals, or journals them (see [`Totals`]), in the
/// caller's transaction (the one storing the answers), so that a stored response is counted or
/// journaled, never neither. PostgreSQL adds them at once whatever is asked: several app nodes
/// share it (issue #22), and a journal folded by one node's writer would need to know whose
/// rows it folds; its writes are not what limits a wave there.
pub async fn add_responses(
    tx: &mut Transaction<'_, Any>,
    items: &[Counted<'_>],
    when: Totals,
) -> AppResult<()> {
    let postgres = crate::db::is_postgres(tx);
    match when {
        Totals::Later if !postgres => journal(tx, items).await,
        Totals::NowWithJournal if !postgres => {
            add_now(tx, items).await?;
            fold_journal(tx).await
        }
        _ => add_now(tx, items).await,
    }
}

/// Appends a batch's counts to the journal, in key order.
async fn journal(tx: &mut Transaction<'_, Any>, items: &[Counted<'_>]) -> AppResult<()> {
    use Cell::{Int, Text};
    let counts = tallies::count(items);
    let mut rows: Vec<(String, Key, i64)> = counts
        .sessions
        .into_iter()
        .map(|(k, n)| (String::new(), k, n))
        .chain(counts.departments.into_iter().map(|((d, k), n)| (d, k, n)))
        .collect();
    rows.sort_unstable();
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|(d, (s, k, v), n)| vec![Text(d), Int(s), Text(k), Int(v), Int(n)])
        .collect();
    let columns = "department, session_id, question_key, value, n";
    insert_rows(tx, "feedback_tally_journal", columns, &rows, "").await
}

/// Adds everything the journal holds to the totals and empties it, in the caller's transaction.
pub async fn fold_journal(tx: &mut Transaction<'_, Any>) -> AppResult<()> {
    const FOLDS: [&str; 6] = [
        "INSERT INTO feedback_tallies (session_id, question_key, value, n) \
         SELECT session_id, question_key, value, CAST(SUM(n) AS BIGINT) FROM feedback_tally_journal \
         WHERE department = '' GROUP BY session_id, question_key, value \
         ON CONFLICT (session_id, question_key, value) DO UPDATE SET n = feedback_tallies.n + excluded.n",
        "INSERT INTO feedback_month_tallies (month, course_id, question_key, value, n) \
         SELECT s.month, s.course_id, j.question_key, j.value, CAST(SUM(j.n) AS BIGINT) \
         FROM feedback_tally_journal j JOIN training_sessions s ON s.id = j.session_id \
         WHERE j.department = '' GROUP BY s.month, s.course_id, j.question_key, j.value \
         ON CONFLICT (month, course_id, question_key, value) \
         DO UPDATE SET n = feedback_month_tallies.n + excluded.n",
        "INSERT INTO feedback_department_tallies (department, session_id, question_key, value, n) \
         SELECT department, session_id, question_key, value, CAST(SUM(n) AS BIGINT) \
         FROM feedback_tally_journal WHERE department <> '' \
         GROUP BY department, session_id, question_key, value \
         ON CONFLICT (department, question_key, session_id, value) \
         DO UPDATE SET n = feedback_department_tallies.n + excluded.n",
        "INSERT INTO feedback_department_month_tallies \
         (department, month, course_id, question_key, value, n) \
         SELECT j.department, s.month, s.course_id, j.question_key, j.value, \
         CAST(SUM(j.n) AS BIGINT) FROM feedback_tally_journal j \
         JOIN training_sessions s ON s.id = j.session_id WHERE j.department <> '' \
         GROUP BY j.department, s.month, s.course_id, j.question_key, j.value \
         ON CONFLICT (department, question_key, month, course_id, value) \
         DO UPDATE SET n = feedback_department_month_tallies.n + excluded.n",
        "INSERT INTO feedback_department_month_answers (department, question_key, month, n) \
         SELECT j.department, j.question_key, s.month, CAST(SUM(j.n) AS BIGINT) \
         FROM feedback_tally_journal j JOIN training_sessions s ON s.id = j.session_id \
         WHERE j.department <> '' GROUP BY j.department, j.question_key, s.month \
         ON CONFLICT (department, question_key, month) \
         DO UPDATE SET n = feedback_department_month_answers.n + excluded.n",
        "DELETE FROM feedback_tally_journal",
    ];
    for sql in FOLDS {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Folds what a crashed process left in the journal (at start-up; nothing to do after a clean
/// stop, or ever on PostgreSQL). Returns how many journal rows it folded.
pub async fn fold_left_over(db: &Db) -> AppResult<i64> {
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback_tally_journal")
        .fetch_one(db)
        .await?;
    if waiting > 0 {
        let mut tx = crate::db::begin_write(db).await?;
        fold_journal(&mut tx).await?;
        tx.commit().await?;
    }
    Ok(waiting)
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
    insert_rows(tx, table, &format!("{key}, n"), &rows, &tail).await
}

/// Inserts `rows` into `table` as one statement (one JSON parameter), followed by `tail`.
async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &str,
    rows: &[Vec<Cell>],
    tail: &str,
) -> AppResult<()> {
    let postgres = crate::db::is_postgres(tx);
    let Some((sql, json)) = crate::db::json_insert(postgres, table, columns, rows, tail) else {
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
    #[derive(FromRow)]
    struct Place {
        id: i64,
        month: String,
        course_id: i64,
    }
    let mut binds = Vec::new();
    let listed = in_list("id", ids.iter().copied().map(Cell::Int), &mut binds);
    let sql = format!("SELECT id, month, course_id FROM training_sessions WHERE {listed}");
    let rows: Vec<Place> =
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&binds)?)
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows
        .into_iter()
        .map(|p| (p.id, (p.month, p.course_id)))
        .collect())
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

/// Rebuilds the month tallies (and department month tallies) of the given (month, course) pairs
/// from the session (and department) tallies, after a session with responses moved to another
/// month or course.
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
/// session tallies; the department month tallies by the sums of the department tallies; and
/// the department answers of that month (or all) by the sums of the department month tallies.
async fn fill_months(tx: &mut Transaction<'_, Any>, only: Option<&(String, i64)>) -> AppResult<()> {
    let (only_m, only_s) = match only {
        Some(_) => (
            " WHERE month = $1 AND course_id = $2",
            "WHERE s.month = $1 AND s.course_id = $2",
        ),
        None => ("", ""),
    };
    let tables = [
        ("feedback_month_tallies", "feedback_tallies", ""),
        (
            "feedback_department_month_tallies",
            "feedback_department_tallies",
            "t.department, ",
        ),
    ];
    for (table, source, department) in tables {
        let key = format!(
            "{}month, course_id, question_key, value",
            department.replace("t.", "")
        );
        let delete = format!("DELETE FROM {table}{only_m}");
        let insert = format!(
            "INSERT INTO {table} ({key}, n) \
             SELECT {department}s.month, s.course_id, t.question_key, t.value, \
             CAST(SUM(t.n) AS BIGINT) FROM {source} t JOIN training_sessions s ON s.id = t.session_id \
             {only_s} GROUP BY {department}s.month, s.course_id, t.question_key, t.value"
        );
        for sql in [delete, insert] {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            if let Some((month, course)) = only {
                q = q.bind(month.clone()).bind(*course);
            }
            q.execute(&mut **tx).await?;
        }
    }
    // The department answers of the month, from the department month totals just rebuilt.
    let of_month = if only.is_some() {
        " WHERE month = $1"
    } else {
        ""
    };
    let delete = format!("DELETE FROM feedback_department_month_answers{of_month}");
    let insert = format!(
        "INSERT INTO feedback_department_month_answers (department, question_key, month, n) \
         SELECT department, question_key, month, CAST(SUM(n) AS BIGINT) \
         FROM feedback_department_month_tallies{of_month} GROUP BY department, question_key, month"
    );
    for sql in [delete, insert] {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some((month, _)) = only {
            q = q.bind(month.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Fills the month of sessions stored before months were recorded, and rebuilds every month
/// tally from the session tallies (at start-up; does nothing when every session has a month).
pub async fn ensure_months(db: &Db, fallback: chrono_tz::Tz) -> AppResult<usize> {
    #[derive(FromRow)]
    struct Undated {
        id: i64,
        starts_at: i64,
        time_zone: String,
    }
    let missing: Vec<Undated> =
        sqlx::query_as("SELECT id, starts_at, time_zone FROM training_sessions WHERE month = ''")
            .fetch_all(db)
            .await?;
    if missing.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::db::begin_write(db).await?;
    for s in &missing {
        let tz = s.time_zone.parse().unwrap_or(fallback);
        sqlx::query("UPDATE training_sessions SET month = $2 WHERE id = $1")
            .bind(s.id)
            .bind(month_of(s.starts_at, tz))
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
