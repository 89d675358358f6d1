//! Grading a knowledge check on the server: the submitted answers against the course's key.
//! Pure: the answers arrive as plain data, the result says what to store and what to show.

use crate::courses::content::model::KnowledgeCheck;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Submitted answers: question id → the option ids picked (empty or absent: not answered).
pub type Answers = BTreeMap<String, BTreeSet<String>>;

/// How one question went, shown after submission with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub id: String,
    pub prompt: String,
    pub multiple: bool,
    /// (option id, text, picked, correct)
    pub options: Vec<(String, String, bool, bool)>,
    pub answered: bool,
    pub correct: bool,
    pub explanation_html: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graded {
    pub correct: u32,
    pub total: u32,
    /// Rounded down, so 79.9 % never passes an 80 % mark.
    pub percent: u8,
    pub passed: bool,
    pub questions: Vec<QuestionResult>,
}

/// Reads the form's `answers[...]` map. A radio button posts `answers[q1]=b`; a checkbox posts
/// `answers[q2:c]=c` (one key per option, since a key may appear only once).
pub fn answers_from_form(fields: &HashMap<String, String>) -> Answers {
    let mut answers = Answers::new();
    for (key, option) in fields {
        let question = key.split(':').next().unwrap_or(key).trim();
        let option = option.trim();
        if question.is_empty() || option.is_empty() {
            continue;
        }
        answers
            .entry(question.to_string())
            .or_default()
            .insert(option.to_string());
    }
    answers
}

/// Grades `answers`. A question id or option id the check does not have, or several options
/// for a one-answer question, is refused with a message naming it: that is a forged or stale
/// form, not a wrong answer. An unanswered question counts as wrong.
pub fn grade(check: &KnowledgeCheck, answers: &Answers, pass_mark: u8) -> Result<Graded, String> {
    for (question, picked) in answers {
        let Some(q) = check.questions.iter().find(|q| &q.id == question) else {
            return Err(format!(
                "The answers include a question ({question}) that this check does not have. \
                 The course may have changed: open the check again."
            ));
        };
        if let Some(bad) = picked
            .iter()
            .find(|p| !q.options.iter().any(|o| &o.id == *p))
        {
            return Err(format!(
                "Question {} has no option \"{bad}\". Open the check again and answer from the page.",
                q.id.trim_start_matches('q')
            ));
        }
        if !q.multiple && picked.len() > 1 {
            return Err(format!(
                "Question {} takes one answer only.",
                q.id.trim_start_matches('q')
            ));
        }
    }
    let none = BTreeSet::new();
    let questions: Vec<QuestionResult> = check
        .questions
        .iter()
        .map(|q| {
            let picked = answers.get(&q.id).unwrap_or(&none);
            let correct = q
                .options
                .iter()
                .all(|o| o.correct == picked.contains(&o.id));
            QuestionResult {
                id: q.id.clone(),
                prompt: q.prompt.clone(),
                multiple: q.multiple,
                options: q
                    .options
                    .iter()
                    .map(|o| {
                        (
                            o.id.clone(),
                            o.text.clone(),
                            picked.contains(&o.id),
                            o.correct,
                        )
                    })
                    .collect(),
                answered: !picked.is_empty(),
                correct: correct && !picked.is_empty(),
                explanation_html: q.explanation_html.clone(),
            }
        })
        .collect();
    let total = questions.len() as u32;
    let correct = questions.iter().filter(|q| q.correct).count() as u32;
    let percent = super::rules::percent(correct as u64, total as u64);
    Ok(Graded {
        correct,
        total,
        percent,
        passed: percent >= pass_mark,
        questions,
    })
}

/// Results without the answer key: each question still says whether it was right and what the
/// learner picked, but no longer which options are correct, nor the explanations (which name them).
pub fn without_key(questions: Vec<QuestionResult>) -> Vec<QuestionResult> {
    questions
        .into_iter()
        .map(|q| QuestionResult {
            options: q
                .options
                .into_iter()
                .map(|(id, text, picked, _)| (id, text, picked, false))
                .collect(),
            explanation_html: String::new(),
            ..q
        })
        .collect()
}

