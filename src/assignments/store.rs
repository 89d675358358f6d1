//! The SQL of assignments: recording them, finding the people they are for, and enrolling
//! those people in bulk (one transaction per assignment).
//!
//! Writes into: `enrollments`, `enrollment_events` (through `enrollment::store::assigned`,
//! inside the assignment's transaction: an assignment and the enrolments it makes land
//! together). Reads from: `users` and `enrollments` (who an assignment reaches, in one query),
//! `departments` (code to id, inside the transaction), `courses` and `users` (the list's
//! titles and names).

use super::rules::{self, Kind, Target};
use crate::db::{Cell, Db, in_list, insert_many, now, within};
use crate::departments::tree::Tree;
use crate::enrollment::store::assigned::{self, Assigned};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;

/// A stored assignment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssignmentRow {
    pub id: i64,
    pub course_id: i64,
    pub kind: String,
    pub department: Option<String>,
    pub job_title: String,
    pub due_on: String,
    pub created_by: i64,
    pub withdrawn_at: Option<i64>,
}

/// Someone to reach, and their enrolment in the course if any.
struct Reached {
    user_id: i64,
    enrolment: Option<Enrolment>,
}

/// An enrolment as reaching its person needs it.
struct Enrolment {
    id: i64,
    active: bool,
    due_on: Option<String>,
    completed_at: Option<i64>,
}

/// Columns by position: user id, then the enrolment's id, active, due date, completed at.
impl sqlx::FromRow<'_, sqlx::any::AnyRow> for Reached {
    fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        let enrolment = match row.try_get::<Option<i64>, _>(1)? {
            None => None,
            Some(id) => Some(Enrolment {
                id,
                active: row.try_get::<Option<i64>, _>(2)?.unwrap_or(0) != 0,
                due_on: row.try_get(3)?,
                completed_at: row.try_get(4)?,
            }),
        };
        Ok(Reached {
            user_id: row.try_get(0)?,
            enrolment,
        })
    }
}

const ROW: &str = "SELECT a.id, a.course_id, a.kind, d.code AS department, a.job_title, a.due_on, \
                   a.created_by, a.withdrawn_at FROM assignments a \
                   LEFT JOIN departments d ON d.id = a.department_id";

