//! Parsing `glossary.md`: one `## Term` heading per term, its definition the
//! Markdown up to the next `## `; also the lookup table used to render `[[Term]]`.

use super::fields::Reader;
use super::front_matter;
use super::links::slugify;
use super::markdown::{self, Doc, Env, TermInfo};
use super::model::{GlossaryTerm, Problem};
use super::sanitize;
use std::collections::{HashMap, HashSet};

struct RawTerm<'a> {
    term: String,
    line: usize,
    definition: &'a str,
    definition_line: usize,
}

/// Splits the body into terms, reporting stray text, empty and duplicate terms.
fn split_terms<'a>(
    body: &'a str,
    first_line: usize,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Vec<RawTerm<'a>> {
    let mut terms: Vec<RawTerm> = Vec::new();
    let mut offset = 0;
    let mut current: Option<(String, usize, usize)> = None; // term, heading line, definition start
    let finish = |current: Option<(String, usize, usize)>,
                  end: usize,
                  terms: &mut Vec<RawTerm<'a>>,
                  problems: &mut Vec<Problem>| {
        let Some((term, line, start)) = current else {
            return;
        };
        let definition = &body[start..end];
        if let Some(first) = terms.iter().find(|t| t.term == term) {
            let message = format!(
                "duplicate glossary term \"{term}\" (first defined on line {})",
                first.line
            );
            problems.push(Problem::new(path, line, message));
        } else if definition.trim().is_empty() {
            problems.push(Problem::new(
                path,
                line,
                format!("glossary term \"{term}\" has no definition"),
            ));
        } else {
            terms.push(RawTerm {
                term,
                line,
                definition,
                definition_line: line + 1,
            });
        }
    };
    for (i, raw) in body.split_inclusive('\n').enumerate() {
        let line_no = first_line + i;
        let text = raw.trim_end();
        if let Some(term) = text
            .strip_prefix("## ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            finish(current.take(), offset, &mut terms, problems);
            current = Some((
                term.split_whitespace().collect::<Vec<_>>().join(" "),
                line_no,
                offset + raw.len(),
            ));
        } else if current.is_none() && !text.trim().is_empty() {
            let message = format!(
                "expected a term heading \"## Term\", got \"{}\"",
                text.trim()
            );
            problems.push(Problem::new(path, line_no, message));
        }
        offset += raw.len();
    }
    finish(current.take(), body.len(), &mut terms, problems);
    terms
}

/// Parses and renders the glossary. Returns the terms (in file order) and the
/// lookup table for `[[Term]]` references.
pub fn parse(
    text: &str,
    path: &str,
    files: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> (Vec<GlossaryTerm>, HashMap<String, TermInfo>) {
    let Some(fm) = front_matter::split(text, path, problems) else {
        return (Vec::new(), HashMap::new());
    };
    Reader::new(&fm, path, &["title"], problems).text("title");
    let raw = split_terms(fm.body, fm.body_line, path, problems);
    let mut used = HashSet::new();
    let mut map: HashMap<String, TermInfo> = HashMap::with_capacity(raw.len());
    for term in &raw {
        let base = slugify(&term.term);
        let mut slug = base.clone();
        let mut n = 1;
        while !used.insert(slug.clone()) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        map.insert(
            term.term.clone(),
            TermInfo {
                slug,
                definition_text: String::new(),
            },
        );
    }
    let env = Env {
        files,
        glossary: &map,
        tooltips: false,
    };
    let terms: Vec<GlossaryTerm> = raw
        .iter()
        .map(|t| {
            let slug = map[&t.term].slug.clone();
            let doc = Doc {
                path,
                dir: "",
                first_line: t.definition_line,
                id_prefix: "",
            };
            let rendered = markdown::render(t.definition, &doc, &env, problems);
            let definition_text = sanitize::plain_text(&rendered.html);
            GlossaryTerm {
                term: t.term.clone(),
                slug,
                definition_html: rendered.html,
                definition_text,
            }
        })
        .collect();
    for term in &terms {
        if let Some(info) = map.get_mut(&term.term) {
            info.definition_text.clone_from(&term.definition_text);
        }
    }
    (terms, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "courses/glossary.md";

    fn parse_text(text: &str) -> (Vec<GlossaryTerm>, HashMap<String, TermInfo>, Vec<String>) {
        let mut problems = Vec::new();
        let (terms, map) = parse(text, P, &HashSet::new(), &mut problems);
        (
            terms,
            map,
            problems.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn terms_get_slugs_html_and_plain_text_definitions() {
        let (terms, map, problems) = parse_text(
            "---\ntitle: Glossary\n---\n\n## Front line\n\nStaff who *serve*\nthe public.\n\n## Front-line\n\nSee [[Front line]].\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].slug, "front-line");
        assert_eq!(terms[1].slug, "front-line-2");
        assert_eq!(
            terms[0].definition_html,
            "<p>Staff who <em>serve</em>\nthe public.</p>\n"
        );
        assert_eq!(terms[0].definition_text, "Staff who serve the public.");
        assert!(
            terms[1]
                .definition_html
                .contains("<a href=\"/glossary#front-line\""),
            "{}",
            terms[1].definition_html
        );
        assert_eq!(
            map["Front line"].definition_text,
            "Staff who serve the public."
        );
    }

    #[test]
    fn a_duplicate_glossary_term_is_reported_on_its_second_heading() {
        let (_, _, problems) = parse_text("---\ntitle: G\n---\n## A\n\nOne.\n\n## A\n\nTwo.\n");
        assert_eq!(
            problems,
            [format!(
                "{P}:8: duplicate glossary term \"A\" (first defined on line 4)"
            )]
        );
    }

    #[test]
    fn a_glossary_term_without_a_definition_is_reported_on_its_heading() {
        let (_, _, problems) = parse_text("---\ntitle: G\n---\n## A\n\n## B\n\nB is b.\n");
        assert_eq!(
            problems,
            [format!("{P}:4: glossary term \"A\" has no definition")]
        );
    }

    #[test]
    fn text_before_the_first_term_is_reported_with_its_line() {
        let (_, _, problems) = parse_text("---\ntitle: G\n---\nIntro text\n## A\n\nOne.\n");
        assert_eq!(
            problems,
            [format!(
                "{P}:4: expected a term heading \"## Term\", got \"Intro text\""
            )]
        );
    }

    #[test]
    fn an_unknown_term_in_a_definition_is_reported_with_its_line() {
        let (_, _, problems) = parse_text("---\ntitle: G\n---\n## A\n\nLike [[B]].\n");
        assert_eq!(problems, [format!("{P}:6: unknown glossary term \"B\"")]);
    }

    #[test]
    fn a_glossary_without_a_title_is_reported() {
        let (_, _, problems) = parse_text("---\n---\n## A\n\nOne.\n");
        assert_eq!(problems, [format!("{P}:1: missing required key \"title\"")]);
    }
}
