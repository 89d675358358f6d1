//! The SQL of departments: records, officers and headcounts, and the lookups other domains make
//! of a person's department (its name is what people see; its code is the link). Roster
//! imports: `imports.rs`.

pub mod imports;

use crate::db::{Db, now};
use crate::error::{AppError, AppResult};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// Department codes and names, by code.
pub async fn codes_and_names(db: &Db) -> AppResult<Vec<(String, String)>> {
    Ok(
        sqlx::query_as("SELECT code, name FROM departments ORDER BY code")
            .fetch_all(db)
            .await?,
    )
}

/// The names of the departments active people are in (the trainer's enrol form).
pub async fn names_of_active_people(db: &Db) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT d.name FROM departments d WHERE EXISTS (SELECT 1 FROM users u \
         WHERE u.department_code = d.code AND u.active = 1) ORDER BY d.name",
    )
    .fetch_all(db)
    .await?)
}

/// The names of the departments anyone is in, active or not (the benchmark filter: people who
/// left answered too).
pub async fn names_of_people(db: &Db) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT d.name FROM departments d WHERE EXISTS (SELECT 1 FROM users u \
         WHERE u.department_code = d.code) ORDER BY d.name",
    )
    .fetch_all(db)
    .await?)
}

/// The code of the department a form names (an account form, the CLI): the department of that
/// name (the oldest, when names repeat), else the one with that code, else a new department of
/// that name with a code spelled from it. `None` for an empty name. In the caller's
/// transaction, so that a department is only created with the account that needs it.
pub async fn code_for_name(tx: &mut Transaction<'_, Any>, name: &str) -> AppResult<Option<String>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let found: Option<String> = sqlx::query_scalar(
        "SELECT code FROM departments WHERE name = $1 OR code = $1 \
         ORDER BY CASE WHEN name = $1 THEN 0 ELSE 1 END, id LIMIT 1",
    )
    .bind(name)
    .fetch_optional(&mut **tx)
    .await?;
    if found.is_some() {
        return Ok(found);
    }
    let t = now();
    let mut n = 1;
    loop {
        let code = super::rules::candidate_code(name, n);
        let created: Option<String> = sqlx::query_scalar(
            "INSERT INTO departments (code, name, parent_id, created_at, updated_at) \
             VALUES ($1, $2, NULL, $3, $3) ON CONFLICT (code) DO NOTHING RETURNING code",
        )
        .bind(&code)
        .bind(name)
        .bind(t)
        .fetch_optional(&mut **tx)
        .await?;
        if created.is_some() {
            return Ok(created);
        }
        n += 1;
    }
}

/// Creates a department or renames it; `parent` is another department's code. Refuses a bad
/// code or name, and a parent that would make a cycle.
pub async fn save_department(
    db: &Db,
    code: &str,
    name: &str,
    parent: Option<&str>,
) -> AppResult<()> {
    if let Some(problem) = super::rules::department_problem(code, name) {
        return Err(AppError::invalid(problem));
    }
    if let Some(p) = parent
        && !super::access::tree(db).await?.may_be_under(code, p)
    {
        return Err(AppError::invalid(format!(
            "{code} cannot be part of {p}: {p} is {code} or under it."
        )));
    }
    let parent_id: Option<i64> = match parent {
        Some(p) => Some(
            sqlx::query_scalar("SELECT id FROM departments WHERE code = $1")
                .bind(p)
                .fetch_optional(db)
                .await?
                .ok_or_else(|| AppError::invalid(format!("There is no department {p}.")))?,
        ),
        None => None,
    };
    let t = now();
    sqlx::query(
        "INSERT INTO departments (code, name, parent_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, \
         updated_at = excluded.updated_at",
    )
    .bind(code)
    .bind(name)
    .bind(parent_id)
    .bind(t)
    .execute(db)
    .await?;
    Ok(())
}

/// Every department, by code.
pub async fn all(db: &Db) -> AppResult<Vec<super::Department>> {
    Ok(sqlx::query_as(
        "SELECT d.code, d.name, p.code AS parent FROM departments d \
         LEFT JOIN departments p ON p.id = d.parent_id ORDER BY d.code",
    )
    .fetch_all(db)
    .await?)
}

/// Active people per department code ('' for people without one).
pub async fn headcounts(db: &Db) -> AppResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT COALESCE(department_code, ''), COUNT(*) FROM users WHERE active = 1 \
         GROUP BY COALESCE(department_code, '')",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The codes of the departments `user_id` is an officer of.
pub async fn officer_codes(db: &Db, user_id: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT d.code FROM department_officers o JOIN departments d ON d.id = o.department_id \
         WHERE o.user_id = $1 ORDER BY d.code",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?)
}

/// A customer service officer of a department.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Officer {
    pub code: String,
    pub employee_id: String,
    pub name: String,
}

/// Every officer, by department code and name.
pub async fn officers(db: &Db) -> AppResult<Vec<Officer>> {
    Ok(sqlx::query_as(
        "SELECT d.code, u.employee_id, u.name FROM department_officers o \
         JOIN departments d ON d.id = o.department_id JOIN users u ON u.id = o.user_id \
         ORDER BY d.code, u.name",
    )
    .fetch_all(db)
    .await?)
}

/// The department code of the person with `employee_id`, if they have one.
pub async fn department_of(db: &Db, employee_id: &str) -> AppResult<Option<String>> {
    let code: Option<Option<String>> =
        sqlx::query_scalar("SELECT department_code FROM users WHERE employee_id = $1")
            .bind(employee_id)
            .fetch_optional(db)
            .await?;
    Ok(code.flatten())
}

/// Makes `employee_id` an officer of `code` (again: no change). Errors name what is missing.
pub async fn add_officer(db: &Db, code: &str, employee_id: &str, by: Option<i64>) -> AppResult<()> {
    let department = department_id(db, code).await?;
    let user: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, active FROM users WHERE employee_id = $1")
            .bind(employee_id)
            .fetch_optional(db)
            .await?;
    let user = match user.map(|(id, active)| (id, active != 0)) {
        None => {
            return Err(AppError::invalid(format!(
                "No account has employee id {employee_id}."
            )));
        }
        Some((_, false)) => {
            return Err(AppError::invalid(format!(
                "{employee_id}'s account is deactivated: reactivate it first."
            )));
        }
        Some((id, true)) => id,
    };
    sqlx::query(
        "INSERT INTO department_officers (department_id, user_id, added_by, added_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (department_id, user_id) DO NOTHING",
    )
    .bind(department)
    .bind(user)
    .bind(by)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}

/// Ends `employee_id`'s role as officer of `code`; false if they were not one.
pub async fn remove_officer(db: &Db, code: &str, employee_id: &str) -> AppResult<bool> {
    let department = department_id(db, code).await?;
    Ok(sqlx::query(
        "DELETE FROM department_officers WHERE department_id = $1 AND user_id = \
         (SELECT id FROM users WHERE employee_id = $2)",
    )
    .bind(department)
    .bind(employee_id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

async fn department_id(db: &Db, code: &str) -> AppResult<i64> {
    sqlx::query_scalar("SELECT id FROM departments WHERE code = $1")
        .bind(code)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| AppError::invalid(format!("There is no department {code}.")))
}
