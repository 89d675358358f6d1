//! The SQL of feedback: forms and versions, the course's choice of form, receipts, anonymous
//! responses and their answers, results and comment moderation.

use super::answers::Value;
use crate::db::{Db, now};
use crate::error::{AppError, AppResult};
use sqlx::FromRow;

#[derive(Debug, Clone)]
pub struct FormRow {
    pub id: i64,
    pub family: i64,
    pub version: i64,
    pub title: String,
    pub definition: String,
    pub is_default: bool,
}

/// A form as stored: its flag a 0/1 integer, made a `bool` here and nowhere else.
#[derive(FromRow)]
struct FormRecord {
    id: i64,
    family: i64,
    version: i64,
    title: String,
    definition: String,
    is_default: i64,
}

impl From<FormRecord> for FormRow {
    fn from(r: FormRecord) -> Self {
        FormRow {
            id: r.id,
            family: r.family,
            version: r.version,
            title: r.title,
            definition: r.definition,
            is_default: r.is_default != 0,
        }
    }
}

const FORM_COLUMNS: &str = "id, family, version, title, definition, is_default";

/// Ships the academy's default form on first start.
pub async fn ensure_default(db: &Db) -> AppResult<()> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback_forms")
        .fetch_one(db)
        .await?;
    if n == 0 {
        sqlx::query(
            "INSERT INTO feedback_forms (family, version, title, definition, is_default, \
             created_at) VALUES (1, 1, $1, $2, 1, $3)",
        )
        .bind(super::definition::DEFAULT_FORM_TITLE)
        .bind(super::definition::DEFAULT_FORM)
        .bind(now())
        .execute(db)
        .await?;
    }
    Ok(())
}

pub async fn form(db: &Db, id: i64) -> AppResult<Option<FormRow>> {
    let found: Option<FormRecord> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FORM_COLUMNS} FROM feedback_forms WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(found.map(FormRow::from))
}

/// The newest version of a form family.
pub async fn current(db: &Db, family: i64) -> AppResult<Option<FormRow>> {
    let found: Option<FormRecord> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FORM_COLUMNS} FROM feedback_forms WHERE family = $1 ORDER BY version DESC LIMIT 1"
    )))
    .bind(family)
    .fetch_optional(db)
    .await?;
    Ok(found.map(FormRow::from))
}

/// The newest version of every family, the default first.
pub async fn families(db: &Db) -> AppResult<Vec<FormRow>> {
    let rows: Vec<FormRecord> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FORM_COLUMNS} FROM feedback_forms f WHERE version = \
         (SELECT MAX(version) FROM feedback_forms g WHERE g.family = f.family) \
         ORDER BY is_default DESC, title"
    )))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(FormRow::from).collect())
}

pub async fn answered(db: &Db, form_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM feedback_responses WHERE form_id = $1 LIMIT 1) x",
    )
    .bind(form_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Saves a form. A version that already has answers is never changed: the edit becomes the
/// next version. Returns the saved row and whether a new version was made.
pub async fn save(
    db: &Db,
    family: Option<i64>,
    title: &str,
    definition: &str,
    actor: i64,
) -> AppResult<(FormRow, bool)> {
    let t = now();
    let existing = match family {
        Some(f) => Some(
            current(db, f)
                .await?
                .ok_or_else(|| AppError::not_found("There is no such form."))?,
        ),
        None => None,
    };
    let (family, version, new_version) = match &existing {
        Some(old) if !answered(db, old.id).await? => {
            sqlx::query("UPDATE feedback_forms SET title = $2, definition = $3 WHERE id = $1")
                .bind(old.id)
                .bind(title)
                .bind(definition)
                .execute(db)
                .await?;
            return Ok((
                FormRow {
                    title: title.to_string(),
                    definition: definition.to_string(),
                    ..old.clone()
                },
                false,
            ));
        }
        Some(old) => (old.family, old.version + 1, true),
        None => {
            let next: i64 =
                sqlx::query_scalar("SELECT COALESCE(MAX(family), 0) + 1 FROM feedback_forms")
                    .fetch_one(db)
                    .await?;
            (next, 1, false)
        }
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO feedback_forms (family, version, title, definition, is_default, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(family)
    .bind(version)
    .bind(title)
    .bind(definition)
    .bind(existing.as_ref().is_some_and(|f| f.is_default) as i64)
    .bind(actor)
    .bind(t)
    .fetch_one(db)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(
            "Someone saved this form at the same moment. Reload it and try again.".into(),
        ),
        e => e.into(),
    })?;
    Ok((
        FormRow {
            id,
            family,
            version,
            title: title.to_string(),
            definition: definition.to_string(),
            is_default: existing.as_ref().is_some_and(|f| f.is_default),
        },
        new_version,
    ))
}

pub async fn course_choices(db: &Db) -> AppResult<Vec<(String, String, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT c.slug, c.title, f.form_family FROM courses c \
         LEFT JOIN course_forms f ON f.course_id = c.id WHERE c.retired = 0 ORDER BY c.title",
    )
    .fetch_all(db)
    .await?)
}

pub async fn set_course_form(db: &Db, course_id: i64, family: Option<i64>) -> AppResult<()> {
    match family {
        None => {
            sqlx::query("DELETE FROM course_forms WHERE course_id = $1")
                .bind(course_id)
                .execute(db)
                .await?;
        }
        Some(f) => {
            sqlx::query(
                "INSERT INTO course_forms (course_id, form_family) VALUES ($1, $2) \
                 ON CONFLICT (course_id) DO UPDATE SET form_family = excluded.form_family",
            )
            .bind(course_id)
            .bind(f)
            .execute(db)
            .await?;
        }
    }
    Ok(())
}

/// The form a session's attendees answer: the version its first responses used (so one
/// session's answers always share a form), else the newest version of the session's form,
/// the course's, or the academy's default.
pub async fn form_for_session(
    db: &Db,
    session_id: i64,
    session_family: Option<i64>,
    course_id: i64,
) -> AppResult<FormRow> {
    let used: Option<i64> =
        sqlx::query_scalar("SELECT form_id FROM feedback_responses WHERE session_id = $1 LIMIT 1")
            .bind(session_id)
            .fetch_optional(db)
            .await?;
    if let Some(id) = used
        && let Some(f) = form(db, id).await?
    {
        return Ok(f);
    }
    let course_family: Option<i64> =
        sqlx::query_scalar("SELECT form_family FROM course_forms WHERE course_id = $1")
            .bind(course_id)
            .fetch_optional(db)
            .await?;
    for family in [session_family, course_family].into_iter().flatten() {
        if let Some(f) = current(db, family).await? {
            return Ok(f);
        }
    }
    default_form(db).await?.ok_or(AppError::Internal)
}

/// The newest version of the academy's default form, if there is one.
pub async fn default_form(db: &Db) -> AppResult<Option<FormRow>> {
    let default: Option<i64> = sqlx::query_scalar(
        "SELECT family FROM feedback_forms WHERE is_default = 1 ORDER BY id LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    match default {
        Some(f) => current(db, f).await,
        None => Ok(None),
    }
}

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
    let b = crate::accounts::session::random_bytes::<8>();
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
    items: &[&super::writer::Submission],
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
    crate::benchmarks::store::add_responses(&mut tx, &counted).await?;
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
