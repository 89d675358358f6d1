//! The HTTP server: the application state (state.rs), the router and start-up (router.rs),
//! middleware, security headers, body limits, and what a request knows (context.rs, cookies.rs).

pub mod context;
pub mod cookies;
pub mod forwarded;
pub mod headers;
pub mod limits;
pub mod middleware;
pub mod router;
pub mod state;
