//! Courses: the Markdown library from `courses/` (pipeline in `content/`), its sync into the
//! database, and the catalog, course, lesson, case-study and glossary pages.

pub mod api;
pub mod catalog;
pub mod content;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod library;
#[cfg(feature = "ssr")]
pub mod store;

pub use content::model::{CaseStudy, GlossaryTerm, TocEntry};
#[cfg(feature = "ssr")]
pub use library::Library;

use serde::{Deserialize, Serialize};

/// A course as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub audience: Vec<String>,
    pub minutes: u32,
    pub lessons: u32,
    pub session_required: bool,
}

/// The catalog page: the matching courses and the choices its filters offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogView {
    pub courses: Vec<CourseCard>,
    pub total: usize,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonLink {
    pub slug: String,
    pub number: u32,
    pub title: String,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStudyLink {
    pub slug: String,
    pub title: String,
    pub organisation: String,
    pub sector: String,
    pub topics: Vec<String>,
}

/// A course page. The knowledge check is summarised only: its answers never leave the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseView {
    pub card: CourseCard,
    pub instructors: Vec<String>,
    pub version: u32,
    pub overview_html: String,
    pub lessons: Vec<LessonLink>,
    pub check_questions: usize,
    pub pass_mark: u8,
    pub case_studies: Vec<CaseStudyLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonView {
    pub course_slug: String,
    pub course_title: String,
    pub lesson: LessonLink,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub terms: Vec<GlossaryTerm>,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
    pub total_lessons: usize,
}

/// A knowledge check as a learner sees it before answering: prompts and options only. Which
/// options are correct, and the explanations, never leave the server before grading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    pub course_slug: String,
    pub course_title: String,
    pub title: String,
    pub pass_mark: u8,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub prompt: String,
    pub multiple: bool,
    /// (option id, option text)
    pub options: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStudyView {
    pub study: CaseStudyLink,
    pub html: String,
    pub courses: Vec<(String, String)>,
}
