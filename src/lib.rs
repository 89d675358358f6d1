//! Service Academy: a learning-management system for a city's customer-service training
//! academy. The `ssr` feature builds the server, `hydrate` the browser half.

pub mod accounts;
pub mod app;
pub mod assignments;
pub mod benchmarks;
pub mod courses;
pub mod csv;
pub mod departments;
pub mod enrollment;
pub mod error;
pub mod feedback;
pub mod reports;
pub mod sessions;
pub mod text;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod server;

/// The browser half. Pages are HTML from the server and every form posts without JavaScript
/// (islands mode): only `#[island]` components are hydrated, so the bundle holds those alone.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos' loader hydrates the page's islands right after this returns, in one chain of
    // promise callbacks; a timer runs only once that chain is done. So the marker, for people
    // and tests alike, means every island on the page is live.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
