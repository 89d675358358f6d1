//! Knowledge-check attempts: storing a graded attempt once per form token, reading one back
//! with its number, and whether a person has passed.

use crate::db::Db;
use crate::error::{AppError, AppResult};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

pub async fn check_passed(db: &Db, user_id: i64, course_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM check_attempts WHERE user_id = $1 AND course_id = $2 AND passed = 1",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

pub struct NewAttempt<'a> {
    pub user_id: i64,
    pub course_id: i64,
    pub course_version: i64,
    pub token: &'a str,
    pub correct: i64,
    pub total: i64,
    pub percent: i64,
    pub passed: bool,
    pub answers_json: &'a str,
}

/// Stores a graded attempt. A token already used is a replay: refused, nothing stored.
pub async fn record_attempt(db: &Db, a: &NewAttempt<'_>) -> AppResult<i64> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO check_attempts (user_id, course_id, course_version, token, correct, total, \
         percent, passed, answers, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (token) DO NOTHING RETURNING id",
    )
    .bind(a.user_id)
    .bind(a.course_id)
    .bind(a.course_version)
    .bind(a.token)
    .bind(a.correct)
    .bind(a.total)
    .bind(a.percent)
    .bind(a.passed as i64)
    .bind(a.answers_json)
    .bind(crate::db::now())
    .fetch_optional(db)
    .await?;
    id.ok_or_else(|| {
        AppError::Conflict(
            "These answers were already submitted. Your result is on the course page; to try \
             again, start a new attempt there."
                .into(),
        )
    })
}

#[derive(Debug, Clone)]
pub struct AttemptRow {
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub course_version: i64,
    pub correct: i64,
    pub total: i64,
    pub percent: i64,
    pub passed: bool,
    pub answers: String,
    pub submitted_at: i64,
    pub number: i64,
}

impl FromRow<'_, AnyRow> for AttemptRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AttemptRow {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            course_id: row.try_get("course_id")?,
            course_version: row.try_get("course_version")?,
            correct: row.try_get("correct")?,
            total: row.try_get("total")?,
            percent: row.try_get("percent")?,
            passed: row.try_get::<i64, _>("passed")? != 0,
            answers: row.try_get("answers")?,
            submitted_at: row.try_get("submitted_at")?,
            number: row.try_get("number")?,
        })
    }
}

pub async fn attempt(db: &Db, id: i64) -> AppResult<Option<AttemptRow>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.user_id, a.course_id, a.course_version, a.correct, a.total, a.percent, \
         a.passed, a.answers, a.submitted_at, \
         (SELECT COUNT(*) FROM check_attempts b WHERE b.user_id = a.user_id \
            AND b.course_id = a.course_id AND b.id <= a.id) AS number \
         FROM check_attempts a WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

pub async fn last_attempt(db: &Db, user_id: i64, course_id: i64) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(id) FROM check_attempts WHERE user_id = $1 AND course_id = $2",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_one(db)
    .await?)
}
