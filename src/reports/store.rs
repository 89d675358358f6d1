//! The SQL of department reports: running totals by department and course, session places
//! by department, a page of people, and every person's enrolments as a stream.

use crate::db::{Cell, Db, arguments, in_list, within};
use crate::error::AppResult;

/// One (department, course) of the running totals, with the overdue on the day asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct TallyRow {
    pub department_code: String,
    pub course_id: i64,
    pub enrolled: i64,
    pub assigned: i64,
    pub completed: i64,
    pub overdue: i64,
}

/// The figures of every (department, course) from the running totals. Overdue on `today`
/// (ISO) is the open enrolments due in earlier months, from the totals, plus those due earlier
/// this month, looked up by day.
pub async fn tallies(db: &Db, codes: Option<&[String]>, today: &str) -> AppResult<Vec<TallyRow>> {
    let mut cells = Vec::new();
    let filter = within("department_code", codes, &mut cells);
    let sql = format!(
        "SELECT department_code, course_id, CAST(SUM(enrolled) AS BIGINT), \
             CAST(SUM(CASE WHEN assigned = 1 THEN enrolled ELSE 0 END) AS BIGINT), \
             CAST(SUM(completed) AS BIGINT) \
         FROM department_course_tallies WHERE {filter} \
         GROUP BY department_code, course_id HAVING SUM(enrolled) <> 0"
    );
    let totals: Vec<(String, i64, i64, i64, i64)> =
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(&cells)?)
            .fetch_all(db)
            .await?;
    let month = today.get(..7).unwrap_or(today);
    let mut cells = vec![Cell::Text(month.to_string())];
    let filter = within("department_code", codes, &mut cells);
    let sql = format!(
        "SELECT department_code, course_id, CAST(SUM(pending) AS BIGINT) \
         FROM department_due_tallies WHERE due_month < $1 AND {filter} \
         GROUP BY department_code, course_id"
    );
    let mut overdue: std::collections::HashMap<(String, i64), i64> =
        sqlx::query_as_with::<_, (String, i64, i64), _>(
            sqlx::AssertSqlSafe(sql),
            arguments(&cells)?,
        )
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|(d, c, n)| ((d, c), n))
        .collect();
    let mut cells = vec![
        Cell::Text(format!("{month}-01")),
        Cell::Text(today.to_string()),
    ];
    let filter = within("u.department_code", codes, &mut cells);
    let sql = format!(
        "SELECT COALESCE(u.department_code, ''), e.course_id, COUNT(*) \
         FROM enrollments e JOIN users u ON u.id = e.user_id \
         WHERE e.due_on >= $1 AND e.due_on < $2 AND e.active = 1 AND e.completed_at IS NULL \
             AND u.active = 1 AND {filter} \
         GROUP BY COALESCE(u.department_code, ''), e.course_id"
    );
    for (d, c, n) in sqlx::query_as_with::<_, (String, i64, i64), _>(
        sqlx::AssertSqlSafe(sql),
        arguments(&cells)?,
    )
    .fetch_all(db)
    .await?
    {
        *overdue.entry((d, c)).or_default() += n;
    }
    Ok(totals
        .into_iter()
        .map(|(d, c, enrolled, assigned, completed)| {
            let late = overdue.get(&(d.clone(), c)).copied().unwrap_or(0);
            TallyRow {
                department_code: d,
                course_id: c,
                enrolled,
                assigned,
                completed,
                overdue: late,
            }
        })
        .collect())
}

/// A department's session places attended (on time or late) and no-shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attendance {
    pub department_code: String,
    pub attended: i64,
    pub no_shows: i64,
}

/// Per department code: session places attended and no-shows.
pub async fn attendance(db: &Db, codes: Option<&[String]>) -> AppResult<Vec<Attendance>> {
    let mut cells = Vec::new();
    let filter = within("u.department_code", codes, &mut cells);
    let sql = format!(
        "SELECT COALESCE(u.department_code, '') AS department_code, \
             SUM(CASE WHEN r.state IN ('attended', 'late') THEN 1 ELSE 0 END) AS attended, \
             SUM(CASE WHEN r.state = 'no-show' THEN 1 ELSE 0 END) AS no_shows \
         FROM registrations r JOIN users u ON u.id = r.user_id \
         WHERE r.state IN ('attended', 'late', 'no-show') AND u.active = 1 AND {filter} \
         GROUP BY COALESCE(u.department_code, '')"
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(&cells)?)
            .fetch_all(db)
            .await?,
    )
}

