//! One-time set-password links for people created without a password (the HR roster import):
//! the token travels in the link, the database keeps only its SHA-256; a link works once, for
//! a limited time, only while the account has no password; a newer link replaces an older one.

use super::session::{digest, well_formed};

use super::store;
use super::store::links::{Holder, Invitee};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// How long a link works unless told otherwise.
pub const DEFAULT_DAYS: i64 = 14;

/// Issues a link token per person (earlier unused links of theirs stop working).
pub async fn issue(db: &Db, users: &[i64], by: Option<i64>, days: i64) -> AppResult<Vec<String>> {
    let tokens: Vec<String> = users.iter().map(|_| crate::secrets::token()).collect();
    let digests: Vec<String> = tokens.iter().map(|t| digest(t)).collect();
    store::links::issue(db, users, &digests, by, days).await?;
    Ok(tokens)
}

/// The person a link is for, if it still works (see `store::links::holder`).
pub async fn holder(db: &Db, token: &str) -> AppResult<Holder> {
    if !well_formed(token) {
        return Err(refused());
    }
    store::links::holder(db, &digest(token))
        .await?
        .ok_or_else(refused)
}

fn refused() -> AppError {
    AppError::invalid(
        "This link does not work: it was already used, it expired, a newer one replaced it, or \
         the account has a password now. Ask an academy administrator for a new one.",
    )
}

/// Sets the password with the link and uses it up; whoever was signed in before the person
/// chose their password is signed out.
pub async fn redeem(db: &Db, token: &str, user_id: i64, hash: &str) -> AppResult<()> {
    match store::links::redeem(db, &digest(token), user_id, hash).await? {
        true => Ok(()),
        false => Err(refused()),
    }
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
    let people = store::links::without_password(db, codes.as_deref()).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.user_id).collect();
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
    for (p, token) in people.iter().zip(tokens) {
        let link = format!("{base}/set-password?token={token}");
        body.push_str(&row(&[&p.employee_id, &p.name, &p.email, &link, expires]));
    }
    body
}
