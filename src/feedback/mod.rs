//! Feedback after each session: forms and their versions, the anonymous responses, and the
//! results trainers and instructors read. Pure parts in `definition.rs`, `answers.rs` and
//! `results.rs`; services in `submission.rs`, `release.rs` and `forms.rs`.

pub mod answers;
pub mod api;
pub mod definition;
pub mod pages;
pub mod results;

#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod release;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod submission;
#[cfg(feature = "ssr")]
pub mod writer;

use crate::sessions::{FeedbackWindow, SessionCard};
use definition::Question;
use serde::{Deserialize, Serialize};

/// The form an attendee fills in for one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackPage {
    pub session: SessionCard,
    pub form_title: String,
    pub questions: Vec<Question>,
    pub window: FeedbackWindow,
}

/// How one question was answered in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub key: String,
    pub prompt: String,
    pub kind: String,
    /// (label, count) for every possible answer, in scale or option order.
    pub counts: Vec<(String, i64)>,
    pub answered: i64,
    /// Mean of a scale, to one decimal.
    pub mean: Option<f64>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    /// Names this comment for moderation and nothing else: unlike the response id, it does not
    /// tell which comments one person wrote.
    pub handle: String,
    pub text: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionResults {
    pub session: SessionCard,
    pub attended: i64,
    pub responses: i64,
    /// Responses per attendee, in percent.
    pub rate: u8,
    /// Shown to an instructor only once this many responses exist.
    pub minimum: u32,
    pub suppressed: bool,
    /// When the results come out, while the form is still open (or in its day of moderation).
    pub releases: Option<String>,
    pub questions: Vec<QuestionResult>,
    pub moderates: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSummary {
    pub family: i64,
    pub version: i64,
    pub title: String,
    pub questions: usize,
    pub answered: bool,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormEditor {
    pub family: Option<i64>,
    pub version: i64,
    pub title: String,
    pub definition: String,
    pub answered: bool,
}

/// The trainer's forms page: every form, and which one each course uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormsOverview {
    pub forms: Vec<FormSummary>,
    /// (course slug, course title, chosen family or none for the default)
    pub courses: Vec<(String, String, Option<i64>)>,
}
