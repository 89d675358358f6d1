//! Enrollment: who takes which course, lesson progress, knowledge-check attempts, completion,
//! certificates and transcripts. Pure rules in `rules.rs`, `grading.rs` and `certificate.rs`;
//! SQL in `store/`; services (`completion.rs`, `transcripts.rs`, `enrolling.rs`,
//! `learning.rs`, `checks.rs`, `certificates.rs`) under the server functions of `api/`.

pub mod api;
pub mod certificate;
pub mod grading;
pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod certificates;
#[cfg(feature = "ssr")]
pub mod checks;
#[cfg(feature = "ssr")]
pub mod completion;
#[cfg(feature = "ssr")]
pub mod downloads;
#[cfg(feature = "ssr")]
pub mod enrolling;
#[cfg(feature = "ssr")]
pub mod learning;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod transcripts;
#[cfg(feature = "ssr")]
pub mod views;

use crate::courses::CheckView;
use grading::QuestionResult;
use rules::Standing;
use serde::{Deserialize, Serialize};

/// One enrolment as "My learning" and the transcript list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrollmentBrief {
    pub id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub active: bool,
    pub enrolled_on: String,
    /// ISO date, and how it reads.
    pub due_on: Option<String>,
    pub due_label: Option<String>,
    pub days_left: Option<i64>,
    pub lessons_done: u32,
    pub lessons_total: u32,
    pub percent: u8,
    pub completed_on: Option<String>,
    pub completed_version: Option<u32>,
    pub standing: Standing,
    /// (lesson slug, lesson title) to resume at.
    pub resume: Option<(String, String)>,
    pub best_score: Option<u8>,
    pub attempts: u32,
    pub certificate: Option<String>,
}

impl EnrollmentBrief {
    /// How a transcript names the enrolment's state.
    pub fn status_label(&self) -> &'static str {
        match (self.active, self.standing) {
            (_, Standing::Completed) => "Completed",
            (false, _) => "Unenrolled",
            (true, Standing::Overdue) => "Overdue",
            (true, Standing::NotStarted) => "Not started",
            (true, _) => "In progress",
        }
    }
}

/// The learner's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyLearning {
    pub enrollments: Vec<EnrollmentBrief>,
}

/// The signed-in person's standing in one course, for its course page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseProgress {
    pub brief: EnrollmentBrief,
    /// Slugs of the current lessons marked done.
    pub lessons_done: Vec<String>,
    /// What is still to do, in plain words (empty once complete).
    pub outstanding: Vec<String>,
    pub last_attempt: Option<i64>,
}

/// The lesson page's progress strip and "mark as done" form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    pub enrollment_id: i64,
    pub done: bool,
    pub lessons_done: u32,
    pub lessons_total: u32,
    pub percent: u8,
}

/// A knowledge check ready to take: the questions (no answers) and a one-use form token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckToTake {
    pub check: CheckView,
    pub enrollment_id: i64,
    pub token: String,
    pub attempts: u32,
    pub best_score: Option<u8>,
}

/// A submitted attempt with its grading, explanations included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptView {
    pub id: i64,
    pub number: u32,
    pub course_slug: String,
    pub course_title: String,
    pub submitted_on: String,
    pub correct: u32,
    pub total: u32,
    pub percent: u8,
    pub pass_mark: u8,
    pub passed: bool,
    pub questions: Vec<QuestionResult>,
    /// Why the right answers and explanations are not shown (the course's `show_answers`);
    /// `None` when they are.
    pub answer_key_note: Option<String>,
    pub course_completed: bool,
    pub certificate: Option<String>,
}

/// A certificate as its holder, trainers and administrators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub code: String,
    pub learner_name: String,
    pub course_title: String,
    pub course_slug: String,
    pub course_version: u32,
    pub issued_on: String,
    pub revoked_on: Option<String>,
    pub revoked_reason: String,
    /// The whole verification address, printed on the certificate.
    pub verify_url: String,
    pub can_revoke: bool,
}

/// What the public verification page may say: the certificate, never anything else about
/// the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub code: String,
    pub learner_name: String,
    pub course_title: String,
    pub course_version: u32,
    pub issued_on: String,
    pub revoked_on: Option<String>,
}

/// The person a transcript is of (an accounts type).
pub use crate::accounts::Person;

/// Every course a person was ever enrolled in, with its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub person: Person,
    pub own: bool,
    pub rows: Vec<EnrollmentBrief>,
}

/// The outcome of a trainer's enrolment of several people at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnrolReport {
    pub course_title: String,
    pub enrolled: u32,
    pub re_enrolled: u32,
    pub already: u32,
    pub due_updated: u32,
    /// Employee ids that match no account.
    pub unknown: Vec<String>,
    /// Employee ids of deactivated accounts (not enrolled).
    pub inactive: Vec<String>,
}

impl EnrolReport {
    pub fn summary(&self) -> String {
        let mut parts = vec![format!(
            "{}: enrolled {} {}.",
            self.course_title,
            self.enrolled,
            if self.enrolled == 1 {
                "person"
            } else {
                "people"
            },
        )];
        if self.re_enrolled > 0 {
            parts.push(format!(
                "{} had unenrolled before and are enrolled again, with their earlier progress.",
                self.re_enrolled
            ));
        }
        if self.already > 0 {
            parts.push(format!("{} already enrolled.", self.already));
        }
        if self.due_updated > 0 {
            parts.push(format!("{} given the new due date.", self.due_updated));
        }
        if !self.unknown.is_empty() {
            parts.push(format!(
                "No account has employee id {}.",
                self.unknown.join(", ")
            ));
        }
        if !self.inactive.is_empty() {
            parts.push(format!(
                "Not enrolled, account deactivated: {}.",
                self.inactive.join(", ")
            ));
        }
        parts.join(" ")
    }
}

/// The trainer's enrol form: the courses to pick from and the departments people are in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolChoices {
    /// (slug, title)
    pub courses: Vec<(String, String)>,
    pub departments: Vec<String>,
}

/// Progress per course slug for the catalog's progress bars.
pub type CatalogProgress = std::collections::BTreeMap<String, u8>;
