//! Data types produced by the content pipeline and shared with the browser.
//! Everything here is plain data: no I/O, no rendering logic.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A course: the front matter of `course.md`, its rendered overview and its lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub audience: Vec<String>,
    pub minutes: u32,
    pub instructors: Vec<String>,
    pub session_required: bool,
    /// The session's feedback must be in before the course counts as complete.
    pub feedback_required: bool,
    pub version: u32,
    pub pass_mark: u8,
    /// When a learner's check results show the right answers and explanations.
    pub show_answers: ShowAnswers,
    pub overview_html: String,
    pub lessons: Vec<Lesson>,
    pub check: Option<KnowledgeCheck>,
    pub source_path: String,
}

/// `show_answers` in `course.md`: when a learner's check results reveal the answer key (which
/// options were right, and the explanations). Until then they show only which questions missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ShowAnswers {
    /// `after-pass` (the default): once the learner has passed the check.
    #[default]
    AfterPass,
    /// `always`: after every attempt, passed or not.
    Always,
    /// `never`: not even after a pass (the check can be reused as it is).
    Never,
}

impl ShowAnswers {
    pub const WORDS: [&'static str; 3] = ["after-pass", "always", "never"];

    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "after-pass" => Some(Self::AfterPass),
            "always" => Some(Self::Always),
            "never" => Some(Self::Never),
            _ => None,
        }
    }

    /// Whether results reveal the key to a learner who has (or has not yet) passed.
    pub fn reveal(self, passed: bool) -> bool {
        match self {
            Self::AfterPass => passed,
            Self::Always => true,
            Self::Never => false,
        }
    }
}

/// One lesson file `NN-slug.md` of a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub slug: String,
    pub number: u32,
    pub title: String,
    pub minutes: u32,
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Glossary terms used in the lesson, in order of first use, without repeats.
    pub terms: Vec<String>,
    /// FNV-1a 64 of the file bytes, 16 lowercase hex digits.
    pub content_hash: String,
    pub source_path: String,
}

/// A `##` or `###` heading of a lesson, for its table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The optional `check.md` of a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeCheck {
    pub title: String,
    pub questions: Vec<Question>,
}

/// One multiple-choice question. `prompt` and option texts are plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// `q1`, `q2`, ... in file order.
    pub id: String,
    pub prompt: String,
    pub options: Vec<AnswerOption>,
    /// More than one option is correct.
    pub multiple: bool,
    pub explanation_html: String,
    /// Line of the `## ` prompt in `check.md`.
    pub line: usize,
}

/// One answer option of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    /// `a`, `b`, `c`, ... in file order.
    pub id: String,
    pub text: String,
    pub correct: bool,
}

/// A case study from `case-studies/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStudy {
    pub slug: String,
    pub title: String,
    pub organisation: String,
    pub sector: String,
    pub topics: Vec<String>,
    /// Slugs of related courses; all exist.
    pub courses: Vec<String>,
    pub html: String,
    pub source_path: String,
}

/// One `## Term` of `glossary.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlossaryTerm {
    pub term: String,
    /// Anchor id on the glossary page: `/glossary#<slug>`.
    pub slug: String,
    pub definition_html: String,
    /// The definition as plain text, for tooltips.
    pub definition_text: String,
}

/// Something wrong in the course folder, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Problem {
    /// Relative to the parent of the courses folder, e.g. `courses/x/course.md`.
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_displays_as_path_line_message() {
        let p = Problem::new("courses/x/course.md", 4, "minutes must be a whole number");
        assert_eq!(
            p.to_string(),
            "courses/x/course.md:4: minutes must be a whole number"
        );
    }

    #[test]
    fn problems_sort_by_path_then_line() {
        let mut v = [
            Problem::new("courses/b.md", 1, "x"),
            Problem::new("courses/a.md", 10, "y"),
            Problem::new("courses/a.md", 2, "z"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(|p| format!("{}:{}", p.path, p.line)).collect();
        assert_eq!(
            shown,
            ["courses/a.md:2", "courses/a.md:10", "courses/b.md:1"]
        );
    }
}
