//! Server functions of feedback: the attendee's form and its submission, a session's results
//! (trainers; instructors of the session once enough people answered), moderation, and forms.

use super::{FeedbackPage, FormEditor, FormsOverview, SessionResults};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::{FormSummary, answers, definition, results, store},
    crate::accounts::User,
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::benchmarks::disclosure,
    crate::server::context::{self, answer_to, load},
    crate::server::state::AppState,
    crate::sessions::{FeedbackWindow, api as sessions, store as session_store},
};

/// The session, the form its attendees answer, and where the window stands for this person;
/// refused unless they attended.
#[cfg(feature = "ssr")]
async fn attendee_form(
    state: &AppState,
    user: &User,
    session: i64,
    check_receipt: bool,
) -> Result<(session_store::SessionRow, store::FormRow, FeedbackWindow), AppError> {
    let s = sessions::existing(state, session).await?;
    sessions::refuse_own_session(state, user, session, "give feedback on").await?;
    let attended = session_store::registration_of(&state.db, session, user.id)
        .await?
        .is_some_and(|(_, st, _)| st.attended());
    if !attended {
        return Err(AppError::invalid(
            "Only people marked as attending this session can give feedback on it.",
        ));
    }
    // On submission the receipt's key refuses a second answer, so the lookup can be skipped.
    let given = check_receipt && store::receipt_exists(&state.db, session, user.id).await?;
    let window = sessions::feedback_window(state, &s, given);
    let form = store::form_for_session(&state.db, s.id, s.form_family, s.course_id).await?;
    Ok((s, form, window))
}

#[cfg(feature = "ssr")]
fn questions(form: &store::FormRow) -> Result<Vec<definition::Question>, AppError> {
    definition::parse(&form.definition).map_err(|errors| {
        tracing::error!(
            form_id = form.id,
            ?errors,
            "a stored feedback form does not parse"
        );
        AppError::Internal
    })
}

