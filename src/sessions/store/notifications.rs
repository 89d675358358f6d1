//! Notices on someone's dashboard: written inside the transaction of the change they report
//! (a promotion, an edit, a cancellation), listed, and dismissed by their reader.

use crate::db::{Db, now};
use crate::error::AppResult;
use sqlx::{Any, FromRow, Transaction};

#[derive(Debug, Clone, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub message: String,
    pub link: String,
    pub created_at: i64,
}

pub(super) async fn notify_in(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    message: &str,
    link: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, message, link, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(message)
    .bind(link)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn notifications(db: &Db, user_id: i64) -> AppResult<Vec<NotificationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, message, link, created_at FROM notifications \
         WHERE user_id = $1 AND dismissed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?)
}

pub async fn dismiss(db: &Db, id: i64, user_id: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET dismissed_at = $3 WHERE id = $1 AND user_id = $2 \
         AND dismissed_at IS NULL",
    )
    .bind(id)
    .bind(user_id)
    .bind(now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}
