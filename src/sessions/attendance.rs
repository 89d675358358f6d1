//! Attendance as people record it: a person checks in with the code on the instructor's screen
//! (wrong codes are counted), an instructor marks the roster; both reconsider completion.

use super::{access, cards, rules, store};
use crate::accounts::User;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;
use std::collections::HashMap;

/// Checks `user` in to `session` with the code they typed; answers what was recorded.
pub async fn check_in(
    state: &AppState,
    user: &User,
    session: i64,
    code: &str,
) -> Result<String, AppError> {
    let s = cards::existing(state, session).await?;
    access::refuse_own_session(state, user, session, "check in to").await?;
    let at = now();
    // Codes count only while check-in is open (from 30 minutes before until the end).
    let to = rules::check_in(at, &s.timing()).map_err(AppError::invalid)?;
    let guesses = &state.check_in_guesses;
    if let Some(secs) = guesses.wait(session, user.id, at) {
        return Err(AppError::TooManyAttempts(format!(
            "Too many wrong check-in codes. Try again in {} minutes, or ask the instructor \
             to mark you present.",
            (secs + 59) / 60
        )));
    }
    if rules::normalize_code(code) != s.checkin_code {
        guesses.wrong(session, user.id, at);
        return Err(AppError::invalid(
            "That is not this session's check-in code. Check the code on the instructor's screen.",
        ));
    }
    guesses.right(session, user.id);
    let st = store::check_in(&state.db, session, user.id, to).await?;
    crate::enrollment::completion::reconsider(state, user.id, s.course_id).await?;
    Ok(format!(
        "You are checked in to {} ({}).",
        s.title,
        st.label().to_lowercase()
    ))
}

/// Records the roster form's marks (registration id to word) by `user`, who may teach it.
pub async fn mark(
    state: &AppState,
    user: &User,
    session: i64,
    form: &HashMap<String, String>,
) -> Result<String, AppError> {
    let s = cards::existing(state, session).await?;
    if let Some(why) = rules::marking_refusal(now(), &s.timing()) {
        return Err(AppError::invalid(why));
    }
    let marks = rules::marks(form).map_err(AppError::invalid)?;
    let changed = store::mark(&state.db, session, &marks, user.id).await?;
    for person in &changed {
        crate::enrollment::completion::reconsider(state, *person, s.course_id).await?;
    }
    Ok(format!(
        "Attendance saved ({} changed). Attendees can now give feedback.",
        changed.len()
    ))
}
