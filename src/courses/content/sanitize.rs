//! Sanitising rendered HTML with ammonia, then splicing in the trusted fragments
//! (glossary tooltips, video embeds) that no author-written HTML can produce.

use ammonia::Builder;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Placeholders are `OPEN index CLOSE` in text; both are private-use characters that
/// `neutralise` removes from every source before rendering, so authors cannot forge them.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Replaces the placeholder characters in author text with U+FFFD (same UTF-8 length,
/// so byte offsets and line numbers are unchanged).
pub fn neutralise(source: &str) -> Cow<'_, str> {
    if source.contains([OPEN, CLOSE]) {
        Cow::Owned(source.replace([OPEN, CLOSE], "\u{FFFD}"))
    } else {
        Cow::Borrowed(source)
    }
}

/// The text that stands for `fragments[index]` until `clean` splices it in.
pub fn placeholder(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// The visible text of sanitised `html`: tags removed (block-level tags become
/// spaces), entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    const BLOCKS: [&str; 18] = [
        "p",
        "br",
        "li",
        "td",
        "th",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "figcaption",
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag = &rest[start + 1..];
        let mut in_quotes = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                in_quotes ^= c == '"';
                c == '>' && !in_quotes
            })
            .map_or(tag.len(), |(i, _)| i);
        let name = tag[..end]
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        if BLOCKS.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = tag.get(end + 1..).unwrap_or("");
    }
    text.push_str(rest);
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn set(items: &[&'static str]) -> HashSet<&'static str> {
    items.iter().copied().collect()
}

/// The single, shared sanitiser policy (built once).
fn policy() -> &'static Builder<'static> {
    static POLICY: OnceLock<Builder<'static>> = OnceLock::new();
    POLICY.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["input"])
            .rm_tags(["area", "map"])
            .clean_content_tags(set(&[
                "script", "style", "iframe", "object", "embed", "noscript", "template", "svg",
                "math", "textarea", "select", "title", "xmp", "noembed", "noframes",
            ]))
            .url_schemes(set(&["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        for heading in ["h2", "h3", "h4", "h5", "h6"] {
            b.add_tag_attributes(heading, ["id"]);
        }
        b.add_tag_attributes("div", ["id"])
            .add_tag_attributes("input", ["checked", "disabled"])
            .tag_attribute_values(HashMap::from([(
                "input",
                HashMap::from([("type", set(&["checkbox"]))]),
            )]))
            .set_tag_attribute_value("input", "disabled", "")
            .allowed_classes(HashMap::from([
                (
                    "sup",
                    set(&["footnote-reference", "footnote-definition-label"]),
                ),
                ("div", set(&["footnote-definition"])),
            ]))
            .attribute_filter(|_element, attribute, value| {
                if value.contains([OPEN, CLOSE]) {
                    return None;
                }
                let id_ok = |v: &str| {
                    v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                };
                if attribute == "id" && !id_ok(value) {
                    return None;
                }
                Some(value.into())
            });
        b
    })
}

/// Sanitises `html` and replaces each placeholder with its trusted fragment.
pub fn clean(html: &str, fragments: &[String]) -> String {
    let cleaned = policy().clean(html).to_string();
    if !cleaned.contains(OPEN) {
        return cleaned;
    }
    let mut out =
        String::with_capacity(cleaned.len() + fragments.iter().map(String::len).sum::<usize>());
    let mut rest = cleaned.as_str();
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            rest = after;
            continue;
        };
        if let Some(fragment) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| fragments.get(i))
        {
            out.push_str(fragment);
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::embed::{term_html, video_html};
    use super::*;
    #[test]
    fn plain_text_is_the_visible_text_of_sanitised_html() {
        let html = "<h2 id=\"a\">Title</h2>\n<p>Fish &amp; <em>chips</em> &lt;3 <img alt=\"a>b\" src=\"x\"></p><table><tr><td>1</td><td>2</td></tr></table>";
        assert_eq!(plain_text(html), "Title Fish & chips <3 1 2");
    }

    #[test]
    fn placeholders_are_replaced_by_their_fragments_after_sanitising() {
        let html = format!("<p>a {} b</p>", placeholder(0));
        let out = clean(&html, &[term_html("x", "X", "d", "t-1")]);
        assert!(
            out.starts_with("<p>a <span class=\"term\"><a class=\"term-link\""),
            "{out}"
        );
    }

    #[test]
    fn author_text_cannot_forge_a_placeholder() {
        let forged = format!("<p>{OPEN}0{CLOSE}</p>");
        let out = clean(&neutralise(&forged), &[video_html("dQw4w9WgXcQ", "x")]);
        assert!(!out.contains("iframe"), "{out}");
    }

    #[test]
    fn author_classes_roles_and_data_attributes_are_stripped() {
        let out = clean(
            "<span class=\"term\" role=\"tooltip\" data-definition=\"x\" style=\"color:red\">t</span><figure class=\"video\">f</figure>",
            &[],
        );
        assert_eq!(out, "<span>t</span><figure>f</figure>");
    }

    #[test]
    fn task_list_checkboxes_and_footnotes_survive() {
        let html = "<input disabled=\"\" type=\"checkbox\" checked=\"\"/><input type=\"text\"><sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup><div class=\"footnote-definition\" id=\"fn-1\">x</div>";
        let out = clean(html, &[]);
        assert!(
            out.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\">"),
            "{out}"
        );
        assert!(out.contains("<input disabled=\"\">"), "{out}");
        assert!(
            out.contains("class=\"footnote-definition\" id=\"fn-1\""),
            "{out}"
        );
    }

    #[test]
    fn author_iframes_are_removed_with_their_content() {
        let out = clean(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\">x</iframe>",
            &[],
        );
        assert_eq!(out, "");
    }
}
