//! Page guards: a page that needs a permission renders only for people who hold it. Anonymous
//! visitors are sent to sign in (and back afterwards); others see a 403 page.

use super::status::ErrorView;
use super::use_current_user;
use crate::accounts::User;
use crate::accounts::permissions::{Permission, authorize};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The sign-in address that returns to the current page (with its query) afterwards.
pub fn sign_in_path() -> String {
    let loc = use_location();
    // The router's `search` is the query without its `?`.
    let (path, query) = (loc.pathname.get_untracked(), loc.search.get_untracked());
    let here = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    format!("/sign-in?next={}", encode_component(&here))
}

/// Percent-encodes text for a URL query value (keeps letters, digits and `-_./`).
pub fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Shows loaded data, or what a refusal means for a person: sign in first, choose a password
/// first, or a 403/404/error page with the matching status.
pub fn or_refusal<T, IV: IntoView + 'static>(
    result: Result<T, AppError>,
    view: impl FnOnce(T) -> IV,
) -> AnyView {
    match result {
        Ok(value) => view(value).into_any(),
        Err(AppError::Unauthenticated) => view! { <Redirect path=sign_in_path()/> }.into_any(),
        Err(AppError::PasswordChangeRequired) => {
            view! { <Redirect path="/account?first=1"/> }.into_any()
        }
        Err(e) => view! { <ErrorView error=e/> }.into_any(),
    }
}

/// Renders `children` with the signed-in person when they hold `need`.
#[component]
pub fn Guard<F, IV>(need: Permission, children: F) -> impl IntoView
where
    F: Fn(User) -> IV + Send + Sync + Clone + 'static,
    IV: IntoView + 'static,
{
    let user = use_current_user();
    move || {
        let decided = authorize(user.get().as_ref(), need).cloned();
        or_refusal(decided, children.clone())
    }
}
