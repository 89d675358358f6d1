//! The assignments page as the person looking sees it: the form's choices within their reach
//! and one page of the assignments made there, with how far their people are.

use super::{AssignChoices, AssignmentView, AssignmentsPage, rules, store};
use crate::departments::tree::Reach;
use crate::error::AppError;
use crate::server::state::AppState;

/// Assignments listed per page.
pub const PER_PAGE: u32 = 25;

pub async fn page(state: &AppState, reach: &Reach, page: u32) -> Result<AssignmentsPage, AppError> {
    let codes: Option<Vec<String>> = match reach {
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
                    && (reach == &Reach::City
                        || r.department.as_deref().is_some_and(|d| reach.covers(d))),
            }
        })
        .collect();
    let departments = crate::departments::store::all(&state.db)
        .await?
        .into_iter()
        .filter(|d| reach.covers(&d.code))
        .map(|d| (d.code, d.name))
        .collect();
    Ok(AssignmentsPage {
        choices: AssignChoices {
            courses: crate::enrollment::enrolling::course_choices(state),
            departments,
            job_titles: crate::accounts::store::job_titles(&state.db, codes.as_deref()).await?,
            city: reach == &Reach::City,
        },
        assignments,
        page,
        pages: crate::text::page_count(total as u64, PER_PAGE as u64),
    })
}
