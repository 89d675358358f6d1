//! The strict `key: value` front-matter parser: splits a file into its fields
//! (with line numbers) and its Markdown body; see `fields` for typed access.

use super::model::Problem;

/// One `key: value` line of the front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// A file split into its front matter and its Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter<'a> {
    pub fields: Vec<Field>,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// 1-based line number of the first line of `body`.
    pub body_line: usize,
}

/// Splits `text` into front matter and body. Returns `None` (after reporting)
/// when the front matter is missing or unclosed; malformed lines are reported
/// and skipped.
pub fn split<'a>(
    text: &'a str,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<FrontMatter<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        problems.push(Problem::new(
            path,
            1,
            "missing front matter: the file must start with a line \"---\"",
        ));
        return None;
    }
    let mut offset = first.len();
    let mut fields = Vec::new();
    let mut bad = Vec::new();
    for (index, raw) in lines.enumerate() {
        let line_no = index + 2;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if line.trim_end() == "---" {
            problems.append(&mut bad);
            return Some(FrontMatter {
                fields,
                body: &text[offset..],
                body_line: line_no + 1,
            });
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match line.split_once(':') {
            Some((key, value)) if !key.trim().is_empty() => fields.push(Field {
                key: key.trim().to_string(),
                value: value.trim().to_string(),
                line: line_no,
            }),
            _ => bad.push(Problem::new(
                path,
                line_no,
                format!("expected \"key: value\", got \"{trimmed}\""),
            )),
        }
    }
    problems.push(Problem::new(
        path,
        1,
        "front matter is not closed: add a line \"---\" after the last key",
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "courses/x/01-a.md";

    fn split_ok(text: &str) -> (Option<FrontMatter<'_>>, Vec<String>) {
        let mut problems = Vec::new();
        let fm = split(text, P, &mut problems);
        (fm, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn fields_body_and_body_line_are_found() {
        let (fm, problems) =
            split_ok("---\ntitle: Hello: world\n\n# note\nminutes: 5\n---\nBody\n");
        let fm = fm.unwrap();
        assert!(problems.is_empty());
        assert_eq!(
            fm.fields[0],
            Field {
                key: "title".into(),
                value: "Hello: world".into(),
                line: 2
            }
        );
        assert_eq!(fm.fields[1].line, 5);
        assert_eq!(fm.body, "Body\n");
        assert_eq!(fm.body_line, 7);
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
        let (fm, problems) = split_ok("\u{feff}---\r\ntitle: A\r\n---\r\nBody");
        assert!(problems.is_empty());
        assert_eq!(fm.unwrap().fields[0].value, "A");
    }

    #[test]
    fn a_file_without_front_matter_is_reported_at_line_1() {
        let (fm, problems) = split_ok("title: A\n");
        assert!(fm.is_none());
        assert_eq!(
            problems,
            [format!(
                "{P}:1: missing front matter: the file must start with a line \"---\""
            )]
        );
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_line_1() {
        let (fm, problems) = split_ok("---\ntitle: A\nminutes: 3\n");
        assert!(fm.is_none());
        assert_eq!(
            problems,
            [format!(
                "{P}:1: front matter is not closed: add a line \"---\" after the last key"
            )]
        );
    }

    #[test]
    fn a_line_without_a_colon_is_reported_with_its_line() {
        let (_, problems) = split_ok("---\ntitle: A\nminutes 3\n---\n");
        assert_eq!(
            problems,
            [format!("{P}:3: expected \"key: value\", got \"minutes 3\"")]
        );
    }
}
