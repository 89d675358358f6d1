//! Page guards: a page that needs a permission renders only for people who hold it. Anonymous
//! visitors are sent to sign in (and back afterwards); others see a 403 page.

use super::status::{ErrorView, Forbidden};
use super::use_current_user;
use crate::accounts::User;
use crate::accounts::permissions::{Permission, authorize};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The sign-in address that returns to the current page afterwards.
pub fn sign_in_path() -> String {
    let loc = use_location();
    let here = format!(
        "{}{}",
        loc.pathname.get_untracked(),
        loc.search.get_untracked()
    );
    let encoded: String = here
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("/sign-in?next={encoded}")
}

/// Renders `children` with the signed-in person when they hold `need`.
#[component]
pub fn Guard<F, IV>(need: Permission, children: F) -> impl IntoView
where
    F: Fn(User) -> IV + Send + Sync + Clone + 'static,
    IV: IntoView + 'static,
{
    let user = use_current_user();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(None) => view! { <Redirect path=sign_in_path()/> }.into_any(),
                        Ok(Some(u)) => match authorize(Some(&u), need) {
                            Ok(u) => children(u.clone()).into_any(),
                            Err(AppError::PasswordChangeRequired) => {
                                view! { <Redirect path="/account?first=1"/> }.into_any()
                            }
                            Err(AppError::Unauthenticated) => {
                                view! { <Redirect path=sign_in_path()/> }.into_any()
                            }
                            Err(_) => view! { <Forbidden/> }.into_any(),
                        },
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
