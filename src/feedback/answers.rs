//! Validation of a submitted feedback form: the HTML fields named `a[<key>]` become
//! typed answers, or a list of every problem the attendee has to fix.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::definition::{Question, QuestionKind};

/// Longest accepted free-text answer, in characters rather than bytes so that
/// non-Latin scripts get the same allowance.
pub const MAX_TEXT: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Number(i64),
    /// Index into the question's options, so renaming an option keeps old answers.
    Choice(usize),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub key: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerError {
    pub key: String,
    /// Empty when the field names no question on the form.
    pub prompt: String,
    pub message: String,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AnswerError {}

/// The HTML field name for a question, so the form and the validator agree.
pub fn field_name(key: &str) -> String {
    format!("a[{key}]")
}

/// Server functions decode `a[<key>]` into a map under the bare key, while a raw form
/// keeps the full name; both are accepted so either caller works.
fn question_key(name: &str) -> &str {
    let inner = name.strip_prefix("a[").and_then(|n| n.strip_suffix(']'));
    inner.unwrap_or(name)
}

/// Checks a submission against the form. `fields` holds only the answers, keyed by
/// question key or by `a[<key>]`; answers come back in question order.
pub fn validate(
    questions: &[Question],
    fields: &HashMap<String, String>,
) -> Result<Vec<Answer>, Vec<AnswerError>> {
    let mut answers = Vec::new();
    let mut errors = Vec::new();
    for question in questions {
        let raw = fields.get(&question.key);
        let raw = raw.or_else(|| fields.get(&field_name(&question.key)));
        let raw = raw.map_or("", String::as_str);
        let message = match read(question, raw) {
            Ok(Some(value)) => {
                answers.push(Answer {
                    key: question.key.clone(),
                    value,
                });
                continue;
            }
            Ok(None) if !question.required => continue,
            Ok(None) => format!("Please answer: {}", question.prompt),
            Err(message) => message,
        };
        errors.push(AnswerError {
            key: question.key.clone(),
            prompt: question.prompt.clone(),
            message,
        });
    }
    let mut unknown: Vec<&str> = fields
        .keys()
        .map(|name| question_key(name))
        .filter(|key| !questions.iter().any(|q| q.key == *key))
        .collect();
    // HashMap order is random; sorting keeps the error list stable between requests.
    unknown.sort_unstable();
    unknown.dedup();
    errors.extend(unknown.into_iter().map(|key| AnswerError {
        key: key.to_string(),
        prompt: String::new(),
        message: format!("There is no question \"{key}\" on this form."),
    }));
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// `Ok(None)` means unanswered; whether that is acceptable is the caller's decision.
fn read(question: &Question, raw: &str) -> Result<Option<Value>, String> {
    let prompt = &question.prompt;
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if let Some((low, high)) = question.kind.range() {
        return match trimmed.parse::<i64>() {
            Ok(n) if (low..=high).contains(&n) => Ok(Some(Value::Number(n))),
            Ok(_) => Err(format!(
                "The answer to \"{prompt}\" must be between {low} and {high}."
            )),
            Err(_) => Err(format!(
                "The answer to \"{prompt}\" must be a whole number between {low} and {high}."
            )),
        };
    }
    if let QuestionKind::Choice { options } = &question.kind {
        return match trimmed.parse::<usize>() {
            Ok(index) if index < options.len() => Ok(Some(Value::Choice(index))),
            _ => Err(format!(
                "Please pick one of the listed options for \"{prompt}\"."
            )),
        };
    }
    let text = clean_text(raw);
    let length = text.chars().count();
    if text.is_empty() {
        Ok(None)
    } else if length > MAX_TEXT {
        Err(format!(
            "The answer to \"{prompt}\" is too long ({length} characters, at most {MAX_TEXT})."
        ))
    } else {
        Ok(Some(Value::Text(text)))
    }
}

/// Stray control characters (pasted from terminals or word processors) would corrupt
/// reports and CSV exports, while newlines and tabs are legitimate formatting.
fn clean_text(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n");
    let kept: String = unified
        .chars()
        .filter(|c| matches!(c, '\n' | '\t') || !c.is_control())
        .collect();
    kept.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::definition::{DEFAULT_FORM, parse};
    use super::*;

    const FORM: &str = "\
likert    | knowledge | The instructor knew the subject well. | Strongly disagree / Strongly agree
recommend | nps       | Would you recommend it?               | Not at all likely / Extremely likely
choice    | pace      | The pace of the session was           | Too slow / About right / Too fast
text      | why       | Why?
text?     | worked    | What worked well for you?
";

    fn form() -> Vec<Question> {
        parse(FORM).unwrap()
    }

    /// Keyed the way a server function receives `a[<key>]` fields: by the bare key.
    fn submit(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        let owned = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        owned.collect()
    }

    fn complete(overrides: &[(&str, &str)]) -> HashMap<String, String> {
        let mut fields = submit(&[
            ("knowledge", "4"),
            ("nps", "9"),
            ("pace", "1"),
            ("why", "Demos"),
        ]);
        fields.extend(submit(overrides));
        fields
    }

    fn messages(fields: &HashMap<String, String>) -> Vec<String> {
        validate(&form(), fields)
            .unwrap_err()
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn a_complete_submission_yields_typed_answers_in_question_order() {
        let mut fields = complete(&[("knowledge", " 5 ")]);
        // A raw form submission keeps the full field name; that must work too.
        fields.insert(field_name("worked"), "The labs".into());
        let answers = validate(&form(), &fields).unwrap();
        let expected = [
            ("knowledge", Value::Number(5)),
            ("nps", Value::Number(9)),
            ("pace", Value::Choice(1)),
            ("why", Value::Text("Demos".into())),
            ("worked", Value::Text("The labs".into())),
        ];
        let expected: Vec<Answer> = expected
            .into_iter()
            .map(|(key, value)| Answer {
                key: key.into(),
                value,
            })
            .collect();
        assert_eq!(answers, expected);
    }

    #[test]
    fn the_default_form_accepts_a_full_submission() {
        let questions = parse(DEFAULT_FORM).unwrap();
        let mut fields: HashMap<String, String> = questions
            .iter()
            .map(|q| (field_name(&q.key), "5".to_string()))
            .collect();
        fields.insert(field_name("improve"), String::new());
        let answers = validate(&questions, &fields).unwrap();
        assert_eq!(answers.len(), 8);
        assert_eq!(answers[7].value, Value::Text("5".into()));
    }

    #[test]
    fn optional_questions_left_out_produce_no_answer() {
        for fields in [complete(&[]), complete(&[("worked", "  \n ")])] {
            let answers = validate(&form(), &fields).unwrap();
            assert!(answers.iter().all(|a| a.key != "worked"));
            assert_eq!(answers.len(), 4);
        }
    }

    #[test]
    fn missing_or_blank_required_answers_are_asked_for_by_prompt() {
        let mut fields = complete(&[("nps", "   ")]);
        fields.remove("pace");
        let errors = validate(&form(), &fields).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].key, "nps");
        assert_eq!(errors[0].prompt, "Would you recommend it?");
        assert_eq!(errors[0].message, "Please answer: Would you recommend it?");
        assert_eq!(
            errors[1].message,
            "Please answer: The pace of the session was"
        );
    }

    #[test]
    fn likert_answers_outside_one_to_five_are_rejected() {
        for value in ["0", "6", "-1"] {
            assert_eq!(
                messages(&complete(&[("knowledge", value)])),
                [
                    "The answer to \"The instructor knew the subject well.\" must be between 1 and 5."
                ]
            );
        }
    }

    #[test]
    fn recommend_accepts_zero_and_ten_but_not_eleven() {
        for (value, expected) in [("0", 0), ("10", 10)] {
            let answers = validate(&form(), &complete(&[("nps", value)])).unwrap();
            assert_eq!(answers[1].value, Value::Number(expected));
        }
        assert_eq!(
            messages(&complete(&[("nps", "11")])),
            ["The answer to \"Would you recommend it?\" must be between 0 and 10."]
        );
    }

    #[test]
    fn scale_answers_must_be_whole_numbers() {
        for value in ["abc", "4.5", "99999999999999999999"] {
            assert_eq!(
                messages(&complete(&[("knowledge", value)])),
                [
                    "The answer to \"The instructor knew the subject well.\" must be a whole number between 1 and 5."
                ]
            );
        }
    }

    #[test]
    fn choice_answers_must_index_an_existing_option() {
        for value in ["3", "-1", "About right"] {
            assert_eq!(
                messages(&complete(&[("pace", value)])),
                ["Please pick one of the listed options for \"The pace of the session was\"."]
            );
        }
    }

    #[test]
    fn fields_for_unknown_questions_are_reported_by_key() {
        let mut fields = complete(&[("zeta", ""), ("alpha", "5")]);
        fields.insert(field_name("alpha"), "5".into());
        let errors = validate(&form(), &fields).unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["alpha", "zeta"]);
        assert_eq!(
            errors[0].message,
            "There is no question \"alpha\" on this form."
        );
        assert!(errors[0].prompt.is_empty());
    }

    #[test]
    fn text_is_trimmed_normalised_and_stripped_of_control_characters() {
        let fields = complete(&[("why", "  Line one\r\n\tLine\u{7} two\u{0}\r\n ")]);
        let answers = validate(&form(), &fields).unwrap();
        assert_eq!(answers[3].value, Value::Text("Line one\n\tLine two".into()));
        let only_control = complete(&[("worked", "\u{1b}\u{7}")]);
        assert_eq!(validate(&form(), &only_control).unwrap().len(), 4);
    }

    #[test]
    fn text_length_is_limited_in_characters_not_bytes() {
        let longest = "é".repeat(MAX_TEXT);
        let padded = format!("  {longest}  ");
        let answers = validate(&form(), &complete(&[("why", &padded)])).unwrap();
        assert_eq!(answers[3].value, Value::Text(longest.clone()));
        let too_long = format!("{longest}é");
        assert_eq!(
            messages(&complete(&[("why", &too_long)])),
            ["The answer to \"Why?\" is too long (4001 characters, at most 4000)."]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let fields = submit(&[
            ("knowledge", "6"),
            ("nps", "x"),
            ("pace", "9"),
            ("ghost", "1"),
        ]);
        let keys: Vec<String> = validate(&form(), &fields)
            .unwrap_err()
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(keys, ["knowledge", "nps", "pace", "why", "ghost"]);
    }
}
