//! Server functions of department reports. Trainers and administrators see the whole city; a
//! customer service officer sees their departments (and those under them) and gets 403 for
//! anything else.

use super::{CityReport, DepartmentReport, PeopleReport};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::figures,
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::departments::access,
    crate::departments::tree::Reach,
    crate::server::context::{self, load},
};

/// The department asked for, when the signed-in person may see it, with the tree and whether
/// they see the whole city.
#[cfg(feature = "ssr")]
async fn department_in_reach(
    state: &crate::server::state::AppState,
    code: &str,
) -> Result<(String, crate::departments::tree::Tree, bool), AppError> {
    let user = auth::require(state, Permission::Learn).await?;
    let (reach, tree) = access::require_reach(&state.db, &user).await?;
    let code = code.trim().to_uppercase();
    access::require_department(&reach, &tree, &code, &user)?;
    Ok((code, tree, reach == Reach::City))
}

/// Every department side by side (trainers and administrators).
#[server(endpoint = "reports/city")]
pub async fn city_figures() -> Result<CityReport, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        figures::city(&state).await
    }
    .await;
    load(result)
}

/// One department with those under it: trainers, administrators and its officers.
#[server(endpoint = "reports/department")]
pub async fn department_figures(code: String) -> Result<DepartmentReport, AppError> {
    let result = async {
        let state = context::state()?;
        let (code, tree, city) = department_in_reach(&state, &code).await?;
        figures::department(&state, &tree, &code, city).await
    }
    .await;
    load(result)
}

/// A page of a department's people, optionally by their standing in one course.
#[server(endpoint = "reports/people")]
pub async fn department_people(
    code: String,
    #[server(default)] course: String,
    #[server(default)] status: String,
    #[server(default)] page: u32,
) -> Result<PeopleReport, AppError> {
    let result = async {
        let state = context::state()?;
        let (code, tree, _) = department_in_reach(&state, &code).await?;
        figures::people(&state, &tree, &code, course.trim(), status.trim(), page).await
    }
    .await;
    load(result)
}

/// (code, name) of the departments the signed-in person is an officer of, for their dashboard.
#[server(endpoint = "reports/mine")]
pub async fn my_departments() -> Result<Vec<(String, String)>, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let codes = crate::departments::store::officer_codes(&state.db, user.id).await?;
        // Most people are officers of nothing: their dashboard need not read every department.
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        Ok(crate::departments::store::all(&state.db)
            .await?
            .into_iter()
            .filter(|d| codes.contains(&d.code))
            .map(|d| (d.code, d.name))
            .collect())
    }
    .await;
    load(result)
}
