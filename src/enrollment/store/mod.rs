//! The SQL of enrollment: enrolments and their history, lesson progress, check attempts and
//! certificates. Counts are computed from rows, never kept as counters, so repeated or
//! concurrent clicks cannot double-count. Courses and people are looked up with their owners
//! (`courses::store`, `accounts::store`).
//!
//! Reads from: `courses` and `lessons` (joined into the progress and brief queries, which
//! count lessons in SQL), `users` (actor names in an enrolment's history). Attendance comes
//! from `sessions::store::attendance`, called by `completion.rs`. Written into by the
//! assignments store, through `assigned.rs`, inside its own transaction.

pub mod assigned;
pub mod attempts;
pub mod certificates;
pub mod enrolments;
pub mod progress;

pub use attempts::*;
pub use certificates::*;
pub use enrolments::*;
pub use progress::*;
