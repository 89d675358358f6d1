//! The trusted HTML the pipeline itself emits inside Markdown: glossary-term
//! tooltips and privacy-enhanced YouTube embeds, and spotting video paragraphs.

use super::links;
use super::markdown::Events;
use crate::text::escape_html;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// A glossary reference: a link to the glossary whose definition shows as a
/// tooltip on hover and keyboard focus (CSS `:hover` / `:focus-within`), and is
/// announced by screen readers through `aria-describedby`.
pub fn term_html(slug: &str, shown: &str, definition: &str, tip_id: &str) -> String {
    format!(
        "<span class=\"term\"><a class=\"term-link\" href=\"/glossary#{slug}\" aria-describedby=\"{tip}\">{shown}</a><span class=\"term-definition\" role=\"tooltip\" id=\"{tip}\">{definition}</span></span>",
        slug = escape_html(slug),
        tip = escape_html(tip_id),
        shown = escape_html(shown),
        definition = escape_html(definition),
    )
}

/// A privacy-enhanced YouTube embed with a plain link as fallback.
/// `id` must already be a valid 11-character video id.
pub fn video_html(id: &str, title: &str) -> String {
    let (id, title) = (escape_html(id), escape_html(title));
    format!(
        "<figure class=\"video\"><iframe src=\"https://www.youtube-nocookie.com/embed/{id}\" title=\"Video: {title}\" loading=\"lazy\" allowfullscreen referrerpolicy=\"strict-origin-when-cross-origin\"></iframe><figcaption><a href=\"https://www.youtube.com/watch?v={id}\">Watch on YouTube: {title}</a></figcaption></figure>"
    )
}

/// The glossary term named by a `[[...]]` target: whitespace runs become one space,
/// and the `\` of a table-escaped pipe (`[[Term\|shown]]` inside a table) is dropped.
pub fn term_name(dest: &str) -> String {
    let dest = dest.strip_suffix('\\').unwrap_or(dest);
    dest.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The events inside a paragraph: when the paragraph is only a YouTube URL (bare,
/// `<autolinked>` or `[a titled link](url)`), its video id and the link title.
pub fn youtube_paragraph(inner: &Events) -> Option<(String, Option<String>)> {
    let texts = |evs: &Events| -> Option<String> {
        evs.iter()
            .map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect::<Option<String>>()
    };
    let (url, title) = match inner {
        [
            (
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }),
                _,
            ),
            rest @ ..,
            (Event::End(TagEnd::Link), _),
        ] => {
            let title = texts(rest)?;
            let titled =
                !matches!(link_type, LinkType::Autolink) && title.trim() != dest_url.as_ref();
            (
                dest_url.to_string(),
                titled.then(|| title.trim().to_string()),
            )
        }
        _ => (texts(inner)?, None),
    };
    let id = links::youtube_id(url.trim())?;
    Some((id.to_string(), title.filter(|t| !t.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{P, render_at};
    use super::*;

    fn render_ok(source: &str) -> super::super::markdown::Rendered {
        let (rendered, problems) = render_at(source, 1);
        assert!(problems.is_empty(), "{problems:?}");
        rendered
    }

    #[test]
    fn tooltip_text_is_escaped() {
        let out = term_html("a", "<b>", "\"><script>alert(1)</script>", "t");
        assert!(!out.contains("<script") && !out.contains("<b>"), "{out}");
        assert!(out.contains("&quot;&gt;&lt;script&gt;"));
    }

    #[test]
    fn a_glossary_term_renders_as_a_link_with_an_escaped_tooltip() {
        let r = render_ok("Ask the [[Front line]] or [[Front line|the counter]].");
        let first = "<span class=\"term\"><a class=\"term-link\" href=\"/glossary#front-line\" aria-describedby=\"tip-l1-1\">Front line</a><span class=\"term-definition\" role=\"tooltip\" id=\"tip-l1-1\">Staff who &quot;serve&quot; &lt;people&gt;.</span></span>";
        assert!(r.html.contains(first), "{}", r.html);
        assert!(r.html.contains(">the counter</a>"));
        assert_eq!(r.terms, ["Front line"]);
    }

    #[test]
    fn an_unknown_glossary_term_is_reported_with_its_line_counting_front_matter() {
        let (r, problems) = render_at("One.\n\nTwo [[Frontline]] three.\n", 4);
        assert_eq!(
            problems,
            [format!("{P}:6: unknown glossary term \"Frontline\"")]
        );
        assert!(r.html.contains("Two Frontline three."));
    }

    #[test]
    fn glossary_terms_in_code_are_left_alone() {
        let r = render_ok("`[[Nope]]`\n\n```\n[[Nope]]\n```\n");
        assert!(r.terms.is_empty());
    }

    #[test]
    fn a_paragraph_with_only_a_youtube_url_becomes_a_privacy_enhanced_embed() {
        let r = render_ok(
            "## Greeting\n\nhttps://www.youtube.com/watch?v=dQw4w9Wg_cQ\n\n[How to greet](https://youtu.be/abcdefghijk)\n",
        );
        let embed = "<figure class=\"video\"><iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9Wg_cQ\" title=\"Video: Greeting\" loading=\"lazy\" allowfullscreen referrerpolicy=\"strict-origin-when-cross-origin\"></iframe><figcaption><a href=\"https://www.youtube.com/watch?v=dQw4w9Wg_cQ\">Watch on YouTube: Greeting</a></figcaption></figure>";
        assert!(r.html.contains(embed), "{}", r.html);
        assert!(r.html.contains("title=\"Video: How to greet\""));
    }

    #[test]
    fn a_youtube_url_inside_a_sentence_stays_a_link() {
        let r = render_ok("Watch <https://youtu.be/abcdefghijk> now.");
        assert!(!r.html.contains("iframe"), "{}", r.html);
    }

    #[test]
    fn a_glossary_term_in_a_table_cell_may_use_an_escaped_pipe() {
        let r = render_ok("| a |\n|---|\n| [[Front line\\|the staff]] |\n");
        assert!(r.html.contains(">the staff</a>"), "{}", r.html);
        assert_eq!(r.terms, ["Front line"]);
    }

    #[test]
    fn a_glossary_term_may_wrap_across_lines() {
        let r = render_ok("The [[Front\nline]] helps.");
        assert_eq!(r.terms, ["Front line"]);
    }
}
