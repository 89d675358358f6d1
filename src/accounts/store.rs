//! The SQL of accounts: users and sessions (sign-in attempts: `attempts.rs`). Portable across
//! SQLite and PostgreSQL (see `db.rs`); nothing here decides anything. A person's department is
//! the name of the department record their code links to.
//! Writes into: `departments` (an account form naming a new department creates it, in the
//! account's transaction, through `departments::store::code_for_name`).

pub mod links;

use super::validation::NewUser;
use super::{Role, User, UserPage};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use sqlx::FromRow;

// People as other domains look them up (transcripts, enrol and assignment lists, rosters).
mod people;
pub use people::*;

macro_rules! user_columns {
    () => {
        "u.id, u.employee_id, u.name, u.email, COALESCE(d.name, '') AS department, u.role, \
         u.active, u.must_change_password"
    };
}

/// The users table with each person's department record, for `user_columns!`.
macro_rules! users_with_departments {
    () => {
        "users u LEFT JOIN departments d ON d.code = u.department_code"
    };
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    employee_id: String,
    name: String,
    email: String,
    department: String,
    role: String,
    active: i64,
    must_change_password: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            employee_id: r.employee_id,
            name: r.name,
            email: r.email,
            department: r.department,
            // The CHECK constraint keeps roles valid; an unknown one gets the least trust.
            role: Role::parse(&r.role).unwrap_or(Role::Employee),
            active: r.active != 0,
            must_change_password: r.must_change_password != 0,
        }
    }
}

pub async fn count_users(db: &Db) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await?)
}

pub async fn count_active_admins(db: &Db) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1")
            .fetch_one(db)
            .await?,
    )
}

/// Creates an account; a taken employee id or email is a `Conflict` naming which.
pub async fn insert_user(
    db: &Db,
    user: &NewUser,
    password_hash: Option<&str>,
    must_change_password: bool,
) -> AppResult<User> {
    let now = crate::db::now();
    let mut tx = crate::db::begin_write(db).await?;
    let code = crate::departments::store::code_for_name(&mut tx, &user.department).await?;
    let id: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO users (employee_id, name, email, department_code, role, active, \
         password_hash, must_change_password, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $8) RETURNING id",
    )
    .bind(&user.employee_id)
    .bind(&user.name)
    .bind(&user.email)
    .bind(code)
    .bind(user.role.as_str())
    .bind(password_hash)
    .bind(must_change_password as i64)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    match id {
        Ok(id) => {
            tx.commit().await?;
            find_user(db, id).await?.ok_or(AppError::Internal)
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            // Nothing is kept: not the account, nor a department created for it.
            tx.rollback().await?;
            let taken_email: bool =
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE email = $1")
                    .bind(&user.email)
                    .fetch_one(db)
                    .await?
                    > 0;
            Err(AppError::Conflict(if taken_email {
                format!("An account with the email {} already exists.", user.email)
            } else {
                format!(
                    "An account with the employee id {} already exists.",
                    user.employee_id
                )
            }))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn find_user(db: &Db, id: i64) -> AppResult<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(concat!(
        "SELECT ",
        user_columns!(),
        " FROM ",
        users_with_departments!(),
        " WHERE u.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(User::from))
}

#[derive(FromRow)]
struct LoginRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: Option<String>,
    password_expires_at: Option<i64>,
}

/// An account as sign-in sees it: the person, their password hash, and when a one-time
/// password stops working.
pub struct Login {
    pub user: User,
    pub hash: Option<String>,
    pub expires_at: Option<i64>,
}

/// Finds the account someone signs in as: by email (any case) or by employee id.
pub async fn find_for_sign_in(db: &Db, login: &str) -> AppResult<Option<Login>> {
    let row: Option<LoginRow> = sqlx::query_as(concat!(
        "SELECT ",
        user_columns!(),
        ", u.password_hash, u.password_expires_at FROM ",
        users_with_departments!(),
        " WHERE u.email = $1 OR u.employee_id = $2"
    ))
    .bind(login.trim().to_lowercase())
    .bind(login.trim())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Login {
        user: r.user.into(),
        hash: r.password_hash,
        expires_at: r.password_expires_at,
    }))
}

