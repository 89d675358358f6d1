//! Departments at city scale (issue #7): department records, and the HR roster import that
//! keeps people in step with the city's HR export. The CSV parsing and the diff are pure
//! (`roster.rs`); `store.rs` reads and applies; `import.rs` runs an import end to end.
//! Officers, assignments and department reports are not built yet (see the note).

pub mod roster;

#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod store;