/// Which people a report lists: active people of `codes` (all, for `None`), optionally by
/// their standing in one course (`status`: overdue, incomplete, completed, not-enrolled; or
/// overdue in any course without a course).
pub struct PeopleFilter<'a> {
    pub codes: Option<&'a [String]>,
    pub course: Option<i64>,
    pub status: &'a str,
    pub today: &'a str,
}

/// The filter's condition on `users u`, its arguments appended to `cells`.
fn people_clause(f: &PeopleFilter<'_>, cells: &mut Vec<Cell>) -> String {
    let filter = within("u.department_code", f.codes, cells);
    let mut conditions = vec!["u.active = 1".to_string(), filter];
    let open = "e.active = 1 AND e.completed_at IS NULL";
    let overdue = |cells: &mut Vec<Cell>| {
        cells.push(Cell::Text(f.today.to_string()));
        format!(
            "{open} AND e.due_on IS NOT NULL AND e.due_on < ${}",
            cells.len()
        )
    };
    let condition = match f.course {
        Some(course) => {
            cells.push(Cell::Int(course));
            let mine = format!(
                "SELECT 1 FROM enrollments e WHERE e.user_id = u.id AND e.course_id = ${}",
                cells.len()
            );
            match f.status {
                "overdue" => format!("EXISTS ({mine} AND {})", overdue(cells)),
                "incomplete" => format!("EXISTS ({mine} AND {open})"),
                "completed" => {
                    format!("EXISTS ({mine} AND e.active = 1 AND e.completed_at IS NOT NULL)")
                }
                "not-enrolled" => format!("NOT EXISTS ({mine} AND e.active = 1)"),
                _ => {
                    cells.pop();
                    "1 = 1".to_string()
                }
            }
        }
        None if f.status == "overdue" => format!(
            "EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = u.id AND {})",
            overdue(cells)
        ),
        None => "1 = 1".to_string(),
    };
    conditions.push(condition);
    conditions.join(" AND ")
}

/// One listed person.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub employee_id: String,
    pub name: String,
    pub job_title: String,
    pub department_code: String,
}

/// A page of the filter's people by name, and how many there are.
pub async fn people(
    db: &Db,
    f: &PeopleFilter<'_>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<PersonRow>, i64)> {
    let mut cells = Vec::new();
    let clause = people_clause(f, &mut cells);
    let count_sql = format!("SELECT COUNT(*) FROM users u WHERE {clause}");
    let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(count_sql), arguments(&cells)?)
        .fetch_one(db)
        .await?;
    let n = cells.len();
    cells.push(Cell::Int(limit));
    cells.push(Cell::Int(offset));
    let sql = format!(
        "SELECT u.id, u.employee_id, u.name, u.job_title, \
         COALESCE(u.department_code, '') AS department_code \
         FROM users u WHERE {clause} ORDER BY u.name, u.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(&cells)?)
        .fetch_all(db)
        .await?;
    Ok((rows, total))
}

/// An active enrolment as a report counts it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Held {
    pub user_id: i64,
    pub course_id: i64,
    pub completed_at: Option<i64>,
    pub due_on: Option<String>,
}

/// Active enrolments of these people.
pub async fn enrolments_of(db: &Db, users: &[i64]) -> AppResult<Vec<Held>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let mut cells = Vec::new();
    let mine = in_list("user_id", users.iter().map(|u| Cell::Int(*u)), &mut cells);
    let sql = format!(
        "SELECT user_id, course_id, completed_at, due_on FROM enrollments \
         WHERE active = 1 AND {mine}"
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), arguments(&cells)?)
            .fetch_all(db)
            .await?,
    )
}

/// One row of the people stream: a person, then one of their active enrolments (or none).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StreamRow {
    pub id: i64,
    pub employee_id: String,
    pub name: String,
    pub department_code: String,
    pub job_title: String,
    pub course_id: Option<i64>,
    pub completed_at: Option<i64>,
    pub due_on: Option<String>,
}

/// The SQL and arguments that list the filter's people with each of their active enrolments,
/// in person order, for streaming.
pub fn people_stream(f: &PeopleFilter<'_>) -> AppResult<(String, sqlx::any::AnyArguments)> {
    let mut cells = Vec::new();
    let clause = people_clause(f, &mut cells);
    let sql = format!(
        "SELECT u.id, u.employee_id, u.name, COALESCE(u.department_code, '') AS department_code, \
             u.job_title, e.course_id, e.completed_at, e.due_on \
         FROM users u LEFT JOIN enrollments e ON e.user_id = u.id AND e.active = 1 \
         WHERE {clause} ORDER BY u.id"
    );
    Ok((sql, arguments(&cells)?))
}
