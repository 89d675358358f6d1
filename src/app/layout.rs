//! The page frame: skip link, header with role-aware navigation, the notice area, main content
//! and footer. Sign-out is a real form so it works without JavaScript.

use crate::accounts::User;
use crate::accounts::api::take_notice;
use crate::accounts::current_user::{use_auth_forms, use_current_user};
use crate::accounts::permissions::Permission;
use crate::ui::notice::{Flash, FlashTick, Notice};
use leptos::prelude::*;
use leptos_router::components::A;

/// Milliseconds on the browser's clock (effects only run in the browser).
fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// On the server: the notice the `identify` middleware took for this page view.
fn request_notice() -> Option<Flash> {
    #[cfg(feature = "ssr")]
    {
        crate::server::context::page_notice()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let user = use_current_user();
    let tick = expect_context::<FlashTick>().0;
    // The notice is known before rendering (from the request) and handed to the browser with
    // the page; after a form submission in the browser it is fetched again. No async boundary
    // is shared with the page's own data.
    let notice = RwSignal::new(SharedValue::new(request_notice).into_inner());
    let shown_at = StoredValue::new(0.0);
    Effect::watch(
        move || tick.get(),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(flash) = take_notice().await {
                    notice.set(flash);
                    shown_at.set_value(now_ms());
                }
            })
        },
        false,
    );
    // Moving to another page retires an old notice, but not one that just arrived with the
    // very navigation a form caused (the two happen in either order).
    let location = leptos_router::hooks::use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| {
            if now_ms() - shown_at.get_value() > 2000.0 {
                notice.set(None);
            }
        },
        false,
    );
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"SA"</span>
                    <span>"Service Academy"</span>
                </a>
                {move || view! { <Navigation user=user.get()/> }}
            </div>
        </header>
        <main id="main" tabindex="-1">
            <div class="notices" aria-live="polite">
                {move || notice.get().map(|flash| view! { <Notice flash=flash/> })}
            </div>
            {children()}
        </main>
        <footer class="site-footer">
            <p>"Service Academy — customer-service training for city employees."</p>
        </footer>
    }
}

#[component]
fn Navigation(user: Option<User>) -> impl IntoView {
    let can = |p: Permission| user.as_ref().is_some_and(|u| u.active && u.role.can(p));
    let signed_in = user.is_some();
    let sign_out = use_auth_forms().sign_out;
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                {signed_in.then(|| view! { <li><A href="/" exact=true>"Dashboard"</A></li> })}
                <li><A href="/courses">"Courses"</A></li>
                {signed_in.then(|| view! {
                    <li><A href="/case-studies">"Case studies"</A></li>
                    <li><A href="/glossary">"Glossary"</A></li>
                })}
                {can(Permission::Teach).then(|| view! { <li><A href="/teaching">"Teaching"</A></li> })}
                {can(Permission::ManageTraining).then(|| view! { <li><A href="/trainer">"Training"</A></li> })}
                {can(Permission::ManageUsers).then(|| view! { <li><A href="/admin/users">"Users"</A></li> })}
            </ul>
            <div class="account-nav">
                {match user {
                    Some(u) => view! {
                        <A href="/account" attr:class="account-link">
                            <span class="visually-hidden">"Your account: "</span>
                            {u.name.clone()}
                            <span class="role-badge">{u.role.label()}</span>
                        </A>
                        <ActionForm action=sign_out attr:class="inline-form">
                            <button type="submit" class="link-button">"Sign out"</button>
                        </ActionForm>
                    }
                    .into_any(),
                    None => view! { <a class="button" href="/sign-in">"Sign in"</a> }.into_any(),
                }}
            </div>
        </nav>
    }
}
