//! How much a request may send: a small allowance for forms and server functions, a larger one
//! only where a route takes lists of people or an upload. Checked before any body is read.

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, Version, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Forms and server-function calls: the longest is a feedback answer with several 4,000-character
/// comments, a few tens of kilobytes once form-encoded.
pub const FORM_BYTES: usize = 256 * 1024;
/// Forms that take a pasted list of employee ids (50,000 ids, form-encoded).
pub const LIST_BYTES: usize = 4 * 1024 * 1024;
/// The roster upload: larger uploads are cut off by the server; between the import's own limit
/// and this, the file is read to the end and refused with its size.
pub const UPLOAD_BYTES: usize = 256 * 1024 * 1024;

/// The most a request to `path` may send. The roster upload streams its file (never holding more
/// than the import's own limit) and checks the administrator before reading a byte.
pub fn body_limit(path: &str) -> usize {
    match path {
        "/admin/roster/upload" => UPLOAD_BYTES,
        "/api/training/enrol" | "/api/assignments/assign" | "/api/sessions/register-people" => {
            LIST_BYTES
        }
        _ => FORM_BYTES,
    }
}

/// Refuses a body over the route's limit with 413 and a sentence saying so. A declared length
/// is judged from the header alone; a body of unknown length is read up to the limit (so no
/// route past this point ever holds more), except on the upload route, which streams.
pub async fn limit_bodies(req: Request<Body>, next: Next) -> Response {
    let limit = body_limit(req.uri().path());
    let version = req.version();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => return close_after(version, too_large(limit)),
        // Hyper ends a body at its declared length, so nothing more can arrive.
        Some(_) => return next.run(req).await,
        None => {}
    }
    let (parts, body) = req.into_parts();
    if limit > LIST_BYTES {
        // The upload's own extractor counts the stream against the same limit as it reads.
        return next.run(Request::from_parts(parts, body)).await;
    }
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => close_after(version, too_large(limit)),
    }
}

fn too_large(limit: usize) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "This request is too large: this form may send at most {}. Nothing was saved.",
            size(limit)
        ),
    )
        .into_response()
}

/// An answer given before the body was read: on HTTP/1 the client may still be sending, so the
/// connection ends here rather than read the rest (HTTP/2 resets just the stream by itself).
pub fn close_after(version: Version, mut res: Response) -> Response {
    if version <= Version::HTTP_11 {
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{} KB", bytes / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_get_the_small_allowance_and_only_named_routes_more() {
        assert_eq!(body_limit("/api/admin/users/create"), FORM_BYTES);
        assert_eq!(body_limit("/admin/roster/invitations"), FORM_BYTES);
        assert_eq!(body_limit("/api/training/enrol"), LIST_BYTES);
        assert!(body_limit("/admin/roster/upload") > LIST_BYTES);
        assert_eq!(body_limit("/admin/roster/upload/"), FORM_BYTES);
    }

    #[test]
    fn limits_are_told_in_plain_units() {
        assert_eq!(size(FORM_BYTES), "256 KB");
        assert_eq!(size(LIST_BYTES), "4 MB");
    }
}
