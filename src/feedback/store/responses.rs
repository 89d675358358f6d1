//! Receipts and anonymous responses, stored together with nothing linking them, their counts
//! and comments, and moderation. Writes into: `feedback_tallies`, `feedback_month_tallies`,
//! `feedback_department_tallies` (benchmarking's running totals, through
//! `benchmarks::store::add_responses` in the transaction storing the answers — at once, or into
//! their journal while the writer is busy — so a stored answer is always counted and a refused
//! one never is).

use crate::db::{Db, now};
use crate::error::{AppError, AppResult};
use crate::feedback::answers::Value;
use sqlx::FromRow;

pub async fn receipt_exists(db: &Db, session_id: i64, user_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM feedback_receipts WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// A random id with no order to it, so a response cannot be matched to a receipt by position.
fn response_id() -> i64 {
    let b = crate::secrets::random_bytes::<8>();
    (u64::from_le_bytes(b) >> 11) as i64
}

/// Sorts rows by their leading random response id, so that a batch is stored in no arrival
/// order (on PostgreSQL a table's rows sit in insertion order).
fn by_key(rows: &mut [Vec<crate::db::Cell>]) {
    rows.sort_by_key(|r| match r.first() {
        Some(crate::db::Cell::Int(id)) => *id,
        _ => 0,
    });
}

/// Stores submissions in one transaction: for each, the receipt (who answered) and the response
/// (what was answered), with nothing linking them. A second submission by the same person is
/// refused by the receipt's key and stores nothing; the others in the batch are unaffected.
pub async fn submit_batch(
    db: &Db,
    items: &[&crate::feedback::writer::Submission],
    totals: crate::benchmarks::store::Totals,
) -> AppResult<Vec<AppResult<()>>> {
    use crate::db::{Cell, is_postgres, json_insert};
    let mut tx = crate::db::begin_write(db).await?;
    let postgres = is_postgres(&tx);
    // Receipts first, all at once: the key refuses a second answer, and RETURNING names the
    // receipts stored (a person twice in one batch is stored once, for the first).
    // Rows go in in key order, never in the order the submissions arrived (see `by_key`).
    let mut people: Vec<(i64, i64)> = items.iter().map(|i| (i.session_id, i.user_id)).collect();
    people.sort_unstable();
    let receipts: Vec<Vec<Cell>> = people
        .iter()
        .map(|&(s, u)| vec![Cell::Int(s), Cell::Int(u)])
        .collect();
    let Some((sql, json)) = json_insert(
        postgres,
        "feedback_receipts",
        "session_id, user_id",
        &receipts,
        "ON CONFLICT (session_id, user_id) DO NOTHING RETURNING session_id, user_id",
    ) else {
        return Ok(Vec::new());
    };
    let stored: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(json)
        .fetch_all(&mut *tx)
        .await?;
    let mut fresh: std::collections::HashSet<(i64, i64)> = stored.into_iter().collect();
    let mut outcomes = Vec::with_capacity(items.len());
    let mut counted = Vec::with_capacity(items.len());
    let (mut responses, mut answers) = (Vec::new(), Vec::new());
    for item in items {
        if !fresh.remove(&(item.session_id, item.user_id)) {
            outcomes.push(Err(AppError::Conflict(
                "You have already given feedback on this session. Thank you!".into(),
            )));
            continue;
        }
        let id = response_id();
        responses.push(vec![
            Cell::Int(id),
            Cell::Int(item.session_id),
            Cell::Int(item.form_id),
        ]);
        for a in &item.answers {
            let (value, comment) = match &a.value {
                Value::Number(n) => (Cell::Int(*n), Cell::NullText),
                Value::Choice(i) => (Cell::Int(*i as i64), Cell::NullText),
                Value::Text(t) => (Cell::NullInt, Cell::Text(t.clone())),
            };
            answers.push(vec![
                Cell::Int(id),
                Cell::Int(item.session_id),
                Cell::Text(a.key.clone()),
                value,
                comment,
            ]);
        }
        counted.push(crate::benchmarks::tallies::Counted {
            session_id: item.session_id,
            department: &item.department,
            values: item
                .answers
                .iter()
                .filter_map(|a| match a.value {
                    Value::Number(n) => Some((a.key.as_str(), n)),
                    _ => None,
                })
                .collect(),
        });
        outcomes.push(Ok(()));
    }
    by_key(&mut responses);
    by_key(&mut answers);
    let inserts = [
        ("feedback_responses", "id, session_id, form_id", &responses),
        (
            "feedback_answers",
            "response_id, session_id, question_key, value, comment",
            &answers,
        ),
    ];
    for (table, columns, rows) in inserts {
        if let Some((sql, json)) = json_insert(postgres, table, columns, rows, "") {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(json)
                .execute(&mut *tx)
                .await?;
        }
    }
    crate::benchmarks::store::add_responses(&mut tx, &counted, totals).await?;
    tx.commit().await?;
    Ok(outcomes)
}

pub async fn response_count(db: &Db, session_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1")
            .bind(session_id)
            .fetch_one(db)
            .await?,
    )
}

