//! Helpers of the load and failure tests: a session day whose attendees may give feedback,
//! calls that keep the headers a retrying client reads, and holding the database's write lock.

use super::sessions::{SCORED, mark_present, register, schedule, start_now};
use super::{Browser, TestApp, on_server};
use academy::accounts::{Role, User};

/// A complete answer to the default form for `session`: eight answers, `comment` the last.
pub fn answer_fields(session: i64, comment: &str) -> Vec<(String, String)> {
    let mut f = vec![("session".to_string(), session.to_string())];
    f.extend(SCORED.iter().map(|k| (format!("a[{k}]"), "4".to_string())));
    f.push(("a[recommend]".into(), "8".into()));
    f.push(("a[worked]".into(), comment.into()));
    f
}

/// A session under way, `n` people registered and marked present by its instructor: its id
/// and the attendees, each signed in.
pub async fn session_day(app: &TestApp, n: usize, prefix: &str) -> (i64, Vec<(Browser, User)>) {
    let (trainer, _) = app.signed_in(Role::Trainer, &format!("T{prefix}")).await;
    let (instructor_b, instructor) = app.signed_in(Role::Instructor, &format!("I{prefix}")).await;
    let id = schedule(&trainer, "Load day", n as u32, &instructor).await;
    let people = app.crowd(prefix, n).await;
    for (b, _) in &people {
        assert_eq!(register(b, id).await.status, 200);
    }
    start_now(app, id).await;
    mark_present(app, &instructor_b, id, &people).await;
    (id, people)
}

/// What a retrying client needs of an answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// The session cookie of a signed-in browser, for clients of [`post`].
pub fn token(b: &Browser) -> String {
    b.cookie(academy::accounts::session::COOKIE)
        .expect("a signed-in browser")
}

/// Calls a server function (or any POST) as the hydrated app does, signed in with the session
/// `token`, keeping the `Retry-After` header. A connection refused or cut is `None`.
pub async fn post(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    fields: &[(String, String)],
) -> Option<Answer> {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = http
        .post(format!("{base}{path}"))
        .header(
            "cookie",
            format!("{}={token}", academy::accounts::session::COOKIE),
        )
        .header("accept", "application/json")
        .header("origin", base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(super::encode_form(&pairs))
        .send()
        .await
        .ok()?;
    let status = res.status().as_u16();
    let retry_after = retry_after(&res);
    let body = res.text().await.ok()?;
    Some(Answer {
        status,
        retry_after,
        body,
    })
}

/// Takes the database's write lock (SQLite) or locks the feedback receipts against inserts
/// (PostgreSQL) until the returned sender is used or dropped: writers queue meanwhile.
pub async fn hold_writes(app: &TestApp) -> tokio::sync::oneshot::Sender<()> {
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (held, is_held) = tokio::sync::oneshot::channel::<()>();
    let db = app.state.db.clone();
    tokio::spawn(on_server(async move {
        let mut tx = academy::db::begin_write(&db).await.expect("a write lock");
        if academy::db::is_postgres(&tx) {
            sqlx::query("LOCK TABLE feedback_receipts IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .expect("lock the receipts");
        } else {
            // BEGIN IMMEDIATE has the lock; a write makes sure of it.
            sqlx::query("UPDATE feedback_receipts SET user_id = user_id WHERE 1 = 0")
                .execute(&mut *tx)
                .await
                .expect("write under the lock");
        }
        let _ = held.send(());
        let _ = released.await;
        let _ = tx.rollback().await;
    }));
    is_held.await.expect("the lock is held");
    release
}

/// `/healthz` as a monitor sees it: status and body.
pub async fn health(base: &str) -> (u16, String, Option<String>) {
    let res = reqwest::get(format!("{base}/healthz"))
        .await
        .expect("healthz answers");
    let status = res.status().as_u16();
    let retry_after = retry_after(&res);
    (status, res.text().await.unwrap_or_default(), retry_after)
}

/// The answer's `Retry-After`, as text.
fn retry_after(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}
