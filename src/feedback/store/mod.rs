//! The SQL of feedback: forms and versions and the course's choice of form (here); receipts,
//! anonymous responses and their answers, results and comment moderation (`responses.rs`).

mod responses;

pub use responses::*;

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
    // The form the session's answers were given on, if any (one query, not two).
    let used: Option<FormRecord> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FORM_COLUMNS} FROM feedback_forms WHERE id = \
         (SELECT form_id FROM feedback_responses WHERE session_id = $1 LIMIT 1)"
    )))
    .bind(session_id)
    .fetch_optional(db)
    .await?;
    if let Some(f) = used {
        return Ok(FormRow::from(f));
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
