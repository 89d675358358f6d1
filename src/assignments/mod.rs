//! Assignments (issue #7): a course assigned to a department, a division, a job title or a list
//! of people, with a due date. A live assignment also reaches people who join or move later.
//! The target rules are pure (`rules.rs`); making one is `assign.rs`, the page `overview.rs`;
//! enrolments are made in bulk by `store.rs`.

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod assign;
#[cfg(feature = "ssr")]
pub mod overview;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// One assignment as its list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub id: i64,
    pub course_title: String,
    pub course_slug: String,
    /// Who it is for, in words: "Department: Public Works (PW)".
    pub target: String,
    pub due_on: String,
    pub set_by: String,
    pub set_on: String,
    /// Active enrolments it made, and how many of them are completed.
    pub enrolled: i64,
    pub completed: i64,
    pub live: bool,
    /// The person looking may withdraw it.
    pub can_withdraw: bool,
}

/// What the assignment form offers the person looking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AssignChoices {
    pub courses: Vec<(String, String)>,
    /// (code, name) of the departments they may assign to.
    pub departments: Vec<(String, String)>,
    /// Job titles of people they reach, for the form's suggestions.
    pub job_titles: Vec<String>,
    /// Trainers and administrators: the whole city.
    pub city: bool,
}

/// The assignments page: the form's choices and one page of assignments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AssignmentsPage {
    pub choices: AssignChoices,
    pub assignments: Vec<AssignmentView>,
    pub page: u32,
    pub pages: u32,
}
