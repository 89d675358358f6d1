//! Server functions of accounts. Each one: who is asking, may they, then store and rules, and
//! an answer that works for enhanced forms and plain HTML posts alike.

use super::{User, UserPage};
use crate::error::AppError;
use crate::ui::notice::Flash;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::auth,
    super::permissions::Permission,
    super::{Role, password, signin, store, validation},
    crate::server::context::{self, answer, answer_to, load},
};

#[cfg(feature = "ssr")]
const MAX_LOGIN_CHARS: usize = 254;
#[cfg(feature = "ssr")]
const MAX_SUBMITTED_PASSWORD_CHARS: usize = 1024;

/// The signed-in person, or `None`. Never an error for anonymous visitors.
#[server(endpoint = "accounts/me")]
pub async fn current_user() -> Result<Option<User>, AppError> {
    let state = context::state()?;
    load(auth::current_user(&state).await)
}

/// The notice left by the last form, read once.
#[server(endpoint = "notice")]
pub async fn take_notice() -> Result<Option<Flash>, AppError> {
    Ok(context::take_flash())
}

#[server(endpoint = "accounts/sign-in")]
pub async fn sign_in(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
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
        if !signin::check_password(&state, &account_key, password, hash).await? {
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
        auth::start_session(&state, &user).await?;
        let target = if user.must_change_password {
            "/account?first=1".to_string()
        } else {
            auth::safe_next(next.as_deref()).unwrap_or_else(|| "/".into())
        };
        Ok((user, target))
    }
    .await;
    answer_to(result.map(|(user, target)| (format!("Welcome, {}.", user.name), target)))
}

#[server(endpoint = "accounts/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        auth::end_session(&state).await
    }
    .await;
    answer(result, Some(("You have signed out.", "/")))
}

#[server(endpoint = "accounts/password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require_signed_in(&state).await?;
        if current.chars().count() > MAX_SUBMITTED_PASSWORD_CHARS {
            return Err(AppError::invalid("Your current password is not right."));
        }
        let hash = store::password_hash(&state.db, user.id).await?;
        // Throttled like signing in: a stolen session must not become a password oracle.
        let account_key = format!("user:{}", user.id);
        if !signin::check_password(&state, &account_key, current, hash).await? {
            return Err(AppError::invalid("Your current password is not right."));
        }
        validation::new_password(&new_password, &confirm, &[&user.email, &user.employee_id])?;
        let hash = password::hash(new_password).await?;
        store::set_password(&state.db, user.id, &hash, false, None).await?;
        let keep = auth::current_session_digest(&state);
        store::delete_sessions_of(&state.db, user.id, keep.as_deref()).await?;
        Ok(())
    }
    .await;
    answer(
        result,
        Some((
            "Your password has been changed. Other computers where you were signed in have been signed out.",
            "/account",
        )),
    )
}

/// When a one-time password given out now stops working.
#[cfg(feature = "ssr")]
fn one_time_expiry(state: &crate::server::state::AppState) -> i64 {
    crate::db::now() + state.config.one_time_password_ttl.as_secs() as i64
}

/// What an administrator gets back after creating an account or resetting a password.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OneTimePassword {
    pub user_name: String,
    pub password: String,
    /// How many hours it works.
    pub hours: u64,
}

#[server(endpoint = "admin/users/list")]
pub async fn list_users(search: String, page: i64) -> Result<UserPage, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        if search.chars().count() > 100 {
            return Err(AppError::invalid("Search for at most 100 characters."));
        }
        store::list_users(&state.db, &search, page.clamp(1, 100_000), 50).await
    }
    .await;
    load(result)
}

