//! The durability promise: an answer acknowledged to the person is never lost. The real server
//! binary runs as its own process and takes feedback under load while it is killed with
//! SIGKILL at random moments; after each restart every acknowledged submission is stored with
//! its receipt, and no receipt exists without its answers (nor answers without a receipt).

mod common;

use common::TestApp;
use common::load::{answer_fields, post, session_day, token};
use std::collections::{HashSet, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PEOPLE: usize = 800;
const KILLS: usize = 6;
const CLIENTS: usize = 12;

/// Starts `academy serve` on the test's database, as production runs it.
fn start_server(app: &TestApp, port: u16, log: &std::path::Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_academy"))
        .arg("serve")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("ACADEMY_ADDR", format!("127.0.0.1:{port}"))
        .env("ACADEMY_SITE_ROOT", &app.state.config.site_root)
        .env(
            "ACADEMY_COURSES_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/courses"),
        )
        .env("ACADEMY_WATCH_COURSES", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the server binary starts")
}

async fn wait_healthy(base: &str, server: &mut Child) {
    for _ in 0..300 {
        if let Ok(res) = reqwest::get(format!("{base}/healthz")).await
            && res.status() == 200
        {
            return;
        }
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server exited while starting"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become healthy in 30 s");
}

/// A small random generator (xorshift), seeded from the clock; the seed is printed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// What the database holds for the session: who has a receipt, whose tagged answers are
/// there, how many responses, and how many responses lack any of their eight answers.
async fn stored(app: &TestApp, session: i64) -> (HashSet<i64>, HashSet<i64>, i64, i64) {
    let db = app.state.db.clone();
    common::on_server(async move {
        let receipts: Vec<i64> =
            sqlx::query_scalar("SELECT user_id FROM feedback_receipts WHERE session_id = $1")
                .bind(session)
                .fetch_all(&db)
                .await
                .unwrap();
        let tags: Vec<String> = sqlx::query_scalar(
            "SELECT comment FROM feedback_answers WHERE session_id = $1 AND question_key = 'worked'",
        )
        .bind(session)
        .fetch_all(&db)
        .await
        .unwrap();
        let responses: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1")
                .bind(session)
                .fetch_one(&db)
                .await
                .unwrap();
        let incomplete: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM feedback_responses r WHERE r.session_id = $1 AND \
             (SELECT COUNT(*) FROM feedback_answers a WHERE a.response_id = r.id) <> 8",
        )
        .bind(session)
        .fetch_one(&db)
        .await
        .unwrap();
        let tagged = tags
            .iter()
            .map(|t| t.trim_start_matches("answer of ").parse().unwrap())
            .collect();
        (receipts.into_iter().collect(), tagged, responses, incomplete)
    })
    .await
}

#[tokio::test]
async fn acknowledged_feedback_survives_the_server_being_killed_at_random_moments() {
    let app = TestApp::start().await;
    let (session, people) = session_day(&app, PEOPLE, "K").await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let log = tempfile::NamedTempFile::new().unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("dice seed {seed}");
    let mut dice = Dice(seed);

    // Each tagged with its author (test data only), so a lost answer can be named.
    let pending: Arc<Mutex<VecDeque<(i64, String)>>> = Arc::new(Mutex::new(
        people.iter().map(|(b, u)| (u.id, token(b))).collect(),
    ));
    let acknowledged: Arc<Mutex<HashSet<i64>>> = Arc::default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut kills = 0;
    loop {
        let mut server = start_server(&app, port, log.path());
        wait_healthy(&base, &mut server).await;

        let (receipts, tagged, responses, incomplete) = stored(&app, session).await;
        let acked = acknowledged.lock().unwrap().clone();
        let lost: Vec<_> = acked.difference(&receipts).collect();
        assert!(
            lost.is_empty(),
            "after {kills} kills, acknowledged but no receipt: {lost:?}"
        );
        let lost: Vec<_> = acked.difference(&tagged).collect();
        assert!(
            lost.is_empty(),
            "after {kills} kills, acknowledged but no answers: {lost:?}"
        );
        assert_eq!(
            receipts, tagged,
            "after {kills} kills: a receipt without answers or back"
        );
        assert_eq!(receipts.len() as i64, responses);
        assert_eq!(
            incomplete, 0,
            "after {kills} kills: a response lost some answers"
        );
        println!(
            "after {kills} kills: {} acknowledged, {} stored",
            acked.len(),
            receipts.len()
        );
        if kills == KILLS {
            let _ = server.kill();
            let _ = server.wait();
            break;
        }

        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (pending, acknowledged) = (pending.clone(), acknowledged.clone());
                let (http, base) = (http.clone(), base.clone());
                tokio::spawn(async move {
                    loop {
                        let Some((user, token)) = pending.lock().unwrap().pop_front() else {
                            return;
                        };
                        let fields = answer_fields(session, &format!("answer of {user}"));
                        match post(&http, &base, &token, "/api/feedback/submit", &fields).await {
                            Some(a) if a.status == 200 => {
                                acknowledged.lock().unwrap().insert(user);
                            }
                            // Stored before a kill cut the answer off: present, never acknowledged.
                            Some(a) if a.status == 409 => {}
                            other => {
                                pending.lock().unwrap().push_back((user, token));
                                if other.is_none() {
                                    return; // the server is gone
                                }
                            }
                        }
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(100 + dice.roll(400))).await;
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        kills += 1;
        for c in clients {
            c.await.unwrap();
        }
    }
    let acked = acknowledged.lock().unwrap().len();
    assert!(
        acked > 2 * KILLS,
        "the load was real: {acked} acknowledged over {KILLS} kills"
    );
    let _ = std::fs::read_to_string(log.path()).map(|l| print!("{l}"));
}
