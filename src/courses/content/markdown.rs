//! Rendering one Markdown body to sanitised HTML: glossary terms, internal links,
//! images, video embeds, heading anchors and the table of contents.

use super::model::{Problem, TocEntry};
use super::sanitize;
use super::walker::Renderer;
use pulldown_cmark::{Event, Options, Parser};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// What a glossary reference needs to know about its term.
#[derive(Debug, Clone, PartialEq)]
pub struct TermInfo {
    pub slug: String,
    pub definition_text: String,
}

/// Everything a document may refer to; built once per load.
pub struct Env<'a> {
    /// Every file of the courses folder, relative to it (`x/images/a.png`).
    pub files: &'a HashSet<String>,
    pub glossary: &'a HashMap<String, TermInfo>,
    /// `[[Term]]` renders with a tooltip; when false (inside the glossary) as a plain link.
    pub tooltips: bool,
}

/// The document being rendered.
pub struct Doc<'a> {
    /// Path used in problems, e.g. `courses/x/01-a.md`.
    pub path: &'a str,
    /// Folder of the document relative to the courses folder (`x`, `case-studies`, ``).
    pub dir: &'a str,
    /// Line number of the first line of the body in the file.
    pub first_line: usize,
    /// Makes tooltip ids unique on a page showing several documents.
    pub id_prefix: &'a str,
}

/// A top-level block, for structural checks such as the case-study ending.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    List {
        line: usize,
    },
    Footnote,
    Other {
        line: usize,
    },
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Glossary terms referenced, in order of first use, without repeats.
    pub terms: Vec<String>,
    pub blocks: Vec<Block>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
}

/// Parser events with their source byte ranges.
pub type Events<'e> = [(Event<'e>, Range<usize>)];

/// Renders `source` (a body starting at line `doc.first_line`), reporting problems.
pub fn render(source: &str, doc: &Doc, env: &Env, problems: &mut Vec<Problem>) -> Rendered {
    let source = sanitize::neutralise(source);
    let events: Vec<_> = Parser::new_ext(&source, options())
        .into_offset_iter()
        .collect();
    let mut r = Renderer::new(doc, env, problems, &source, events.len());
    let mut i = 0;
    while i < events.len() {
        i = r.step(&events, i);
    }
    let (out, fragments, mut result) = r.finish();
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    result.html = sanitize::clean(&html, &fragments);
    result
}

/// Index of the event closing the element started at `start`.
pub fn matching_end(events: &Events, start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// Plain text of the events strictly inside the element started at `start`.
pub fn inner_text(events: &Events, start: usize) -> String {
    let mut text = String::new();
    for (event, _) in &events[start + 1..matching_end(events, start)] {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{P, render_at, render_ok};

    #[test]
    fn a_simple_document_renders_to_exact_html() {
        let r = render_ok("## Hi\n\nSome *text*.\n\n- a\n- b\n");
        assert_eq!(
            r.html,
            "<h2 id=\"hi\">Hi</h2>\n<p>Some <em>text</em>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }

    #[test]
    fn internal_links_are_rewritten_to_site_urls() {
        let r = render_ok("[next](02-b.md) [home](course.md#goals) [web](https://example.org)");
        assert!(r.html.contains("href=\"/courses/demo/b\""), "{}", r.html);
        assert!(r.html.contains("href=\"/courses/demo#goals\""));
        assert!(r.html.contains("href=\"https://example.org\""));
    }

    #[test]
    fn a_broken_relative_link_is_reported_with_its_line() {
        let (_, problems) = render_at("A\nsee [x](03-c.md)\n", 3);
        assert_eq!(problems, [format!("{P}:4: broken link \"03-c.md\"")]);
    }

    #[test]
    fn images_are_served_from_course_assets() {
        let r = render_ok("![A chart](images/x.png)");
        assert!(
            r.html
                .contains("<img src=\"/course-assets/demo/images/x.png\" alt=\"A chart\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn a_missing_image_is_reported_with_its_line() {
        let (_, problems) = render_at("\n![A chart](images/y.png)", 2);
        assert_eq!(problems, [format!("{P}:3: missing image \"images/y.png\"")]);
    }

    #[test]
    fn an_image_without_alt_text_is_reported_with_its_line() {
        let (_, problems) = render_at("![](images/x.png)", 9);
        assert_eq!(
            problems,
            [format!("{P}:9: image \"images/x.png\" needs alt text")]
        );
    }

    #[test]
    fn tables_footnotes_task_lists_and_strikethrough_render_without_styles() {
        let r = render_ok(
            "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^n]\n\n[^n]: The note.\n",
        );
        assert!(
            r.html.contains("<table>") && !r.html.contains("style"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\" checked=\"\""));
        assert!(r.html.contains("href=\"#fn-n\"") && r.html.contains("id=\"fn-n\""));
    }
}
