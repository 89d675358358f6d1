//! Certificate verification codes: random, short enough to type from paper, and forgiving of
//! the usual misreadings (O for 0, I or L for 1) when typed back in. Pure.

/// Crockford's base-32 alphabet: no I, L, O or U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 12 symbols of 5 bits: 60 random bits, far beyond guessing.
pub const SYMBOLS: usize = 12;

/// Formats random bytes (at least 8) as `XXXX-XXXX-XXXX`.
pub fn format_code(random: &[u8]) -> String {
    let mut bits: u128 = 0;
    for &b in random.iter().take(8) {
        bits = (bits << 8) | b as u128;
    }
    let mut out = String::with_capacity(SYMBOLS + 2);
    for i in 0..SYMBOLS {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let index = ((bits >> (5 * i)) & 31) as usize;
        out.push(ALPHABET[index] as char);
    }
    out
}

/// The canonical form of a typed-in code, or `None` when it cannot be one.
pub fn normalize(typed: &str) -> Option<String> {
    let mut symbols = String::with_capacity(SYMBOLS);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        symbols.push(c);
    }
    if symbols.len() != SYMBOLS {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &symbols[0..4],
        &symbols[4..8],
        &symbols[8..12]
    ))
}

/// A revocation's reason as kept for audit: given, and under 500 characters.
pub fn revocation_reason(typed: &str) -> Result<&str, &'static str> {
    let reason = typed.trim();
    if reason.is_empty() {
        return Err("Give a reason: it is kept with the certificate for audit.");
    }
    if reason.chars().count() > 500 {
        return Err("Keep the reason under 500 characters.");
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_groups_of_four_from_the_unambiguous_alphabet() {
        let code = format_code(&[0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67]);
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);
        assert!(
            code.chars()
                .all(|c| c == '-' || ALPHABET.contains(&(c as u8)))
        );
        assert_eq!(normalize(&code), Some(code.clone()));
    }

    #[test]
    fn different_bytes_give_different_codes() {
        assert_ne!(format_code(&[0; 8]), format_code(&[0, 0, 0, 0, 0, 0, 0, 1]));
    }

    #[test]
    fn typed_codes_forgive_case_spaces_and_look_alike_letters() {
        assert_eq!(normalize("abcd efgh jkmo"), Some("ABCD-EFGH-JKM0".into()));
        assert_eq!(normalize("1l1i-0000-0000"), Some("1111-0000-0000".into()));
    }

    #[test]
    fn anything_else_is_not_a_code() {
        assert_eq!(normalize("ABCD-EFGH-JKM"), None);
        assert_eq!(normalize("ABCD-EFGH-JKMNP"), None);
        assert_eq!(normalize("ABCD-EFGH-JKM<"), None);
        assert_eq!(normalize("ÄBCD-EFGH-JKMN"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn a_revocation_needs_a_short_reason() {
        assert_eq!(
            revocation_reason("  issued in error "),
            Ok("issued in error")
        );
        assert!(
            revocation_reason("   ")
                .unwrap_err()
                .starts_with("Give a reason")
        );
        assert_eq!(revocation_reason(&"é".repeat(500)).map(str::len), Ok(1000));
        assert!(
            revocation_reason(&"x".repeat(501))
                .unwrap_err()
                .starts_with("Keep the reason")
        );
    }
}
