//! Department reports (issue #7): per department, the city side by side, and the people behind
//! the numbers, each also as CSV. Figures come from running totals kept by the database
//! (`department_course_tallies`), so a report reads thousands of rows, not a million.

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod downloads;
#[cfg(feature = "ssr")]
pub mod figures;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// One department's figures (or a sum of departments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DepartmentLine {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    /// Active people.
    pub people: i64,
    /// Active enrolments of those people, those someone else assigned, completed, and overdue
    /// (due date passed, not completed).
    pub enrolled: i64,
    pub assigned: i64,
    pub completed: i64,
    pub overdue: i64,
    /// Session places: attended (on time or late), and no-shows.
    pub attended: i64,
    pub no_shows: i64,
}

impl DepartmentLine {
    /// Completed as a share of enrolled, in percent; none without enrolments.
    pub fn completion(&self) -> Option<f64> {
        (self.enrolled > 0).then(|| self.completed as f64 * 100.0 / self.enrolled as f64)
    }

    /// Attended as a share of places that were decided (attended or no-show), in percent.
    pub fn attendance(&self) -> Option<f64> {
        let decided = self.attended + self.no_shows;
        (decided > 0).then(|| self.attended as f64 * 100.0 / decided as f64)
    }

    pub fn add(&mut self, other: &DepartmentLine) {
        self.people += other.people;
        self.enrolled += other.enrolled;
        self.assigned += other.assigned;
        self.completed += other.completed;
        self.overdue += other.overdue;
        self.attended += other.attended;
        self.no_shows += other.no_shows;
    }
}

/// One course within a department's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CourseLine {
    pub slug: String,
    pub title: String,
    pub enrolled: i64,
    pub assigned: i64,
    pub completed: i64,
    pub overdue: i64,
}

impl CourseLine {
    pub fn completion(&self) -> Option<f64> {
        (self.enrolled > 0).then(|| self.completed as f64 * 100.0 / self.enrolled as f64)
    }
}

/// The city side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CityReport {
    pub departments: Vec<DepartmentLine>,
    pub total: DepartmentLine,
    /// Completion rate per department (server-rendered SVG).
    pub chart: String,
    pub as_of: String,
}

/// One department, with the departments under it summed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DepartmentReport {
    pub department: DepartmentLine,
    /// The department and everything under it.
    pub total: DepartmentLine,
    /// The departments directly under it, each with everything under them.
    pub divisions: Vec<DepartmentLine>,
    pub courses: Vec<CourseLine>,
    pub chart: String,
    pub as_of: String,
    /// The person looking may see the city-wide view.
    pub city: bool,
}

/// One person in a department's drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PersonLine {
    pub employee_id: String,
    pub name: String,
    pub job_title: String,
    pub department: String,
    pub enrolled: i64,
    pub completed: i64,
    pub overdue: i64,
    /// With a course chosen: their standing in it ("Completed 3 Mar 2026", "Overdue", …).
    pub standing: String,
}

/// A page of a department's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PeopleReport {
    pub code: String,
    pub name: String,
    pub people: Vec<PersonLine>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// (slug, title) of every course, for the filter.
    pub courses: Vec<(String, String)>,
    pub course: String,
    pub status: String,
}

/// What a person's standing filter may ask for.
pub const STATUSES: [(&str, &str); 5] = [
    ("", "Everyone"),
    ("overdue", "Overdue"),
    ("incomplete", "Enrolled, not completed"),
    ("completed", "Completed"),
    ("not-enrolled", "Not enrolled"),
];
