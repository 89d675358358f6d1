//! Enrolments and their history: enrolling (one person or many), unenrolling, and the events a
//! transcript shows. Other domains add events inside their own transactions through `event`.

use crate::courses::store::CourseRecord;
use crate::db::Db;
use crate::enrollment::EnrolReport;
use crate::error::AppResult;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

#[derive(Debug, Clone)]
pub struct EnrollmentRow {
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub active: bool,
    pub completed_at: Option<i64>,
}

impl FromRow<'_, AnyRow> for EnrollmentRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(EnrollmentRow {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            course_id: row.try_get("course_id")?,
            active: row.try_get::<i64, _>("active")? != 0,
            completed_at: row.try_get("completed_at")?,
        })
    }
}

pub async fn enrollment(db: &Db, id: i64) -> AppResult<Option<EnrollmentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, course_id, active, completed_at FROM enrollments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

pub async fn enrollment_of(
    db: &Db,
    user_id: i64,
    course_id: i64,
) -> AppResult<Option<EnrollmentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, course_id, active, completed_at FROM enrollments \
         WHERE user_id = $1 AND course_id = $2",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_optional(db)
    .await?)
}

/// What enrolling someone did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolled {
    New,
    Again,
    Already,
    DueChanged,
}

/// Enrols a person (idempotent). An earlier, unenrolled enrolment comes back with its progress.
/// A due date given for someone already enrolled replaces theirs.
pub async fn enroll(
    db: &Db,
    user_id: i64,
    course_id: i64,
    actor: i64,
    due_on: Option<&str>,
) -> AppResult<(i64, Enrolled)> {
    let now = crate::db::now();
    let mut tx = crate::db::begin_write(db).await?;
    let by = (actor != user_id).then_some(actor);
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO enrollments (user_id, course_id, active, enrolled_at, enrolled_by, due_on, \
         updated_at) VALUES ($1, $2, 1, $3, $4, $5, $3) \
         ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(now)
    .bind(by)
    .bind(due_on)
    .fetch_optional(&mut *tx)
    .await?;
    let (id, what) = match inserted {
        Some(id) => (id, Enrolled::New),
        None => {
            let (id, active, due): (i64, i64, Option<String>) = sqlx::query_as(
                "SELECT id, active, due_on FROM enrollments WHERE user_id = $1 AND course_id = $2",
            )
            .bind(user_id)
            .bind(course_id)
            .fetch_one(&mut *tx)
            .await?;
            if active == 0 {
                sqlx::query(
                    "UPDATE enrollments SET active = 1, enrolled_at = $2, enrolled_by = $3, \
                     due_on = COALESCE($4, due_on), updated_at = $2 WHERE id = $1",
                )
                .bind(id)
                .bind(now)
                .bind(by)
                .bind(due_on)
                .execute(&mut *tx)
                .await?;
                (id, Enrolled::Again)
            } else if due_on.is_some() && due_on != due.as_deref() {
                sqlx::query("UPDATE enrollments SET due_on = $2, updated_at = $3 WHERE id = $1")
                    .bind(id)
                    .bind(due_on)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                (id, Enrolled::DueChanged)
            } else {
                (id, Enrolled::Already)
            }
        }
    };
    let kind = match what {
        Enrolled::New => Some("enrolled"),
        Enrolled::Again => Some("re-enrolled"),
        Enrolled::DueChanged => Some("due-changed"),
        Enrolled::Already => None,
    };
    if let Some(kind) = kind {
        event(&mut tx, id, kind, actor, due_on.unwrap_or(""), now).await?;
    }
    tx.commit().await?;
    Ok((id, what))
}

/// Records what happened to an enrolment (its history on the transcript).
pub async fn event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    enrollment_id: i64,
    kind: &'static str,
    actor: i64,
    detail: &str,
    at: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO enrollment_events (enrollment_id, kind, actor_id, detail, at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(enrollment_id)
    .bind(kind)
    .bind(actor)
    .bind(detail)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Unenrols: the enrolment, its progress and attempts stay, marked inactive, with an event.
pub async fn unenroll(db: &Db, enrollment_id: i64, actor: i64) -> AppResult<bool> {
    let now = crate::db::now();
    let mut tx = crate::db::begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE enrollments SET active = 0, updated_at = $2 WHERE id = $1 AND active = 1",
    )
    .bind(enrollment_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 1 {
        event(&mut tx, enrollment_id, "unenrolled", actor, "", now).await?;
    }
    tx.commit().await?;
    Ok(changed == 1)
}

/// One event of an enrolment's history, with the name of whoever caused it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct HistoryEntry {
    pub kind: String,
    pub actor: String,
    pub at: i64,
}

/// An enrolment's events in order, for the transcript's history.
pub async fn history(db: &Db, enrollment_id: i64) -> AppResult<Vec<HistoryEntry>> {
    Ok(sqlx::query_as(
        "SELECT e.kind, COALESCE(u.name, '') AS actor, e.at FROM enrollment_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.enrollment_id = $1 ORDER BY e.at, e.id",
    )
    .bind(enrollment_id)
    .fetch_all(db)
    .await?)
}

/// Enrols many people, each in its own small transaction so that one failure loses nothing
/// already done; the report says what happened to each.
pub async fn enroll_many(
    db: &Db,
    course: &CourseRecord,
    people: &[i64],
    actor: i64,
    due_on: Option<&str>,
    report: &mut EnrolReport,
) -> AppResult<()> {
    for &user_id in people {
        match enroll(db, user_id, course.id, actor, due_on).await?.1 {
            Enrolled::New => report.enrolled += 1,
            Enrolled::Again => report.re_enrolled += 1,
            Enrolled::Already => report.already += 1,
            Enrolled::DueChanged => report.due_updated += 1,
        }
    }
    Ok(())
}
