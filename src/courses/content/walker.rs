//! The event walk behind `markdown::render`: ids headings, rewrites links and images,
//! and swaps `[[Term]]` references and video paragraphs for trusted fragments.

use super::embed;
use super::links;
use super::markdown::{Block, Doc, Env, Events, Rendered, inner_text, matching_end};
use super::model::{Problem, TocEntry};
use super::sanitize;
use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::collections::HashSet;

pub(super) struct Renderer<'r, 'e> {
    doc: &'r Doc<'r>,
    env: &'r Env<'r>,
    problems: &'r mut Vec<Problem>,
    newlines: Vec<usize>,
    out: Vec<Event<'e>>,
    fragments: Vec<String>,
    ids: HashSet<String>,
    result: Rendered,
    depth: usize,
    image_depth: usize,
    last_heading: String,
}

impl<'r, 'e> Renderer<'r, 'e> {
    pub(super) fn new(
        doc: &'r Doc<'r>,
        env: &'r Env<'r>,
        problems: &'r mut Vec<Problem>,
        source: &str,
        events: usize,
    ) -> Self {
        Renderer {
            doc,
            env,
            problems,
            newlines: source.match_indices('\n').map(|(i, _)| i).collect(),
            out: Vec::with_capacity(events),
            fragments: Vec::new(),
            ids: HashSet::new(),
            result: Rendered::default(),
            depth: 0,
            image_depth: 0,
            last_heading: String::new(),
        }
    }

    /// The events to write as HTML, the trusted fragments and the result so far.
    pub(super) fn finish(self) -> (Vec<Event<'e>>, Vec<String>, Rendered) {
        (self.out, self.fragments, self.result)
    }

    fn line(&self, offset: usize) -> usize {
        self.doc.first_line + self.newlines.partition_point(|&n| n < offset)
    }

    fn report(&mut self, offset: usize, message: String) {
        let line = self.line(offset);
        self.problems
            .push(Problem::new(self.doc.path, line, message));
    }

