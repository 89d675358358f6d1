//! A learner's progress as the pages show it (My learning, the catalog's bars, the course
//! panel, the lesson strip) and the two actions that can complete a course: marking a lesson
//! done and completing a course whose requirements are met.

use super::completion::{self, Assessment};
use super::store::{self, EnrollmentRow};
use super::{CatalogProgress, CourseProgress, LessonProgress, MyLearning, rules, views};
use crate::accounts::User;
use crate::courses::store::CourseRecord;
use crate::error::AppError;
use crate::server::state::AppState;

/// The learner's dashboard: enrolments still open or completed (not ones they left undone).
pub async fn overview(state: &AppState, user: &User) -> Result<MyLearning, AppError> {
    let enrollments = super::transcripts::rows(state, user.id)
        .await?
        .into_iter()
        .filter(|b| b.active || b.completed_on.is_some())
        .collect();
    Ok(MyLearning { enrollments })
}

/// Percent of current lessons done, per course slug, for a person's active enrolments.
pub async fn catalog_progress(state: &AppState, user: &User) -> Result<CatalogProgress, AppError> {
    Ok(store::progress_by_course(&state.db, user.id)
        .await?
        .into_iter()
        .map(|p| {
            let percent = rules::percent(p.done.max(0) as u64, p.total.max(0) as u64);
            (p.slug, percent)
        })
        .collect())
}

/// A person's standing in a course. Viewing never completes a course (a page view must change
/// nothing that matters): when a revision removed the last lesson someone had left, the page
/// offers `complete_course`.
pub async fn in_course(
    state: &AppState,
    user: &User,
    c: &CourseRecord,
    e: &EnrollmentRow,
) -> Result<CourseProgress, AppError> {
    let a = completion::assess(state, user.id, c).await?;
    let row = store::brief(&state.db, e.id)
        .await?
        .ok_or(AppError::Internal)?;
    let tz = state.config.time_zone;
    let brief = views::brief(row, tz, crate::calendar::today(tz));
    let outstanding = if brief.completed_on.is_some() {
        Vec::new()
    } else {
        a.outstanding()
    };
    Ok(CourseProgress {
        lessons_done: a
            .lessons
            .into_iter()
            .filter(|l| a.evidence.lessons_done.contains(&l.id))
            .map(|l| l.slug)
            .collect(),
        outstanding,
        last_attempt: store::last_attempt(&state.db, user.id, c.id).await?,
        brief,
    })
}

/// Opens a lesson for its active learner (recording the first opening) and says whether it is
/// done; `None` for a person not enrolled (or no longer), and for a lesson the course does not
/// have. A view writes only the first time: every later one reads and nothing else, so page
/// views never queue for SQLite's write lock.
pub async fn in_lesson(
    state: &AppState,
    user: &User,
    course: &str,
    lesson: &str,
) -> Result<Option<LessonProgress>, AppError> {
    let Some(s) = store::lesson_standing(&state.db, user.id, course, lesson).await? else {
        return Ok(None);
    };
    let Some(lesson_id) = s.lesson_id.filter(|_| s.active) else {
        return Ok(None);
    };
    if !s.opened {
        store::record_opened(&state.db, user.id, s.course_id, lesson_id).await?;
    }
    Ok(Some(LessonProgress {
        enrollment_id: s.enrollment_id,
        done: s.done,
        lessons_done: s.lessons_done as u32,
        lessons_total: s.lessons_total as u32,
        percent: rules::percent(s.lessons_done.max(0) as u64, s.lessons_total.max(0) as u64),
    }))
}

/// Marks a lesson done and completes the course if that was the last thing; returns what to
/// tell the learner and where to send them next.
pub async fn mark_done(
    state: &AppState,
    user: &User,
    (e, c): (&EnrollmentRow, &CourseRecord),
    lesson: &str,
) -> Result<(String, String), AppError> {
    let lesson_id = crate::courses::store::lesson_id(&state.db, c.id, lesson)
        .await?
        .ok_or_else(|| AppError::not_found("This course has no such lesson."))?;
    store::mark_done(&state.db, user.id, c.id, lesson_id).await?;
    let a = completion::assess(state, user.id, c).await?;
    let certificate = completion::settle(state, user, (e, c), &a).await?;
    let Assessment {
        requirements,
        evidence,
        lessons,
    } = a;
    let next = rules::next_after(&requirements.lessons, lesson_id, &evidence.lessons_done)
        .and_then(|id| lessons.into_iter().find(|l| l.id == id));
    Ok(match (certificate, next) {
        (Some(code), _) => (
            format!("Congratulations — you have completed {}!", c.title),
            format!("/certificates/{code}"),
        ),
        (None, Some(l)) => (
            format!("Lesson marked as done. Next: {}.", l.title),
            format!("/courses/{}/{}", c.slug, l.slug),
        ),
        (None, None) => (
            "Lesson marked as done. Every lesson is done.".to_string(),
            format!("/courses/{}", c.slug),
        ),
    })
}

/// Completes a course whose requirements are all met but that nothing has completed yet (a
/// revision removed the lessons that were left).
pub async fn complete(
    state: &AppState,
    user: &User,
    (e, c): (&EnrollmentRow, &CourseRecord),
) -> Result<(String, String), AppError> {
    let course_page = format!("/courses/{}", c.slug);
    let already = || {
        (
            format!("You have already completed {}.", c.title),
            course_page.clone(),
        )
    };
    if e.completed_at.is_some() {
        return Ok(already());
    }
    let a = completion::assess(state, user.id, c).await?;
    let left = a.outstanding();
    if !left.is_empty() {
        return Err(AppError::invalid(format!(
            "{} is not complete yet. Still to do: {}.",
            c.title,
            left.join("; ")
        )));
    }
    Ok(match completion::settle(state, user, (e, c), &a).await? {
        Some(code) => (
            format!("Congratulations — you have completed {}!", c.title),
            format!("/certificates/{code}"),
        ),
        None => already(),
    })
}
