//! The HTTP server: the application state (state.rs), the router and start-up (router.rs),
//! middleware, security headers, download answers (download.rs), body limits, and what a request knows (context.rs, cookies.rs).

pub mod context;
pub mod cookies;
pub mod download;
pub mod forwarded;
pub mod headers;
pub mod limits;
pub mod middleware;
pub mod router;
pub mod state;
