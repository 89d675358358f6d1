//! Shared components: notices, status pages, form fields, download links, data tables, charts,
//! progress bars and pagers. A leaf library: domain pages and the app shell compose these; no domain here.

#[cfg(feature = "ssr")]
pub mod charts;
pub mod download;
pub mod forms;
pub mod notice;
pub mod progress;
pub mod status;
pub mod table;

use leptos::prelude::*;

pub use download::DownloadLink;
pub use table::DataTable;

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
