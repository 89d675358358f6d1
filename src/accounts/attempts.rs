//! The SQL of sign-in attempts (`sign_in_failures`): reserved before a password is checked,
//! kept as failures, taken back when refused, forgiven by a right password.

use crate::db::Db;
use crate::error::AppResult;

/// Writes an attempt's row before its password is checked, so that parallel attempts see each
/// other (each counts after its own row is committed); it stays as a failure unless released.
pub async fn reserve(db: &Db, account: &str, address: &str, now: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sign_in_failures (account, address, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(account)
    .bind(address)
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// The other attempts on the account, and the address's attempts, since `since`.
pub async fn seen(
    db: &Db,
    id: i64,
    account: &str,
    address: &str,
    since: i64,
) -> AppResult<super::throttle::Seen> {
    let account_times: Vec<i64> = sqlx::query_scalar(
        "SELECT at FROM sign_in_failures WHERE account = $1 AND at > $2 AND id <> $3 \
         ORDER BY at DESC LIMIT 1000",
    )
    .bind(account)
    .bind(since)
    .bind(id)
    .fetch_all(db)
    .await?;
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE address = $1 AND at > $2",
    )
    .bind(address)
    .bind(since)
    .fetch_one(db)
    .await?;
    Ok(super::throttle::Seen {
        account: account_times,
        address_count: count.clamp(0, u32::MAX as i64) as u32,
        address_oldest: oldest,
    })
}

/// Takes back a reserved attempt that was refused before its password was checked.
pub async fn release(db: &Db, id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures (from any address), and
/// forgets every failure older than the window.
pub async fn forgive(db: &Db, account: &str, before: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account = $1 OR at < $2")
        .bind(account)
        .bind(before)
        .execute(db)
        .await?;
    Ok(())
}
