//! Randomness from the operating system, for whatever must not be guessed: session and link
//! tokens, password salts, certificate and check-in codes, response ids, the comment-handle key.

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source is available");
    buf
}

/// A fresh unguessable token, URL-safe (session cookies, set-password links, a check attempt's
/// one-use form token): 32 random bytes in unpadded URL-safe base64.
pub fn token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_draws_differ() {
        assert_ne!(super::random_bytes::<16>(), super::random_bytes::<16>());
    }
}
