//! Server functions of assignments: who is asking, what part of the city they reach (trainers
//! the whole city, an officer their departments), then the rules and the store.

use super::AssignmentsPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{AssignChoices, AssignmentView, rules, store},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::departments::access,
    crate::departments::tree::Reach,
    crate::server::context::{self, answer, answer_to, load},
};

/// Assignments listed per page.
pub const PER_PAGE: u32 = 25;

#[server(endpoint = "assignments/page")]
pub async fn assignment_overview(
    #[server(default)] page: u32,
) -> Result<AssignmentsPage, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (reach, _) = access::require_reach(&state.db, &user).await?;
        let codes: Option<Vec<String>> = match &reach {
            Reach::City => None,
            Reach::Departments(c) => Some(c.iter().cloned().collect()),
        };
        let page = page.max(1);
        let (rows, total) = store::list(
            &state.db,
            codes.as_deref(),
            PER_PAGE as i64,
            (page as i64 - 1) * PER_PAGE as i64,
        )
        .await?;
        let tz = state.config.time_zone;
        let assignments = rows
            .into_iter()
            .map(|r| {
                let kind = rules::Kind::parse(&r.kind).unwrap_or(rules::Kind::List);
                AssignmentView {
                    id: r.id,
                    course_title: r.course_title,
                    course_slug: r.course_slug,
                    target: rules::describe(kind, r.department.as_deref(), &r.job_title, r.people),
                    due_on: crate::calendar::parse_iso(&r.due_on)
                        .map(crate::calendar::label)
                        .unwrap_or(r.due_on),
                    set_by: r.set_by,
                    set_on: crate::calendar::label_of(r.created_at, tz),
                    enrolled: r.enrolled,
                    completed: r.completed,
                    live: r.withdrawn_at.is_none(),
                    can_withdraw: r.withdrawn_at.is_none()
                        && (reach == Reach::City
                            || r.department.as_deref().is_some_and(|d| reach.covers(d))),
                }
            })
            .collect();
        let library = state.library.current();
        let mut courses: Vec<(String, String)> = library
            .content
            .courses
            .iter()
            .map(|c| (c.slug.clone(), c.title.clone()))
            .collect();
        courses.sort_by(|a, b| a.1.cmp(&b.1));
        let departments = crate::departments::store::all(&state.db)
            .await?
            .into_iter()
            .filter(|d| reach.covers(&d.code))
            .map(|d| (d.code, d.name))
            .collect();
        Ok(AssignmentsPage {
            choices: AssignChoices {
                courses,
                departments,
                job_titles: store::job_titles(&state.db, codes.as_deref()).await?,
                city: reach == Reach::City,
            },
            assignments,
            page,
            pages: crate::text::page_count(total as u64, PER_PAGE as u64),
        })
    }
    .await;
    load(result)
}

/// Assigns a course and enrols everyone it is for at once; people who match later are
/// enrolled when the roster brings them.
#[server(endpoint = "assignments/assign")]
pub async fn assign_course(
    course: String,
    kind: String,
    #[server(default)] department: String,
    #[server(default)] job_title: String,
    #[server(default)] employee_ids: String,
    #[server(default)] due_on: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (reach, tree) = access::require_reach(&state.db, &user).await?;
        if employee_ids.len() > 200_000 {
            return Err(AppError::invalid("That list is too long."));
        }
        let target = match rules::target(&kind, &department, &job_title, &employee_ids, &reach) {
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
        let c = crate::enrollment::store::course(&state.db, course.trim())
            .await?
            .filter(|c| c.retired == 0)
            .ok_or_else(|| AppError::invalid("Choose a course from the list."))?;
        let today = crate::calendar::today(state.config.time_zone);
        let due = rules::due(&due_on, today).map_err(AppError::invalid)?;
        let mut people = Vec::new();
        if target.kind == rules::Kind::List {
            let found =
                crate::enrollment::store::people_by_employee_id(&state.db, &target.employee_ids)
                    .await?;
            let mut problems = Vec::new();
            for id in &target.employee_ids {
                match found.iter().find(|(_, e, _, _)| e == id) {
                    None => problems.push(format!("No account has employee id {id}.")),
                    Some((_, _, _, 0)) => problems.push(format!("{id}'s account is deactivated.")),
                    Some((_, _, dept, _))
                        if !dept.as_deref().is_some_and(|d| reach.covers(d))
                            && reach != Reach::City =>
                    {
                        problems.push(format!("{id} is not in your departments."))
                    }
                    Some((uid, _, _, _)) => people.push(*uid),
                }
            }
            if !problems.is_empty() {
                let more = problems.len().saturating_sub(10);
                problems.truncate(10);
                if more > 0 {
                    problems.push(format!("…and {more} more."));
                }
                return Err(AppError::invalid(format!(
                    "Nothing was assigned. {}",
                    problems.join(" ")
                )));
            }
        }
        let id = store::create(&state.db, c.id, &target, &people, due, user.id).await?;
        let a = store::get(&state.db, id).await?.ok_or(AppError::Internal)?;
        let reached = store::reach(&state.db, &a, &tree, today).await?;
        tracing::info!(
            user_id = user.id,
            assignment = id,
            reached,
            "course assigned"
        );
        Ok((
            format!(
                "{} assigned, due {}: {reached} {} enrolled now; people who join later are \
                 enrolled when they arrive.",
                c.title,
                crate::calendar::label(due),
                if reached == 1 { "person" } else { "people" }
            ),
            "/assignments".to_string(),
        ))
    }
    .await;
    answer_to(result)
}

/// Withdraws an assignment: nobody new is enrolled by it; enrolments it made stay.
#[server(endpoint = "assignments/withdraw")]
pub async fn withdraw_assignment(assignment: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (reach, _) = access::require_reach(&state.db, &user).await?;
        let a = store::get(&state.db, assignment)
            .await?
            .ok_or_else(|| AppError::not_found("There is no such assignment."))?;
        if reach != Reach::City && !a.department.as_deref().is_some_and(|d| reach.covers(d)) {
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
    .await;
    answer(
        result,
        Some((
            "Assignment withdrawn: nobody new will be enrolled by it; enrolments it made stay.",
            "/assignments",
        )),
    )
}
