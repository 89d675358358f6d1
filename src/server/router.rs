//! The whole application as an axum router (the Leptos app, the download and upload routes, the
//! middleware around them) and its start-up: state, first administrator, serving, shutdown.

use super::state::AppState;
use super::{headers, limits, middleware};
use crate::app::{App, shell};
use crate::config::Config;
use crate::db;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};

/// Opens the database, loads the course library and builds the state. Errors are sentences.
pub async fn prepare(config: Config) -> Result<AppState, String> {
    let library = crate::courses::Library::load(&config.courses_dir)?;
    let (db, backend) = db::open(&config, config.db_max_connections).await?;
    library
        .sync(&db)
        .await
        .map_err(|e| format!("cannot store the course library: {e}"))?;
    crate::feedback::store::ensure_default(&db)
        .await
        .map_err(|e| format!("cannot install the default feedback form: {e}"))?;
    crate::benchmarks::store::ensure_months(&db, config.time_zone)
        .await
        .map_err(|e| format!("cannot prepare the benchmark totals: {e}"))?;
    // scripts/build installs each bundle in a folder of its own behind a symlink that it swaps:
    // this server keeps the bundle it started with, whose files match the pages it renders.
    let site_root = std::fs::canonicalize(&config.site_root)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| config.site_root.clone());
    let leptos = LeptosOptions::builder()
        .output_name("academy")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let feedback = crate::feedback::writer::Writer::start(db.clone());
    let streams = Arc::new(tokio::sync::Semaphore::new(
        (config.db_max_connections / 4).max(1) as usize,
    ));
    Ok(AppState {
        db,
        backend,
        config: Arc::new(config),
        leptos,
        library,
        check_in_guesses: Arc::default(),
        writes: Arc::new(tokio::sync::Mutex::new(())),
        feedback,
        streams,
    })
}

/// The app's routes, listed once per process. Listing renders the app with resource loading
/// suspended by a process-wide flag (leptos_server's `SuppressResourceLoad`), so a page rendering
/// on another thread meanwhile would wait forever on its first resource (leptos-rs/leptos#4773) —
/// which is what happened when the tests started servers beside each other.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The whole application as an axum router.
pub fn router(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let leptos = state.leptos.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            move || page(leptos.clone()),
        )
        .merge(crate::courses::assets::router())
        .merge(crate::enrollment::downloads::router())
        .merge(crate::sessions::downloads::router())
        .merge(crate::benchmarks::downloads::router())
        .merge(crate::reports::downloads::router())
        .merge(crate::departments::upload::router())
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            page,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::auth::identify,
        ))
        .layer(axum::middleware::from_fn(middleware::api_error_status))
        .layer(axum::middleware::from_fn(limits::limit_bodies))
        .layer(axum::middleware::from_fn(middleware::retry_after))
        .layer(axum::middleware::from_fn(middleware::same_origin_writes))
        // Outside the guards, so their refusals carry the headers too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(middleware::trace_layer())
        .with_state(state)
}

/// The document of every page, with a Content-Security-Policy naming its nonce.
fn page(options: LeptosOptions) -> impl leptos::IntoView {
    headers::announce_page_policy();
    shell(options)
}

/// Healthy means able to do the academy's work: the database answers and the feedback writer
/// runs (after a crash it restarts; until then answers wait, and this says so with the reason).
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let database = db::ping(&state.db).await;
    let (writer, restarts) = state.feedback.health();
    let running = writer == crate::feedback::writer::WriterState::Running;
    let mut body = serde_json::json!({
        "status": if database && running { "ok" } else { "unavailable" },
        "database": state.backend.name(),
        "feedback_writer": writer.name(),
        "feedback_writer_restarts": restarts,
    });
    let status = if !database {
        body["reason"] = "the database does not answer".into();
        StatusCode::SERVICE_UNAVAILABLE
    } else if !running {
        body["reason"] = format!(
            "the feedback writer is {}: answers wait until it is back",
            writer.name()
        )
        .into();
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, Json(body))
}

/// On the very first start of an empty database, creates an administrator with a one-time
/// password and returns what to print.
pub async fn bootstrap_first_admin(state: &AppState) -> Result<Option<String>, String> {
    let count = crate::accounts::store::count_users(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    if count > 0 {
        return Ok(None);
    }
    let new = crate::accounts::validation::new_user(
        "admin",
        "Academy Administrator",
        &state.config.admin_email,
        "",
        "admin",
    )
    .map_err(|e| format!("ACADEMY_ADMIN_EMAIL: {e}"))?;
    let password = crate::accounts::password::one_time();
    let hash = crate::accounts::password::hash(password.clone())
        .await
        .map_err(|e| e.to_string())?;
    let admin = crate::accounts::store::insert_user(&state.db, &new, Some(&hash), true)
        .await
        .map_err(|e| e.to_string())?;
    // A password printed to a console (and perhaps a log) must not work for ever.
    let ttl = state.config.one_time_password_ttl.as_secs();
    let expires = crate::db::now() + ttl as i64;
    crate::accounts::store::set_password_expiry(&state.db, admin.id, expires)
        .await
        .map_err(|e| e.to_string())?;
    let until = chrono::DateTime::from_timestamp(expires, 0)
        .map(|t| {
            t.with_timezone(&state.config.time_zone)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_default();
    let url = state.config.public_base();
    Ok(Some(format!(
        "\n  First sign-in at {url}/sign-in\n    email:    {}\n    password: {password}\n  \
         (one-time: it works until {until}, {} hours from now; you will be asked to choose \
         your own password.\n   Missed it? `academy user create --role admin ...` makes \
         another administrator.)\n",
        new.email,
        ttl / 3600
    )))
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(state: AppState) -> Result<(), String> {
    let addr = state.config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    spawn_housekeeping(state.clone());
    if state.config.watch_courses {
        state.library.watch(state.db.clone());
    }
    tracing::info!(%addr, database = state.backend.name(), "Service Academy is listening");
    println!("Service Academy is running at http://{addr}");
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))
}

/// Prunes expired sessions every ten minutes, so the table stays the size of who is signed in.
fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            let idle = state.config.session_idle.as_secs() as i64;
            if let Err(e) = crate::accounts::store::prune_sessions(&state.db, db::now(), idle).await
            {
                tracing::warn!(error = %e, "could not prune sessions");
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
