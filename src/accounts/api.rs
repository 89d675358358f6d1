//! Server functions of accounts. Each one: who is asking, may they, then store and rules, and
//! an answer that works for enhanced forms and plain HTML posts alike.

use super::{OneTimePassword, User, UserPage};
use crate::error::AppError;
use crate::ui::notice::Flash;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::auth,
    super::permissions::Permission,
    super::{Role, admin, password, signin, store, validation},
    crate::server::context::{self, answer, answer_to, load},
};

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
        signin::sign_in(&state, &login, password, next.as_deref()).await
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
        if current.chars().count() > signin::MAX_SUBMITTED_PASSWORD_CHARS {
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
        admin::create(&state, &new).await
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
        let by = auth::require(&state, Permission::ManageUsers).await?;
        let role = Role::parse(&role)?;
        admin::update(&state.db, &by, user_id, role, active.is_some()).await
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
        admin::reset_password(&state, user_id).await
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
        Ok(super::links::holder(&state.db, token.trim()).await?.name)
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
        let user_id = super::links::holder(&state.db, token).await?.user_id;
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
