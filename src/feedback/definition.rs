//! Feedback form definitions: the plain-text format trainers type into a textarea
//! (one question per line), parsed into typed questions and rendered back again.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

const MAX_QUESTIONS: usize = 40;
const MAX_KEY: usize = 32;
const MAX_PROMPT: usize = 300;
const MAX_LABEL: usize = 80;
const MIN_OPTIONS: usize = 2;
const MAX_OPTIONS: usize = 12;
const SEPARATOR: &str = " / ";
const KIND_HINT: &str = "use likert, recommend, choice or text";
const NO_QUESTIONS: &str = "the form has no questions; write one per line as kind | key | prompt";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    Likert { low: String, high: String },
    Recommend { low: String, high: String },
    Choice { options: Vec<String> },
    Text,
}

impl QuestionKind {
    /// Inclusive bounds of a numeric answer; `None` for kinds that are not scales.
    pub fn range(&self) -> Option<(i64, i64)> {
        match self {
            QuestionKind::Likert { .. } => Some((1, 5)),
            QuestionKind::Recommend { .. } => Some((0, 10)),
            QuestionKind::Choice { .. } | QuestionKind::Text => None,
        }
    }

    /// The word used for this kind in the text format.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Likert { .. } => "likert",
            QuestionKind::Recommend { .. } => "recommend",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Text => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    pub prompt: String,
    pub kind: QuestionKind,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    /// 1-based, counting comment and blank lines, so it matches the textarea.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

pub const DEFAULT_FORM_TITLE: &str = "Session feedback (Kirkpatrick level 1)";

/// The academy's default form, Kirkpatrick level 1 (reaction): the instructor, the
/// relevance of the material, intent to apply it, an overall rating, likelihood to
/// recommend and two optional open questions.
pub const DEFAULT_FORM: &str = "\
# One question per line: kind | key | prompt | labels or options
# Kinds: likert (1-5), recommend (0-10), choice (a / b / c), text. Add ? after the kind to make it optional.
likert    | knowledge  | The instructor knew the subject well.                          | Strongly disagree / Strongly agree
likert    | clarity    | The instructor explained things clearly.                       | Strongly disagree / Strongly agree
likert    | engagement | The instructor kept me engaged throughout the session.         | Strongly disagree / Strongly agree
likert    | relevance  | The material was relevant to my job.                           | Strongly disagree / Strongly agree
likert    | apply      | I will apply what I learned in my work.                        | Strongly disagree / Strongly agree
likert    | overall    | Overall, how would you rate this session?                      | Poor / Excellent
recommend | recommend  | How likely are you to recommend this session to a colleague?   | Not at all likely / Extremely likely
text?     | worked     | What worked well for you?
text?     | improve    | What could we improve?
";

/// Parses a form definition, reporting every bad line rather than stopping at the first,
/// so a trainer can fix the whole textarea in one round trip.
pub fn parse(text: &str) -> Result<Vec<Question>, Vec<LineError>> {
    let (mut questions, mut errors) = (Vec::new(), Vec::new());
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    let mut count = 0;
    for (index, raw) in text.lines().enumerate() {
        let (line, trimmed) = (index + 1, raw.trim());
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        count += 1;
        if count == MAX_QUESTIONS + 1 {
            let message = format!("too many questions: a form can have at most {MAX_QUESTIONS}");
            errors.push(LineError { line, message });
        }
        let fields: Vec<&str> = trimmed.split('|').map(str::trim).collect();
        // Claimed even when the rest of the line is broken, so a later copy is flagged
        // now instead of surfacing only after the trainer fixes this line.
        let key = fields.get(1).copied().filter(|k| check_key(k).is_ok());
        let first = key.map_or(line, |k| *first_use.entry(k).or_insert(line));
        let message = match parse_line(&fields) {
            Ok(question) if first == line => {
                questions.push(question);
                continue;
            }
            Ok(question) => format!("duplicate key \"{}\" also on line {first}", question.key),
            Err(message) => message,
        };
        errors.push(LineError { line, message });
    }
    if count == 0 {
        let message = NO_QUESTIONS.to_string();
        errors.push(LineError { line: 1, message });
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

fn parse_line(fields: &[&str]) -> Result<Question, String> {
    let (word, required) = match fields[0].strip_suffix('?') {
        Some(word) => (word.trim_end().to_ascii_lowercase(), false),
        None => (fields[0].to_ascii_lowercase(), true),
    };
    let layout = match word.as_str() {
        "likert" | "recommend" => "kind | key | prompt | low / high",
        "choice" => "choice | key | prompt | option / option / ...",
        "text" => "text | key | prompt",
        "" => return Err(format!("missing kind; {KIND_HINT}")),
        _ => return Err(format!("unknown kind \"{}\" — {KIND_HINT}", fields[0])),
    };
    let field = |index: usize| fields.get(index).copied().unwrap_or("");
    let (key, prompt, details) = (field(1), field(2), field(3));
    let expected = |what: &str| Err(format!("{what}; expected \"{layout}\""));
    if key.is_empty() {
        return expected("missing key");
    }
    check_key(key)?;
    if prompt.is_empty() {
        return expected("missing prompt");
    }
    check_length("prompt", prompt, MAX_PROMPT)?;
    if fields.len() > 4 {
        return expected("too many | separators");
    }
    let kind = match word.as_str() {
        "text" if details.is_empty() => QuestionKind::Text,
        "text" => return Err(format!("text takes no details; remove \"| {details}\"")),
        _ if details.is_empty() && word == "choice" => return expected("missing options"),
        _ if details.is_empty() => return expected("missing labels"),
        "choice" => QuestionKind::Choice {
            options: parse_list(details, "option", MIN_OPTIONS, MAX_OPTIONS)?,
        },
        scale => {
            // parse_list has already insisted on exactly two labels.
            let labels = parse_list(details, "label", 2, 2)?;
            let [low, high]: [String; 2] = labels.try_into().unwrap_or_default();
            match scale {
                "likert" => QuestionKind::Likert { low, high },
                _ => QuestionKind::Recommend { low, high },
            }
        }
    };
    let (key, prompt) = (key.to_string(), prompt.to_string());
    Ok(Question {
        key,
        prompt,
        kind,
        required,
    })
}

fn check_key(key: &str) -> Result<(), String> {
    let length = key.chars().count();
    let invalid = key
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '-' | '_'));
    let problem = if length > MAX_KEY {
        format!("is too long ({length} characters, at most {MAX_KEY})")
    } else if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        "must start with a lowercase letter a-z".into()
    } else if let Some(bad) = invalid {
        format!("contains \"{bad}\"; use only a-z, 0-9, - and _")
    } else {
        return Ok(());
    };
    Err(format!("key \"{key}\" {problem}"))
}

