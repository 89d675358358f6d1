//! Sessions on someone's dashboard: their upcoming registrations, the feedback still open to
//! them, their notices, and the sessions they teach.

use super::{Agenda, FeedbackWindow, Notification, cards, store};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;

pub async fn agenda(state: &AppState, user: &User) -> Result<Agenda, AppError> {
    let t = now();
    let days = i64::from(state.config.feedback_days) * 86_400;
    let bookings = store::agenda(&state.db, user.id, t - days - 86_400).await?;
    let sessions: Vec<store::SessionRow> = bookings.iter().map(|b| b.session.clone()).collect();
    let all = cards::cards(state, &sessions).await?;
    let mut upcoming = Vec::new();
    let mut feedback_due = Vec::new();
    for (b, card) in bookings.iter().zip(all) {
        let s = &b.session;
        if b.state.attended() {
            let given = crate::feedback::store::receipt_exists(&state.db, s.id, user.id).await?;
            if let FeedbackWindow::Open { closes } = cards::feedback_window(state, s, given) {
                feedback_due.push((card.clone(), closes));
            }
        }
        if s.ends_at > t && !card.past {
            upcoming.push((card, b.state));
        }
    }
    let tz = state.config.time_zone;
    let notifications = store::notifications(&state.db, user.id)
        .await?
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            message: n.message,
            link: n.link,
            on: crate::calendar::label_of(n.created_at, tz),
        })
        .collect();
    let teaching = if user.role.can(Permission::Teach) {
        cards::teaching(state, user).await?
    } else {
        Vec::new()
    };
    Ok(Agenda {
        upcoming,
        feedback_due,
        notifications,
        teaching,
    })
}
