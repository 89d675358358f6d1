//! Images that live beside a course's Markdown, served at `/course-assets/<course>/images/<file>`
//! with cache headers (to signed-in people only when the catalog is private). SVGs are sandboxed
//! so a script inside one cannot run.

use crate::error::AppError;
use crate::server::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/course-assets/{course}/images/{file}", get(image))
}

/// The content type for an allowed image extension; anything else is not served.
pub fn content_type(file: &str) -> Option<&'static str> {
    let ext = file.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Whether the request may see course images: everyone while the catalog is public, otherwise
/// only people signed in (the lessons they illustrate are for them alone).
async fn may_see(state: &AppState, headers: &HeaderMap) -> bool {
    use crate::accounts::{auth, permissions, session};
    if state.config.public_catalog {
        return true;
    }
    let name = session::cookie_name(state.config.secure_cookies);
    let token = crate::server::cookies::read(headers, name);
    match auth::resolve(state, token.as_deref()).await {
        Ok(r) => {
            permissions::authorize(r.user.as_ref(), permissions::Permission::ReadCourses).is_ok()
        }
        Err(_) => false,
    }
}

async fn image(
    State(state): State<AppState>,
    Path((course, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "No such image.").into_response();
    if !may_see(&state, &headers).await {
        return AppError::Unauthenticated.into_response();
    }
    let Some(kind) = content_type(&file) else {
        return not_found();
    };
    if !safe_name(&course) || !safe_name(&file) || state.library.current().course(&course).is_none()
    {
        return not_found();
    }
    let path = state
        .config
        .courses_dir
        .join(&course)
        .join("images")
        .join(&file);
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return not_found();
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // Behind a private catalog, a shared cache must not hand the image to someone else.
    let cache = if state.config.public_catalog {
        "public, max-age=86400"
    } else {
        "private, max-age=86400"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'; style-src 'unsafe-inline'"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_with_plain_names_are_served() {
        assert_eq!(content_type("map.PNG"), Some("image/png"));
        assert_eq!(content_type("notes.md"), None);
        assert!(safe_name("counter-photo_2.jpg"));
        assert!(!safe_name("..%2Fsecret"));
        assert!(!safe_name(".hidden.png"));
    }
}
