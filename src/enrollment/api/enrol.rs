//! Enrolling and leaving: a learner's own enrolment, and a trainer's enrolment of many people.

use crate::enrollment::{EnrolChoices, EnrolReport};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{live_course, own_enrollment},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::enrollment::{enrolling, rules},
    crate::server::context::{self, answer, answer_to, load},
};

#[server(endpoint = "learning/enrol")]
pub async fn enrol(course: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let c = live_course(&state, &course).await?;
        let message = enrolling::enrol_self(&state, &user, &c).await?;
        Ok((message, format!("/courses/{}", c.slug)))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "learning/unenrol")]
pub async fn unenrol(enrollment: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let (e, c) = own_enrollment(&state, &user, enrollment).await?;
        enrolling::leave(&state, &user, (&e, &c)).await
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "training/enrol-choices")]
pub async fn enrolment_choices() -> Result<EnrolChoices, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        enrolling::choices(&state).await
    }
    .await;
    load(result)
}

/// Enrols a list of people (employee ids, one per line or separated by commas) and/or a whole
/// department in a course, with an optional due date.
#[server(endpoint = "training/enrol")]
pub async fn enrol_people(
    course: String,
    #[server(default)] employee_ids: String,
    #[server(default)] department: String,
    #[server(default)] due_on: String,
) -> Result<EnrolReport, AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let c = live_course(&state, &course).await?;
        let today = crate::calendar::today(state.config.time_zone);
        let request = rules::enrol_request(&employee_ids, &department, &due_on, today)
            .map_err(AppError::invalid)?;
        enrolling::enrol_people(&state, &trainer, &c, &request).await
    }
    .await;
    let summary = result.as_ref().map(EnrolReport::summary).ok();
    answer(result, summary.as_deref().map(|s| (s, "/trainer/enrol")))
}
