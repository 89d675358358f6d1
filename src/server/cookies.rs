//! Reading a request's cookies: the one place that looks a cookie up by name, for server
//! functions (through the request context), the `identify` middleware and the image route.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// A cookie's value in the request's `Cookie` headers (browsers may send more than one).
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| value(h, name))
        .map(str::to_string)
}

/// Finds a cookie's value in one `Cookie` request header.
fn value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::value as cookie_value;
    use crate::accounts::session::COOKIE;

    #[test]
    fn cookies_are_found_among_others() {
        let h = "a=1; academy_session=xyz; b=2";
        assert_eq!(cookie_value(h, COOKIE), Some("xyz"));
        assert_eq!(cookie_value(h, "missing"), None);
    }
}
