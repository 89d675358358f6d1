//! The SQL of enrollment: enrolments and their history, lesson progress, check attempts and
//! certificates. Counts are computed from rows, never kept as counters, so repeated or
//! concurrent clicks cannot double-count.

use super::rules::{Evidence, Requirements};
use super::{EnrolReport, Person};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use sqlx::FromRow;
use std::collections::HashSet;

#[derive(Debug, Clone, FromRow)]
pub struct CourseRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub version: i64,
    pub has_check: i64,
    pub session_required: i64,
    pub feedback_required: i64,
    pub retired: i64,
}

pub async fn course(db: &Db, slug: &str) -> AppResult<Option<CourseRow>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, version, has_check, session_required, feedback_required, retired \
         FROM courses WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?)
}

pub async fn course_by_id(db: &Db, id: i64) -> AppResult<Option<CourseRow>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, version, has_check, session_required, feedback_required, retired \
         FROM courses WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct EnrollmentRow {
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub active: i64,
    pub completed_at: Option<i64>,
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

/// (event kind, actor name, detail, at) in order, for the transcript's history.
pub async fn history(db: &Db, enrollment_id: i64) -> AppResult<Vec<(String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT e.kind, COALESCE(u.name, ''), e.at FROM enrollment_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.enrollment_id = $1 ORDER BY e.at, e.id",
    )
    .bind(enrollment_id)
    .fetch_all(db)
    .await?)
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

/// Notes that a lesson was opened (the first time only).
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

/// Whether a lesson is done, and (done, total) over the course's current lessons.
pub async fn lesson_state(
    db: &Db,
    user_id: i64,
    course_id: i64,
    lesson_id: i64,
) -> AppResult<(bool, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM lesson_progress WHERE user_id = $1 AND lesson_id = $3 \
              AND done_at IS NOT NULL), \
           (SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id \
              WHERE p.user_id = $1 AND p.course_id = $2 AND p.done_at IS NOT NULL AND l.retired = 0), \
           (SELECT COUNT(*) FROM lessons WHERE course_id = $2 AND retired = 0)",
    )
    .bind(user_id)
    .bind(course_id)
    .bind(lesson_id)
    .fetch_one(db)
    .await
    .map(|(done, d, t): (i64, i64, i64)| (done != 0, d, t))?)
}

/// The course's current lessons in order: (id, slug, title).
async fn current_lessons(db: &Db, course_id: i64) -> AppResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title FROM lessons WHERE course_id = $1 AND retired = 0 ORDER BY position",
    )
    .bind(course_id)
    .fetch_all(db)
    .await?)
}

/// Ids of the lessons (current or retired) a person has marked done in a course.
async fn done_lessons(db: &Db, user_id: i64, course_id: i64) -> AppResult<HashSet<i64>> {
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

/// Everything the completion rule needs about one person in one course.
pub async fn evidence(
    db: &Db,
    user_id: i64,
    course: &CourseRow,
) -> AppResult<(Requirements, Evidence, Vec<(i64, String, String)>)> {
    let lessons = current_lessons(db, course.id).await?;
    let req = Requirements {
        lessons: lessons.iter().map(|l| l.0).collect(),
        check: course.has_check != 0,
        session: course.session_required != 0,
    };
    let ev = Evidence {
        lessons_done: done_lessons(db, user_id, course.id).await?,
        check_passed: check_passed(db, user_id, course.id).await?,
        attendance: crate::sessions::store::attendance(
            db,
            user_id,
            course.id,
            course.feedback_required != 0,
        )
        .await?,
    };
    Ok((req, ev, lessons))
}

/// Records a completion and issues its certificate, once: of two racing calls, one wins.
/// Returns the new certificate's code.
pub async fn complete(
    db: &Db,
    enrollment: &EnrollmentRow,
    course: &CourseRow,
    learner_name: &str,
    code: &str,
) -> AppResult<Option<String>> {
    // A course that waits for feedback completes the moment the feedback arrives: timed to the
    // day, the completion cannot be matched with the answer (issue #15).
    let now = match course.feedback_required {
        0 => crate::db::now(),
        _ => crate::benchmarks::disclosure::coarse_time(crate::db::now()),
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
pub struct BriefRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub active: i64,
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

/// Percent of current lessons done, per course slug, for a person's active enrolments.
pub async fn progress_by_course(db: &Db, user_id: i64) -> AppResult<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT c.slug, \
           (SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id \
              WHERE p.user_id = e.user_id AND p.course_id = c.id AND p.done_at IS NOT NULL \
              AND l.retired = 0), \
           (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id AND l.retired = 0) \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         WHERE e.user_id = $1 AND e.active = 1",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?)
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

#[derive(Debug, Clone, FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub course_version: i64,
    pub correct: i64,
    pub total: i64,
    pub percent: i64,
    pub passed: i64,
    pub answers: String,
    pub submitted_at: i64,
    pub number: i64,
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

pub async fn person(db: &Db, user_id: i64) -> AppResult<Option<Person>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.employee_id, COALESCE(d.name, '') AS department FROM users u \
         LEFT JOIN departments d ON d.code = u.department_code WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?)
}

pub async fn person_by_employee_id(db: &Db, employee_id: &str) -> AppResult<Option<Person>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.employee_id, COALESCE(d.name, '') AS department FROM users u \
         LEFT JOIN departments d ON d.code = u.department_code WHERE u.employee_id = $1",
    )
    .bind(employee_id)
    .fetch_optional(db)
    .await?)
}

/// One named person: user id, employee id, department code, active.
pub type Named = (i64, String, Option<String>, i64);

/// The named people (for enrolment and assignment lists); ids not found are simply absent.
pub async fn people_by_employee_id(db: &Db, employee_ids: &[String]) -> AppResult<Vec<Named>> {
    let mut found = Vec::with_capacity(employee_ids.len());
    for chunk in employee_ids.chunks(500) {
        let mut cells = Vec::new();
        let named = crate::db::in_list(
            "employee_id",
            chunk.iter().cloned().map(crate::db::Cell::Text),
            &mut cells,
        );
        let sql =
            format!("SELECT id, employee_id, department_code, active FROM users WHERE {named}");
        found.extend(
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
                .fetch_all(db)
                .await?,
        );
    }
    Ok(found)
}

/// Active people of the department(s) named `department`: (user id, employee id).
pub async fn people_in_department(db: &Db, department: &str) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.employee_id FROM users u \
         JOIN departments d ON d.code = u.department_code \
         WHERE d.name = $1 AND u.active = 1 ORDER BY u.id",
    )
    .bind(department)
    .fetch_all(db)
    .await?)
}

/// Enrols many people, each in its own small transaction so that one failure loses nothing
/// already done; the report says what happened to each.
pub async fn enroll_many(
    db: &Db,
    course: &CourseRow,
    people: &[(i64, String)],
    actor: i64,
    due_on: Option<&str>,
    report: &mut EnrolReport,
) -> AppResult<()> {
    for (user_id, _) in people {
        match enroll(db, *user_id, course.id, actor, due_on).await?.1 {
            Enrolled::New => report.enrolled += 1,
            Enrolled::Again => report.re_enrolled += 1,
            Enrolled::Already => report.already += 1,
            Enrolled::DueChanged => report.due_updated += 1,
        }
    }
    Ok(())
}