fn check_length(what: &str, text: &str, max: usize) -> Result<(), String> {
    let length = text.chars().count();
    if length == 0 {
        return Err(format!("{what} is empty"));
    }
    let problem = format!("{what} is too long ({length} characters, at most {max})");
    if length > max { Err(problem) } else { Ok(()) }
}

/// Splits on " / " rather than "/" so that options such as "and/or" stay whole.
fn parse_list(details: &str, noun: &str, min: usize, max: usize) -> Result<Vec<String>, String> {
    let items: Vec<String> = details.split(SEPARATOR).map(|i| i.trim().into()).collect();
    let found = items.len();
    if found < min || found > max {
        let problem = if found < min { "too few" } else { "too many" };
        let wanted = if min == max {
            min.to_string()
        } else {
            format!("{min} to {max}")
        };
        return Err(format!(
            "{problem} {noun}s: expected {wanted} separated by \" / \", found {found}"
        ));
    }
    for (index, item) in items.iter().enumerate() {
        check_length(&format!("{noun} {}", index + 1), item, MAX_LABEL)?;
        if items[..index].contains(item) {
            return Err(format!("{noun} \"{item}\" is listed twice"));
        }
    }
    Ok(items)
}

/// Renders questions back to the text format, columns aligned for the textarea.
/// Questions that came from [`parse`] survive the round trip unchanged.
pub fn render(questions: &[Question]) -> String {
    let marker = |q: &Question| if q.required { "" } else { "?" };
    let kinds: Vec<String> = questions
        .iter()
        .map(|q| format!("{}{}", q.kind.name(), marker(q)))
        .collect();
    let kind_width = kinds.iter().map(String::len).max().unwrap_or(0);
    let key_width = questions.iter().map(|q| q.key.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (q, kind) in questions.iter().zip(&kinds) {
        let details = match &q.kind {
            QuestionKind::Likert { low, high } => format!(" | {low}{SEPARATOR}{high}"),
            QuestionKind::Recommend { low, high } => format!(" | {low}{SEPARATOR}{high}"),
            QuestionKind::Choice { options } => format!(" | {}", options.join(SEPARATOR)),
            QuestionKind::Text => String::new(),
        };
        let (key, prompt) = (&q.key, &q.prompt);
        out += &format!("{kind:<kind_width$} | {key:<key_width$} | {prompt}{details}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn default_form_parses_into_nine_questions_in_order() {
        let form = parse(DEFAULT_FORM).unwrap();
        // Rendering one question at a time leaves no padding, so kind, optional marker
        // and key can be checked together.
        let lines: Vec<String> = form.chunks(1).map(render).collect();
        let starts = [
            "likert | knowledge | ",
            "likert | clarity | ",
            "likert | engagement | ",
            "likert | relevance | ",
            "likert | apply | ",
            "likert | overall | ",
            "recommend | recommend | ",
            "text? | worked | ",
            "text? | improve | ",
        ];
        assert_eq!(lines.len(), starts.len());
        for (line, start) in lines.iter().zip(starts) {
            assert!(line.starts_with(start), "{line}");
        }
    }

    #[test]
    fn default_form_labels_the_ends_of_its_scales() {
        let form = parse(DEFAULT_FORM).unwrap();
        let likert = |low: &str, high: &str| QuestionKind::Likert {
            low: low.into(),
            high: high.into(),
        };
        let agree = likert("Strongly disagree", "Strongly agree");
        assert!(form[..5].iter().all(|q| q.kind == agree));
        assert_eq!(form[5].kind, likert("Poor", "Excellent"));
        assert_eq!(form[6].kind.range(), Some((0, 10)));
    }

    #[test]
    fn rendered_forms_parse_back_to_the_same_questions() {
        let text = "choice? | pace | The pace was | Too slow / About right / Too fast\n\
                    Recommend | nps | Recommend? | No way / Absolutely\ntext | why | Why?";
        for source in [DEFAULT_FORM, text] {
            let questions = parse(source).unwrap();
            assert_eq!(parse(&render(&questions)).unwrap(), questions);
        }
    }

    #[test]
    fn render_aligns_columns_and_marks_optional_questions() {
        let questions = parse("text? | a | A?\nlikert ? | longer | B | x / y").unwrap();
        let expected = "text?   | a      | A?\nlikert? | longer | B | x / y\n";
        assert_eq!(render(&questions), expected);
    }

    #[test]
    fn comments_and_blank_lines_are_skipped_but_still_numbered() {
        let text = "# heading\n\n   # indented\nlikert | k | P | a / b\nslider | s | P";
        let expected = "line 5: unknown kind \"slider\" — use likert, recommend, choice or text";
        assert_eq!(errors_of(text), [expected]);
    }

    #[test]
    fn range_and_name_describe_each_kind() {
        let (low, high) = (String::new(), String::new());
        let kinds = [
            QuestionKind::Likert {
                low: low.clone(),
                high: high.clone(),
            },
            QuestionKind::Recommend { low, high },
            QuestionKind::Choice { options: vec![] },
            QuestionKind::Text,
        ];
        let described: Vec<_> = kinds.iter().map(|k| (k.name(), k.range())).collect();
        let expected = [("likert", Some((1, 5))), ("recommend", Some((0, 10)))];
        assert_eq!(described[..2], expected);
        assert_eq!(described[2..], [("choice", None), ("text", None)]);
    }

    /// One line per mistake, so this also shows that every bad line is reported at once.
    #[test]
    fn each_mistake_is_explained_with_its_line_number() {
        let lines = [
            "slider | a | P",
            "likert | b | P",
            "likert | c | P | Only one",
            "choice | d | P | Yes",
            "choice | e | P | a / b / a",
            "choice | f | P | a /  / b",
            "text | g | P | extra",
            "text | h",
            "text",
            "text | i | P | | x",
            "text | Pace | P",
            "text | 1st | P",
            "text | my key | P",
            "? | j | P",
            "recommend | k | P | 0 / 5 / 10",
            "choice | m | P",
        ];
        let expected = [
            "line 1: unknown kind \"slider\" — use likert, recommend, choice or text",
            "line 2: missing labels; expected \"kind | key | prompt | low / high\"",
            "line 3: too few labels: expected 2 separated by \" / \", found 1",
            "line 4: too few options: expected 2 to 12 separated by \" / \", found 1",
            "line 5: option \"a\" is listed twice",
            "line 6: option 2 is empty",
            "line 7: text takes no details; remove \"| extra\"",
            "line 8: missing prompt; expected \"text | key | prompt\"",
            "line 9: missing key; expected \"text | key | prompt\"",
            "line 10: too many | separators; expected \"text | key | prompt\"",
            "line 11: key \"Pace\" must start with a lowercase letter a-z",
            "line 12: key \"1st\" must start with a lowercase letter a-z",
            "line 13: key \"my key\" contains \" \"; use only a-z, 0-9, - and _",
            "line 14: missing kind; use likert, recommend, choice or text",
            "line 15: too many labels: expected 2 separated by \" / \", found 3",
            "line 16: missing options; expected \"choice | key | prompt | option / option / ...\"",
        ];
        assert_eq!(errors_of(&lines.join("\n")), expected);
    }

    #[test]
    fn an_empty_form_is_rejected_on_its_first_line() {
        let expected = format!("line 1: {NO_QUESTIONS}");
        assert_eq!(errors_of("# nothing yet\n\n"), [expected]);
    }

    #[test]
    fn duplicate_keys_point_at_the_first_use_even_if_that_line_is_broken() {
        let text = "text | pace | P\n# x\ntext | pace | Q\nlikert | k | P\ntext | k | Q";
        let errors = errors_of(text);
        assert_eq!(errors[0], "line 3: duplicate key \"pace\" also on line 1");
        assert_eq!(errors[2], "line 5: duplicate key \"k\" also on line 4");
    }

    #[test]
    fn limits_are_inclusive() {
        let (key, prompt) = ("k".repeat(MAX_KEY), "p".repeat(MAX_PROMPT));
        let options: Vec<String> = (0..MAX_OPTIONS)
            .map(|n| "o".repeat(MAX_LABEL - n))
            .collect();
        let text = format!("choice | {key} | {prompt} | {}", options.join(" / "));
        assert_eq!(parse(&text).unwrap().len(), 1);
        let forty: String = (0..MAX_QUESTIONS)
            .map(|n| format!("text | q{n} | P\n"))
            .collect();
        assert_eq!(parse(&forty).unwrap().len(), MAX_QUESTIONS);
    }

    #[test]
    fn limits_are_enforced() {
        let (key, prompt) = ("k".repeat(MAX_KEY + 1), "p".repeat(MAX_PROMPT + 1));
        let (label, options) = ("l".repeat(MAX_LABEL + 1), vec!["o"; MAX_OPTIONS + 1]);
        let text = format!("text | {key} | P\ntext | p | {prompt}\nlikert | l | P | a / {label}");
        let errors = errors_of(&format!("{text}\nchoice | c | P | {}", options.join(" / ")));
        let expected = [
            format!("line 1: key \"{key}\" is too long (33 characters, at most 32)"),
            "line 2: prompt is too long (301 characters, at most 300)".into(),
            "line 3: label 2 is too long (81 characters, at most 80)".into(),
            "line 4: too many options: expected 2 to 12 separated by \" / \", found 13".into(),
        ];
        assert_eq!(errors, expected);
        let many: String = (0..=MAX_QUESTIONS)
            .map(|n| format!("text | q{n} | P\n"))
            .collect();
        let expected = "line 41: too many questions: a form can have at most 40";
        assert_eq!(errors_of(&many), [expected]);
    }
}
