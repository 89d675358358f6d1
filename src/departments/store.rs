//! The SQL of departments and of applying a roster import, and the lookups other domains make
//! of a person's department (its name is the one people see; the code is the link).

use super::plan::{Change, Existing, Plan};
use super::roster::Row;
use crate::db::{Cell, Db, insert_many, now};
use crate::error::{AppError, AppResult};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct PersonRow {
    employee_id: String,
    name: String,
    email: String,
    department: String,
    job_title: String,
    manager_id: Option<String>,
    active: i64,
    from_roster: i64,
    role: String,
    deactivated_by_admin: i64,
}

/// Everyone with an employee id, as the roster diff compares them.
pub async fn people(db: &Db) -> AppResult<Vec<Existing>> {
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT employee_id, name, email, COALESCE(department_code, '') AS department, \
             job_title, manager_employee_id AS manager_id, active, from_roster, role, \
             deactivated_by_admin FROM users",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Existing {
            employee_id: r.employee_id,
            name: r.name,
            email: r.email,
            department: r.department,
            job_title: r.job_title,
            manager_id: r.manager_id,
            active: r.active != 0,
            from_roster: r.from_roster != 0,
            role: r.role,
            deactivated_by_admin: r.deactivated_by_admin != 0,
        })
        .collect())
}

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
        "SELECT DISTINCT d.name FROM users u JOIN departments d ON d.code = u.department_code \
         WHERE u.active = 1 ORDER BY d.name",
    )
    .fetch_all(db)
    .await?)
}

/// The names of the departments anyone is in, active or not (the benchmark filter: people who
/// left answered too).
pub async fn names_of_people(db: &Db) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT d.name FROM users u JOIN departments d ON d.code = u.department_code \
         ORDER BY d.name",
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

fn row_cells(r: &Row) -> [Cell; 5] {
    [
        Cell::Text(r.name.clone()),
        Cell::Text(r.email.clone()),
        Cell::Text(r.department.clone()),
        Cell::Text(r.job_title.clone()),
        r.manager_id.clone().map_or(Cell::NullText, Cell::Text),
    ]
}

/// Applies a plan in one transaction: new people (no password: they set one later), changes,
/// and deactivations (never deletions; their sign-in sessions end).
pub async fn apply(db: &Db, plan: &Plan) -> AppResult<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let t = now();
    let mut creates = Vec::new();
    for change in &plan.changes {
        match change {
            Change::Create(r) => {
                let mut row = vec![Cell::Text(r.employee_id.clone())];
                row.extend(row_cells(r));
                row.extend([
                    Cell::Text("employee".into()),
                    Cell::Int(r.active as i64),
                    Cell::Int(t),
                    Cell::Int(t),
                    Cell::Int(1),
                ]);
                creates.push(row);
            }
            Change::Update { row: r, .. } => {
                let mut cells = vec![Cell::Text(r.employee_id.clone())];
                cells.extend(row_cells(r));
                cells.extend([Cell::Int(r.active as i64), Cell::Int(t)]);
                sqlx::query_with(
                    "UPDATE users SET name = $2, email = $3, department_code = $4, \
                     job_title = $5, manager_employee_id = $6, active = $7, updated_at = $8, \
                     from_roster = 1 WHERE employee_id = $1",
                    crate::db::arguments(&cells)?,
                )
                .execute(&mut *tx)
                .await?;
            }
            Change::Deactivate { employee_id } => {
                // The plan only deactivates employees the roster manages; checked again here in
                // case a role changed since the plan was made.
                sqlx::query(
                    "UPDATE users SET active = 0, updated_at = $2 WHERE employee_id = $1 \
                     AND from_roster = 1 AND role = 'employee'",
                )
                .bind(employee_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "DELETE FROM sessions WHERE user_id = \
                     (SELECT id FROM users WHERE employee_id = $1)",
                )
                .bind(employee_id)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    insert_many(
        &mut tx,
        "INSERT INTO users (employee_id, name, email, department_code, job_title, \
         manager_employee_id, role, active, created_at, updated_at, from_roster)",
        "",
        11,
        &creates,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records an import (dry run or not) with its counts.
#[allow(clippy::too_many_arguments)]
pub async fn log_import(
    db: &Db,
    file_name: &str,
    dry_run: bool,
    full: bool,
    counts: [usize; 5],
    applied: bool,
    by: &str,
    strict: bool,
    report: &str,
    body: Option<&str>,
) -> AppResult<i64> {
    let [created, updated, deactivated, unchanged, problems] = counts.map(|n| n as i64);
    Ok(sqlx::query_scalar(
        "INSERT INTO roster_imports (file_name, dry_run, full_roster, created, updated, \
         deactivated, unchanged, problems, applied, imported_by, at, strict, report, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(file_name)
    .bind(dry_run as i64)
    .bind(full as i64)
    .bind(created)
    .bind(updated)
    .bind(deactivated)
    .bind(unchanged)
    .bind(problems)
    .bind(applied as i64)
    .bind(by)
    .bind(now())
    .bind(strict as i64)
    .bind(report)
    .bind(body)
    .fetch_one(db)
    .await?)
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

/// A recorded import run, as the roster page shows it.
pub async fn runs(db: &Db, limit: i64) -> AppResult<Vec<super::RosterRun>> {
    run_rows(db, "ORDER BY id DESC LIMIT $1", limit).await
}

pub async fn run(db: &Db, id: i64) -> AppResult<Option<super::RosterRun>> {
    Ok(run_rows(db, "WHERE id = $1", id).await?.into_iter().next())
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    file_name: String,
    dry_run: i64,
    full_roster: i64,
    strict: i64,
    created: i64,
    updated: i64,
    deactivated: i64,
    unchanged: i64,
    problems: i64,
    applied: i64,
    imported_by: String,
    at: i64,
    report: String,
    kept: i64,
}

impl From<RunRow> for super::RosterRun {
    fn from(r: RunRow) -> Self {
        super::RosterRun {
            id: r.id,
            file_name: r.file_name,
            dry_run: r.dry_run != 0,
            full_roster: r.full_roster != 0,
            strict: r.strict != 0,
            created: r.created,
            updated: r.updated,
            deactivated: r.deactivated,
            unchanged: r.unchanged,
            problems: r.problems,
            applied: r.applied != 0,
            imported_by: r.imported_by,
            at: r.at,
            report: r.report,
            kept: r.kept != 0,
        }
    }
}

async fn run_rows(db: &Db, tail: &str, arg: i64) -> AppResult<Vec<super::RosterRun>> {
    let sql = format!(
        "SELECT id, file_name, dry_run, full_roster, strict, created, updated, deactivated, \
         unchanged, problems, applied, imported_by, at, report, \
         CASE WHEN body IS NULL THEN 0 ELSE 1 END AS kept FROM roster_imports {tail}"
    );
    let rows: Vec<RunRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(arg)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(super::RosterRun::from).collect())
}

/// The file a dry run kept, and forgets it (it is imported once).
pub async fn take_body(db: &Db, id: i64) -> AppResult<Option<String>> {
    let body: Option<Option<String>> =
        sqlx::query_scalar("SELECT body FROM roster_imports WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    sqlx::query("UPDATE roster_imports SET body = NULL WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(body.flatten())
}
