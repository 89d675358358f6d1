//! Parsing a course's `check.md` knowledge check: `## prompt`, 2-6 options
//! `- [ ] text` / `- [x] text`, then a `> ` explanation rendered as Markdown.

use super::fields::Reader;
use super::front_matter;
use super::markdown::{self, Doc, Env};
use super::model::{AnswerOption, KnowledgeCheck, Problem, Question};

const MAX_OPTIONS: usize = 6;

struct Draft {
    prompt: String,
    line: usize,
    options: Vec<AnswerOption>,
    /// (line, text after `>`)
    explanation: Vec<(usize, String)>,
}

/// `- [ ] text` → `(false, text)`, `- [x] text` / `- [X] text` → `(true, text)`.
fn parse_option(line: &str) -> Option<(bool, &str)> {
    let rest = line.strip_prefix("- [")?;
    let correct = match rest.chars().next()? {
        ' ' => false,
        'x' | 'X' => true,
        _ => return None,
    };
    let text = rest[1..].strip_prefix(']')?;
    (text.is_empty() || text.starts_with(' ')).then(|| (correct, text.trim()))
}

/// Parses `check.md` of the course in folder `course`.
pub fn parse(
    course: &str,
    path: &str,
    text: &str,
    env: &Env,
    problems: &mut Vec<Problem>,
) -> Option<KnowledgeCheck> {
    let fm = front_matter::split(text, path, problems)?;
    let title = Reader::new(&fm, path, &["title"], problems).text("title");
    let mut drafts: Vec<Draft> = Vec::new();
    let mut report =
        |line: usize, message: String| problems.push(Problem::new(path, line, message));
    for (i, raw) in fm.body.lines().enumerate() {
        let line = fm.body_line + i;
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(prompt) = t
            .strip_prefix("## ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let draft = Draft {
                prompt: prompt.to_string(),
                line,
                options: Vec::new(),
                explanation: Vec::new(),
            };
            drafts.push(draft);
            continue;
        }
        let Some(q) = drafts.last_mut() else {
            report(line, format!("expected a question \"## ...\", got \"{t}\""));
            continue;
        };
        if let Some(rest) = t.strip_prefix('>') {
            q.explanation
                .push((line, rest.strip_prefix(' ').unwrap_or(rest).to_string()));
        } else if !q.explanation.is_empty() {
            report(
                line,
                format!(
                    "expected more explanation \"> ...\" or the next question \"## ...\", got \"{t}\""
                ),
            );
        } else if let Some((correct, text)) = parse_option(t) {
            if text.is_empty() {
                report(line, "option text must not be empty".to_string());
            }
            let id = char::from(b'a' + q.options.len().min(25) as u8).to_string();
            q.options.push(AnswerOption {
                id,
                text: text.to_string(),
                correct,
            });
        } else {
            report(
                line,
                format!(
                    "expected an option \"- [ ] ...\" or \"- [x] ...\" or an explanation \"> ...\", got \"{t}\""
                ),
            );
        }
    }
    if drafts.is_empty() {
        problems.push(Problem::new(
            path,
            1,
            "a knowledge check needs at least one question (## prompt)",
        ));
    }
    let questions = drafts
        .into_iter()
        .enumerate()
        .map(|(n, draft)| finish(draft, n + 1, course, path, env, problems))
        .collect();
    Some(KnowledgeCheck {
        title: title?,
        questions,
    })
}

