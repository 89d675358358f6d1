//! The SQL of roster imports: the people as the diff compares them, applying a plan in one
//! transaction, and the record of every run (with the file a dry run keeps).

use crate::db::{Cell, Db, insert_many, now};
use crate::departments::RosterRun;
use crate::departments::plan::{Change, Existing, Plan};
use crate::departments::roster::Row;
use crate::error::AppResult;

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

/// A recorded import run, as the roster page shows it.
pub async fn runs(db: &Db, limit: i64) -> AppResult<Vec<RosterRun>> {
    run_rows(db, "ORDER BY id DESC LIMIT $1", limit).await
}

pub async fn run(db: &Db, id: i64) -> AppResult<Option<RosterRun>> {
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

impl From<RunRow> for RosterRun {
    fn from(r: RunRow) -> Self {
        RosterRun {
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

async fn run_rows(db: &Db, tail: &str, arg: i64) -> AppResult<Vec<RosterRun>> {
    let sql = format!(
        "SELECT id, file_name, dry_run, full_roster, strict, created, updated, deactivated, \
         unchanged, problems, applied, imported_by, at, report, \
         CASE WHEN body IS NULL THEN 0 ELSE 1 END AS kept FROM roster_imports {tail}"
    );
    let rows: Vec<RunRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(arg)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(RosterRun::from).collect())
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
