//! Server functions of the administrator's department pages: departments and their officers,
//! and the roster imports (the upload itself is a plain multipart post, see `upload.rs`).

use super::{DepartmentEntry, RosterPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::store,
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, answer, load},
};

/// The recent roster imports, and run `run` in full (0: the latest).
#[server(endpoint = "admin/roster")]
pub async fn roster_runs(#[server(default)] run: i64) -> Result<RosterPage, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        let tz = state.config.time_zone;
        let label = |r: super::RosterRun| {
            let at = crate::calendar::label_of(r.at, tz);
            (r, at)
        };
        let runs: Vec<_> = store::imports::runs(&state.db, 20)
            .await?
            .into_iter()
            .map(label)
            .collect();
        let chosen = if run > 0 {
            Some(
                store::imports::run(&state.db, run)
                    .await?
                    .map(label)
                    .ok_or_else(|| AppError::not_found("There is no such import."))?,
            )
        } else {
            runs.first().cloned()
        };
        Ok(RosterPage { runs, chosen })
    }
    .await;
    load(result)
}

/// Every department with its parent, headcount and officers.
#[server(endpoint = "admin/departments")]
pub async fn departments_admin() -> Result<Vec<DepartmentEntry>, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        let heads = store::headcounts(&state.db).await?;
        let officers = store::officers(&state.db).await?;
        Ok(store::all(&state.db)
            .await?
            .into_iter()
            .map(|d| DepartmentEntry {
                people: heads.get(&d.code).copied().unwrap_or(0),
                officers: officers
                    .iter()
                    .filter(|o| o.code == d.code)
                    .map(|o| (o.employee_id.clone(), o.name.clone()))
                    .collect(),
                code: d.code,
                name: d.name,
                parent: d.parent,
            })
            .collect())
    }
    .await;
    load(result)
}

/// Creates a department or renames it (keyed on its code).
#[server(endpoint = "admin/departments/save")]
pub async fn save_department(
    code: String,
    name: String,
    #[server(default)] parent: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        let code = code.trim().to_uppercase();
        let name = name.trim();
        let parent = Some(parent.trim().to_uppercase()).filter(|p| !p.is_empty());
        store::save_department(&state.db, &code, name, parent.as_deref()).await?;
        Ok(format!("Department {code} saved."))
    }
    .await;
    let message = result.as_ref().ok().cloned();
    answer(
        result.map(|_| ()),
        message.as_deref().map(|m| (m, "/admin/departments")),
    )
}

/// Makes someone a customer service officer of a department.
#[server(endpoint = "admin/departments/officer")]
pub async fn add_officer(code: String, employee_id: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let admin = auth::require(&state, Permission::ManageUsers).await?;
        let (code, employee_id) = (code.trim().to_uppercase(), employee_id.trim().to_string());
        if employee_id.is_empty() {
            return Err(AppError::invalid("Give the officer's employee id."));
        }
        store::add_officer(&state.db, &code, &employee_id, Some(admin.id)).await?;
        tracing::info!(admin_id = admin.id, department = %code, officer = %employee_id, "officer added");
        Ok(format!("{employee_id} is now a customer service officer of {code}."))
    }
    .await;
    let message = result.as_ref().ok().cloned();
    answer(
        result.map(|_| ()),
        message.as_deref().map(|m| (m, "/admin/departments")),
    )
}

/// Ends someone's role as officer of a department.
#[server(endpoint = "admin/departments/officer/remove")]
pub async fn remove_officer(code: String, employee_id: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageUsers).await?;
        if !store::remove_officer(&state.db, code.trim(), employee_id.trim()).await? {
            return Err(AppError::invalid(format!(
                "{} is not an officer of {}.",
                crate::text::truncate(employee_id.trim(), 40),
                crate::text::truncate(code.trim(), 40)
            )));
        }
        Ok(())
    }
    .await;
    answer(result, Some(("Officer removed.", "/admin/departments")))
}
