//! Who may do what with a session: trainers manage every session, an instructor teaches the
//! sessions they are listed on, and nobody takes part in a session they teach.

use super::store;
use crate::accounts::permissions::Permission;
use crate::accounts::{User, auth};
use crate::error::AppError;
use crate::server::state::AppState;

/// Trainers manage every session; an instructor teaches the sessions they are listed on.
pub async fn may_teach(state: &AppState, user: &User, session_id: i64) -> Result<bool, AppError> {
    if user.role.can(Permission::ManageTraining) {
        return Ok(true);
    }
    Ok(user.role.can(Permission::Teach)
        && store::is_instructor(&state.db, session_id, user.id).await?)
}

/// The signed-in person, if they may mark this session's roster and see its results.
pub async fn require_teacher(state: &AppState, session_id: i64) -> Result<User, AppError> {
    let user = auth::require(state, Permission::Teach).await?;
    if may_teach(state, &user, session_id).await? {
        Ok(user)
    } else {
        tracing::warn!(
            user_id = user.id,
            session_id,
            "refused: not an instructor of this session"
        );
        Err(AppError::Forbidden)
    }
}

/// Refuses an instructor's own session: their registration, check-in or answers would pad the
/// count that guards their results, or rate themselves.
pub async fn refuse_own_session(
    state: &AppState,
    user: &User,
    session_id: i64,
    what: &str,
) -> Result<(), AppError> {
    let teaches = store::is_instructor(&state.db, session_id, user.id).await?;
    refuse_if_teaching(teaches, user, session_id, what)
}

/// The session, refused unless the person attended it and does not teach it (the checks of
/// [`refuse_own_session`] and of an attended registration, read in one query).
pub async fn attended_session(
    state: &AppState,
    user: &User,
    session_id: i64,
    what: &str,
) -> Result<store::SessionRow, AppError> {
    let found = store::session_for_person(&state.db, session_id, user.id)
        .await?
        .ok_or_else(super::cards::no_such_session)?;
    refuse_if_teaching(found.teaches > 0, user, session_id, what)?;
    if !found.state().is_some_and(|s| s.attended()) {
        return Err(AppError::invalid(format!(
            "Only people marked as attending this session can {what} it."
        )));
    }
    Ok(found.session)
}

/// The refusal of [`refuse_own_session`], for a person already known to teach the session or not.
fn refuse_if_teaching(
    teaches: bool,
    user: &User,
    session_id: i64,
    what: &str,
) -> Result<(), AppError> {
    if !teaches {
        return Ok(());
    }
    tracing::warn!(
        user_id = user.id,
        session_id,
        "refused: {what} of one's own session"
    );
    Err(AppError::Conflict(format!(
        "You teach this session, so you cannot {what} it: only the people you teach count in its results."
    )))
}

/// The active account with this employee id, if any: whom a trainer may register or name as an
/// instructor.
pub async fn active_person(state: &AppState, employee_id: &str) -> Result<Option<User>, AppError> {
    let Some(p) = crate::accounts::store::person_by_employee_id(&state.db, employee_id).await?
    else {
        return Ok(None);
    };
    Ok(crate::accounts::store::find_user(&state.db, p.id)
        .await?
        .filter(|u| u.active))
}
