//! Signing in, and checking a password under the throttle (for signing in and for changing a
//! password): the attempt is reserved before the (costly, gated) hash, so parallel guesses
//! cannot all get by.

use super::throttle::Throttle;
use super::{User, attempts, auth, password, store};
use crate::error::{AppError, AppResult};
use crate::server::context;
use crate::server::state::AppState;

/// How long to tell a client to wait when password checks are queued for too long.
const BUSY_RETRY_SECS: u64 = 5;
/// Longer logins are no email or employee id, and are refused before any lookup.
const MAX_LOGIN_CHARS: usize = 254;
/// Longer passwords are refused before they are hashed.
pub const MAX_SUBMITTED_PASSWORD_CHARS: usize = 1024;

/// Signs in with an email or employee id and a password: the person, and where to send them
/// (choosing their own password first after a one-time one, else `next` if it is safe).
pub async fn sign_in(
    state: &AppState,
    login: &str,
    password: String,
    next: Option<&str>,
) -> AppResult<(User, String)> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(AppError::invalid(
            "Enter your email or employee id, and your password.",
        ));
    }
    if login.chars().count() > MAX_LOGIN_CHARS
        || password.chars().count() > MAX_SUBMITTED_PASSWORD_CHARS
    {
        return Err(AppError::invalid(
            "That email or password is too long to be right.",
        ));
    }
    let found = store::find_for_sign_in(&state.db, login).await?;
    let account_key = match &found {
        Some(login) => format!("user:{}", login.user.id),
        None => format!("login:{}", login.to_lowercase()),
    };
    // A deactivated account is checked like one without a password: its answer is the
    // wrong-password answer, so it never confirms that a guessed password was right.
    let (user, hash, expires_at) = match found {
        Some(l) if l.user.active => (Some(l.user), l.hash, l.expires_at),
        _ => (None, None, None),
    };
    if !check_password(state, &account_key, password, hash).await? {
        return Err(AppError::invalid(
            "That email or employee id and password do not match an account. \
             Check both and try again. If your account was deactivated, ask an academy \
             administrator.",
        ));
    }
    let user = user.ok_or(AppError::Internal)?;
    if user.must_change_password && expires_at.is_some_and(|t| t <= crate::db::now()) {
        return Err(AppError::invalid(
            "This one-time password has expired. Ask an academy administrator for a new one.",
        ));
    }
    auth::start_session(state, &user).await?;
    let target = if user.must_change_password {
        "/account?first=1".to_string()
    } else {
        auth::safe_next(next).unwrap_or_else(|| "/".into())
    };
    Ok((user, target))
}

/// The throttle the academy is configured with.
pub fn throttle(state: &AppState) -> Throttle {
    Throttle {
        free_per_account: state.config.max_failures_per_account,
        max_per_address: state.config.max_failures_per_address,
        window_secs: state.config.throttle_window.as_secs() as i64,
    }
}

/// Checks `password` against `hash` for `account` (a key such as `user:7`), from the client's
/// address. `Ok(false)` is a wrong password, now counted; a throttled attempt is an error that
/// says how long to wait, and checks nothing.
pub async fn check_password(
    state: &AppState,
    account: &str,
    password: String,
    hash: Option<String>,
) -> AppResult<bool> {
    let address = context::client_address(state);
    let throttle = throttle(state);
    let now = crate::db::now();
    let since = now - throttle.window_secs;
    let id = attempts::reserve(&state.db, account, &address, now).await?;
    let decided = match attempts::seen(&state.db, id, account, &address, since).await {
        Ok(seen) => throttle.check(&seen, now),
        Err(e) => Err(e),
    };
    if let Err(refused) = decided {
        attempts::release(&state.db, id).await?;
        return Err(refused);
    }
    match password::verify(password, hash).await {
        Ok(true) => {
            attempts::forgive(&state.db, account, since).await?;
            Ok(true)
        }
        // The reserved row stays: it is this failure.
        Ok(false) => Ok(false),
        Err(e) => {
            attempts::release(&state.db, id).await?;
            if e == AppError::HashingBusy {
                context::set_header("retry-after", &BUSY_RETRY_SECS.to_string());
            }
            Err(e)
        }
    }
}
