//! Lesson progress and the enrolment briefs built from it: which lessons a person opened and
//! marked done, and one enrolment's standing as "My learning" and transcripts list it.

use crate::db::Db;
use crate::error::AppResult;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};
use std::collections::HashSet;

/// Notes that a lesson was opened (the first time only). An `INSERT` takes SQLite's single
/// write lock even when it inserts nothing, so callers check [`lesson_standing`] first and only
/// call this for a lesson not yet opened.
pub async fn record_opened(db: &Db, user_id: i64, course_id: i64, lesson_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO lesson_progress (user_id, lesson_id, course_id, opened_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, lesson_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(lesson_id)
    .bind(course_id)
    .bind(crate::db::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Marks a lesson done. One row per person and lesson, so any number of clicks, concurrent or
/// not, leave it done once, with the time of the first.
pub async fn mark_done(db: &Db, user_id: i64, course_id: i64, lesson_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO lesson_progress (user_id, lesson_id, course_id, opened_at, done_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, lesson_id) \
         DO UPDATE SET done_at = COALESCE(lesson_progress.done_at, excluded.done_at)",
    )
    .bind(user_id)
    .bind(lesson_id)
    .bind(course_id)
    .bind(crate::db::now())
    .execute(db)
    .await?;
    Ok(())
}

/// A learner's standing in one lesson, read in one query: their enrolment in the course (by
/// slug, retired or not), the current lesson of that slug, whether they opened it and marked it
/// done, and how many of the course's current lessons are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonStanding {
    pub enrollment_id: i64,
    pub course_id: i64,
    pub active: bool,
    /// `None` when the course has no current lesson of that slug.
    pub lesson_id: Option<i64>,
    pub opened: bool,
    pub done: bool,
    pub lessons_done: i64,
    pub lessons_total: i64,
}

/// enrolment id, course id, active, lesson id, opened, done, lessons done, lessons total.
type StandingRow = (i64, i64, i64, Option<i64>, i64, i64, i64, i64);

/// `None` when the person is not enrolled in the course (or there is no such course). One
/// round trip, because a lesson page is the page learners load most.
pub async fn lesson_standing(
    db: &Db,
    user_id: i64,
    course_slug: &str,
    lesson_slug: &str,
) -> AppResult<Option<LessonStanding>> {
    let row: Option<StandingRow> = sqlx::query_as(
        "SELECT e.id, e.course_id, e.active, l.id, \
           (SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = e.user_id \
              AND p.lesson_id = l.id), \
           (SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = e.user_id \
              AND p.lesson_id = l.id AND p.done_at IS NOT NULL), \
           (SELECT COUNT(*) FROM lesson_progress p JOIN lessons k ON k.id = p.lesson_id \
              WHERE p.user_id = e.user_id AND p.course_id = e.course_id \
              AND p.done_at IS NOT NULL AND k.retired = 0), \
           (SELECT COUNT(*) FROM lessons k WHERE k.course_id = e.course_id AND k.retired = 0) \
         FROM courses c JOIN enrollments e ON e.course_id = c.id AND e.user_id = $1 \
         LEFT JOIN lessons l ON l.course_id = c.id AND l.slug = $3 AND l.retired = 0 \
         WHERE c.slug = $2",
    )
    .bind(user_id)
    .bind(course_slug)
    .bind(lesson_slug)
    .fetch_optional(db)
    .await?;
    Ok(row.map(
        |(
            enrollment_id,
            course_id,
            active,
            lesson_id,
            opened,
            done,
            lessons_done,
            lessons_total,
        )| {
            LessonStanding {
                enrollment_id,
                course_id,
                active: active != 0,
                lesson_id,
                opened: opened != 0,
                done: done != 0,
                lessons_done,
                lessons_total,
            }
        },
    ))
}

/// Ids of the lessons (current or retired) a person has marked done in a course.
pub async fn done_lessons(db: &Db, user_id: i64, course_id: i64) -> AppResult<HashSet<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT lesson_id FROM lesson_progress WHERE user_id = $1 AND course_id = $2 \
         AND done_at IS NOT NULL",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().collect())
}

