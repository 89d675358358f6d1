//! Server functions of benchmarking: the trainers' dashboard and an instructor's page. Roles
//! are checked here; everything else is in `figures`.

use super::{Dashboard, Filters, InstructorView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{context::context as resolve, dashboard, instructor},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, load},
};

#[server(endpoint = "benchmarks/dashboard")]
pub async fn benchmark_dashboard(filters: Filters) -> Result<Dashboard, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        let cx = resolve(&state, filters).await?;
        dashboard::dashboard(&state, &cx).await
    }
    .await;
    load(result)
}

/// An instructor's figures: `who` empty means the signed-in instructor. Trainers and admins
/// may open anyone's; an instructor only their own (co-instructors included: they share a
/// session's results, not each other's pages).
#[server(endpoint = "benchmarks/instructor")]
pub async fn instructor_benchmarks(
    #[server(default)] who: String,
    filters: Filters,
    #[server(default)] page: i64,
) -> Result<InstructorView, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Teach).await?;
        let (teacher, own) = instructor::whose(&user, &who)?;
        let cx = resolve(&state, filters).await?;
        let mut view = instructor::instructor(&state, &cx, &teacher, own, page).await?;
        // The page lists the latest sessions; the CSV has them all.
        view.taught.truncate(instructor::SESSIONS_ON_PAGE);
        Ok(view)
    }
    .await;
    load(result)
}
