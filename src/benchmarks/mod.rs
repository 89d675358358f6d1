//! Instructor benchmarking: how each instructor, course and the program are doing, and
//! whether a difference is real. The statistics and their honesty rules are pure
//! (`stats/`, `disclosure.rs`, `tallies.rs`); the figures come from tallies written with every
//! response (`store/`), resolved (`context.rs`) and shaped (`figures.rs`, `dashboard.rs`,
//! `instructor.rs`) for the pages and CSV downloads.

pub mod api;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod disclosure;
#[cfg(feature = "ssr")]
pub mod downloads;
#[cfg(feature = "ssr")]
pub mod figures;
#[cfg(feature = "ssr")]
pub mod instructor;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod periods;
#[cfg(feature = "ssr")]
pub mod ranking;
#[cfg(feature = "ssr")]
pub mod stats;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod tallies;

use serde::{Deserialize, Serialize};

/// The question key under which the tallies count responses themselves.
pub const RESPONSES: &str = "";

/// What a view covers, as its query string says: a course (slug), months "YYYY-MM" inclusive,
/// the department of the people answering, in-house or guest instructors, and the question
/// instructors are ranked by. Empty means "all" (and the first question).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub question: String,
}

impl Filters {
    /// Reads the filters from query parameters by name.
    pub fn from_query(get: impl Fn(&str) -> String) -> Self {
        Filters {
            course: get("course"),
            from: get("from"),
            to: get("to"),
            department: get("department"),
            kind: get("kind"),
            question: get("question"),
        }
    }

    /// The query string that reproduces these filters (for links and CSV downloads).
    pub fn query(&self) -> String {
        let pairs = [
            ("course", &self.course),
            ("from", &self.from),
            ("to", &self.to),
            ("department", &self.department),
            ("kind", &self.kind),
            ("question", &self.question),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::text::percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A mean (1–5) or a net score (−100…100), with its 95 % interval when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub n: i64,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A figure, or why it is not shown: too few responses are suppressed, never shown as zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shown {
    Value(Figure),
    Suppressed { responses: i64, minimum: i64 },
}

impl Shown {
    pub fn value(&self) -> Option<&Figure> {
        match self {
            Shown::Value(f) => Some(f),
            Shown::Suppressed { .. } => None,
        }
    }
}

/// Responses per attendee; `low` when under half answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateView {
    pub responses: i64,
    pub attendees: i64,
    pub percent: Option<f64>,
    pub low: bool,
}

/// One question: the scale, the counts of the group and of the program, the figure with its
/// interval, the program norm, and whether the difference from the rest of the program is real.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub key: String,
    pub prompt: String,
    /// "likert" (mean of 1–5) or "recommend" (net score of 0–10).
    pub kind: String,
    pub labels: Vec<String>,
    pub counts: Vec<i64>,
    pub program_counts: Vec<i64>,
    pub figure: Shown,
    pub norm: Shown,
    /// "above", "below", "no clear difference", or "" when not compared.
    pub verdict: String,
}

/// One instructor in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    pub place: usize,
    /// Route parameter of their page: "u12", or "g:" + name + "|" + organisation.
    pub who: String,
    pub name: String,
    pub guest: bool,
    pub sessions: i64,
    pub rate: RateView,
    pub figure: Figure,
    pub percentile: f64,
    pub verdict: String,
}

/// An instructor left out of the ranking, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unranked {
    pub who: String,
    pub name: String,
    pub guest: bool,
    pub sessions: i64,
    pub responses: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseRow {
    pub slug: String,
    pub title: String,
    pub responses: i64,
    pub figure: Shown,
}

/// Month by month, for a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub month: String,
    pub figure: Shown,
}

/// The choices the filter form offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    /// (slug, title)
    pub courses: Vec<(String, String)>,
    pub departments: Vec<String>,
    /// (key, prompt)
    pub questions: Vec<(String, String)>,
}

/// The honesty rules in force, said on every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesView {
    pub comparison_minimum: i64,
    pub own_minimum: i64,
    pub group_sessions: i64,
    pub low_rate_percent: i64,
}

/// The trainers' dashboard: the program (or a course), instructors ranked, courses side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub filters: Filters,
    pub choices: Choices,
    pub rules: RulesView,
    pub sessions: i64,
    pub rate: RateView,
    pub questions: Vec<QuestionView>,
    /// The question instructors are ranked by.
    pub question: QuestionView,
    pub ranking: Vec<RankRow>,
    pub unranked: Vec<Unranked>,
    pub courses: Vec<CourseRow>,
    pub trend: Vec<TrendRow>,
    /// Server-rendered SVG (escaped inside), with the same numbers in the tables.
    pub ranking_chart: String,
    pub trend_chart: String,
    /// Which months the figures cover, and what was left out and why.
    pub coverage: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaughtRow {
    pub id: i64,
    pub title: String,
    pub course: String,
    pub date: String,
    pub rate: RateView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub session: i64,
    pub session_title: String,
    pub date: String,
    pub question: String,
    pub text: String,
}

/// One instructor's figures against the program norm: their own page, or a trainer's view of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstructorView {
    pub filters: Filters,
    pub choices: Choices,
    pub rules: RulesView,
    pub who: String,
    pub name: String,
    /// The signed-in person is this instructor.
    pub own: bool,
    pub sessions: i64,
    pub rate: RateView,
    pub questions: Vec<QuestionView>,
    /// Percentile on the ranking question among ranked instructors; None when not ranked.
    pub percentile: Option<f64>,
    pub ranking_note: String,
    pub trend: Vec<TrendRow>,
    pub taught: Vec<TaughtRow>,
    pub comments: Vec<CommentView>,
    pub comments_total: i64,
    pub page: i64,
    pub per_page: i64,
    pub trend_chart: String,
    pub distribution_chart: String,
    /// Which sessions and months the figures cover, and what was left out and why.
    pub coverage: String,
}