#[derive(Debug, Clone)]
pub struct BriefRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub active: bool,
    pub enrolled_at: i64,
    pub due_on: Option<String>,
    pub completed_at: Option<i64>,
    pub completed_version: Option<i64>,
    pub lessons_total: i64,
    pub lessons_done: i64,
    pub opened: i64,
    pub best: Option<i64>,
    pub attempts: i64,
    pub certificate: Option<String>,
    pub resume_slug: Option<String>,
    pub resume_title: Option<String>,
}

impl FromRow<'_, AnyRow> for BriefRow {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(BriefRow {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            title: row.try_get("title")?,
            active: row.try_get::<i64, _>("active")? != 0,
            enrolled_at: row.try_get("enrolled_at")?,
            due_on: row.try_get("due_on")?,
            completed_at: row.try_get("completed_at")?,
            completed_version: row.try_get("completed_version")?,
            lessons_total: row.try_get("lessons_total")?,
            lessons_done: row.try_get("lessons_done")?,
            opened: row.try_get("opened")?,
            best: row.try_get("best")?,
            attempts: row.try_get("attempts")?,
            certificate: row.try_get("certificate")?,
            resume_slug: row.try_get("resume_slug")?,
            resume_title: row.try_get("resume_title")?,
        })
    }
}

const BRIEF_SELECT: &str = "SELECT e.id, c.slug, c.title, e.active, e.enrolled_at, e.due_on, \
    e.completed_at, e.completed_version, \
    (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id AND l.retired = 0) AS lessons_total, \
    (SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id \
       WHERE p.user_id = e.user_id AND p.course_id = c.id AND p.done_at IS NOT NULL \
       AND l.retired = 0) AS lessons_done, \
    (SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = e.user_id \
       AND p.course_id = c.id) AS opened, \
    (SELECT MAX(a.percent) FROM check_attempts a WHERE a.user_id = e.user_id \
       AND a.course_id = c.id) AS best, \
    (SELECT COUNT(*) FROM check_attempts a WHERE a.user_id = e.user_id \
       AND a.course_id = c.id) AS attempts, \
    (SELECT z.code FROM certificates z WHERE z.user_id = e.user_id AND z.course_id = c.id \
       AND z.revoked_at IS NULL ORDER BY z.issued_at DESC LIMIT 1) AS certificate, \
    (SELECT l.slug FROM lessons l WHERE l.course_id = c.id AND l.retired = 0 AND NOT EXISTS \
       (SELECT 1 FROM lesson_progress p WHERE p.user_id = e.user_id AND p.lesson_id = l.id \
        AND p.done_at IS NOT NULL) ORDER BY l.position LIMIT 1) AS resume_slug, \
    (SELECT l.title FROM lessons l WHERE l.course_id = c.id AND l.retired = 0 AND NOT EXISTS \
       (SELECT 1 FROM lesson_progress p WHERE p.user_id = e.user_id AND p.lesson_id = l.id \
        AND p.done_at IS NOT NULL) ORDER BY l.position LIMIT 1) AS resume_title \
    FROM enrollments e JOIN courses c ON c.id = e.course_id ";

/// A person's enrolments: active first, then by due date, then newest.
pub async fn briefs(db: &Db, user_id: i64) -> AppResult<Vec<BriefRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{BRIEF_SELECT} WHERE e.user_id = $1 ORDER BY e.active DESC, \
         CASE WHEN e.due_on IS NULL THEN 1 ELSE 0 END, e.due_on, e.enrolled_at DESC, e.id DESC"
    )))
    .bind(user_id)
    .fetch_all(db)
    .await?)
}

pub async fn brief(db: &Db, enrollment_id: i64) -> AppResult<Option<BriefRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{BRIEF_SELECT} WHERE e.id = $1"
    )))
    .bind(enrollment_id)
    .fetch_optional(db)
    .await?)
}

/// Current lessons done out of the course's current lessons, for one active enrolment.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CourseLessons {
    pub slug: String,
    pub done: i64,
    pub total: i64,
}

/// Lessons done per course slug, for a person's active enrolments.
pub async fn progress_by_course(db: &Db, user_id: i64) -> AppResult<Vec<CourseLessons>> {
    Ok(sqlx::query_as(
        "SELECT c.slug, \
           (SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id \
              WHERE p.user_id = e.user_id AND p.course_id = c.id AND p.done_at IS NOT NULL \
              AND l.retired = 0) AS done, \
           (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id AND l.retired = 0) AS total \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         WHERE e.user_id = $1 AND e.active = 1",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?)
}
