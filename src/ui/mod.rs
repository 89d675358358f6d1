//! Shared components: the page layout and navigation, who is signed in, notices, page guards,
//! status pages, form fields and download links. Domain pages compose these; no SQL here.

#[cfg(feature = "ssr")]
pub mod charts;
pub mod current_user;
pub mod download;
pub mod forms;
pub mod guard;
pub mod layout;
pub mod notice;
pub mod progress;
pub mod status;

use crate::accounts::User;
use leptos::prelude::*;

pub use current_user::{CurrentUser, use_current_user};
pub use download::DownloadLink;

/// On the server: the notice the `identify` middleware took for this page view.
pub fn request_notice() -> Option<notice::Flash> {
    #[cfg(feature = "ssr")]
    {
        crate::server::context::page_notice()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// On the server: the person the `identify` middleware resolved for this request.
pub fn request_user() -> Option<User> {
    #[cfg(feature = "ssr")]
    {
        crate::server::context::signed_in().and_then(|s| s.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// A numeric route parameter (`/sessions/:id`), `None` when absent or not a number.
pub fn number_param(name: &'static str) -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).and_then(|s| s.parse::<i64>().ok())
}

/// Resources that should refresh after any form submission use this as (part of) their source.
pub fn form_tick() -> u64 {
    expect_context::<notice::FlashTick>().0.get()
}

/// Previous / next links over numbered pages; `base` may already carry a query string.
pub fn pager(base: String, page: u32, pages: u32) -> impl IntoView {
    let sep = if base.contains('?') { '&' } else { '?' };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {(page > 1).then(|| view! { <a href=format!("{base}{sep}page={}", page - 1)>"Previous"</a> })}
                <span>{format!(" Page {page} of {pages} ")}</span>
                {(page < pages).then(|| view! { <a href=format!("{base}{sep}page={}", page + 1)>"Next"</a> })}
            </nav>
        }
    })
}