#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    employee_id: String,
    name: String,
    email: String,
    department: String,
    role: String,
) -> Result<OneTimePassword, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        let new = validation::new_user(&employee_id, &name, &email, &department, &role)?;
        let one_time = password::one_time();
        let hash = password::hash(one_time.clone()).await?;
        let user = store::insert_user(&state.db, &new, Some(&hash), true).await?;
        store::set_password_expiry(&state.db, user.id, one_time_expiry(&state)).await?;
        tracing::info!(
            user_id = user.id,
            role = user.role.as_str(),
            "account created"
        );
        Ok(OneTimePassword {
            user_name: user.name,
            password: one_time,
            hours: state.config.one_time_password_ttl.as_secs() / 3600,
        })
    }
    .await;
    let message = result.as_ref().ok().map(|o| {
        format!(
            "Account created for {}. Their one-time password is {} — give it to them in person; \
             it works for {} hours, and they will choose their own when they first sign in.",
            o.user_name, o.password, o.hours
        )
    });
    answer(result, message.as_deref().map(|m| (m, "/admin/users")))
}

#[server(endpoint = "admin/users/update")]
pub async fn update_user(
    user_id: i64,
    role: String,
    active: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let admin = auth::require(&state, Permission::ManageUsers).await?;
        let role = Role::parse(&role)?;
        let active = active.is_some();
        let target = store::find_user(&state.db, user_id)
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
            && store::count_active_admins(&state.db).await? <= 1
        {
            return Err(AppError::invalid(
                "The academy needs at least one active administrator.",
            ));
        }
        store::set_role(&state.db, target.id, role).await?;
        store::set_active(&state.db, target.id, active).await?;
        tracing::info!(
            user_id = target.id,
            role = role.as_str(),
            active,
            "account updated"
        );
        Ok(target.name)
    }
    .await;
    let message = result
        .as_ref()
        .ok()
        .map(|n| format!("Saved changes to {n}."));
    answer(
        result.map(|_| ()),
        message.as_deref().map(|m| (m, "/admin/users")),
    )
}

#[server(endpoint = "admin/users/reset-password")]
pub async fn reset_password(user_id: i64) -> Result<OneTimePassword, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        let target = store::find_user(&state.db, user_id)
            .await?
            .ok_or_else(|| AppError::not_found("That account does not exist."))?;
        let one_time = password::one_time();
        let hash = password::hash(one_time.clone()).await?;
        let expires = one_time_expiry(&state);
        store::set_password(&state.db, target.id, &hash, true, Some(expires)).await?;
        store::delete_sessions_of(&state.db, target.id, None).await?;
        Ok(OneTimePassword {
            user_name: target.name,
            password: one_time,
            hours: state.config.one_time_password_ttl.as_secs() / 3600,
        })
    }
    .await;
    let message = result.as_ref().ok().map(|o| {
        format!(
            "{} has a new one-time password: {} — it works for {} hours; they will choose their \
             own at next sign-in.",
            o.user_name, o.password, o.hours
        )
    });
    answer(result, message.as_deref().map(|m| (m, "/admin/users")))
}

/// Whose a set-password link is (their name), if it still works.
#[server(endpoint = "accounts/link")]
pub async fn password_link(token: String) -> Result<String, AppError> {
    let result = async {
        let state = context::state()?;
        Ok(super::links::holder(&state.db, token.trim()).await?.1)
    }
    .await;
    load(result)
}

/// Chooses a password with a one-time link, then sends the person to sign in.
#[server(endpoint = "accounts/link/set")]
pub async fn set_password_with_link(
    token: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let token = token.trim();
        let (user_id, _) = super::links::holder(&state.db, token).await?;
        let user = store::find_user(&state.db, user_id)
            .await?
            .ok_or(AppError::Internal)?;
        validation::new_password(&new_password, &confirm, &[&user.email, &user.employee_id])?;
        let hash = password::hash(new_password).await?;
        super::links::redeem(&state.db, token, user_id, &hash).await?;
        tracing::info!(user_id, "password chosen with a one-time link");
        Ok(())
    }
    .await;
    answer(
        result,
        Some((
            "Your password is set. Sign in with your email or employee id.",
            "/sign-in",
        )),
    )
}
