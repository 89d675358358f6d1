//! The SQL of one-time set-password links (`password_links`): issuing them, finding whose a
//! link is, and using one up with the password it sets (and the holder's sessions ended).

use crate::db::{Cell, Db, in_list, insert_many, now, within};
use crate::error::AppResult;

/// A person to invite.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Invitee {
    pub user_id: i64,
    pub employee_id: String,
    pub name: String,
    pub email: String,
}

/// Whose a working link is.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Holder {
    pub user_id: i64,
    pub name: String,
}

/// Active people without a password, optionally only those of some departments (codes).
pub async fn without_password(db: &Db, departments: Option<&[String]>) -> AppResult<Vec<Invitee>> {
    let mut cells = Vec::new();
    let filter = within("department_code", departments, &mut cells);
    let sql = format!(
        "SELECT id AS user_id, employee_id, name, email FROM users WHERE active = 1 \
         AND password_hash IS NULL AND {filter} ORDER BY employee_id"
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
            .fetch_all(db)
            .await?,
    )
}

/// Stores a link per person, by the digest of its token (`digests` in the order of `users`),
/// working for `days`; earlier unused links of theirs stop working.
pub async fn issue(
    db: &Db,
    users: &[i64],
    digests: &[String],
    by: Option<i64>,
    days: i64,
) -> AppResult<()> {
    let t = now();
    let mut tx = crate::db::begin_write(db).await?;
    for chunk in users.chunks(500) {
        let mut cells = vec![Cell::Int(t)];
        let theirs = in_list("user_id", chunk.iter().map(|u| Cell::Int(*u)), &mut cells);
        let sql =
            format!("UPDATE password_links SET used_at = $1 WHERE used_at IS NULL AND {theirs}");
        sqlx::query_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
            .execute(&mut *tx)
            .await?;
    }
    let rows: Vec<Vec<Cell>> = users
        .iter()
        .zip(digests)
        .map(|(u, digest)| {
            vec![
                Cell::Text(digest.clone()),
                Cell::Int(*u),
                by.map_or(Cell::NullInt, Cell::Int),
                Cell::Int(t),
                Cell::Int(t + days * 86_400),
            ]
        })
        .collect();
    insert_many(
        &mut tx,
        "INSERT INTO password_links (token_hash, user_id, created_by, created_at, expires_at)",
        "",
        5,
        &rows,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The holder of the link with this digest, if it still works: unused, unexpired, the account
/// active and still without a password (a reset or a password chosen since retires every link).
pub async fn holder(db: &Db, digest: &str) -> AppResult<Option<Holder>> {
    Ok(sqlx::query_as(
        "SELECT u.id AS user_id, u.name FROM password_links l JOIN users u ON u.id = l.user_id \
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.active = 1 \
         AND u.password_hash IS NULL",
    )
    .bind(digest)
    .bind(now())
    .fetch_optional(db)
    .await?)
}

/// Sets the password and uses the link up, in one transaction (a second use finds it used, a
/// password set meanwhile by a reset finds the account taken), and ends every session of the
/// account. False, with nothing changed, when the link or the account no longer qualifies.
pub async fn redeem(db: &Db, digest: &str, user_id: i64, hash: &str) -> AppResult<bool> {
    let t = now();
    let mut tx = crate::db::begin_write(db).await?;
    let used = sqlx::query(
        "UPDATE password_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
         AND expires_at > $2",
    )
    .bind(digest)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let set = sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = 0, updated_at = $2, \
         password_expires_at = NULL WHERE id = $3 AND password_hash IS NULL AND active = 1",
    )
    .bind(hash)
    .bind(t)
    .bind(user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used != 1 || set != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
