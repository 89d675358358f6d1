//! Session pages: the upcoming list, a session with registration, calendar and check-in, the
//! roster with attendance, the trainer's list and scheduling form, and dashboard panels.

mod dashboard;
mod detail;
mod list;
mod roster;
mod schedule;

pub use dashboard::{MySessions, TeachingList};
pub use detail::SessionPage;
pub use list::{CourseSessions, SessionsPage, TrainerSessionsPage};
pub use roster::RosterPage;
pub use schedule::ScheduleSessionPage;

use super::{SessionCard, SessionList};
use leptos::prelude::*;

pub(super) fn seats(c: &SessionCard) -> String {
    if c.cancelled {
        "Cancelled".into()
    } else if c.past {
        "Ended".into()
    } else if c.seats_left > 0 {
        format!("{} of {} seats left", c.seats_left, c.capacity)
    } else {
        format!("Full — {} on the waitlist", c.waitlist)
    }
}

#[component]
pub fn SessionSummary(c: SessionCard, #[prop(optional)] note: Option<String>) -> impl IntoView {
    let place = if c.place.is_empty() {
        "Online".to_string()
    } else {
        c.place.clone()
    };
    view! {
        <li class="card session-card" class:cancelled=c.cancelled>
            <h3><a href=format!("/sessions/{}", c.id)>{c.title.clone()}</a></h3>
            <p class="meta">{c.when.clone()}" · "{place}</p>
            <p class="meta">
                <a href=format!("/courses/{}", c.course_slug)>{c.course_title.clone()}</a>
                {(!c.instructors.is_empty()).then(|| format!(" · with {}", c.instructors.join(", ")))}
            </p>
            <p class="seats">{seats(&c)}</p>
            {note.map(|n| view! { <p class="note">{n}</p> })}
        </li>
    }
}

pub(super) fn session_list(list: SessionList, base: String, empty: &'static str) -> impl IntoView {
    let SessionList {
        sessions,
        page,
        pages,
        ..
    } = list;
    view! {
        {sessions.is_empty().then(|| view! { <p class="empty">{empty}</p> })}
        <ul class="session-list">
            {sessions.into_iter().map(|c| view! { <SessionSummary c=c/> }).collect_view()}
        </ul>
        {crate::ui::pager(base, page, pages)}
    }
}
