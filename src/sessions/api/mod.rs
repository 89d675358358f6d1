//! Server functions of sessions, grouped by action. Each: who is asking, may they (a trainer, one
//! of the session's instructors, or the person themself), then a service; forms answer a notice.

mod checkin;
mod detail;
mod lists;
mod register;
mod roster;
mod schedule;

pub use checkin::*;
pub use detail::*;
pub use lists::*;
pub use register::*;
pub use roster::*;
pub use schedule::*;
