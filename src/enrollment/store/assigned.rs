//! Enrolments an assignment makes, written inside the assignment's own transaction (the
//! assignments store calls these, so an assignment and the enrolments it makes land together).

use super::enrolments::event;
use crate::db::{Cell, insert_many};
use crate::error::AppResult;

/// Who enrols people for an assignment, when, with which due date, and the detail its events
/// carry.
pub struct Assigned<'a> {
    pub assignment_id: i64,
    pub course_id: i64,
    pub by: i64,
    pub due_on: &'a str,
    pub at: i64,
    pub detail: &'a str,
}

/// Brings back an enrolment its person had left, with the assignment's due date.
pub async fn reenrol(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    a: &Assigned<'_>,
    enrollment_id: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE enrollments SET active = 1, enrolled_at = $2, enrolled_by = $3, \
         due_on = $4, assignment_id = $5, updated_at = $2 WHERE id = $1",
    )
    .bind(enrollment_id)
    .bind(a.at)
    .bind(a.by)
    .bind(a.due_on)
    .bind(a.assignment_id)
    .execute(&mut **tx)
    .await?;
    event(tx, enrollment_id, "re-enrolled", a.by, a.detail, a.at).await
}

/// Gives an open enrolment without a due date the assignment's.
pub async fn set_due(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    a: &Assigned<'_>,
    enrollment_id: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE enrollments SET due_on = $2, assignment_id = $3, updated_at = $4 \
         WHERE id = $1",
    )
    .bind(enrollment_id)
    .bind(a.due_on)
    .bind(a.assignment_id)
    .bind(a.at)
    .execute(&mut **tx)
    .await?;
    event(tx, enrollment_id, "due-changed", a.by, a.detail, a.at).await
}

/// Enrols people never enrolled in the course, in bulk, each with an "enrolled" event.
pub async fn enrol_new(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    a: &Assigned<'_>,
    users: &[i64],
) -> AppResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<Cell>> = users
        .iter()
        .map(|&user| {
            vec![
                Cell::Int(user),
                Cell::Int(a.course_id),
                Cell::Int(1),
                Cell::Int(a.at),
                Cell::Int(a.by),
                Cell::Text(a.due_on.to_string()),
                Cell::Int(a.at),
                Cell::Int(a.assignment_id),
            ]
        })
        .collect();
    insert_many(
        tx,
        "INSERT INTO enrollments (user_id, course_id, active, enrolled_at, enrolled_by, \
         due_on, updated_at, assignment_id)",
        "",
        8,
        &rows,
    )
    .await?;
    // The new enrolments are the ones of this assignment without any event yet.
    sqlx::query(
        "INSERT INTO enrollment_events (enrollment_id, kind, actor_id, detail, at) \
         SELECT e.id, 'enrolled', $2, $3, $4 FROM enrollments e WHERE e.assignment_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM enrollment_events v WHERE v.enrollment_id = e.id)",
    )
    .bind(a.assignment_id)
    .bind(a.by)
    .bind(a.detail)
    .bind(a.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
