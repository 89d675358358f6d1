//! One-time set-password links for people created without a password (the HR roster import):
//! the token travels in the link, the database keeps only its SHA-256; a link works once, for
//! a limited time, only while the account has no password; a newer link replaces an older one.

use super::session::{digest, new_token, well_formed};
use crate::db::{Cell, Db, in_list, insert_many, now, within};
use crate::error::{AppError, AppResult};

/// How long a link works unless told otherwise.
pub const DEFAULT_DAYS: i64 = 14;

/// A person to invite: (user id, employee id, name, email).
pub type Invitee = (i64, String, String, String);

/// Active people without a password, optionally only those of some departments.
pub async fn without_password(db: &Db, departments: Option<&[String]>) -> AppResult<Vec<Invitee>> {
    let mut cells = Vec::new();
    let filter = within("department_code", departments, &mut cells);
    let sql = format!(
        "SELECT id, employee_id, name, email FROM users WHERE active = 1 \
         AND password_hash IS NULL AND {filter} ORDER BY employee_id"
    );
    Ok(
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), crate::db::arguments(&cells)?)
            .fetch_all(db)
            .await?,
    )
}

/// Issues a link token per person (earlier unused links of theirs stop working).
pub async fn issue(db: &Db, users: &[i64], by: Option<i64>, days: i64) -> AppResult<Vec<String>> {
    let t = now();
    let tokens: Vec<String> = users.iter().map(|_| new_token()).collect();
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
        .zip(&tokens)
        .map(|(u, token)| {
            vec![
                Cell::Text(digest(token)),
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
    Ok(tokens)
}

/// The person a link is for, if it still works: unused, unexpired, the account active and
/// still without a password (a reset or a password chosen since retires every link).
pub async fn holder(db: &Db, token: &str) -> AppResult<(i64, String)> {
    if !well_formed(token) {
        return Err(refused());
    }
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM password_links l JOIN users u ON u.id = l.user_id \
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.active = 1 \
         AND u.password_hash IS NULL",
    )
    .bind(digest(token))
    .bind(now())
    .fetch_optional(db)
    .await?;
    found.ok_or_else(refused)
}

fn refused() -> AppError {
    AppError::invalid(
        "This link does not work: it was already used, it expired, a newer one replaced it, or \
         the account has a password now. Ask an academy administrator for a new one.",
    )
}

/// Sets the password and uses the link up, in one transaction (a second use finds it used, a
/// password set meanwhile by a reset finds the account taken), and ends every session of the
/// account: whoever was signed in before the person chose their password is signed out.
pub async fn redeem(db: &Db, token: &str, user_id: i64, hash: &str) -> AppResult<()> {
    let t = now();
    let mut tx = crate::db::begin_write(db).await?;
    let used = sqlx::query(
        "UPDATE password_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
         AND expires_at > $2",
    )
    .bind(digest(token))
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
        return Err(refused());
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whom to invite, by whom, and how the links look.
pub struct Invitation<'a> {
    /// A department code (with those under it), or everyone.
    pub department: Option<&'a str>,
    pub by: Option<i64>,
    pub days: i64,
    pub base: &'a str,
    pub today: chrono::NaiveDate,
}

/// The links issued: as CSV, how many, and until when they work (ISO date).
pub struct Invited {
    pub csv: String,
    pub issued: usize,
    pub expires: String,
}

/// Issues links for every active person without a password (of the department, if one is
/// named).
pub async fn invite(db: &Db, inv: &Invitation<'_>) -> AppResult<Invited> {
    let codes = match inv.department {
        Some(code) => Some(crate::departments::access::department_and_under(db, code).await?),
        None => None,
    };
    let people = without_password(db, codes.as_deref()).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let tokens = issue(db, &ids, inv.by, inv.days).await?;
    let expires = crate::calendar::iso(inv.today + chrono::Days::new(inv.days as u64));
    Ok(Invited {
        csv: csv(&people, &tokens, inv.base, &expires),
        issued: tokens.len(),
        expires,
    })
}

/// The links as CSV for a mail merge: employee_id, name, email, link, expires.
pub fn csv(people: &[Invitee], tokens: &[String], base: &str, expires: &str) -> String {
    use crate::csv::row;
    let base = base.trim_end_matches('/');
    let mut body = row(&["employee_id", "name", "email", "link", "expires"]);
    for ((_, employee_id, name, email), token) in people.iter().zip(tokens) {
        let link = format!("{base}/set-password?token={token}");
        body.push_str(&row(&[employee_id, name, email, &link, expires]));
    }
    body
}
