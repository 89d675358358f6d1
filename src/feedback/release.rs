//! A session's results as the one asking may see them: counts and rates live, answers and
//! comments only once released and with enough responses; and trainers' comment moderation.

use super::{SessionResults, results, store, submission::questions};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::benchmarks::disclosure;
use crate::error::AppError;
use crate::server::state::AppState;
use crate::sessions::{access as session_access, cards as sessions};

/// A session's results for one of its instructors or a trainer; refused to anyone else.
pub async fn results_of(
    state: &AppState,
    user: &User,
    session: i64,
) -> Result<SessionResults, AppError> {
    if !session_access::may_teach(state, user, session).await? {
        tracing::warn!(
            user_id = user.id,
            session_id = session,
            "refused: results of a session not taught"
        );
        return Err(AppError::Forbidden);
    }
    let s = sessions::existing(state, session).await?;
    let card = sessions::card_of(state, &s).await?;
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
        let counts: Vec<(String, i64, i64)> = store::counts(&state.db, session)
            .await?
            .into_iter()
            .map(|c| (c.question_key, c.value, c.n))
            .collect();
        let comments: Vec<(String, String, String, bool)> = store::comments(&state.db, session)
            .await?
            .into_iter()
            .map(|c| {
                let handle = results::comment_handle(session, c.response_id, &c.question_key);
                (handle, c.question_key, c.comment, c.hidden)
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

/// Hides (or, with `show`, shows again) a comment named by its handle; the text is kept.
pub async fn moderate(
    state: &AppState,
    trainer: &User,
    session: i64,
    comment: &str,
    reason: &str,
    show: bool,
) -> Result<(), AppError> {
    let reason: String = reason.trim().chars().take(300).collect();
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
    Ok(())
}
