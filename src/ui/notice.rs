//! Flash notices: one message left by a form's server function for the next page the person
//! sees, shown in a live region; plus the small encoding that carries it in a cookie.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashKind {
    Success,
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub message: String,
}

impl Flash {
    /// `s:`/`e:`/`i:` and the percent-encoded message: safe in a cookie value.
    pub fn encode(&self) -> String {
        let tag = match self.kind {
            FlashKind::Success => 's',
            FlashKind::Error => 'e',
            FlashKind::Info => 'i',
        };
        let mut out = format!("{tag}:");
        for b in self.message.chars().take(500).collect::<String>().bytes() {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    pub fn decode(raw: &str) -> Option<Flash> {
        let (tag, rest) = raw.split_once(':')?;
        let kind = match tag {
            "s" => FlashKind::Success,
            "e" => FlashKind::Error,
            "i" => FlashKind::Info,
            _ => return None,
        };
        let bytes = rest.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        let message = String::from_utf8(out).ok()?;
        (!message.is_empty()).then_some(Flash { kind, message })
    }
}

/// Bumped whenever an enhanced form's call returns, so the layout fetches the new notice.
#[derive(Clone, Copy)]
pub struct FlashTick(pub RwSignal<u64>);

/// Shows the pending notice, if any. Errors are announced assertively, the rest politely.
#[component]
pub fn Notice(flash: Flash) -> impl IntoView {
    let (class, role, label) = match flash.kind {
        FlashKind::Success => ("notice notice-success", "status", "Done"),
        FlashKind::Info => ("notice notice-info", "status", "Note"),
        FlashKind::Error => ("notice notice-error", "alert", "Problem"),
    };
    view! {
        <div class=class role=role>
            <strong class="notice-label">{label}": "</strong>
            <span>{flash.message}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_survive_the_cookie_round_trip() {
        let f = Flash {
            kind: FlashKind::Error,
            message: "Wrong password; try again — 5 left <b>".into(),
        };
        let encoded = f.encode();
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"%:-_.".contains(&b))
        );
        assert_eq!(Flash::decode(&encoded), Some(f));
    }

    #[test]
    fn malformed_cookies_are_ignored() {
        assert_eq!(Flash::decode("x:hello"), None);
        assert_eq!(Flash::decode("s:%G1"), None);
        assert_eq!(Flash::decode("s:%4"), None);
        assert_eq!(Flash::decode("nothing"), None);
    }
}
