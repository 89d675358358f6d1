//! Completions and certificates: recording a completion with its certificate exactly once,
//! reading a certificate by its code, and revoking one.

use super::enrolments::{EnrollmentRow, event};
use crate::courses::store::CourseRecord;
use crate::db::Db;
use crate::error::AppResult;
use sqlx::FromRow;

/// Records a completion and issues its certificate, once: of two racing calls, one wins.
/// Returns the new certificate's code.
pub async fn complete(
    db: &Db,
    enrollment: &EnrollmentRow,
    course: &CourseRecord,
    learner_name: &str,
    code: &str,
) -> AppResult<Option<String>> {
    // A course that waits for feedback completes the moment the feedback arrives: timed to the
    // day, the completion cannot be matched with the answer (issue #15).
    let now = match course.feedback_required {
        false => crate::db::now(),
        true => crate::benchmarks::disclosure::coarse_time(crate::db::now()),
    };
    let mut tx = crate::db::begin_write(db).await?;
    let won = sqlx::query(
        "UPDATE enrollments SET completed_at = $2, completed_version = $3, updated_at = $2 \
         WHERE id = $1 AND completed_at IS NULL",
    )
    .bind(enrollment.id)
    .bind(now)
    .bind(course.version)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !won {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO certificates (code, user_id, course_id, course_version, learner_name, \
         course_title, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(code)
    .bind(enrollment.user_id)
    .bind(course.id)
    .bind(course.version)
    .bind(learner_name)
    .bind(&course.title)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    event(
        &mut tx,
        enrollment.id,
        "completed",
        enrollment.user_id,
        &format!("version {}", course.version),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(code.to_string()))
}

#[derive(Debug, Clone, FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub user_id: i64,
    pub course_id: i64,
    pub course_version: i64,
    pub learner_name: String,
    pub course_title: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: String,
}

pub async fn certificate(db: &Db, code: &str) -> AppResult<Option<CertificateRow>> {
    Ok(sqlx::query_as(
        "SELECT code, user_id, course_id, course_version, learner_name, course_title, issued_at, \
         revoked_at, revoked_reason FROM certificates WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(db)
    .await?)
}

pub async fn revoke(db: &Db, code: &str, actor: i64, reason: &str) -> AppResult<bool> {
    Ok(sqlx::query(
        "UPDATE certificates SET revoked_at = $2, revoked_by = $3, revoked_reason = $4 \
         WHERE code = $1 AND revoked_at IS NULL",
    )
    .bind(code)
    .bind(crate::db::now())
    .bind(actor)
    .bind(reason)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}