/// Whether a submitted check form can be graded at all: a one-use token of the right size and
/// no more answers than a check can have (anything else is an expired or forged form).
pub fn submission_fits(token: &str, answers: usize) -> Result<(), &'static str> {
    if token.len() < 20 || token.len() > 64 {
        return Err("This form has expired. Open the check again.");
    }
    if answers > 500 {
        return Err("Too many answers for this check.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_without_the_key_keep_verdicts_and_picks_only() {
        let q = QuestionResult {
            id: "q1".into(),
            prompt: "P".into(),
            multiple: false,
            options: vec![
                ("a".into(), "A".into(), true, false),
                ("b".into(), "B".into(), false, true),
            ],
            answered: true,
            correct: false,
            explanation_html: "<p>B, because…</p>".into(),
        };
        let hidden = without_key(vec![q.clone()]);
        assert_eq!(hidden[0].options[0], ("a".into(), "A".into(), true, false));
        assert!(
            hidden[0].options.iter().all(|o| !o.3),
            "no option marked correct"
        );
        assert!(hidden[0].explanation_html.is_empty());
        assert_eq!((hidden[0].answered, hidden[0].correct), (true, false));
    }
    use crate::courses::content::model::{AnswerOption, Question};

    fn question(id: &str, correct: &[&str], multiple: bool) -> Question {
        Question {
            id: id.into(),
            prompt: format!("Prompt {id}"),
            options: ["a", "b", "c"]
                .iter()
                .map(|o| AnswerOption {
                    id: (*o).into(),
                    text: format!("Option {o}"),
                    correct: correct.contains(o),
                })
                .collect(),
            multiple,
            explanation_html: format!("<p>Because {id}</p>"),
            line: 1,
        }
    }

    fn check() -> KnowledgeCheck {
        KnowledgeCheck {
            title: "Check".into(),
            questions: vec![
                question("q1", &["b"], false),
                question("q2", &["a", "c"], true),
                question("q3", &["a"], false),
                question("q4", &["c"], false),
                question("q5", &["b"], false),
            ],
        }
    }

    fn answers(pairs: &[(&str, &[&str])]) -> Answers {
        pairs
            .iter()
            .map(|(q, o)| (q.to_string(), o.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn all_right_scores_one_hundred_and_passes() {
        let g = grade(
            &check(),
            &answers(&[
                ("q1", &["b"]),
                ("q2", &["a", "c"]),
                ("q3", &["a"]),
                ("q4", &["c"]),
                ("q5", &["b"]),
            ]),
            80,
        )
        .unwrap();
        assert_eq!((g.correct, g.total, g.percent, g.passed), (5, 5, 100, true));
    }

    #[test]
    fn a_multiple_answer_question_needs_exactly_the_right_set() {
        let base = [
            ("q1", &["b"][..]),
            ("q3", &["a"]),
            ("q4", &["c"]),
            ("q5", &["b"]),
        ];
        for (picked, right) in [
            (&["a", "c"][..], true),
            (&["a"][..], false),
            (&["a", "b", "c"][..], false),
        ] {
            let mut a = answers(&base);
            a.insert("q2".into(), picked.iter().map(|s| s.to_string()).collect());
            let g = grade(&check(), &a, 80).unwrap();
            assert_eq!(g.questions[1].correct, right, "{picked:?}");
        }
    }

    #[test]
    fn the_pass_mark_is_inclusive_and_percent_rounds_down() {
        let four_of_five = answers(&[
            ("q1", &["b"]),
            ("q2", &["a", "c"]),
            ("q3", &["a"]),
            ("q4", &["c"]),
            ("q5", &["a"]),
        ]);
        let g = grade(&check(), &four_of_five, 80).unwrap();
        assert_eq!((g.percent, g.passed), (80, true));
        let g = grade(&check(), &four_of_five, 81).unwrap();
        assert!(!g.passed);
        // 2 of 3 is 66.67 %: shown as 66, and it does not pass a 67 % mark.
        let three = KnowledgeCheck {
            title: "t".into(),
            questions: check().questions.into_iter().take(3).collect(),
        };
        let g = grade(&three, &answers(&[("q1", &["b"]), ("q2", &["a", "c"])]), 67).unwrap();
        assert_eq!((g.percent, g.passed), (66, false));
    }

    #[test]
    fn unanswered_questions_count_as_wrong() {
        let g = grade(&check(), &answers(&[("q1", &["b"])]), 80).unwrap();
        assert_eq!((g.correct, g.percent, g.passed), (1, 20, false));
        assert!(!g.questions[1].answered && !g.questions[1].correct);
    }

    #[test]
    fn an_unknown_question_is_refused_with_its_id() {
        let e = grade(&check(), &answers(&[("q9", &["a"])]), 80).unwrap_err();
        assert!(e.contains("(q9)"), "{e}");
    }

    #[test]
    fn an_unknown_option_is_refused_with_the_question_number() {
        let e = grade(&check(), &answers(&[("q3", &["z"])]), 80).unwrap_err();
        assert_eq!(
            e,
            "Question 3 has no option \"z\". Open the check again and answer from the page."
        );
    }

    #[test]
    fn two_answers_to_a_one_answer_question_are_refused() {
        let e = grade(&check(), &answers(&[("q1", &["a", "b"])]), 80).unwrap_err();
        assert_eq!(e, "Question 1 takes one answer only.");
    }

    #[test]
    fn results_carry_the_key_and_explanations_only_after_grading() {
        let g = grade(&check(), &answers(&[("q1", &["a"])]), 80).unwrap();
        let q1 = &g.questions[0];
        assert_eq!(q1.options[0], ("a".into(), "Option a".into(), true, false));
        assert_eq!(q1.options[1], ("b".into(), "Option b".into(), false, true));
        assert_eq!(q1.explanation_html, "<p>Because q1</p>");
    }

    #[test]
    fn form_fields_become_answers_for_radios_and_checkboxes() {
        let fields: HashMap<String, String> =
            [("q1", "b"), ("q2:a", "a"), ("q2:c", "c"), ("q3", " ")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        assert_eq!(
            answers_from_form(&fields),
            answers(&[("q1", &["b"]), ("q2", &["a", "c"])])
        );
    }

    #[test]
    fn a_submission_needs_a_token_of_the_right_size_and_a_bounded_number_of_answers() {
        let token = "t".repeat(32);
        assert_eq!(submission_fits(&token, 10), Ok(()));
        assert_eq!(submission_fits(&token, 500), Ok(()));
        assert!(submission_fits("short", 1).unwrap_err().contains("expired"));
        assert!(
            submission_fits(&"t".repeat(65), 1)
                .unwrap_err()
                .contains("expired")
        );
        assert!(
            submission_fits(&token, 501)
                .unwrap_err()
                .starts_with("Too many answers")
        );
    }
}
