//! Page guards: a page that needs a permission renders only for people who hold it. Anonymous
//! visitors are sent to sign in (and back afterwards); others see a 403 page. While who is
//! signed in is settling (a sign-in has just returned), pages wait rather than refuse.

use super::User;
use super::current_user::{use_current_user, use_settling};
use super::permissions::{Permission, authorize};
use crate::error::AppError;
use crate::ui::status::ErrorView;
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
    format!("/sign-in?next={}", crate::text::percent_encode(&here))
}

/// Shows loaded data, or what a refusal means for a person: sign in first, choose a password
/// first, or a 403/404/error page with the matching status.
pub fn or_refusal<T, IV: IntoView + 'static>(
    result: Result<T, AppError>,
    view: impl FnOnce(T) -> IV,
) -> AnyView {
    match result {
        Ok(value) => view(value).into_any(),
        Err(e) => refusal(e),
    }
}

/// What a refusal means for a person. Sending them to sign in (or to choose a password) waits
/// while who is signed in is settling: the refusal may have been for the person just leaving.
pub fn refusal(error: AppError) -> AnyView {
    let to = match error {
        AppError::Unauthenticated => sign_in_path(),
        AppError::PasswordChangeRequired => "/account?first=1".to_string(),
        e => return view! { <ErrorView error=e/> }.into_any(),
    };
    let settling = use_settling();
    if !settling.get_untracked() {
        return view! { <Redirect path=to/> }.into_any();
    }
    (move || {
        if settling.get() {
            view! { <Waiting/> }.into_any()
        } else {
            view! { <Redirect path=to.clone()/> }.into_any()
        }
    })
    .into_any()
}

/// What a page shows for the signed-in person: its content, a moment's wait while who is signed
/// in is settling, or a refusal.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision<T> {
    Show(T),
    Wait,
    Refuse(AppError),
}

/// Decides with `rule` on the signed-in person. While who is signed in is settling, a refusal
/// waits instead (the person is about to change), and what is shown stays shown: a page keeps
/// its content, and its half-filled forms, while its own forms are pending. The decision only
/// changes when its outcome does, so a page re-renders only then.
pub fn decide<T, R>(rule: R) -> Memo<Decision<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    R: Fn(Option<&User>) -> Result<T, AppError> + Send + Sync + 'static,
{
    let user = use_current_user();
    let settling = use_settling();
    Memo::new(move |_| match user.with(|u| rule(u.as_ref())) {
        Ok(value) => Decision::Show(value),
        Err(_) if settling.get() => Decision::Wait,
        Err(e) => Decision::Refuse(e),
    })
}

/// Shown instead of a page while who is signed in is settling.
#[component]
pub fn Waiting() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// Renders `children` with the signed-in person when they hold `need`.
#[component]
pub fn Guard<F, IV>(need: Permission, children: F) -> impl IntoView
where
    F: Fn(User) -> IV + Send + Sync + Clone + 'static,
    IV: IntoView + 'static,
{
    let decision = decide(move |user| authorize(user, need).cloned());
    move || match decision.get() {
        Decision::Show(user) => children.clone()(user).into_any(),
        Decision::Wait => view! { <Waiting/> }.into_any(),
        Decision::Refuse(e) => refusal(e),
    }
}
