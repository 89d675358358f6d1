//! Knowledge checks: opening one with a fresh form token, grading and storing a submission
//! (completing the course when it passes), and showing an attempt with as much of the answer
//! key as the course allows. Grading itself is pure (`grading.rs`).

use super::completion;
use super::store::{self, EnrollmentRow};
use super::{AttemptView, CheckToTake, grading};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::courses::content::model::ShowAnswers;
use crate::courses::store::CourseRecord;
use crate::error::AppError;
use crate::server::state::AppState;
use std::collections::HashMap;

/// The check to take for an active enrolment; `None` when the course has none.
pub async fn open(
    state: &AppState,
    e: &EnrollmentRow,
    course: &str,
) -> Result<Option<CheckToTake>, AppError> {
    let Some(check) = state.library.current().check_view(course) else {
        return Ok(None);
    };
    let row = store::brief(&state.db, e.id)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(Some(CheckToTake {
        check,
        enrollment_id: e.id,
        token: crate::secrets::token(),
        attempts: row.attempts.max(0) as u32,
        best_score: row.best.map(|b| b.clamp(0, 100) as u8),
    }))
}

/// Grades and stores a submission (once per token); returns what to tell the learner and the
/// attempt's page.
pub async fn submit(
    state: &AppState,
    user: &User,
    (e, c): (&EnrollmentRow, &CourseRecord),
    token: &str,
    answers: &HashMap<String, String>,
) -> Result<(String, String), AppError> {
    grading::submission_fits(token, answers.len()).map_err(AppError::invalid)?;
    let library = state.library.current();
    let course = library
        .course(&c.slug)
        .ok_or_else(|| AppError::not_found("This course is no longer offered."))?;
    let check = course
        .check
        .as_ref()
        .ok_or_else(|| AppError::not_found("This course has no knowledge check."))?;
    let picked = grading::answers_from_form(answers);
    let graded = grading::grade(check, &picked, course.pass_mark).map_err(AppError::Invalid)?;
    let json = serde_json::to_string(&picked).map_err(|_| AppError::Internal)?;
    let id = store::record_attempt(
        &state.db,
        &store::NewAttempt {
            user_id: user.id,
            course_id: c.id,
            course_version: c.version,
            token,
            correct: graded.correct as i64,
            total: graded.total as i64,
            percent: graded.percent as i64,
            passed: graded.passed,
            answers_json: &json,
        },
    )
    .await?;
    let certificate = if graded.passed {
        let a = completion::assess(state, user.id, c).await?;
        completion::settle(state, user, (e, c), &a).await?
    } else {
        None
    };
    let message = match (&certificate, graded.passed) {
        (Some(_), _) => format!(
            "You passed with {} % and completed {}. Your certificate is ready.",
            graded.percent, c.title
        ),
        (None, true) => format!("You passed with {} %.", graded.percent),
        (None, false) if course.show_answers.reveal(false) => format!(
            "You scored {} %; the pass mark is {} %. Read the explanations, then try again.",
            graded.percent, course.pass_mark
        ),
        (None, false) => format!(
            "You scored {} %; the pass mark is {} %. Review the lessons behind the questions \
             marked not right, then try again.",
            graded.percent, course.pass_mark
        ),
    };
    Ok((message, format!("/courses/{}/check/attempts/{id}", c.slug)))
}

/// An attempt as its learner or a trainer sees it.
pub async fn attempt(state: &AppState, user: &User, id: i64) -> Result<AttemptView, AppError> {
    let a = store::attempt(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such attempt."))?;
    let trainer = user.role.can(Permission::ManageTraining);
    if a.user_id != user.id && !trainer {
        return Err(AppError::Forbidden);
    }
    let c = crate::courses::store::by_id(&state.db, a.course_id)
        .await?
        .ok_or(AppError::Internal)?;
    let library = state.library.current();
    let course = library.course(&c.slug);
    let picked: grading::Answers = serde_json::from_str(&a.answers).unwrap_or_default();
    let pass_mark = course.map(|k| k.pass_mark).unwrap_or(80);
    // The questions as they are now; if the check has changed since, only the score shows.
    let questions = course
        .and_then(|k| k.check.as_ref())
        .and_then(|k| grading::grade(k, &picked, pass_mark).ok())
        .filter(|_| a.course_version == c.version)
        .map(|g| g.questions)
        .unwrap_or_default();
    // The answer key shows as the course says (by default once the learner has passed);
    // trainers reviewing an attempt may always see it.
    let setting = course.map(|k| k.show_answers).unwrap_or_default();
    let passed = a.passed || store::check_passed(&state.db, a.user_id, c.id).await?;
    let answer_key_note = if trainer || setting.reveal(passed) {
        None
    } else if setting == ShowAnswers::Never {
        Some("This course does not show the right answers or explanations.".to_string())
    } else {
        Some("The right answers and their explanations are shown once you pass.".to_string())
    };
    let questions = if answer_key_note.is_some() {
        grading::without_key(questions)
    } else {
        questions
    };
    let enrollment = store::enrollment_of(&state.db, a.user_id, c.id).await?;
    let certificate = match &enrollment {
        Some(e) if e.completed_at.is_some() => store::brief(&state.db, e.id)
            .await?
            .and_then(|b| b.certificate),
        _ => None,
    };
    Ok(AttemptView {
        id: a.id,
        number: a.number as u32,
        course_slug: c.slug,
        course_title: c.title,
        submitted_on: crate::calendar::label_of(a.submitted_at, state.config.time_zone),
        correct: a.correct as u32,
        total: a.total as u32,
        percent: a.percent.clamp(0, 100) as u8,
        pass_mark,
        passed: a.passed,
        questions,
        answer_key_note,
        course_completed: enrollment.is_some_and(|e| e.completed_at.is_some()),
        certificate,
    })
}
