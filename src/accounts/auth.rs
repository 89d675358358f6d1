//! Who is asking: resolves the session cookie to a person (enforcing idle and absolute expiry),
//! starts and ends sessions, and the `require` check every server function begins with.

use super::permissions::{Permission, authorize};
use super::{User, session, store};
use crate::error::AppResult;
use crate::server::AppState;
use crate::server::context;
use crate::ui::notice::FlashKind;

/// Touching `last_seen_at` at most this often keeps reads from turning into writes.
const TOUCH_EVERY_SECS: i64 = 60;

/// The signed-in person, if any. A tampered, unknown or expired cookie means "nobody"; an
/// expired session is deleted and the person told why they were signed out.
pub async fn current_user(state: &AppState) -> AppResult<Option<User>> {
    let Some(token) = context::cookie(session::COOKIE) else {
        return Ok(None);
    };
    if token.is_empty() {
        return Ok(None);
    }
    if !session::well_formed(&token) {
        context::set_cookie(&session::clear_cookie(state.config.secure_cookies));
        return Ok(None);
    }
    let digest = session::digest(&token);
    let Some(record) = store::find_session(&state.db, &digest).await? else {
        context::set_cookie(&session::clear_cookie(state.config.secure_cookies));
        return Ok(None);
    };
    let now = crate::db::now();
    let idle = state.config.session_idle.as_secs() as i64;
    if now > record.expires_at || now - record.last_seen_at > idle || !record.user.active {
        store::delete_session(&state.db, &digest).await?;
        context::set_cookie(&session::clear_cookie(state.config.secure_cookies));
        if record.user.active {
            context::flash(
                FlashKind::Info,
                "Your session expired, so you were signed out. Please sign in again.",
            );
        }
        return Ok(None);
    }
    if now - record.last_seen_at >= TOUCH_EVERY_SECS {
        store::touch_session(&state.db, &digest, now).await?;
    }
    Ok(Some(record.user))
}

/// The signed-in person, if they hold `permission`; otherwise the reason they may not.
pub async fn require(state: &AppState, permission: Permission) -> AppResult<User> {
    let user = current_user(state).await?;
    authorize(user.as_ref(), permission).cloned()
}

/// Signed in at all, even with a password change pending (for the password page itself).
pub async fn require_signed_in(state: &AppState) -> AppResult<User> {
    current_user(state)
        .await?
        .filter(|u| u.active)
        .ok_or(crate::error::AppError::Unauthenticated)
}

/// Starts a session for `user` and sets its cookie. Returns the session's digest.
pub async fn start_session(state: &AppState, user: &User) -> AppResult<String> {
    let token = session::new_token();
    let digest = session::digest(&token);
    let now = crate::db::now();
    let max = state.config.session_max.as_secs();
    store::create_session(&state.db, &digest, user.id, now, now + max as i64).await?;
    context::set_cookie(&session::set_cookie(
        &token,
        max,
        state.config.secure_cookies,
    ));
    Ok(digest)
}

/// Ends the current session, in the database and in the browser.
pub async fn end_session(state: &AppState) -> AppResult<()> {
    if let Some(token) = context::cookie(session::COOKIE).filter(|t| session::well_formed(t)) {
        store::delete_session(&state.db, &session::digest(&token)).await?;
    }
    context::set_cookie(&session::clear_cookie(state.config.secure_cookies));
    Ok(())
}

/// The digest of the session making this request, to keep it when others are ended.
pub fn current_session_digest() -> Option<String> {
    context::cookie(session::COOKIE)
        .filter(|t| session::well_formed(t))
        .map(|t| session::digest(&t))
}

/// A `next=` target is only followed when it is a path on this site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 512
        && !next.starts_with("/api/");
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/admin/users?page=2")).as_deref(),
            Some("/admin/users?page=2")
        );
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("/api/accounts/sign-out")), None);
        assert_eq!(safe_next(None), None);
    }
}
