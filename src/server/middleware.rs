//! Middleware around every request: a tracing span, security headers, and the cross-site
//! request forgery guard (state-changing requests must come from our own pages).

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;

/// One span per request with method and path; the status and latency are logged at the end.
pub fn trace_layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    impl Fn(&Request<Body>) -> tracing::Span + Clone,
> {
    TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
        tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
    })
}

pub async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin form posts keep their Referer, which lets a form without JavaScript be sent
    // back to the page it came from; other sites learn nothing.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Every 503 (overload, the database away, the feedback writer restarting) says when to try
/// again, so clients and proxies back off instead of hammering or giving up.
pub async fn retry_after(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::SERVICE_UNAVAILABLE
        && !res.headers().contains_key(header::RETRY_AFTER)
    {
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(crate::error::RETRY_AFTER_SECONDS),
        );
    }
    res
}

/// Server functions that fail before our code runs (a malformed or forged form) are answered
/// with a generic 500 by the framework; the body still carries our `AppError`, whose status
/// (400 for a malformed request) is the truthful one.
pub async fn api_error_status(req: Request<Body>, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Refuses a state-changing request whose `Origin` (or, lacking that, `Referer`) names another
/// site. Session cookies are `SameSite=Lax` as well; this closes the gap for old browsers and
/// same-site subdomains. Requests with neither header (scripts, curl) carry no browser cookies
/// from another site and are let through.
pub async fn same_origin_writes(req: Request<Body>, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let claimed = req
        .headers()
        .get(header::ORIGIN)
        .or_else(|| req.headers().get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match claimed {
        Some(source) if !same_host(source, host) => {
            tracing::warn!(%source, %host, "refused a cross-site request");
            (
                StatusCode::FORBIDDEN,
                "This form was sent from another website, so the academy refused it. \
                 Go back to the academy's page and try again.",
            )
                .into_response()
        }
        _ => next.run(req).await,
    }
}

/// Whether an `Origin`/`Referer` value points at `host` (host[:port] from the Host header).
pub fn same_host(source: &str, host: &str) -> bool {
    if source == "null" || host.is_empty() {
        return false;
    }
    url::Url::parse(source).ok().is_some_and(|u| {
        let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
        u.host_str()
            .is_some_and(|h| format!("{h}{port}").eq_ignore_ascii_case(host))
    })
}

#[cfg(test)]
mod tests {
    use super::same_host;

    #[test]
    fn our_own_pages_are_same_origin() {
        assert!(same_host("http://127.0.0.1:3000", "127.0.0.1:3000"));
        assert!(same_host(
            "http://127.0.0.1:3000/admin/users?page=2",
            "127.0.0.1:3000"
        ));
        assert!(same_host("https://academy.city.gov", "academy.city.gov"));
    }

    #[test]
    fn other_sites_and_opaque_origins_are_not() {
        assert!(!same_host("https://evil.example", "127.0.0.1:3000"));
        assert!(!same_host("http://127.0.0.1:3001", "127.0.0.1:3000"));
        assert!(!same_host("null", "127.0.0.1:3000"));
        assert!(!same_host(
            "http://127.0.0.1.evil.example:3000",
            "127.0.0.1:3000"
        ));
    }
}
