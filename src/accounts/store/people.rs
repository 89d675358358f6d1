//! People as other domains look them up: a person by id or employee id, the people a list
//! names, a department's members, and the job titles people have.

use crate::accounts::Person;
use crate::db::Db;
use crate::error::AppResult;
use sqlx::FromRow;

pub async fn person(db: &Db, user_id: i64) -> AppResult<Option<Person>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.employee_id, COALESCE(d.name, '') AS department FROM users u \
         LEFT JOIN departments d ON d.code = u.department_code WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?)
}

pub async fn person_by_employee_id(db: &Db, employee_id: &str) -> AppResult<Option<Person>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.name, u.employee_id, COALESCE(d.name, '') AS department FROM users u \
         LEFT JOIN departments d ON d.code = u.department_code WHERE u.employee_id = $1",
    )
    .bind(employee_id)
    .fetch_optional(db)
    .await?)
}

/// One person named in a list (enrolment and assignment lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: i64,
    pub employee_id: String,
    pub department_code: Option<String>,
    pub active: bool,
}

/// The named people (for enrolment and assignment lists); ids not found are simply absent.
pub async fn people_by_employee_id(db: &Db, employee_ids: &[String]) -> AppResult<Vec<Named>> {
    let mut found = Vec::with_capacity(employee_ids.len());
    for chunk in employee_ids.chunks(500) {
        let mut cells = Vec::new();
        let named = crate::db::in_list(
            "employee_id",
            chunk.iter().cloned().map(crate::db::Cell::Text),
            &mut cells,
        );
        let sql =
            format!("SELECT id, employee_id, department_code, active FROM users WHERE {named}");
        let rows: Vec<(i64, String, Option<String>, i64)> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
                .fetch_all(db)
                .await?;
        found.extend(
            rows.into_iter()
                .map(|(id, employee_id, department_code, active)| Named {
                    id,
                    employee_id,
                    department_code,
                    active: active != 0,
                }),
        );
    }
    Ok(found)
}

/// An active member of a department.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, FromRow)]
pub struct Member {
    pub id: i64,
    pub employee_id: String,
}

/// Active people of the department(s) named `department`.
pub async fn people_in_department(db: &Db, department: &str) -> AppResult<Vec<Member>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.employee_id FROM users u \
         JOIN departments d ON d.code = u.department_code \
         WHERE d.name = $1 AND u.active = 1 ORDER BY u.id",
    )
    .bind(department)
    .fetch_all(db)
    .await?)
}

/// Job titles of active people in these departments (all, for `None`), for suggestions.
pub async fn job_titles(db: &Db, departments: Option<&[String]>) -> AppResult<Vec<String>> {
    let mut cells = Vec::new();
    let filter = crate::db::within("department_code", departments, &mut cells);
    let sql = format!(
        "SELECT DISTINCT job_title FROM users WHERE active = 1 AND job_title <> '' AND {filter} \
         ORDER BY job_title LIMIT 500"
    );
    Ok(
        sqlx::query_scalar_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
            .fetch_all(db)
            .await?,
    )
}

/// People's names by id (people who have since left included), for lists that show them.
pub async fn names_by_id(
    db: &Db,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    #[derive(FromRow)]
    struct Named {
        id: i64,
        name: String,
    }
    let mut binds = Vec::new();
    let listed = crate::db::in_list(
        "id",
        ids.iter().copied().map(crate::db::Cell::Int),
        &mut binds,
    );
    let sql = format!("SELECT id, name FROM users WHERE {listed}");
    let rows: Vec<Named> =
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&binds)?)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}
