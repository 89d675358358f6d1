//! The academy under overload: a burst of writers is answered with success or 503 and
//! `Retry-After`, never 500; stalled downloads take only their small budget of connections,
//! so pages and sign-in still answer.

mod common;

use academy::accounts::Role;
use common::load::{Answer, post, token};
use common::sessions::{register, schedule, start_now};
use common::{PASSWORD, TestApp, on_server};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

/// Each answer is a success or an overload with `Retry-After`: never a 500.
fn settled(what: &str, answer: &Answer) -> bool {
    match answer.status {
        200 => true,
        503 => {
            assert!(
                answer.retry_after.is_some(),
                "{what}: a 503 without Retry-After: {}",
                answer.body
            );
            false
        }
        other => panic!("{what}: answered {other}: {}", answer.body),
    }
}

#[tokio::test]
async fn a_burst_of_check_ins_and_registrations_is_answered_with_success_or_retry_after_never_500()
{
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let (_, instructor) = app.signed_in(Role::Instructor, "I1").await;
    let today = schedule(&trainer, "Morning session", 200, &instructor).await;
    let later = schedule(&trainer, "Next week", 200, &instructor).await;
    let people = app.crowd("B", 80).await;
    for (b, _) in &people[..60] {
        assert_eq!(register(b, today).await.status, 200);
    }
    start_now(&app, today).await;
    let db = app.state.db.clone();
    let code: String = on_server(async move {
        sqlx::query_scalar("SELECT checkin_code FROM training_sessions WHERE id = $1")
            .bind(today)
            .fetch_one(&db)
            .await
            .unwrap()
    })
    .await;

    // The start of a session: sixty check in at once while twenty others register.
    let http = reqwest::Client::new();
    let retries = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut burst = Vec::new();
    for (i, (b, _)) in people.iter().enumerate() {
        let (path, fields) = if i < 60 {
            (
                "/api/sessions/check-in",
                vec![
                    ("session".to_string(), today.to_string()),
                    ("code".to_string(), code.clone()),
                ],
            )
        } else {
            (
                "/api/sessions/register",
                vec![("session".to_string(), later.to_string())],
            )
        };
        let (http, base, token) = (http.clone(), app.base.clone(), token(b));
        let retries = retries.clone();
        burst.push(tokio::spawn(async move {
            // A client that honours Retry-After gets through.
            for _ in 0..20 {
                let answer = post(&http, &base, &token, path, &fields)
                    .await
                    .expect("an answer");
                if settled(path, &answer) {
                    return;
                }
                retries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let wait: u64 = answer.retry_after.unwrap().parse().unwrap();
                tokio::time::sleep(Duration::from_secs(wait)).await;
            }
            panic!("{path} still overloaded after 20 tries");
        }));
    }
    for task in burst {
        task.await.unwrap();
    }
    let retries = retries.load(std::sync::atomic::Ordering::SeqCst);
    println!("{retries} of 80 were asked to retry");
    // SQLite writers take the lock at once and wait their turn: a deferred transaction failed
    // instead at its first write whenever another had committed since its read (dozens here).
    if app.state.backend == academy::db::Backend::Sqlite {
        assert_eq!(
            retries, 0,
            "transactions that read then write failed on SQLite"
        );
    }
    let count = |sql, id| app.number(sql, id);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'attended'",
            today
        )
        .await,
        60
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'booked'",
            later
        )
        .await,
        20
    );
}

/// Starts a download of `path` and reads nothing of it, as a stalled client does; the small
/// receive buffer makes the server's writes block early. Returns the status line.
async fn stalled_download(base: &str, cookie: &str, path: &str) -> (String, tokio::net::TcpStream) {
    use tokio::io::AsyncBufReadExt;
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
         Accept-Encoding: identity\r\nAccept: text/csv\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    // Read only the status line; the rest stays unread in the socket.
    let mut reader = tokio::io::BufReader::with_capacity(64, stream);
    let mut status = String::new();
    tokio::time::timeout(Duration::from_secs(20), reader.read_line(&mut status))
        .await
        .expect("the download answers")
        .unwrap();
    (status.trim().to_string(), reader.into_inner())
}

