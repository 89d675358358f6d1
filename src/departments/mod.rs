//! Departments at city scale (issue #7): department records, and the HR roster import that
//! keeps people in step with the city's HR export. The CSV parsing (`roster.rs`), the diff
//! (`plan.rs`) and the rules of codes and names (`rules.rs`) are pure; `store.rs` reads and
//! applies; `import.rs` runs an import end to end.
//! `tree.rs` says which departments a person reaches; `access.rs` applies it to requests.

pub mod api;
pub mod departures;
pub mod pages;
pub mod plan;
pub mod roster;
pub mod rules;
pub mod tree;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upload;

use serde::{Deserialize, Serialize};

/// A department record: its code (the HR export's key), its name (what people see), and the
/// code of the department it is a division of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Department {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
}

/// A recorded roster import (dry run or not), as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RosterRun {
    pub id: i64,
    pub file_name: String,
    pub dry_run: bool,
    pub full_roster: bool,
    pub strict: bool,
    pub created: i64,
    pub updated: i64,
    pub deactivated: i64,
    pub unchanged: i64,
    pub problems: i64,
    pub applied: bool,
    pub imported_by: String,
    pub at: i64,
    pub report: String,
    /// The dry run's file is kept and may be imported.
    pub kept: bool,
}

/// The roster page: recent runs, and the one just made (or asked for) in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RosterPage {
    pub runs: Vec<(RosterRun, String)>,
    pub chosen: Option<(RosterRun, String)>,
}

/// One department on the administrator's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DepartmentEntry {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub people: i64,
    /// (employee id, name) of its officers.
    pub officers: Vec<(String, String)>,
}
