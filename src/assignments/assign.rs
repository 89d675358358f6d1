//! Making an assignment: the target checked against what the person assigning reaches, the
//! people of a list checked one by one, then the assignment recorded and everyone it is for
//! enrolled at once; and withdrawing one. The checks are pure (`rules.rs`).

use super::{rules, store};
use crate::accounts::User;
use crate::departments::tree::{Reach, Tree};
use crate::error::AppError;
use crate::server::state::AppState;

/// The assignment form as posted.
pub struct Request<'a> {
    pub course: &'a str,
    pub kind: &'a str,
    pub department: &'a str,
    pub job_title: &'a str,
    pub employee_ids: &'a str,
    pub due_on: &'a str,
}

/// Records the assignment and reaches its people; returns what to tell the person assigning.
pub async fn assign(
    state: &AppState,
    user: &User,
    (reach, tree): (&Reach, &Tree),
    form: &Request<'_>,
) -> Result<String, AppError> {
    rules::list_fits(form.employee_ids).map_err(AppError::invalid)?;
    let target = match rules::target(
        form.kind,
        form.department,
        form.job_title,
        form.employee_ids,
        reach,
    ) {
        Ok(target) => target,
        Err(rules::Refusal::Elsewhere(d)) => {
            tracing::warn!(user_id = user.id, department = %d, "refused: assigning elsewhere");
            return Err(AppError::Forbidden);
        }
        Err(refusal) => return Err(AppError::invalid(refusal.to_string())),
    };
    if let Some(d) = &target.department
        && !tree.contains(d)
    {
        return Err(AppError::invalid(format!("There is no department {d}.")));
    }
    let c = crate::courses::store::by_slug(&state.db, form.course.trim())
        .await?
        .filter(|c| !c.retired)
        .ok_or_else(|| AppError::invalid("Choose a course from the list."))?;
    let today = crate::calendar::today(state.config.time_zone);
    let due = rules::due(form.due_on, today).map_err(AppError::invalid)?;
    let mut people = Vec::new();
    if target.kind == rules::Kind::List {
        let found =
            crate::accounts::store::people_by_employee_id(&state.db, &target.employee_ids).await?;
        let account = |id: &str| match found.iter().find(|p| p.employee_id == id) {
            None => rules::Listed::Unknown,
            Some(p) if !p.active => rules::Listed::Inactive,
            Some(p) => rules::Listed::Active {
                id: p.id,
                department: p.department_code.clone(),
            },
        };
        people =
            rules::list_people(&target.employee_ids, account, reach).map_err(AppError::invalid)?;
    }
    let id = store::create(&state.db, c.id, &target, &people, due, user.id).await?;
    let a = store::get(&state.db, id).await?.ok_or(AppError::Internal)?;
    let reached = store::reach(&state.db, &a, tree, today).await?;
    tracing::info!(
        user_id = user.id,
        assignment = id,
        reached,
        "course assigned"
    );
    Ok(format!(
        "{} assigned, due {}: {reached} {} enrolled now; people who join later are enrolled \
         when they arrive.",
        c.title,
        crate::calendar::label(due),
        if reached == 1 { "person" } else { "people" }
    ))
}

/// Withdraws an assignment set in a department the person reaches: nobody new is enrolled by
/// it; enrolments it made stay.
pub async fn withdraw(
    state: &AppState,
    user: &User,
    reach: &Reach,
    assignment: i64,
) -> Result<(), AppError> {
    let a = store::get(&state.db, assignment)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such assignment."))?;
    if reach != &Reach::City && !a.department.as_deref().is_some_and(|d| reach.covers(d)) {
        tracing::warn!(
            user_id = user.id,
            assignment,
            "refused: another department's"
        );
        return Err(AppError::Forbidden);
    }
    if !store::withdraw(&state.db, a.id, user.id).await? {
        return Err(AppError::invalid("That assignment was already withdrawn."));
    }
    Ok(())
}