#[tokio::test]
async fn stalled_downloads_take_only_their_budget_and_pages_and_sign_in_still_answer() {
    let app = TestApp::start_with(|c| c.download_stall = Duration::from_secs(3)).await;
    // Enough people that the report is megabytes: far more than the socket buffers hold.
    app.exec(
        "INSERT INTO users (employee_id, name, email, role, job_title, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) \
         SELECT 'S' || i, 'Person with a rather long name, number ' || i, 's' || i || '@city.test', \
         'employee', 'Senior customer service representative, front desk', 0, 0 \
         FROM n",
    )
    .await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let cookie = format!("{}={}", academy::accounts::session::COOKIE, token(&trainer));
    let pool = app.state.config.db_max_connections as usize;

    // More stalled downloads than the pool has connections: only the budget is served.
    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..=pool {
        let (status, stream) = stalled_download(&app.base, &cookie, "/reports/people.csv").await;
        if status.contains(" 200 ") {
            held.push(stream);
        } else {
            assert!(status.contains(" 503 "), "{status}");
            refused += 1;
        }
    }
    assert!(!held.is_empty(), "a download is served");
    assert!(
        held.len() < pool,
        "{} stalled downloads hold connections out of {pool}",
        held.len()
    );
    assert_eq!(held.len() + refused, pool + 1);
    let busy = trainer
        .download("/reports/people.csv", "identity", None)
        .await;
    assert_eq!(
        busy.status, 503,
        "the budget is still taken by the stalled ones"
    );

    // Pages and sign-in answer quickly meanwhile.
    let (employee, _) = app.signed_in(Role::Employee, "E1").await;
    for path in ["/", "/courses", "/sessions"] {
        let started = Instant::now();
        let page = employee.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{path} took {:?}",
            started.elapsed()
        );
    }
    let someone = app.user(Role::Employee, "E2").await;
    let started = Instant::now();
    let res = app.browser().sign_in(&someone.email, PASSWORD).await;
    assert_eq!(res.status, 302, "{}", res.body);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "sign-in took {:?}",
        started.elapsed()
    );

    // A download stalled beyond the limit is ended, and its connection serves the next one.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let next = trainer
        .download("/reports/people.csv", "identity", None)
        .await;
    assert_eq!(next.status, 200);
    assert!(next.body.is_ok(), "read in full: {:?}", next.body.err());
    drop(held);
}

#[tokio::test]
async fn with_every_connection_taken_requests_are_answered_503_with_retry_after_not_500() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Employee, "E1").await;
    let token = token(&b);
    // Something holds the whole pool for longer than a request waits for a connection.
    let db = app.state.db.clone();
    let pool = app.state.config.db_max_connections;
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (held, is_held) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(on_server(async move {
        let mut taken = Vec::new();
        for _ in 0..pool {
            taken.push(db.acquire().await.unwrap());
        }
        let _ = held.send(());
        let _ = released.await;
        drop(taken);
    }));
    is_held.await.unwrap();
    let http = reqwest::Client::new();
    let fields = vec![("session".to_string(), "1".to_string())];
    let answer = post(&http, &app.base, &token, "/api/sessions/register", &fields)
        .await
        .unwrap();
    let _ = release.send(());
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.retry_after.is_some(), "a 503 says when to come back");
    assert!(answer.body.contains("very busy"), "{}", answer.body);
}

#[tokio::test]
async fn feedback_that_waits_past_the_busy_timeout_is_answered_503_and_stored_when_sent_again() {
    let app = TestApp::start().await;
    if app.state.backend != academy::db::Backend::Sqlite {
        return; // PostgreSQL's writers wait on row and table locks; there is no busy timeout.
    }
    let (id, people) = common::load::session_day(&app, 1, "Q").await;
    let token = token(&people[0].0);
    let fields = common::load::answer_fields(id, "Fine");
    let http = reqwest::Client::new();
    // Another process (here: a connection outside the writer) holds the write lock for longer
    // than SQLite's 5-second busy timeout.
    let release = common::load::hold_writes(&app).await;
    let answer = post(&http, &app.base, &token, "/api/feedback/submit", &fields)
        .await
        .unwrap();
    let _ = release.send(());
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.retry_after.is_some(), "a 503 says when to come back");
    let again = post(&http, &app.base, &token, "/api/feedback/submit", &fields)
        .await
        .unwrap();
    assert_eq!(again.status, 200, "{}", again.body);
}
