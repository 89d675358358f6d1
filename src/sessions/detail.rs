//! A session's page for one viewer: the session, their registration and waitlist place, whether
//! they may check in or give feedback now, the calendar link, and what they may manage.

use super::{RegistrationState, SessionDetail, access, calendar, cards, rules, schedule, store};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;

pub async fn detail(state: &AppState, user: &User, id: i64) -> Result<SessionDetail, AppError> {
    let s = cards::existing(state, id).await?;
    let tz = s.tz(state.config.time_zone);
    let card = cards::card_of(state, &s).await?;
    let t = now();
    let mine = store::registration_of(&state.db, id, user.id).await?;
    let feedback = match &mine {
        Some(r) if r.state.attended() => {
            let given = crate::feedback::store::receipt_exists(&state.db, id, user.id).await?;
            Some(cards::feedback_window(state, &s, given))
        }
        _ => None,
    };
    let check_in_open = mine
        .as_ref()
        .is_some_and(|r| r.state == RegistrationState::Booked)
        && rules::check_in(t, &s.timing()).is_ok();
    let event = calendar::ics_event(state, &s, &card, "");
    Ok(SessionDetail {
        notes: s.notes.clone(),
        register_by: schedule::moment(s.register_by, tz),
        cancel_reason: s.cancel_reason.clone(),
        open: rules::registration_refusal(t, &s.timing()).is_none(),
        signed_in: true,
        mine,
        check_in_open,
        feedback,
        google_link: super::ics::google_calendar_link(&event.as_event(tz)),
        teaches: access::may_teach(state, user, id).await?,
        manages: user.role.can(Permission::ManageTraining),
        card,
    })
}
