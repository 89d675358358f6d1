//! Text helpers every domain shares: escaping for HTML and SVG, percent-encoding for a URL's
//! query value, and shortening untrusted text before it is echoed back.

/// Escapes text for HTML or SVG element content and quoted attribute values; drops control
/// characters (other than tab and line breaks), which XML does not allow.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes text for a URL query value (keeps letters, digits and `-_./`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Shortens text to at most `max_chars` characters, the last of them an ellipsis when anything
/// was cut (trailing spaces before it are dropped).
pub fn truncate(text: &str, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    match text.char_indices().nth(max_chars - 1) {
        Some((i, _)) if text.chars().count() > max_chars => {
            format!("{}…", text[..i].trim_end())
        }
        _ => text.to_string(),
    }
}

/// How many pages `total` items fill at `per_page` a page; an empty list still has one page.
pub fn page_count(total: u64, per_page: u64) -> u32 {
    total.div_ceil(per_page.max(1)).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape_html("<a href=\"x\">Tom & 'Jerry'\u{7}</a>\n"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;\n"
        );
    }

    #[test]
    fn percent_encoding_keeps_only_safe_bytes() {
        assert_eq!(percent_encode("a b&c=d/é-_."), "a%20b%26c%3Dd/%C3%A9-_.");
    }

    #[test]
    fn truncation_counts_characters_and_ends_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("exactly10!", 10), "exactly10!");
        assert_eq!(truncate("ééééé ééééé", 7), "ééééé…");
        assert_eq!(truncate("abcdefghij", 4), "abc…");
        assert_eq!(truncate("abc   defg", 5), "abc…");
        assert_eq!(truncate("x", 0), "");
    }

    #[test]
    fn page_counts_round_up_and_never_fall_below_one() {
        assert_eq!(page_count(0, 25), 1);
        assert_eq!(page_count(25, 25), 1);
        assert_eq!(page_count(26, 25), 2);
        assert_eq!(page_count(7, 0), 7);
    }
}
