//! Typed, validating access to front-matter fields: required text, lists,
//! whole numbers, booleans and percentages, with specific error messages.

use super::front_matter::{Field, FrontMatter};
use super::model::Problem;

/// Typed, validating access to the fields of one front matter.
pub struct Reader<'a> {
    path: &'a str,
    fields: &'a [Field],
    problems: &'a mut Vec<Problem>,
}

impl<'a> Reader<'a> {
    /// Reports unknown keys, duplicate keys and control characters in values.
    pub fn new(
        fm: &'a FrontMatter<'_>,
        path: &'a str,
        allowed: &[&str],
        problems: &'a mut Vec<Problem>,
    ) -> Self {
        for (i, field) in fm.fields.iter().enumerate() {
            if !allowed.contains(&field.key.as_str()) {
                problems.push(Problem::new(
                    path,
                    field.line,
                    format!(
                        "unknown key \"{}\" (allowed: {})",
                        field.key,
                        allowed.join(", ")
                    ),
                ));
            } else if let Some(first) = fm.fields[..i].iter().find(|f| f.key == field.key) {
                problems.push(Problem::new(
                    path,
                    field.line,
                    format!(
                        "duplicate key \"{}\" (first set on line {})",
                        field.key, first.line
                    ),
                ));
            }
            if let Some(c) = field.value.chars().find(|c| c.is_control()) {
                problems.push(Problem::new(
                    path,
                    field.line,
                    format!(
                        "{} contains a control character (U+{:04X})",
                        field.key, c as u32
                    ),
                ));
            }
        }
        Reader {
            path,
            fields: &fm.fields,
            problems,
        }
    }

    fn field(&self, key: &str) -> Option<&'a Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn report(&mut self, line: usize, message: String) {
        self.problems.push(Problem::new(self.path, line, message));
    }

    fn required(&mut self, key: &str) -> Option<&'a Field> {
        let field = self.field(key);
        if field.is_none() {
            self.report(1, format!("missing required key \"{key}\""));
        }
        field
    }

    /// A required, non-empty plain-text value.
    pub fn text(&mut self, key: &str) -> Option<String> {
        let field = self.required(key)?;
        if field.value.is_empty() {
            self.report(field.line, format!("{key} must not be empty"));
            return None;
        }
        Some(field.value.clone())
    }

    /// A comma-separated list; a required list needs at least one item.
    pub fn list(&mut self, key: &str, required: bool) -> Option<Vec<String>> {
        let field = if required {
            self.required(key)?
        } else {
            match self.field(key) {
                Some(f) => f,
                None => return Some(Vec::new()),
            }
        };
        let items: Vec<String> = field
            .value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if required && items.is_empty() {
            self.report(field.line, format!("{key} must list at least one item"));
            return None;
        }
        Some(items)
    }

    /// A required whole number of at least 1. `what` completes
    /// "KEY must be a whole number WHAT", e.g. "of minutes".
    pub fn positive(&mut self, key: &str, what: &str) -> Option<u32> {
        let field = self.required(key)?;
        let value = &field.value;
        match value.parse::<u32>() {
            Ok(0) => {
                self.report(field.line, format!("{key} must be at least 1, got \"0\""));
                None
            }
            Ok(n) if !value.starts_with('+') => Some(n),
            _ => {
                let space = if what.is_empty() { "" } else { " " };
                self.report(
                    field.line,
                    format!("{key} must be a whole number{space}{what}, got \"{value}\""),
                );
                None
            }
        }
    }

    /// A required `yes`/`no` (or `true`/`false`) value.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        let field = self.required(key)?;
        self.yes_no(key, field)
    }

    /// An optional yes/no, `default` when absent.
    pub fn optional_boolean(&mut self, key: &str, default: bool) -> Option<bool> {
        match self.field(key) {
            None => Some(default),
            Some(field) => self.yes_no(key, field),
        }
    }

    fn yes_no(&mut self, key: &str, field: &Field) -> Option<bool> {
        match field.value.to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => {
                self.report(
                    field.line,
                    format!("{key} must be yes or no, got \"{}\"", field.value),
                );
                None
            }
        }
    }

    /// An optional percentage from 1 to 100, `default` when absent.
    pub fn percentage(&mut self, key: &str, default: u8) -> Option<u8> {
        let Some(field) = self.field(key) else {
            return Some(default);
        };
        match field.value.parse::<u8>() {
            Ok(n) if (1..=100).contains(&n) && !field.value.starts_with('+') => Some(n),
            _ => {
                self.report(
                    field.line,
                    format!(
                        "{key} must be a whole number from 1 to 100, got \"{}\"",
                        field.value
                    ),
                );
                None
            }
        }
    }

    /// An optional word from `allowed`, `default` when absent.
    pub fn one_of(
        &mut self,
        key: &str,
        allowed: &[&'static str],
        default: &'static str,
    ) -> Option<&'static str> {
        let Some(field) = self.field(key) else {
            return Some(default);
        };
        let found = allowed.iter().find(|w| field.value.eq_ignore_ascii_case(w));
        if found.is_none() {
            self.report(
                field.line,
                format!(
                    "{key} must be one of {}, got \"{}\"",
                    allowed.join(", "),
                    field.value
                ),
            );
        }
        found.copied()
    }

    /// The line of `key`, or 1 when it is absent (for reporting about its value).
    pub fn line_of(&self, key: &str) -> usize {
        self.field(key).map_or(1, |f| f.line)
    }
}

