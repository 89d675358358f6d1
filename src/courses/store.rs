//! The SQL of courses: records each course and lesson with its version and content hash, so
//! enrolments and progress refer to stable ids. A lesson removed from disk is retired, not deleted.
//! Other domains look courses and lessons up here (`by_slug`, `by_id`, `lesson_id`, …).

use super::content::course::content_hash;
use super::content::model::Course;
use crate::db::Db;
use crate::error::AppResult;

/// Upserts every course and lesson in one transaction and retires what is no longer on disk.
pub async fn sync(db: &Db, courses: &[Course]) -> AppResult<()> {
    let now = crate::db::now();
    let mut tx = crate::db::begin_write(db).await?;
    sqlx::query("UPDATE courses SET retired = 1")
        .execute(&mut *tx)
        .await?;
    for c in courses {
        let hash = content_hash(
            c.lessons
                .iter()
                .map(|l| l.content_hash.as_str())
                .collect::<Vec<_>>()
                .join(",")
                .as_bytes(),
        );
        let course_id: i64 = sqlx::query_scalar(
            "INSERT INTO courses (slug, title, version, content_hash, session_required, pass_mark, \
             retired, updated_at, has_check, feedback_required) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9) \
             ON CONFLICT (slug) DO UPDATE SET title = excluded.title, version = excluded.version, \
             content_hash = excluded.content_hash, session_required = excluded.session_required, \
             pass_mark = excluded.pass_mark, retired = 0, updated_at = excluded.updated_at, \
             has_check = excluded.has_check, feedback_required = excluded.feedback_required \
             RETURNING id",
        )
        .bind(&c.slug)
        .bind(&c.title)
        .bind(c.version as i64)
        .bind(&hash)
        .bind(c.session_required as i64)
        .bind(c.pass_mark as i64)
        .bind(now)
        .bind(c.check.as_ref().is_some_and(|k| !k.questions.is_empty()) as i64)
        .bind(c.feedback_required as i64)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE lessons SET retired = 1 WHERE course_id = $1")
            .bind(course_id)
            .execute(&mut *tx)
            .await?;
        for l in &c.lessons {
            sqlx::query(
                "INSERT INTO lessons (course_id, slug, position, title, minutes, content_hash, \
                 retired, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7) \
                 ON CONFLICT (course_id, slug) DO UPDATE SET position = excluded.position, \
                 title = excluded.title, minutes = excluded.minutes, \
                 content_hash = excluded.content_hash, retired = 0, updated_at = excluded.updated_at",
            )
            .bind(course_id)
            .bind(&l.slug)
            .bind(l.number as i64)
            .bind(&l.title)
            .bind(l.minutes as i64)
            .bind(&l.content_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow, PartialEq, Eq)]
pub struct LessonRecord {
    pub id: i64,
    pub slug: String,
    pub position: i64,
    pub retired: i64,
}

/// A course's lessons as stored, retired ones included (for history and tests).
pub async fn lessons_of(db: &Db, course_slug: &str) -> AppResult<Vec<LessonRecord>> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.slug, l.position, l.retired FROM lessons l \
         JOIN courses c ON c.id = l.course_id WHERE c.slug = $1 ORDER BY l.retired, l.position",
    )
    .bind(course_slug)
    .fetch_all(db)
    .await?)
}

/// A course as enrolments, sessions and feedback look it up: its id, version and what it asks
/// of a learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub version: i64,
    pub has_check: bool,
    pub session_required: bool,
    pub feedback_required: bool,
    pub retired: bool,
}

/// The stored row: flags are 0/1 integers on both backends.
#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    slug: String,
    title: String,
    version: i64,
    has_check: i64,
    session_required: i64,
    feedback_required: i64,
    retired: i64,
}

impl From<CourseRow> for CourseRecord {
    fn from(r: CourseRow) -> Self {
        CourseRecord {
            id: r.id,
            slug: r.slug,
            title: r.title,
            version: r.version,
            has_check: r.has_check != 0,
            session_required: r.session_required != 0,
            feedback_required: r.feedback_required != 0,
            retired: r.retired != 0,
        }
    }
}

const COURSE_COLUMNS: &str = "SELECT id, slug, title, version, has_check, session_required, feedback_required, retired \
     FROM courses";

/// A course by its slug, retired or not.
pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<CourseRecord>> {
    let row: Option<CourseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COURSE_COLUMNS} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_optional(db)
    .await?;
    Ok(row.map(CourseRecord::from))
}

/// A course by its id, retired or not.
pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<CourseRecord>> {
    let row: Option<CourseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COURSE_COLUMNS} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(CourseRecord::from))
}

/// A current (not retired) lesson of a course.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CurrentLesson {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

/// A current lesson's id, by its slug.
pub async fn lesson_id(db: &Db, course_id: i64, slug: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM lessons WHERE course_id = $1 AND slug = $2 AND retired = 0",
    )
    .bind(course_id)
    .bind(slug)
    .fetch_optional(db)
    .await?)
}

/// The course's current lessons in order.
pub async fn current_lessons(db: &Db, course_id: i64) -> AppResult<Vec<CurrentLesson>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title FROM lessons WHERE course_id = $1 AND retired = 0 ORDER BY position",
    )
    .bind(course_id)
    .fetch_all(db)
    .await?)
}

/// A course as lists name it: its id, slug and title.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct CourseName {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

/// Every course stored, retired ones included (their answers still count), by title.
pub async fn names(db: &Db) -> AppResult<Vec<CourseName>> {
    Ok(
        sqlx::query_as("SELECT id, slug, title FROM courses ORDER BY title")
            .fetch_all(db)
            .await?,
    )
}

/// The courses in the library now (not retired), by title.
pub async fn in_library(db: &Db) -> AppResult<Vec<CourseName>> {
    Ok(
        sqlx::query_as("SELECT id, slug, title FROM courses WHERE retired = 0 ORDER BY title, id")
            .fetch_all(db)
            .await?,
    )
}
