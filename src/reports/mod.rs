//! Reports: tables people download. For now the CSV writer shared by every download;
//! department reports and roster import arrive with the departments issue.

pub mod csv;

/// A download: the body with its type, a file name, and no caching (reports are private).
#[cfg(feature = "ssr")]
pub fn attachment(kind: &str, name: String, body: String) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
