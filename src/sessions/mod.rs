//! Instructor-led sessions: scheduling, registration with a waitlist, attendance and check-in
//! codes, calendar files. Pure rules in `rules.rs`, `seats.rs` and `schedule.rs`; SQL in `store/`;
//! services (`cards`, `access`, `calendar`, `detail`, `agenda`, `registration`, `attendance`,
//! `roster`, `scheduling`) that `api/`, `downloads` and other domains call.

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod agenda;
#[cfg(feature = "ssr")]
pub mod attendance;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod cards;
#[cfg(feature = "ssr")]
pub mod checkin;
#[cfg(feature = "ssr")]
pub mod detail;
#[cfg(feature = "ssr")]
pub mod downloads;
#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod registration;
#[cfg(feature = "ssr")]
pub mod roster;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod scheduling;
#[cfg(feature = "ssr")]
pub mod seats;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// Where a registration stands. Every change is kept in `registration_events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationState {
    Booked,
    Waitlisted,
    Cancelled,
    SessionCancelled,
    Attended,
    Late,
    Excused,
    NoShow,
}

impl RegistrationState {
    pub const ALL: [RegistrationState; 8] = [
        Self::Booked,
        Self::Waitlisted,
        Self::Cancelled,
        Self::SessionCancelled,
        Self::Attended,
        Self::Late,
        Self::Excused,
        Self::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Waitlisted => "waitlisted",
            Self::Cancelled => "cancelled",
            Self::SessionCancelled => "session-cancelled",
            Self::Attended => "attended",
            Self::Late => "late",
            Self::Excused => "excused",
            Self::NoShow => "no-show",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Booked => "Booked",
            Self::Waitlisted => "On the waitlist",
            Self::Cancelled => "Cancelled by the person",
            Self::SessionCancelled => "Session cancelled",
            Self::Attended => "Attended",
            Self::Late => "Attended (late)",
            Self::Excused => "Excused",
            Self::NoShow => "No-show",
        }
    }

    /// Holds one of the session's seats.
    pub fn holds_seat(self) -> bool {
        matches!(
            self,
            Self::Booked | Self::Attended | Self::Late | Self::Excused | Self::NoShow
        )
    }

    /// The roster's word for this state, if it is an attendance mark.
    pub fn mark(self) -> Option<&'static str> {
        match self {
            Self::Attended => Some("present"),
            Self::Late => Some("late"),
            Self::NoShow => Some("absent"),
            Self::Excused => Some("excused"),
            _ => None,
        }
    }

    /// Was there: counts for completion and may give feedback.
    pub fn attended(self) -> bool {
        matches!(self, Self::Attended | Self::Late)
    }
}

/// A session as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionCard {
    pub id: i64,
    pub course_slug: String,
    pub course_title: String,
    pub title: String,
    /// "Tuesday 1 December 2026, 9:00 AM – 12:00 PM EST".
    pub when: String,
    pub place: String,
    pub video_url: String,
    pub capacity: i64,
    pub seats_left: i64,
    pub waitlist: i64,
    pub instructors: Vec<String>,
    pub cancelled: bool,
    pub past: bool,
}

/// The signed-in person's registration for a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyRegistration {
    pub id: i64,
    pub state: RegistrationState,
    /// 1-based place on the waitlist.
    pub waitlist_place: Option<i64>,
}

/// Where a session's feedback form stands for one attendee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeedbackWindow {
    NotYet { opens: String },
    Open { closes: String },
    Given,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub card: SessionCard,
    pub notes: String,
    pub register_by: String,
    pub cancel_reason: String,
    /// Registration is open now (not started, not cancelled, before the deadline).
    pub open: bool,
    pub signed_in: bool,
    pub mine: Option<MyRegistration>,
    pub check_in_open: bool,
    /// For attendees only.
    pub feedback: Option<FeedbackWindow>,
    pub google_link: String,
    /// The viewer may mark the roster and see results (a trainer, or one of its instructors).
    pub teaches: bool,
    pub manages: bool,
}

/// The upcoming-session list with paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionList {
    pub sessions: Vec<SessionCard>,
    pub page: u32,
    pub pages: u32,
    pub course: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterLine {
    pub registration_id: i64,
    pub name: String,
    pub employee_id: String,
    pub department: String,
    pub state: RegistrationState,
    pub overbooked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub card: SessionCard,
    pub checkin_code: String,
    pub attendance_marked: bool,
    pub seated: Vec<RosterLine>,
    pub waitlist: Vec<RosterLine>,
    pub others: Vec<RosterLine>,
    pub manages: bool,
}

/// What a trainer fills in to schedule or edit a session, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub course: String,
    pub title: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub capacity: String,
    pub register_by: String,
    pub notes: String,
    /// Employee ids of in-house instructors, as `accounts::ids` reads a pasted list.
    pub instructors: String,
    /// One guest per line: "Name, Organisation".
    pub guests: String,
    /// A form family id, or empty for the course's form.
    pub form: String,
}

/// The trainer's edit page: the form filled in, and the choices it offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleChoices {
    pub session: Option<i64>,
    pub form: SessionForm,
    pub courses: Vec<(String, String)>,
    pub forms: Vec<(i64, String)>,
    pub time_zones: Vec<String>,
    pub cancelled: bool,
}

/// Sessions on someone's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub upcoming: Vec<(SessionCard, RegistrationState)>,
    pub feedback_due: Vec<(SessionCard, String)>,
    pub notifications: Vec<Notification>,
    pub teaching: Vec<SessionCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub message: String,
    pub link: String,
    pub on: String,
}
