//! What a server function knows about its request: the app state, cookies, the client's address,
//! and how it answers — flash notices, redirects and status codes that work with and without JS.

use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::ui::notice::{Flash, FlashKind};
use axum::http::header::{ACCEPT, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

pub const FLASH_COOKIE: &str = "academy_flash";
/// How long a notice waits for the page that shows it.
const FLASH_SECS: u32 = 60;

pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// Something a middleware resolved for this request and kept in its extensions (the person
/// signed in, the notice a page view shows).
pub fn extension<T: Clone + Send + Sync + 'static>() -> Option<T> {
    parts()?.extensions.get::<T>().cloned()
}

/// A cookie of this request, by name (read as every cookie is, by `cookies::read`).
pub fn cookie(name: &str) -> Option<String> {
    super::cookies::read(&parts()?.headers, name)
}

/// A plain HTML form post (JavaScript off) rather than a call from the hydrated app: the
/// browser asks for `text/html`, the server-function client for its own encoding.
pub fn is_plain_form() -> bool {
    parts().is_some_and(|p| {
        p.headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// The client's address, for throttling: the socket peer, or behind `ACADEMY_TRUST_PROXY`
/// proxies the right-most `X-Forwarded-For` hop they did not write (see `forwarded`).
pub fn client_address(state: &AppState) -> String {
    let Some(parts) = parts() else {
        return "unknown".into();
    };
    let Some(peer) = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".into();
    };
    let hops: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or("?"))
        .collect();
    super::forwarded::client_key(&hops, peer, state.config.trusted_proxies)
}

pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.append_header(SET_COOKIE, v);
    }
}

/// Sets (replaces) a header of the answer, such as `Retry-After`.
pub fn set_header(name: &'static str, value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.insert_header(axum::http::HeaderName::from_static(name), v);
    }
}

pub fn set_status(status: u16) {
    if let (Some(res), Ok(code)) = (
        use_context::<ResponseOptions>(),
        StatusCode::from_u16(status),
    ) {
        res.set_status(code);
    }
}

/// The `Set-Cookie` value that carries a notice to the next page.
pub fn flash_cookie(kind: FlashKind, message: &str, secure: bool) -> String {
    let value = Flash {
        kind,
        message: message.to_string(),
    }
    .encode();
    // HttpOnly: a notice may carry a one-time password, and only the server reads it back
    // (`take_flash`); short-lived: it is read by the very next page or call.
    format!(
        "{FLASH_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={FLASH_SECS}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Leaves a notice for the next page the person sees (after a redirect, or read by the
/// hydrated app right after its form call returns).
pub fn flash(kind: FlashKind, message: &str) {
    let secure = state().map(|s| s.config.secure_cookies).unwrap_or(false);
    set_cookie(&flash_cookie(kind, message, secure));
}

pub fn clear_flash_cookie() -> String {
    format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The notice a page view shows, read from its cookie by the `identify` middleware.
#[derive(Debug, Clone, Default)]
pub struct PageNotice(pub Option<Flash>);

/// The notice the `identify` middleware took for this page view.
pub fn page_notice() -> Option<Flash> {
    extension::<PageNotice>().and_then(|n| n.0)
}

/// Reads and clears the pending notice, for the hydrated app after a form call (page views get
/// theirs from the `identify` middleware).
pub fn take_flash() -> Option<Flash> {
    let raw = cookie(FLASH_COOKIE)?;
    set_cookie(&clear_flash_cookie());
    Flash::decode(&raw)
}

/// The page a plain form was posted from (its path and query), when it is on this site.
fn referring_page() -> Option<String> {
    let parts = parts()?;
    let referer = parts
        .headers
        .get(axum::http::header::REFERER)?
        .to_str()
        .ok()?;
    let host = parts.headers.get(axum::http::header::HOST)?.to_str().ok()?;
    if !super::middleware::same_host(referer, host) {
        return None;
    }
    let url = url::Url::parse(referer).ok()?;
    let mut page = url.path().to_string();
    if let Some(q) = url.query() {
        page.push('?');
        page.push_str(q);
    }
    Some(page)
}

pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// How every form-handling server function answers. Success: a notice and a redirect (so a
/// reload never re-submits). Failure: the error as a notice on the page the form came from
/// (the browser is sent back there), and the error's status for API callers.
pub fn answer<T>(result: AppResult<T>, success: Option<(&str, &str)>) -> AppResult<T> {
    match &result {
        Ok(_) => {
            if let Some((message, to)) = success {
                flash(FlashKind::Success, message);
                redirect(to);
            }
        }
        Err(e) => {
            flash(FlashKind::Error, &e.to_string());
            if !is_plain_form() {
                set_status(e.status());
            } else if *e == AppError::Unauthenticated {
                redirect("/sign-in");
            } else if let Some(page) = referring_page() {
                // Back to the form, at a clean address (no error encoded in the URL).
                redirect(&page);
            }
        }
    }
    result
}

/// `answer` for forms whose notice and destination depend on what happened: success carries
/// the (message, path) to show and go to.
pub fn answer_to(result: AppResult<(String, String)>) -> AppResult<()> {
    let target = result.as_ref().ok().cloned();
    answer(
        result.map(|_| ()),
        target.as_ref().map(|(m, t)| (m.as_str(), t.as_str())),
    )
}

/// How data-loading server functions answer: on failure, the error's status, so a page that
/// is refused is served with 403 (or 404) and an API caller sees it too.
pub fn load<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(e) = &result {
        set_status(e.status());
    }
    result
}