pub async fn get(db: &Db, id: i64) -> AppResult<Option<AssignmentRow>> {
    let sql = format!("{ROW} WHERE a.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// Records an assignment; `people` are the user ids of a list.
pub async fn create(
    db: &Db,
    course_id: i64,
    target: &Target,
    people: &[i64],
    due_on: NaiveDate,
    by: i64,
) -> AppResult<i64> {
    let mut tx = crate::db::begin_write(db).await?;
    let department: Option<i64> = match &target.department {
        Some(code) => Some(
            sqlx::query_scalar("SELECT id FROM departments WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| AppError::invalid(format!("There is no department {code}.")))?,
        ),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assignments (course_id, kind, department_id, job_title, due_on, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(course_id)
    .bind(target.kind.key())
    .bind(department)
    .bind(&target.job_title)
    .bind(crate::calendar::iso(due_on))
    .bind(by)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<Vec<Cell>> = people
        .iter()
        .map(|u| vec![Cell::Int(id), Cell::Int(*u)])
        .collect();
    insert_many(
        &mut tx,
        "INSERT INTO assignment_people (assignment_id, user_id)",
        "ON CONFLICT DO NOTHING",
        2,
        &rows,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Stops an assignment reaching anyone new; enrolments it made stay.
pub async fn withdraw(db: &Db, id: i64, by: i64) -> AppResult<bool> {
    Ok(sqlx::query(
        "UPDATE assignments SET withdrawn_at = $2, withdrawn_by = $3 \
         WHERE id = $1 AND withdrawn_at IS NULL",
    )
    .bind(id)
    .bind(now())
    .bind(by)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// The people an assignment is for who need something done, with their enrolment in its
/// course if any: (user id, enrolment id, active, due date, completed at). People already
/// enrolled with a due date, or done, are left out by the query itself, so reaching a stable
/// roster again reads almost nothing.
async fn to_reach(
    conn: &mut sqlx::AnyConnection,
    a: &AssignmentRow,
    tree: &Tree,
) -> AppResult<Vec<Reached>> {
    let kind = Kind::parse(&a.kind).ok_or(AppError::Internal)?;
    let mut cells = vec![Cell::Int(a.course_id)];
    let mut clauses = vec!["u.active = 1".to_string()];
    if kind == Kind::List {
        cells.push(Cell::Int(a.id));
        clauses.push(
            "u.id IN (SELECT p.user_id FROM assignment_people p WHERE p.assignment_id = $2)".into(),
        );
    } else {
        let codes: Vec<String> = match (&a.department, kind) {
            (Some(d), Kind::Department) => vec![d.clone()],
            (Some(d), _) => tree.with_descendants(d).into_iter().collect(),
            (None, _) => Vec::new(),
        };
        if kind == Kind::JobTitle {
            cells.push(Cell::Text(a.job_title.clone()));
            clauses.push(format!("u.job_title = ${}", cells.len()));
        }
        if !codes.is_empty() {
            let codes = codes.into_iter().map(Cell::Text);
            clauses.push(in_list("u.department_code", codes, &mut cells));
        } else if kind != Kind::JobTitle {
            return Ok(Vec::new());
        }
    }
    let sql = format!(
        "SELECT u.id, e.id, e.active, e.due_on, e.completed_at FROM users u \
         LEFT JOIN enrollments e ON e.user_id = u.id AND e.course_id = $1 \
         WHERE {} AND (e.id IS NULL OR e.active = 0 \
             OR (e.due_on IS NULL AND e.completed_at IS NULL))",
        clauses.join(" AND ")
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Enrols everyone the assignment is for and not yet enrolled; an earlier enrolment comes back;
/// an open enrolment without a due date gets this one. Returns how many it enrolled.
pub async fn reach(db: &Db, a: &AssignmentRow, tree: &Tree, today: NaiveDate) -> AppResult<usize> {
    if a.withdrawn_at.is_some() {
        return Ok(0);
    }
    let set_for = crate::calendar::parse_iso(&a.due_on).ok_or(AppError::Internal)?;
    let due = crate::calendar::iso(rules::due_for(set_for, today));
    let t = now();
    let mut tx = crate::db::begin_write(db).await?;
    let people = to_reach(&mut tx, a, tree).await?;
    if people.is_empty() {
        return Ok(0);
    }
    let detail = format!("assignment {}, due {due}", a.id);
    let by_assignment = Assigned {
        assignment_id: a.id,
        course_id: a.course_id,
        by: a.created_by,
        due_on: &due,
        at: t,
        detail: &detail,
    };
    let mut new_people = Vec::new();
    let mut reached = 0;
    for person in people {
        match person.enrolment {
            None => new_people.push(person.user_id),
            Some(e) if !e.active => {
                assigned::reenrol(&mut tx, &by_assignment, e.id).await?;
                reached += 1;
            }
            Some(e) if e.due_on.is_none() && e.completed_at.is_none() => {
                assigned::set_due(&mut tx, &by_assignment, e.id).await?;
            }
            Some(_) => {}
        }
    }
    reached += new_people.len();
    assigned::enrol_new(&mut tx, &by_assignment, &new_people).await?;
    tx.commit().await?;
    Ok(reached)
}

/// Every live assignment reaches the people who now match it (after a roster import: people
/// who joined or moved). Returns how many enrolments were made.
pub async fn reach_newcomers(db: &Db, today: NaiveDate) -> AppResult<usize> {
    let sql = format!("{ROW} WHERE a.withdrawn_at IS NULL ORDER BY a.id");
    let live: Vec<AssignmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(db)
        .await?;
    let tree = crate::departments::access::tree(db).await?;
    let mut total = 0;
    for a in &live {
        total += reach(db, a, &tree, today).await?;
    }
    Ok(total)
}

/// One assignment in the list, with its course, who set it and how far its people are.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedRow {
    pub id: i64,
    pub kind: String,
    pub department: Option<String>,
    pub job_title: String,
    pub due_on: String,
    pub created_at: i64,
    pub withdrawn_at: Option<i64>,
    pub course_title: String,
    pub course_slug: String,
    pub set_by: String,
    pub people: i64,
    pub enrolled: i64,
    pub completed: i64,
}

/// A page of assignments, newest first; `departments` limits them to those set in these
/// departments (an officer's view). Returns the rows and the total.
pub async fn list(
    db: &Db,
    departments: Option<&[String]>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<ListedRow>, i64)> {
    let mut cells = Vec::new();
    let filter = format!("WHERE {}", within("d.code", departments, &mut cells));
    let count_sql = format!(
        "SELECT COUNT(*) FROM assignments a LEFT JOIN departments d ON d.id = a.department_id \
         {filter}"
    );
    let total: i64 = sqlx::query_scalar_with(
        sqlx::AssertSqlSafe(count_sql),
        crate::db::arguments(&cells)?,
    )
    .fetch_one(db)
    .await?;
    let n = cells.len();
    cells.push(Cell::Int(limit));
    cells.push(Cell::Int(offset));
    let sql = format!(
        "SELECT a.id, a.kind, d.code AS department, a.job_title, a.due_on, a.created_at, \
             a.withdrawn_at, c.title AS course_title, c.slug AS course_slug, u.name AS set_by, \
             (SELECT COUNT(*) FROM assignment_people p WHERE p.assignment_id = a.id) AS people, \
             (SELECT COUNT(*) FROM enrollments e WHERE e.assignment_id = a.id AND e.active = 1) \
                 AS enrolled, \
             (SELECT COUNT(*) FROM enrollments e WHERE e.assignment_id = a.id AND e.active = 1 \
                 AND e.completed_at IS NOT NULL) AS completed \
         FROM assignments a JOIN courses c ON c.id = a.course_id \
         JOIN users u ON u.id = a.created_by \
         LEFT JOIN departments d ON d.id = a.department_id {filter} \
         ORDER BY a.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
        .fetch_all(db)
        .await?;
    Ok((rows, total))
}
