//! Pages finish rendering while another router of the app is being built in the same process.
//! Listing the app's routes renders it with resource loading suspended by a process-wide flag
//! (leptos_server's `SuppressResourceLoad`), so a page whose resource is first polled meanwhile
//! used to wait forever (leptos-rs/leptos#4773): the test suite starts many servers in one
//! process, which is how one render in a few thousand stalled.

mod common;

use academy::accounts::Role;
use common::{TestApp, on_server};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[tokio::test]
async fn pages_render_while_other_routers_of_the_app_are_built() {
    let app = TestApp::start().await;
    let (browser, _) = app.signed_in(Role::Employee, "E0001").await;
    let browser = Arc::new(browser);
    // Warm up: the first render of each page, outside the race.
    for path in ["/", "/courses", "/sessions", "/transcript"] {
        assert_eq!(browser.get(path).await.status, 200, "{path}");
    }

    // Build routers of the app, one after another, for as long as the pages are being rendered —
    // as the test suite does when its tests start their servers side by side.
    let building = Arc::new(AtomicBool::new(true));
    let state = app.state.clone();
    let builder = {
        let building = building.clone();
        tokio::spawn(on_server(async move {
            let mut built = 0u32;
            while building.load(Ordering::Relaxed) {
                let state = state.clone();
                // Off the runtime's workers, as a second test starting its server would be.
                tokio::task::spawn_blocking(move || drop(academy::server::router::router(state)))
                    .await
                    .unwrap();
                built += 1;
            }
            built
        }))
    };

    let mut slow = Vec::new();
    let started = Instant::now();
    let mut renders = 0;
    while started.elapsed() < Duration::from_secs(8) {
        let mut round = Vec::new();
        for path in ["/", "/courses", "/sessions", "/transcript"] {
            let browser = browser.clone();
            round.push(tokio::spawn(async move {
                let begun = Instant::now();
                let outcome =
                    tokio::time::timeout(Duration::from_secs(10), browser.get(path)).await;
                (path, begun.elapsed(), outcome.map(|page| page.status))
            }));
        }
        for r in round {
            let (path, took, outcome) = r.await.unwrap();
            renders += 1;
            match outcome {
                Ok(200) if took < Duration::from_secs(2) => {}
                other => slow.push(format!("{path}: {other:?} after {took:?}")),
            }
        }
    }
    building.store(false, Ordering::Relaxed);
    let built = builder.await.unwrap();
    assert!(built > 0, "no router was built during the renders");
    println!(
        "{renders} renders, {} slow, while {built} routers were built",
        slow.len()
    );
    assert!(
        slow.is_empty(),
        "{} of {renders} renders did not finish within 2 s while {built} routers were built:\n{}",
        slow.len(),
        slow.join("\n")
    );
}
