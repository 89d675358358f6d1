//! Transcripts: whose transcript a person may see (their own; anyone's for trainers; their
//! departments' people for an officer) and its rows. The page and the CSV download share it.

use super::{EnrollmentBrief, Person, Transcript, store, views};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::error::AppError;
use crate::server::state::AppState;

/// The person whose transcript `user` asks for: their own (empty `employee`), or, for
/// trainers and administrators, anyone's by employee id; a customer service officer may open
/// those of the people in their departments.
pub async fn whose_transcript(
    state: &AppState,
    user: &User,
    employee: &str,
) -> Result<Person, AppError> {
    let employee = employee.trim();
    if !employee.is_empty() && employee != user.employee_id {
        if !user.role.can(Permission::ManageTraining) {
            let (reach, _) = crate::departments::access::reach(&state.db, user).await?;
            let theirs = crate::departments::store::department_of(&state.db, employee).await?;
            if !theirs.is_some_and(|code| reach.covers(&code)) {
                tracing::warn!(user_id = user.id, "refused: another person's transcript");
                return Err(AppError::Forbidden);
            }
        }
        return crate::accounts::store::person_by_employee_id(&state.db, employee)
            .await?
            .ok_or_else(|| AppError::not_found(format!("No account has employee id {employee}.")));
    }
    crate::accounts::store::person(&state.db, user.id)
        .await?
        .ok_or(AppError::Internal)
}

/// Every enrolment of a person as it reads today, active first.
pub async fn rows(state: &AppState, user_id: i64) -> Result<Vec<EnrollmentBrief>, AppError> {
    let tz = state.config.time_zone;
    let today = crate::calendar::today(tz);
    Ok(store::briefs(&state.db, user_id)
        .await?
        .into_iter()
        .map(|r| views::brief(r, tz, today))
        .collect())
}

/// The transcript `user` asks for (see `whose_transcript`).
pub async fn transcript(
    state: &AppState,
    user: &User,
    employee: &str,
) -> Result<Transcript, AppError> {
    let person = whose_transcript(state, user, employee).await?;
    Ok(Transcript {
        own: person.id == user.id,
        rows: rows(state, person.id).await?,
        person,
    })
}
