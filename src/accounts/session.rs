//! Server-side sessions: a random token in an `HttpOnly`, `SameSite=Lax` cookie, stored in the
//! database only as its SHA-256 digest, so a copy of the database cannot be used to sign in.

use sha2::{Digest, Sha256};

/// The cookie's name over plain http (development on 127.0.0.1, where browsers refuse
/// `Secure` cookies and so the `__Host-` prefix, which requires `Secure`).
pub const COOKIE: &str = "academy_session";
/// Its name behind https: `__Host-` makes the browser accept it only with `Secure`, `Path=/`
/// and no `Domain`, so a neighbouring subdomain cannot plant or shadow a session.
pub const SECURE_COOKIE: &str = "__Host-academy_session";

/// The session cookie's name, with `Secure` cookies or without.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { SECURE_COOKIE } else { COOKIE }
}

/// The key under which a token's session is stored.
pub fn digest(token: &str) -> String {
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(token.as_bytes()) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The `Set-Cookie` value that starts a session.
pub fn set_cookie(token: &str, max_age_secs: u64, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends it in the browser.
pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", 0, secure)
}

/// A token is only looked up when it has the shape we issue; anything else is tampering.
pub fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_well_formed() {
        let a = crate::secrets::token();
        assert!(well_formed(&a), "{a}");
        assert_ne!(a, crate::secrets::token());
        assert!(!well_formed("abc"));
        assert!(!well_formed(&"!".repeat(43)));
    }

    #[test]
    fn the_cookie_is_http_only_and_lax() {
        let c = set_cookie("tok", 3600, false);
        assert_eq!(
            c,
            "academy_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600"
        );
        assert_eq!(
            set_cookie("tok", 1, true),
            "__Host-academy_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=1; Secure"
        );
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn the_digest_is_hex_sha256() {
        assert_eq!(digest("abc").len(), 64);
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
