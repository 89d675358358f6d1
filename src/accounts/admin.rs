//! Account administration behind the admin pages: creating an account with a one-time password,
//! changing a role or an account's state under the safeguards, and resetting a password.

use super::validation::NewUser;
use super::{OneTimePassword, Role, User, password, store};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::server::state::AppState;

/// When a one-time password given out now stops working.
fn one_time_expiry(state: &AppState) -> i64 {
    crate::db::now() + state.config.one_time_password_ttl.as_secs() as i64
}

fn hours(state: &AppState) -> u64 {
    state.config.one_time_password_ttl.as_secs() / 3600
}

/// Creates the account with a one-time password, which the administrator hands over.
pub async fn create(state: &AppState, new: &NewUser) -> AppResult<OneTimePassword> {
    let one_time = password::one_time();
    let hash = password::hash(one_time.clone()).await?;
    let user = store::insert_user(&state.db, new, Some(&hash), true).await?;
    store::set_password_expiry(&state.db, user.id, one_time_expiry(state)).await?;
    tracing::info!(
        user_id = user.id,
        role = user.role.as_str(),
        "account created"
    );
    Ok(OneTimePassword {
        user_name: user.name,
        password: one_time,
        hours: hours(state),
    })
}

/// Gives `user_id` a role and state; returns their name. An administrator cannot take away
/// their own administrator role or deactivate themselves, and the last active administrator
/// stays one.
pub async fn update(
    db: &Db,
    admin: &User,
    user_id: i64,
    role: Role,
    active: bool,
) -> AppResult<String> {
    let target = store::find_user(db, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("That account does not exist."))?;
    if target.id == admin.id && (role != Role::Admin || !active) {
        return Err(AppError::invalid(
            "You cannot remove your own administrator role or deactivate yourself; \
             ask another administrator.",
        ));
    }
    if target.role == Role::Admin
        && target.active
        && (role != Role::Admin || !active)
        && store::count_active_admins(db).await? <= 1
    {
        return Err(AppError::invalid(
            "The academy needs at least one active administrator.",
        ));
    }
    store::set_role(db, target.id, role).await?;
    store::set_active(db, target.id, active).await?;
    tracing::info!(
        user_id = target.id,
        role = role.as_str(),
        active,
        "account updated"
    );
    Ok(target.name)
}

/// Gives `user_id` a new one-time password and signs them out everywhere.
pub async fn reset_password(state: &AppState, user_id: i64) -> AppResult<OneTimePassword> {
    let target = store::find_user(&state.db, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("That account does not exist."))?;
    let one_time = password::one_time();
    let hash = password::hash(one_time.clone()).await?;
    let expires = one_time_expiry(state);
    store::set_password(&state.db, target.id, &hash, true, Some(expires)).await?;
    store::delete_sessions_of(&state.db, target.id, None).await?;
    Ok(OneTimePassword {
        user_name: target.name,
        password: one_time,
        hours: hours(state),
    })
}