pub async fn attended_count(db: &Db, session_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state IN ('attended', 'late')",
    )
    .bind(session_id)
    .fetch_one(db)
    .await?)
}

/// How many answered a question of a session with one value (a scale point or choice index).
#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct ValueCount {
    pub question_key: String,
    pub value: i64,
    pub n: i64,
}

/// The counts of a session's scale and choice answers.
pub async fn counts(db: &Db, session_id: i64) -> AppResult<Vec<ValueCount>> {
    Ok(sqlx::query_as(
        "SELECT question_key, value, COUNT(*) AS n FROM feedback_answers \
         WHERE session_id = $1 AND value IS NOT NULL GROUP BY question_key, value",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone)]
pub struct CommentRow {
    pub response_id: i64,
    pub question_key: String,
    pub comment: String,
    pub hidden: bool,
}

/// Comments in an order that says nothing about who wrote them (by their text).
pub async fn comments(db: &Db, session_id: i64) -> AppResult<Vec<CommentRow>> {
    #[derive(FromRow)]
    struct Stored {
        response_id: i64,
        question_key: String,
        comment: String,
        hidden_at: Option<i64>,
    }
    let rows: Vec<Stored> = sqlx::query_as(
        "SELECT response_id, question_key, comment, hidden_at FROM feedback_answers \
         WHERE session_id = $1 AND comment IS NOT NULL ORDER BY question_key, comment",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CommentRow {
            response_id: r.response_id,
            question_key: r.question_key,
            comment: r.comment,
            hidden: r.hidden_at.is_some(),
        })
        .collect())
}

/// Hides (or shows again) a comment from instructors; the text is kept for audit.
pub async fn set_hidden(
    db: &Db,
    session_id: i64,
    response_id: i64,
    key: &str,
    hide: Option<(i64, &str)>,
) -> AppResult<bool> {
    let done = match hide {
        Some((actor, reason)) => {
            sqlx::query(
                "UPDATE feedback_answers SET hidden_at = $4, hidden_by = $5, hidden_reason = $6 \
             WHERE session_id = $1 AND response_id = $2 AND question_key = $3 \
             AND comment IS NOT NULL",
            )
            .bind(session_id)
            .bind(response_id)
            .bind(key)
            .bind(now())
            .bind(actor)
            .bind(reason)
            .execute(db)
            .await?
        }
        None => sqlx::query(
            "UPDATE feedback_answers SET hidden_at = NULL, hidden_by = NULL, hidden_reason = '' \
             WHERE session_id = $1 AND response_id = $2 AND question_key = $3",
        )
        .bind(session_id)
        .bind(response_id)
        .bind(key)
        .execute(db)
        .await?,
    };
    Ok(done.rows_affected() > 0)
}
