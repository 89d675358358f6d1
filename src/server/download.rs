//! What every download answers with (CSV, `.ics`, files, from any domain): its contents, whole or
//! streamed, with their type and file name, and no caching.

/// What a download sends: a whole text, or a stream of pieces.
///
/// Every streamed download is built here, by [`Contents::stream`], which fuses the stream: a
/// body may be polled again after it has ended (tower-http's compression does, looking for
/// trailers once its encoder has read everything), and an unfused stream such as
/// `futures_util::stream::unfold` panics then, cutting the download off mid-way. There is no
/// `From<Body>`, so a stream cannot reach [`attachment`] without going through here.
pub struct Contents(axum::body::Body);

impl Contents {
    /// A body that sends each piece as it comes and, once the stream has ended, says so again
    /// however often it is asked.
    pub fn stream<S, T, E>(pieces: S) -> Self
    where
        S: futures_util::Stream<Item = Result<T, E>> + Send + 'static,
        T: Into<axum::body::Bytes> + 'static,
        E: Into<axum::BoxError> + 'static,
    {
        use futures_util::StreamExt;
        Contents(axum::body::Body::from_stream(pieces.fuse()))
    }
}

impl From<String> for Contents {
    fn from(whole: String) -> Self {
        Contents(whole.into())
    }
}

impl From<Vec<u8>> for Contents {
    fn from(whole: Vec<u8>) -> Self {
        Contents(whole.into())
    }
}

/// A download: its contents with their type, a file name, and no caching (downloads are
/// private).
pub fn attachment(
    kind: &str,
    name: String,
    contents: impl Into<Contents>,
) -> axum::response::Response {
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
        contents.into().0,
    )
        .into_response()
}
