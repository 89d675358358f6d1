//! Who is asking: resolves the session cookie to a person (enforcing idle and absolute expiry),
//! starts and ends sessions, and the `require` check every server function begins with.

use super::permissions::{Permission, authorize};
use super::{User, session, store};
use crate::error::AppResult;
use crate::server::context::{self, PageNotice};
use crate::server::cookies;
use crate::server::state::AppState;
use crate::ui::notice::FlashKind;

/// Touching `last_seen_at` at most this often keeps reads from turning into writes.
const TOUCH_EVERY_SECS: i64 = 60;

/// Who made a request, resolved once per request by [`identify`] and kept in its extensions.
#[derive(Debug, Clone, Default)]
pub struct SignedIn(pub Option<User>);

/// The person the [`identify`] middleware resolved for this request.
pub fn signed_in() -> Option<SignedIn> {
    context::extension::<SignedIn>()
}

/// The outcome of looking at a request's session cookie: the person, and the cookies to send
/// back (a cleared session cookie, a notice that the session expired).
pub struct Resolution {
    pub user: Option<User>,
    pub set_cookies: Vec<String>,
}

/// Resolves a session token to a person. A tampered, unknown or expired token means "nobody";
/// an expired session is deleted and the person told why they were signed out.
pub async fn resolve(state: &AppState, token: Option<&str>) -> AppResult<Resolution> {
    let secure = state.config.secure_cookies;
    let nobody = |set_cookies| {
        Ok(Resolution {
            user: None,
            set_cookies,
        })
    };
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return nobody(vec![]);
    };
    if !session::well_formed(token) {
        return nobody(vec![session::clear_cookie(secure)]);
    }
    let digest = session::digest(token);
    let Some(record) = store::find_session(&state.db, &digest).await? else {
        return nobody(vec![session::clear_cookie(secure)]);
    };
    let now = crate::db::now();
    let idle = state.config.session_idle.as_secs() as i64;
    if now > record.expires_at || now - record.last_seen_at > idle || !record.user.active {
        store::delete_session(&state.db, &digest).await?;
        let mut cookies = vec![session::clear_cookie(secure)];
        if record.user.active {
            cookies.push(context::flash_cookie(
                FlashKind::Info,
                "Your session expired, so you were signed out. Please sign in again.",
                secure,
            ));
        }
        return nobody(cookies);
    }
    if now - record.last_seen_at >= TOUCH_EVERY_SECS {
        store::touch_session(&state.db, &digest, now).await?;
    }
    Ok(Resolution {
        user: Some(record.user),
        set_cookies: vec![],
    })
}

/// Middleware: resolves the session of every page and server-function request once, before
/// anything renders, so the page, its data and the navigation all see the same person.
pub async fn identify(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::SET_COOKIE;
    use axum::response::IntoResponse;
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path.starts_with("/course-assets/") || path == "/healthz" {
        return next.run(req).await;
    }
    let (token, notice) = {
        let cookie = |name: &str| cookies::read(req.headers(), name);
        // A page view shows (and so consumes) the pending notice; server-function calls leave
        // it for the page or for the hydrated app's own `take_notice` call.
        let is_page = req.method() == axum::http::Method::GET && !path.starts_with("/api/");
        let notice = is_page
            .then(|| cookie(context::FLASH_COOKIE))
            .flatten()
            .and_then(|raw| crate::ui::notice::Flash::decode(&raw));
        (
            cookie(session::cookie_name(state.config.secure_cookies)),
            notice,
        )
    };
    let resolution = match resolve(&state, token.as_deref()).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "could not resolve the session");
            return (
                axum::http::StatusCode::from_u16(e.status()).unwrap_or_default(),
                e.to_string(),
            )
                .into_response();
        }
    };
    req.extensions_mut().insert(SignedIn(resolution.user));
    req.extensions_mut().insert(PageNotice(notice.clone()));
    let mut res = next.run(req).await;
    let flash_prefix = format!("{}=", context::FLASH_COOKIE);
    let sets_new_flash = |v: &str| v.starts_with(&flash_prefix) && !v.contains("Max-Age=0");
    let replaced = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .chain(resolution.set_cookies.iter().map(String::as_str))
        .any(sets_new_flash);
    if notice.is_some()
        && !replaced
        && let Ok(v) = axum::http::HeaderValue::from_str(&context::clear_flash_cookie())
    {
        res.headers_mut().append(SET_COOKIE, v);
    }
    for c in resolution.set_cookies {
        if let Ok(v) = axum::http::HeaderValue::from_str(&c) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// The signed-in person making the current request (resolved by [`identify`]).
pub async fn current_user(state: &AppState) -> AppResult<Option<User>> {
    if let Some(signed_in) = signed_in() {
        return Ok(signed_in.0);
    }
    // Outside the middleware (not expected in the app): resolve here, same rules.
    let token = context::cookie(session::cookie_name(state.config.secure_cookies));
    let resolution = resolve(state, token.as_deref()).await?;
    for c in &resolution.set_cookies {
        context::set_cookie(c);
    }
    Ok(resolution.user)
}

/// The signed-in person, if they hold `permission`; otherwise the reason they may not.
pub async fn require(state: &AppState, permission: Permission) -> AppResult<User> {
    let user = current_user(state).await?;
    authorize(user.as_ref(), permission).cloned()
}

/// Signed in at all, even with a password change pending (for the password page itself).
pub async fn require_signed_in(state: &AppState) -> AppResult<User> {
    current_user(state)
        .await?
        .filter(|u| u.active)
        .ok_or(crate::error::AppError::Unauthenticated)
}

/// Starts a session for `user` and sets its cookie. Returns the session's digest.
pub async fn start_session(state: &AppState, user: &User) -> AppResult<String> {
    let token = crate::secrets::token();
    let digest = session::digest(&token);
    let now = crate::db::now();
    let max = state.config.session_max.as_secs();
    store::create_session(&state.db, &digest, user.id, now, now + max as i64).await?;
    context::set_cookie(&session::set_cookie(
        &token,
        max,
        state.config.secure_cookies,
    ));
    Ok(digest)
}

/// Ends the current session, in the database and in the browser.
pub async fn end_session(state: &AppState) -> AppResult<()> {
    if let Some(token) = current_token(state) {
        store::delete_session(&state.db, &session::digest(&token)).await?;
    }
    context::set_cookie(&session::clear_cookie(state.config.secure_cookies));
    Ok(())
}

/// The digest of the session making this request, to keep it when others are ended.
pub fn current_session_digest(state: &AppState) -> Option<String> {
    current_token(state).map(|t| session::digest(&t))
}

fn current_token(state: &AppState) -> Option<String> {
    context::cookie(session::cookie_name(state.config.secure_cookies))
        .filter(|t| session::well_formed(t))
}

/// A `next=` target is only followed when it is a path on this site.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 512
        && !next.starts_with("/api/");
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/admin/users?page=2")).as_deref(),
            Some("/admin/users?page=2")
        );
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("/api/accounts/sign-out")), None);
        assert_eq!(safe_next(None), None);
    }
}
