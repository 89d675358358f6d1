//! Middleware around every request: a tracing span, the status of failed server functions, and
//! the cross-site request forgery guard (state-changing requests must come from our own pages).

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

/// Refuses a state-changing request unless its `Origin` (or, lacking that, its `Referer`) is
/// this site. Browsers send one of the two with every form post and `fetch` write, so a write
/// with neither did not come from one of our pages: it is refused too, as is an `Origin` that
/// is not text. Session cookies are `SameSite=Lax` as well; this guard does not rely on it.
/// Scripts send the headers like a browser; the CLI works on the database directly.
pub async fn same_origin_writes(req: Request<Body>, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    match write_source(req.headers()) {
        Ok(()) => next.run(req).await,
        Err(refusal) => {
            tracing::warn!(path = %req.uri().path(), ?refusal, "refused a write");
            let message = match refusal {
                Refusal::OtherSite => {
                    "This form was sent from another website, so the academy refused it. \
                     Go back to the academy's page and try again."
                }
                Refusal::Unnamed => {
                    "This form did not say which page sent it (no Origin or Referer), so the \
                     academy refused it. Go back to the academy's page and send it from there."
                }
            };
            (StatusCode::FORBIDDEN, message).into_response()
        }
    }
}

/// Why a write was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The sending page is another site (or opaque, or not readable as text).
    OtherSite,
    /// Neither `Origin` nor `Referer` came with it.
    Unnamed,
}

/// Whether the headers of a write show it was sent from one of this site's pages.
pub fn write_source(headers: &axum::http::HeaderMap) -> Result<(), Refusal> {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .ok_or(Refusal::Unnamed)?;
    match claimed.to_str() {
        Ok(source) if same_host(source, host) => Ok(()),
        _ => Err(Refusal::OtherSite),
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
    use super::{Refusal, same_host, write_source};
    use axum::http::{HeaderMap, HeaderValue};

    fn write(pairs: &[(&'static str, &[u8])]) -> Result<(), Refusal> {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static("127.0.0.1:3000"));
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_bytes(v).unwrap());
        }
        write_source(&h)
    }

    #[test]
    fn a_write_must_name_our_site_as_its_origin_or_referer() {
        assert_eq!(write(&[("origin", b"http://127.0.0.1:3000")]), Ok(()));
        assert_eq!(
            write(&[("referer", b"http://127.0.0.1:3000/admin/users")]),
            Ok(())
        );
        assert_eq!(write(&[]), Err(Refusal::Unnamed));
        assert_eq!(
            write(&[("origin", b"https://evil.example")]),
            Err(Refusal::OtherSite)
        );
        assert_eq!(
            write(&[
                ("origin", b"https://evil.example"),
                ("referer", b"http://127.0.0.1:3000/")
            ]),
            Err(Refusal::OtherSite),
            "a forged Origin is not excused by a Referer"
        );
        assert_eq!(
            write(&[("origin", b"http://127.0.0.1:3000\xff")]),
            Err(Refusal::OtherSite),
            "an Origin that is not text"
        );
    }

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
