//! Server functions of assignments: who is asking, what part of the city they reach (trainers
//! the whole city, an officer their departments), then the service (`assign.rs`,
//! `overview.rs`) or the store.

use super::AssignmentsPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{assign, overview},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::departments::access,
    crate::server::context::{self, answer, answer_to, load},
};

#[server(endpoint = "assignments/page")]
pub async fn assignment_overview(
    #[server(default)] page: u32,
) -> Result<AssignmentsPage, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (reach, _) = access::require_reach(&state.db, &user).await?;
        overview::page(&state, &reach, page).await
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
        let form = assign::Request {
            course: &course,
            kind: &kind,
            department: &department,
            job_title: &job_title,
            employee_ids: &employee_ids,
            due_on: &due_on,
        };
        let message = assign::assign(&state, &user, (&reach, &tree), &form).await?;
        Ok((message, "/assignments".to_string()))
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
        assign::withdraw(&state, &user, &reach, assignment).await
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
