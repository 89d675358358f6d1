//! The security headers of every answer: a nonce-based Content-Security-Policy (the page's nonce
//! is the one Leptos puts on its hydration scripts), HSTS behind https, and no caching of answers.

use super::state::AppState;
use crate::config::Config;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, header};
use axum::middleware::Next;
use axum::response::Response;

/// Browser features the academy never uses, switched off for it and anything it embeds.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), \
    geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// A year; browsers remember it per host.
const HSTS: &str = "max-age=31536000";

/// The Content-Security-Policy of a page. Scripts: only the academy's own files and inline
/// scripts carrying this response's nonce (Leptos's hydration and resource scripts), plus the
/// WebAssembly the app is compiled to. Style attributes stay allowed for progress bars; inline
/// `<style>` is not. Video embeds come only from YouTube's privacy-enhanced host.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         frame-src https://www.youtube-nocookie.com; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Called while a page renders (the nonce exists only then): puts the policy naming this
/// page's nonce on the response, so every inline script Leptos writes may run and no other.
pub fn announce_page_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    if let (Some(res), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&content_security_policy(Some(&nonce))),
    ) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Whether the person reached the academy over https: its public address is https, or (behind
/// a proxy the academy trusts) the proxy says so.
pub fn served_over_https(config: &Config, headers: &HeaderMap) -> bool {
    let public = config.public_https();
    // The nearest proxy's word counts: the last value, if a chain appended to the header.
    let proxied = config.trusted_proxies > 0
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    public || proxied
}

/// Middleware: adds the headers to every answer, refusals included. A page already carries its
/// own policy with its nonce; everything else gets the same policy without one.
pub async fn security_headers(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let https = served_over_https(&state.config, req.headers());
    // The compiled bundle is the same for everyone and safe to cache; nothing else is.
    let shared = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    // Same-origin form posts keep their Referer, which lets a form without JavaScript be sent
    // back to the page it came from; other sites learn nothing.
    set(header::REFERRER_POLICY, "same-origin");
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&content_security_policy(None))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    // Signed-in pages, API answers and downloads must not outlive the session in a cache; a
    // handler that knows better (course images) says so itself.
    if !shared && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_inline_scripts_only_with_the_nonce() {
        let p = content_security_policy(Some("abc123"));
        assert!(p.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        let script_src = p.split(';').find(|d| d.contains("script-src")).unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{script_src}");
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!content_security_policy(None).contains("nonce"));
    }

    #[test]
    fn https_is_known_from_the_public_address_or_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        let plain = Config::default();
        assert!(!served_over_https(&plain, &HeaderMap::new()));
        assert!(
            !served_over_https(&plain, &headers),
            "an untrusted proxy header is ignored"
        );
        let proxied = Config {
            trusted_proxies: 1,
            ..Config::default()
        };
        assert!(served_over_https(&proxied, &headers));
        let public = Config {
            public_url: Some("https://academy.city.gov".into()),
            ..Config::default()
        };
        assert!(served_over_https(&public, &HeaderMap::new()));
    }
}