#[server(endpoint = "feedback/form")]
pub async fn feedback_form(session: i64) -> Result<FeedbackPage, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (s, form, window) = attendee_form(&state, &user, session, true).await?;
        let card = sessions::card_of(&state, &s).await?;
        Ok(FeedbackPage {
            session: card,
            form_title: form.title.clone(),
            questions: questions(&form)?,
            window,
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "feedback/submit")]
pub async fn submit_feedback(
    session: i64,
    #[server(default)] a: HashMap<String, String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (s, form, window) = attendee_form(&state, &user, session, false).await?;
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
        let answers = answers::validate(&questions(&form)?, &a).map_err(|errors| {
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
        crate::enrollment::api::reconsider(&state, user.id, s.course_id).await?;
        Ok((
            "Thank you: your feedback is in. It is anonymous.".to_string(),
            format!("/sessions/{session}"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "feedback/results")]
pub async fn results_of_session(session: i64) -> Result<SessionResults, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Teach).await?;
        if !sessions::may_teach(&state, &user, session).await? {
            tracing::warn!(
                user_id = user.id,
                session_id = session,
                "refused: results of a session not taught"
            );
            return Err(AppError::Forbidden);
        }
        let s = sessions::existing(&state, session).await?;
        let card = sessions::card_of(&state, &s).await?;
        let moderates = user.role.can(Permission::ManageTraining);
        let responses = store::response_count(&state.db, session).await?;
        let attended = store::attended_count(&state.db, session).await?;
        let minimum = state.config.results_minimum;
        // Nobody sees a session's answers while more can arrive (a page before and after one
        // more answer would tell it), nor ever with fewer than the minimum — trainers included.
        let (_, closes) = crate::sessions::rules::feedback_period(
            s.ends_at,
            s.attendance_marked_at,
            state.config.feedback_days,
        );
        let wait = if moderates {
            0
        } else {
            disclosure::MODERATION_SECONDS
        };
        let released = disclosure::released(closes, crate::db::now(), moderates);
        let suppressed = responses < i64::from(minimum);
        let questions = if suppressed || !released {
            Vec::new()
        } else {
            let form = store::form_for_session(&state.db, s.id, s.form_family, s.course_id).await?;
            let counts = store::counts(&state.db, session).await?;
            let comments: Vec<(String, String, String, bool)> = store::comments(&state.db, session)
                .await?
                .into_iter()
                .map(|c| {
                    let handle = results::comment_handle(session, c.response_id, &c.question_key);
                    (handle, c.question_key, c.comment, c.hidden != 0)
                })
                .collect();
            results::tabulate(&questions(&form)?, &counts, &comments, moderates)
        };
        let tz = s.tz(state.config.time_zone);
        Ok(SessionResults {
            session: card,
            attended,
            responses,
            rate: results::rate(responses, attended),
            minimum,
            suppressed,
            releases: (!released).then(|| crate::sessions::schedule::moment(closes + wait, tz)),
            questions,
            moderates,
        })
    }
    .await;
    load(result)
}

/// Hides (or shows again) a comment, named by its handle: a response id would tie together
/// the comments one person wrote.
#[server(endpoint = "feedback/hide")]
pub async fn hide_comment(
    session: i64,
    comment: String,
    #[server(default)] reason: String,
    #[server(default)] show: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let reason: String = reason.trim().chars().take(300).collect();
        let show = show.is_some_and(|v| !v.is_empty());
        let hide = (!show).then_some((trainer.id, reason.as_str()));
        let found = store::comments(&state.db, session)
            .await?
            .into_iter()
            .find(|c| results::comment_handle(session, c.response_id, &c.question_key) == comment)
            .ok_or_else(|| AppError::not_found("There is no such comment."))?;
        let key = found.question_key;
        if !store::set_hidden(&state.db, session, found.response_id, &key, hide).await? {
            return Err(AppError::not_found("There is no such comment."));
        }
        tracing::info!(
            session_id = session,
            trainer = trainer.id,
            show,
            "comment moderated"
        );
        Ok((
            if show {
                "The comment is visible to instructors again.".to_string()
            } else {
                "The comment is hidden from instructors; it is kept for audit.".to_string()
            },
            format!("/sessions/{session}/results"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "feedback/forms")]
pub async fn feedback_forms() -> Result<FormsOverview, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        let mut forms = Vec::new();
        for f in store::families(&state.db).await? {
            forms.push(FormSummary {
                family: f.family,
                version: f.version,
                title: f.title.clone(),
                questions: definition::parse(&f.definition)
                    .map(|q| q.len())
                    .unwrap_or(0),
                answered: store::answered(&state.db, f.id).await?,
                is_default: f.is_default != 0,
            });
        }
        Ok(FormsOverview {
            forms,
            courses: store::course_choices(&state.db).await?,
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "feedback/editor")]
pub async fn edit_form(#[server(default)] family: Option<i64>) -> Result<FormEditor, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        match family {
            None => Ok(FormEditor {
                family: None,
                version: 1,
                title: String::new(),
                definition: definition::DEFAULT_FORM.to_string(),
                answered: false,
            }),
            Some(f) => {
                let form = store::current(&state.db, f)
                    .await?
                    .ok_or_else(|| AppError::not_found("There is no such form."))?;
                Ok(FormEditor {
                    family: Some(f),
                    version: form.version,
                    answered: store::answered(&state.db, form.id).await?,
                    title: form.title,
                    definition: form.definition,
                })
            }
        }
    }
    .await;
    load(result)
}

#[server(endpoint = "feedback/save-form")]
pub async fn save_form(
    #[server(default)] family: Option<i64>,
    title: String,
    definition: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let title: String = title.trim().chars().take(200).collect();
        if title.is_empty() {
            return Err(AppError::invalid("Give the form a title."));
        }
        if definition.len() > 20_000 {
            return Err(AppError::invalid("The form is too long (at most 40 questions)."));
        }
        definition::parse(&definition).map_err(|errors| {
            AppError::invalid(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let (form, new_version) =
            store::save(&state.db, family, &title, &definition, trainer.id).await?;
        Ok((
            if new_version {
                format!(
                    "This form already has answers, so your changes are saved as version {}. Earlier answers keep version {}.",
                    form.version,
                    form.version - 1
                )
            } else {
                format!("{} is saved.", form.title)
            },
            format!("/trainer/forms/{}", form.family),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "feedback/course-form")]
pub async fn choose_course_form(
    course: String,
    #[server(default)] form: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        let c = crate::enrollment::store::course(&state.db, &course)
            .await?
            .ok_or_else(|| AppError::not_found("There is no such course."))?;
        let family = match form.trim() {
            "" => None,
            f => {
                let f: i64 = f
                    .parse()
                    .map_err(|_| AppError::invalid("Choose a form from the list."))?;
                store::current(&state.db, f)
                    .await?
                    .ok_or_else(|| AppError::invalid("Choose a form from the list."))?;
                Some(f)
            }
        };
        store::set_course_form(&state.db, c.id, family).await?;
        Ok((
            format!(
                "{} now uses {}.",
                c.title,
                if family.is_some() {
                    "the chosen form"
                } else {
                    "the default form"
                }
            ),
            "/trainer/forms".to_string(),
        ))
    }
    .await;
    answer_to(result)
}
