//! `academy bench bare-page`: the yardstick of issue #17 — a bare Leptos page (the start-axum
//! template's one page, no database, none of the academy's middleware) served by leptos_axum.
//!
//! It lives in the academy's own binary so that it is built with exactly the same profile,
//! compiler and crate versions as the pages it is compared with (`scripts/bench-pages`). It
//! renders through the same path as any Leptos app: `generate_route_list`, `leptos_routes`, a
//! `shell` with `HydrationScripts` and `MetaTags`, and a router with one route.

use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::net::SocketAddr;

fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <BareApp/>
            </body>
        </html>
    }
}

#[component]
fn BareApp() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="A bare Leptos page"/>
        <Router>
            <main>
                <Routes fallback=|| "Page not found.".into_view()>
                    <Route path=path!("/") view=BarePage/>
                </Routes>
            </main>
        </Router>
    }
}

/// The one component: a heading and a counter, as the template has.
#[component]
fn BarePage() -> impl IntoView {
    let count = RwSignal::new(0);
    view! {
        <h1>"Welcome to Leptos!"</h1>
        <button on:click=move |_| *count.write() += 1>"Click Me: " {count}</button>
    }
}

/// Serves the bare page at `addr` until the process is stopped.
pub async fn serve(addr: SocketAddr) -> Result<(), String> {
    let options = LeptosOptions::builder()
        .output_name("academy")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let routes = generate_route_list(BareApp);
    let app = axum::Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .with_state(options);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("A bare Leptos page is at http://{addr}/");
    axum::serve(listener, app)
        .await
        .map_err(|e| format!("server error: {e}"))
}
