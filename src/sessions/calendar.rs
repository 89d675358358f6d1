//! A session as a calendar event: what the session page's Google link and the `.ics` download
//! both describe (its public address, instructors, video link and notes).

use super::SessionCard;
use super::ics::IcsEvent;
use super::store::SessionRow;
use crate::db::now;
use crate::server::state::AppState;

/// The calendar event of a session, owned, so a page and the `.ics` download share it.
pub struct OwnedEvent {
    pub uid: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub sequence: i64,
    pub cancelled: bool,
}

impl OwnedEvent {
    pub fn as_event(&self, tz: chrono_tz::Tz) -> IcsEvent<'_> {
        IcsEvent {
            uid: &self.uid,
            stamp: now(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            tz,
            summary: &self.summary,
            description: &self.description,
            location: &self.location,
            url: Some(&self.url),
            sequence: self.sequence,
            cancelled: self.cancelled,
        }
    }
}

/// The event of session `s`; `who` tells one person's copy apart (`-registration-<id>`).
pub fn ics_event(state: &AppState, s: &SessionRow, card: &SessionCard, who: &str) -> OwnedEvent {
    // A calendar program opens the address from anywhere: it must be whole.
    let url = format!("{}/sessions/{}", state.config.public_base(), s.id);
    let mut description = format!("{} — {}", card.course_title, card.instructors.join(", "));
    if !s.video_url.is_empty() {
        description.push_str(&format!("\nJoin: {}", s.video_url));
    }
    if !s.notes.is_empty() {
        description.push_str(&format!("\n\n{}", s.notes));
    }
    description.push_str(&format!("\n\n{url}"));
    OwnedEvent {
        uid: format!("session-{}{who}@service-academy", s.id),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summary: s.title.clone(),
        description,
        location: if s.place.is_empty() {
            s.video_url.clone()
        } else {
            s.place.clone()
        },
        url,
        sequence: s.sequence,
        cancelled: s.cancelled_at.is_some(),
    }
}