pub async fn password_hash(db: &Db, user_id: i64) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

/// One page of users, optionally filtered by a search over name, email and employee id.
pub async fn list_users(db: &Db, search: &str, page: i64, per_page: i64) -> AppResult<UserPage> {
    let pattern = format!(
        "%{}%",
        search
            .trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    const FILTER: &str = "($1 = '%%' OR lower(u.name) LIKE $1 ESCAPE '\\' \
         OR u.email LIKE $1 ESCAPE '\\' OR lower(u.employee_id) LIKE $1 ESCAPE '\\')";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM users u WHERE {FILTER}"
    )))
    .bind(&pattern)
    .fetch_one(db)
    .await?;
    let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        concat!(
            "SELECT ",
            user_columns!(),
            " FROM ",
            users_with_departments!(),
            " WHERE {} ORDER BY u.name, u.id LIMIT $2 OFFSET $3"
        ),
        FILTER
    )))
    .bind(&pattern)
    .bind(per_page)
    .bind((page - 1).max(0) * per_page)
    .fetch_all(db)
    .await?;
    Ok(UserPage {
        users: rows.into_iter().map(User::from).collect(),
        total,
        page,
        per_page,
    })
}

pub async fn set_role(db: &Db, user_id: i64, role: Role) -> AppResult<()> {
    sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(crate::db::now())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// An administrator activates or deactivates an account. A change of state is remembered as
/// theirs, so that a roster import does not undo a deliberate deactivation.
pub async fn set_active(db: &Db, user_id: i64, active: bool) -> AppResult<()> {
    sqlx::query(
        "UPDATE users SET deactivated_by_admin = CASE WHEN active <> $1 THEN 1 - $1 \
         ELSE deactivated_by_admin END, active = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(active as i64)
    .bind(crate::db::now())
    .bind(user_id)
    .execute(db)
    .await?;
    if !active {
        delete_sessions_of(db, user_id, None).await?;
    }
    Ok(())
}

/// Stores a new password hash. A one-time password (`must_change_password`) works until
/// `expires_at`; the person's own has no expiry. Any set-password link still out for the
/// account stops working: the account has a password now.
pub async fn set_password(
    db: &Db,
    user_id: i64,
    hash: &str,
    must_change_password: bool,
    expires_at: Option<i64>,
) -> AppResult<()> {
    let now = crate::db::now();
    let mut tx = crate::db::begin_write(db).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3, \
         password_expires_at = $5 WHERE id = $4",
    )
    .bind(hash)
    .bind(must_change_password as i64)
    .bind(now)
    .bind(user_id)
    .bind(expires_at.filter(|_| must_change_password))
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE password_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets when the account's one-time password stops working.
pub async fn set_password_expiry(db: &Db, user_id: i64, expires_at: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET password_expires_at = $1 WHERE id = $2")
        .bind(expires_at)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

// ---- sessions ----

pub struct SessionRecord {
    pub user: User,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

#[derive(FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_seen_at: i64,
    expires_at: i64,
}

pub async fn create_session(
    db: &Db,
    digest: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(digest)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn find_session(db: &Db, digest: &str) -> AppResult<Option<SessionRecord>> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT u.id, u.employee_id, u.name, u.email, COALESCE(d.name, '') AS department, \
         u.role, u.active, u.must_change_password, s.last_seen_at, s.expires_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN departments d ON d.code = u.department_code WHERE s.id = $1",
    )
    .bind(digest)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| SessionRecord {
        user: r.user.into(),
        last_seen_at: r.last_seen_at,
        expires_at: r.expires_at,
    }))
}

pub async fn touch_session(db: &Db, digest: &str, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(digest)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &Db, digest: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(digest)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of a person, except optionally the one they are using.
pub async fn delete_sessions_of(db: &Db, user_id: i64, keep: Option<&str>) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(db)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute expiry or idle for longer than `idle_secs`.
pub async fn prune_sessions(db: &Db, now: i64, idle_secs: i64) -> AppResult<u64> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2")
            .bind(now)
            .bind(now - idle_secs)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
