//! An attendee's feedback: the form they answer, where its window stands for them, and handing
//! a checked submission to the writer. Used by the server functions of `api.rs`.

use super::{FeedbackPage, answers, definition, store};
use crate::accounts::User;
use crate::error::AppError;
use crate::server::state::AppState;
use crate::sessions::{
    FeedbackWindow, access as session_access, cards as sessions, store as session_store,
};
use std::collections::HashMap;

/// The session, the form its attendees answer, and where the window stands for this person;
/// refused unless they attended.
async fn attendee_form(
    state: &AppState,
    user: &User,
    session: i64,
    check_receipt: bool,
) -> Result<(session_store::SessionRow, store::FormRow, FeedbackWindow), AppError> {
    let s = session_access::attended_session(state, user, session, "give feedback on").await?;
    // On submission the receipt's key refuses a second answer, so the lookup can be skipped.
    let given = check_receipt && store::receipt_exists(&state.db, session, user.id).await?;
    let window = sessions::feedback_window(state, &s, given);
    let form = store::form_for_session(&state.db, s.id, s.form_family, s.course_id).await?;
    Ok((s, form, window))
}

/// A stored form's questions; one that no longer parses is the academy's fault, logged.
pub fn questions(form: &store::FormRow) -> Result<Vec<definition::Question>, AppError> {
    definition::parse(&form.definition).map_err(|errors| {
        tracing::error!(
            form_id = form.id,
            ?errors,
            "a stored feedback form does not parse"
        );
        AppError::Internal
    })
}

/// The form an attendee fills in, with the session and the window.
pub async fn page(state: &AppState, user: &User, session: i64) -> Result<FeedbackPage, AppError> {
    let (s, form, window) = attendee_form(state, user, session, true).await?;
    let card = sessions::card_of(state, &s).await?;
    Ok(FeedbackPage {
        session: card,
        form_title: form.title.clone(),
        questions: questions(&form)?,
        window,
    })
}

/// Checks an attendee's answers and stores them through the writer (receipt and anonymous
/// response together); then the course may complete. Refused outside the window.
pub async fn submit(
    state: &AppState,
    user: &User,
    session: i64,
    a: &HashMap<String, String>,
) -> Result<(), AppError> {
    let (s, form, window) = attendee_form(state, user, session, false).await?;
    match window {
        FeedbackWindow::Open { .. } => {}
        FeedbackWindow::Given => {
            return Err(AppError::Conflict(
                "You have already given feedback on this session. Thank you!".into(),
            ));
        }
        FeedbackWindow::NotYet { opens } => {
            return Err(AppError::invalid(format!("Feedback opens on {opens}.")));
        }
        FeedbackWindow::Closed => {
            return Err(AppError::invalid("Feedback on this session has closed."));
        }
    }
    let answers = answers::validate(&questions(&form)?, a).map_err(|errors| {
        AppError::invalid(
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        )
    })?;
    state
        .feedback
        .submit(super::writer::Submission {
            session_id: s.id,
            user_id: user.id,
            department: user.department.clone(),
            form_id: form.id,
            answers,
        })
        .await?;
    // No person and no response id in the log: only that the session got an answer.
    tracing::info!(session_id = s.id, "feedback received");
    crate::enrollment::completion::reconsider(state, user.id, s.course_id).await?;
    Ok(())
}
