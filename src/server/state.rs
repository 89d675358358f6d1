//! The application state every request may reach: the database, the configuration, the course
//! library and the shared queues. Small on purpose: about twenty files import it.

use crate::config::Config;
use crate::db::{Backend, Db};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Everything a request may need; cloned cheaply into each request's context.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub backend: Backend,
    pub config: Arc<Config>,
    pub leptos: LeptosOptions,
    pub library: crate::courses::library::Library,
    /// Wrong check-in codes per person and session, to throttle guessing.
    pub check_in_guesses: Arc<crate::sessions::checkin::Guesses>,
    /// SQLite takes one writer at a time; busy writers poll with sleeps. Hot write paths queue
    /// here instead, so the lock passes straight to the next writer. Unused on PostgreSQL.
    pub writes: Arc<tokio::sync::Mutex<()>>,
    /// Feedback submissions, written in batches.
    pub feedback: crate::feedback::writer::Writer,
    /// Streamed downloads hold a database connection while they send: at most a quarter of the
    /// pool may be held so, whatever their clients do, and more are refused with 503.
    pub streams: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Waits for the turn to write (SQLite only); hold the guard for the transaction.
    pub async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writes.lock().await),
            Backend::Postgres => None,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
