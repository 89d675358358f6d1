//! A person registers for a session or leaves it: refused for their own session and outside the
//! registration window; the seat or waitlist place is decided in the store.

use super::{access, cards, rules, store};
use crate::accounts::User;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;

/// Registers `user` for `session`; answers where they stand.
pub async fn register(state: &AppState, user: &User, session: i64) -> Result<String, AppError> {
    let s = cards::existing(state, session).await?;
    access::refuse_own_session(state, user, session, "register for").await?;
    if let Some(why) = rules::registration_refusal(now(), &s.timing()) {
        return Err(AppError::invalid(why));
    }
    let outcome = {
        let _turn = state.write_turn().await;
        store::register(&state.db, session, user.id, user.id, false).await?
    };
    match outcome {
        store::Registered::Booked | store::Registered::Overbooked => Ok(format!(
            "You are booked for {}. Add it to your calendar below.",
            s.title
        )),
        store::Registered::Waitlisted(place) => Ok(format!(
            "{} is full. You are number {place} on the waitlist; you will be booked automatically when a seat frees.",
            s.title
        )),
        store::Registered::Already(st) => Err(AppError::Conflict(format!(
            "You are already registered for this session ({}).",
            st.label().to_lowercase()
        ))),
    }
}

/// Cancels `user`'s own registration before the session starts.
pub async fn leave(state: &AppState, user: &User, session: i64) -> Result<String, AppError> {
    let s = cards::existing(state, session).await?;
    if let Some(why) = rules::leaving_refusal(now(), &s.timing()) {
        return Err(AppError::invalid(why));
    }
    store::cancel_registration(&state.db, session, user.id, user.id, &s.title).await?;
    Ok(format!("Your registration for {} is cancelled.", s.title))
}
