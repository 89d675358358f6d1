//! Checking a password under the throttle, for signing in and for changing a password: the
//! attempt is reserved before the (costly, gated) hash, so parallel guesses cannot all get by.

use super::throttle::Throttle;
use super::{attempts, password};
use crate::error::{AppError, AppResult};
use crate::server::context;
use crate::server::state::AppState;

/// How long to tell a client to wait when password checks are queued for too long.
const BUSY_RETRY_SECS: u64 = 5;

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