fn finish(
    d: Draft,
    number: usize,
    course: &str,
    path: &str,
    env: &Env,
    problems: &mut Vec<Problem>,
) -> Question {
    let mut report = |message: String| problems.push(Problem::new(path, d.line, message));
    let correct = d.options.iter().filter(|o| o.correct).count();
    if d.options.len() < 2 {
        report("question needs at least 2 options".to_string());
    } else if d.options.len() > MAX_OPTIONS {
        report(format!(
            "question has {} options; at most {MAX_OPTIONS} are allowed",
            d.options.len()
        ));
    } else if correct == 0 {
        report("question has no correct option".to_string());
    }
    let id = format!("q{number}");
    let mut explanation_html = String::new();
    if let Some(&(first, _)) = d.explanation.first() {
        let mut source = String::new();
        let mut next = first;
        for (line, text) in &d.explanation {
            while next < *line {
                source.push('\n');
                next += 1;
            }
            source.push_str(text);
            source.push('\n');
            next += 1;
        }
        let prefix = format!("{id}-");
        let doc = Doc {
            path,
            dir: course,
            first_line: first,
            id_prefix: &prefix,
        };
        explanation_html = markdown::render(&source, &doc, env, problems).html;
    } else {
        report("question has no explanation".to_string());
    }
    Question {
        id,
        prompt: d.prompt,
        options: d.options,
        multiple: correct > 1,
        explanation_html,
        line: d.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    const P: &str = "courses/demo/check.md";

    fn parse_text(body: &str) -> (Option<KnowledgeCheck>, Vec<String>) {
        let files = HashSet::from(["demo/course.md".to_string()]);
        let glossary = HashMap::new();
        let env = Env {
            files: &files,
            glossary: &glossary,
            tooltips: true,
        };
        let mut problems = Vec::new();
        let text = format!("---\ntitle: Check\n---\n{body}");
        let check = parse("demo", P, &text, &env, &mut problems);
        (check, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn questions_options_and_explanations_are_parsed() {
        let (check, problems) = parse_text(
            "\n## Who is a customer?\n\n- [ ] Only residents\n- [x] Anyone we serve\n  - [X] Colleagues too\n\n> Both *count*.\n>\n> See [the course](course.md).\n\n## Pick one\n- [x] A\n- [ ] B\n> Because.\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let check = check.unwrap();
        assert_eq!(check.title, "Check");
        let q = &check.questions[0];
        assert_eq!(
            (q.id.as_str(), q.prompt.as_str(), q.line, q.multiple),
            ("q1", "Who is a customer?", 5, true)
        );
        let ids: Vec<(&str, &str, bool)> = q
            .options
            .iter()
            .map(|o| (o.id.as_str(), o.text.as_str(), o.correct))
            .collect();
        assert_eq!(
            ids,
            [
                ("a", "Only residents", false),
                ("b", "Anyone we serve", true),
                ("c", "Colleagues too", true)
            ]
        );
        assert_eq!(
            q.explanation_html,
            "<p>Both <em>count</em>.</p>\n<p>See <a href=\"/courses/demo\" rel=\"noopener noreferrer\">the course</a>.</p>\n"
        );
        assert_eq!(
            (check.questions[1].id.as_str(), check.questions[1].multiple),
            ("q2", false)
        );
    }

    #[test]
    fn an_unexpected_line_in_a_question_is_reported_with_its_line() {
        let (_, problems) = parse_text("## Q\n- [ ] A\n* B\n- [x] C\n> E\n");
        assert_eq!(
            problems,
            [format!(
                "{P}:6: expected an option \"- [ ] ...\" or \"- [x] ...\" or an explanation \"> ...\", got \"* B\""
            )]
        );
    }

    #[test]
    fn an_option_after_the_explanation_is_reported_with_its_line() {
        let (_, problems) = parse_text("## Q\n- [ ] A\n- [x] C\n> E\n- [ ] D\n");
        assert_eq!(
            problems,
            [format!(
                "{P}:8: expected more explanation \"> ...\" or the next question \"## ...\", got \"- [ ] D\""
            )]
        );
    }

    #[test]
    fn text_before_the_first_question_is_reported_with_its_line() {
        let (_, problems) = parse_text("Intro\n## Q\n- [ ] A\n- [x] C\n> E\n");
        assert_eq!(
            problems,
            [format!(
                "{P}:4: expected a question \"## ...\", got \"Intro\""
            )]
        );
    }

    #[test]
    fn a_question_without_a_correct_option_is_reported_on_its_prompt_line() {
        let (_, problems) = parse_text("\n## Q\n- [ ] A\n- [ ] B\n> E\n");
        assert_eq!(problems, [format!("{P}:5: question has no correct option")]);
    }

    #[test]
    fn a_question_with_one_option_is_reported_on_its_prompt_line() {
        let (_, problems) = parse_text("## Q\n- [x] A\n> E\n");
        assert_eq!(
            problems,
            [format!("{P}:4: question needs at least 2 options")]
        );
    }

    #[test]
    fn a_question_with_seven_options_is_reported_on_its_prompt_line() {
        let options = "- [x] A\n".repeat(7);
        let (_, problems) = parse_text(&format!("## Q\n{options}> E\n"));
        assert_eq!(
            problems,
            [format!(
                "{P}:4: question has 7 options; at most 6 are allowed"
            )]
        );
    }

    #[test]
    fn a_question_without_an_explanation_is_reported_on_its_prompt_line() {
        let (_, problems) = parse_text("## Q\n- [x] A\n- [ ] B\n\n## R\n- [x] A\n- [ ] B\n> E\n");
        assert_eq!(problems, [format!("{P}:4: question has no explanation")]);
    }

    #[test]
    fn an_empty_option_is_reported_with_its_line() {
        let (_, problems) = parse_text("## Q\n- [x] A\n- [ ]\n> E\n");
        assert_eq!(problems, [format!("{P}:6: option text must not be empty")]);
    }

    #[test]
    fn a_check_without_questions_is_reported() {
        let (_, problems) = parse_text("\n");
        assert_eq!(
            problems,
            [format!(
                "{P}:1: a knowledge check needs at least one question (## prompt)"
            )]
        );
    }

    #[test]
    fn a_broken_link_in_an_explanation_is_reported_with_its_line() {
        let (_, problems) = parse_text("## Q\n- [x] A\n- [ ] B\n> E\n>\n> [x](nope.md)\n");
        assert_eq!(problems, [format!("{P}:9: broken link \"nope.md\"")]);
    }
}