    fn unique_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 1;
        while self.ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.ids.insert(id.clone());
        id
    }

    fn push_fragment(&mut self, fragment: String) {
        self.out.push(Event::Text(
            sanitize::placeholder(self.fragments.len()).into(),
        ));
        self.fragments.push(fragment);
    }

    /// Handles the event at `i` and returns the index of the next one to handle.
    pub(super) fn step(&mut self, events: &Events<'e>, i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(tag) => {
                if self.depth == 0 {
                    let line = self.line(range.start);
                    self.result.blocks.push(match tag {
                        Tag::Heading { level, .. } => Block::Heading {
                            level: *level as u8,
                            text: inner_text(events, i),
                            line,
                        },
                        Tag::List(_) => Block::List { line },
                        Tag::FootnoteDefinition(_) => Block::Footnote,
                        _ => Block::Other { line },
                    });
                }
                if let Some(next) = self.start(events, i) {
                    return next;
                }
                self.depth += 1;
            }
            Event::End(end) => {
                self.depth -= 1;
                if *end == TagEnd::Image {
                    self.image_depth -= 1;
                }
                self.out.push(event.clone());
            }
            Event::FootnoteReference(label) => {
                let label = format!("fn-{}", links::slugify(label));
                self.out.push(Event::FootnoteReference(label.into()));
            }
            _ => {
                if self.depth == 0
                    && !matches!(
                        event,
                        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak
                    )
                {
                    let line = self.line(range.start);
                    self.result.blocks.push(Block::Other { line });
                }
                self.out.push(event.clone());
            }
        }
        i + 1
    }

    /// Handles a start tag. Returns `Some(next)` when it consumed the whole element.
    fn start(&mut self, events: &Events<'e>, i: usize) -> Option<usize> {
        let (Event::Start(tag), range) = &events[i] else {
            unreachable!()
        };
        let tag = match tag {
            Tag::Paragraph => {
                if let Some(next) = self.video(events, i) {
                    return Some(next);
                }
                Tag::Paragraph
            }
            Tag::Heading { level, id, .. } => self.heading(events, i, *level, id.as_deref()),
            Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            } => {
                return Some(self.term(events, i, dest_url));
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = match links::resolve_link(dest_url, self.doc.dir, self.env.files) {
                    Ok(Some(url)) => url.into(),
                    Ok(None) => dest_url.clone(),
                    Err(message) => {
                        self.report(range.start, message);
                        dest_url.clone()
                    }
                };
                Tag::Link {
                    link_type: *link_type,
                    dest_url,
                    title: title.clone(),
                    id: id.clone(),
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                if inner_text(events, i).is_empty() {
                    self.report(range.start, format!("image \"{dest_url}\" needs alt text"));
                }
                self.image_depth += 1;
                let dest_url = match links::resolve_image(dest_url, self.doc.dir, self.env.files) {
                    Ok(Some(url)) => url.into(),
                    Ok(None) => dest_url.clone(),
                    Err(message) => {
                        self.report(range.start, message);
                        dest_url.clone()
                    }
                };
                Tag::Image {
                    link_type: *link_type,
                    dest_url,
                    title: title.clone(),
                    id: id.clone(),
                }
            }
            Tag::Table(alignments) => Tag::Table(vec![Alignment::None; alignments.len()]),
            Tag::FootnoteDefinition(label) => {
                Tag::FootnoteDefinition(format!("fn-{}", links::slugify(label)).into())
            }
            other => other.clone(),
        };
        self.out.push(Event::Start(tag));
        None
    }

    fn heading(
        &mut self,
        events: &Events<'e>,
        i: usize,
        level: HeadingLevel,
        custom: Option<&str>,
    ) -> Tag<'e> {
        let text = inner_text(events, i);
        if level == HeadingLevel::H1 {
            let offset = events[i].1.start;
            self.report(
                offset,
                format!("level-1 heading \"{text}\": use ## for sections; the title comes from front matter"),
            );
        }
        let base = links::slugify(custom.filter(|c| !c.is_empty()).unwrap_or(&text));
        let id = self.unique_id(base);
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.result.toc.push(TocEntry {
                level: level as u8,
                id: id.clone(),
                text: text.clone(),
            });
        }
        self.last_heading = text;
        Tag::Heading {
            level,
            id: Some(id.into()),
            classes: Vec::new(),
            attrs: Vec::new(),
        }
    }

    /// `[[Term]]` / `[[Term|shown]]`: consumed whole.
    fn term(&mut self, events: &Events<'e>, i: usize, dest: &str) -> usize {
        let end = matching_end(events, i);
        let name = embed::term_name(dest);
        let shown = inner_text(events, i);
        let Some(info) = self.env.glossary.get(&name) else {
            self.report(
                events[i].1.start,
                format!("unknown glossary term \"{name}\""),
            );
            self.out.push(Event::Text(shown.into()));
            return end + 1;
        };
        if !self.result.terms.contains(&name) {
            self.result.terms.push(name);
        }
        if self.image_depth > 0 {
            self.out.push(Event::Text(shown.into()));
        } else if self.env.tooltips {
            let tip = format!("tip-{}{}", self.doc.id_prefix, self.fragments.len() + 1);
            self.push_fragment(embed::term_html(
                &info.slug,
                &shown,
                &info.definition_text,
                &tip,
            ));
        } else {
            let dest = format!("/glossary#{}", info.slug);
            let link = Tag::Link {
                link_type: LinkType::Inline,
                dest_url: dest.into(),
                title: "".into(),
                id: "".into(),
            };
            self.out.extend([
                Event::Start(link),
                Event::Text(shown.into()),
                Event::End(TagEnd::Link),
            ]);
        }
        end + 1
    }

    /// A paragraph holding only a YouTube URL becomes an embed; consumed whole.
    fn video(&mut self, events: &Events<'e>, i: usize) -> Option<usize> {
        let end = matching_end(events, i);
        let (id, title) = embed::youtube_paragraph(&events[i + 1..end])?;
        let title = title
            .or_else(|| (!self.last_heading.is_empty()).then(|| self.last_heading.clone()))
            .unwrap_or_else(|| "YouTube video".to_string());
        self.push_fragment(embed::video_html(&id, &title));
        Some(end + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{P, render_at, render_ok};
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_feed_the_table_of_contents() {
        let r = render_ok("## Why it matters\n\n### Details\n\n## Why it matters\n\n#### Deep\n");
        assert!(
            r.html
                .contains("<h2 id=\"why-it-matters\">Why it matters</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"why-it-matters-2\">"));
        assert!(r.html.contains("<h4 id=\"deep\">"));
        let toc: Vec<(u8, &str)> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(
            toc,
            [
                (2, "why-it-matters"),
                (3, "details"),
                (2, "why-it-matters-2")
            ]
        );
        assert_eq!(r.toc[1].text, "Details");
    }

    #[test]
    fn a_level_1_heading_is_reported_with_its_line() {
        let (_, problems) = render_at("Intro\n\n# Big title\n", 5);
        assert_eq!(
            problems,
            [format!(
                "{P}:7: level-1 heading \"Big title\": use ## for sections; the title comes from front matter"
            )]
        );
    }

    #[test]
    fn top_level_blocks_are_listed_with_their_lines() {
        let r = render_ok("Hello *there*.\n\n## End\n\n- one\n");
        assert_eq!(
            r.blocks,
            [
                Block::Other { line: 1 },
                Block::Heading {
                    level: 2,
                    text: "End".into(),
                    line: 3
                },
                Block::List { line: 5 }
            ]
        );
    }
}