#[cfg(test)]
mod tests {
    use super::super::front_matter::split;
    use super::*;

    const P: &str = "courses/x/01-a.md";

    fn read<T>(text: &str, f: impl FnOnce(&mut Reader) -> T) -> (T, Vec<String>) {
        let mut problems = Vec::new();
        let fm = split(text, P, &mut problems).expect("front matter");
        let mut reader = Reader::new(&fm, P, &["title", "minutes", "tags", "live"], &mut problems);
        let value = f(&mut reader);
        (value, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn an_unknown_key_is_reported_with_the_allowed_keys() {
        let (_, problems) = read("---\nminutes: 2\ntitel: A\n---\n", |_| ());
        assert_eq!(
            problems,
            [format!(
                "{P}:3: unknown key \"titel\" (allowed: title, minutes, tags, live)"
            )]
        );
    }

    #[test]
    fn a_duplicate_key_is_reported_on_its_second_line() {
        let (_, problems) = read("---\ntitle: A\n\ntitle: B\n---\n", |_| ());
        assert_eq!(
            problems,
            [format!(
                "{P}:4: duplicate key \"title\" (first set on line 2)"
            )]
        );
    }

    #[test]
    fn a_missing_required_key_is_reported_at_line_1() {
        let (value, problems) = read("---\nminutes: 2\n---\n", |r| r.text("title"));
        assert_eq!(value, None);
        assert_eq!(problems, [format!("{P}:1: missing required key \"title\"")]);
    }

    #[test]
    fn an_empty_required_value_is_reported() {
        let (_, problems) = read("---\ntitle:\n---\n", |r| r.text("title"));
        assert_eq!(problems, [format!("{P}:2: title must not be empty")]);
    }

    #[test]
    fn a_control_character_in_a_value_is_reported() {
        let (_, problems) = read("---\ntitle: A\u{7}B\n---\n", |r| r.text("title"));
        assert_eq!(
            problems,
            [format!(
                "{P}:2: title contains a control character (U+0007)"
            )]
        );
    }

    #[test]
    fn a_word_for_minutes_is_reported_with_the_value() {
        let (value, problems) = read("---\nminutes: ninety\n---\n", |r| {
            r.positive("minutes", "of minutes")
        });
        assert_eq!(value, None);
        assert_eq!(
            problems,
            [format!(
                "{P}:2: minutes must be a whole number of minutes, got \"ninety\""
            )]
        );
    }

    #[test]
    fn zero_minutes_are_reported() {
        let (_, problems) = read("---\nminutes: 0\n---\n", |r| {
            r.positive("minutes", "of minutes")
        });
        assert_eq!(
            problems,
            [format!("{P}:2: minutes must be at least 1, got \"0\"")]
        );
    }

    #[test]
    fn lists_are_trimmed_and_empty_items_dropped() {
        let (value, problems) = read("---\ntags: a ,, b,\n---\n", |r| r.list("tags", true));
        assert!(problems.is_empty());
        assert_eq!(value.unwrap(), ["a", "b"]);
    }

    #[test]
    fn an_empty_required_list_is_reported() {
        let (_, problems) = read("---\ntags: , ,\n---\n", |r| r.list("tags", true));
        assert_eq!(
            problems,
            [format!("{P}:2: tags must list at least one item")]
        );
    }

    #[test]
    fn booleans_accept_yes_no_true_false() {
        for (text, expected) in [
            ("yes", true),
            ("No", false),
            ("true", true),
            ("false", false),
        ] {
            let (value, problems) =
                read(&format!("---\nlive: {text}\n---\n"), |r| r.boolean("live"));
            assert!(problems.is_empty());
            assert_eq!(value, Some(expected));
        }
    }

    #[test]
    fn a_bad_boolean_is_reported_with_the_value() {
        let (_, problems) = read("---\nlive: maybe\n---\n", |r| r.boolean("live"));
        assert_eq!(
            problems,
            [format!("{P}:2: live must be yes or no, got \"maybe\"")]
        );
    }

    #[test]
    fn a_percentage_defaults_and_rejects_out_of_range_values() {
        let (value, _) = read("---\n---\n", |r| r.percentage("minutes", 80));
        assert_eq!(value, Some(80));
        let (_, problems) = read("---\nminutes: 150\n---\n", |r| r.percentage("minutes", 80));
        assert_eq!(
            problems,
            [format!(
                "{P}:2: minutes must be a whole number from 1 to 100, got \"150\""
            )]
        );
    }
}
