//! The durability promise: an answer acknowledged to the person is never lost. The real server
//! binary runs as its own process and takes feedback under load while it is killed with
//! SIGKILL at random moments; after each restart every acknowledged submission is stored with
//! its receipt, and no receipt exists without its answers (nor answers without a receipt), and
//! every benchmark total equals a recount of the answers (totals journaled by a busy writer and
//! cut off by the kill are folded in when the server starts again).

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

/// Where the Revenue department's totals of the session differ from the session's own totals:
/// everyone here works in Revenue, so the two must be equal, key for key.
async fn revenue_differs(app: &TestApp, session: i64) -> Vec<String> {
    let db = app.state.db.clone();
    common::on_server(async move {
        let read = |sql: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_as::<_, (String, i64, i64)>(sql)
                    .bind(session)
                    .fetch_all(&db)
                    .await
                    .unwrap()
            }
        };
        let of_session = read(
            "SELECT question_key, value, n FROM feedback_tallies WHERE session_id = $1 \
             ORDER BY question_key, value",
        )
        .await;
        let of_revenue = read(
            "SELECT question_key, value, n FROM feedback_department_tallies \
             WHERE session_id = $1 AND department = 'Revenue' ORDER BY question_key, value",
        )
        .await;
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM feedback_department_tallies \
             WHERE session_id = $1 AND department <> 'Revenue'",
        )
        .bind(session)
        .fetch_one(&db)
        .await
        .unwrap();
        let mut off = Vec::new();
        if of_session != of_revenue {
            off.push(format!("session {of_session:?}, Revenue {of_revenue:?}"));
        }
        if others > 0 {
            off.push(format!("{others} totals of other departments"));
        }
        off
    })
    .await
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
        let off = common::totals::disagreements(&app).await;
        assert!(
            off.is_empty(),
            "after {kills} kills, totals ≠ answers: {off:?}"
        );
        let off = revenue_differs(&app, session).await;
        assert!(
            off.is_empty(),
            "after {kills} kills, department totals: {off:?}"
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

/// What a writer killed while the queue was busy leaves behind: answers stored with their totals
/// only journaled. The next start folds them in, so every total equals the answers again.
#[tokio::test]
async fn totals_a_killed_writer_left_journaled_are_counted_when_the_server_starts_again() {
    use academy::feedback::answers::{Answer, Value};
    let app = TestApp::start().await;
    let (session, people) = session_day(&app, 10, "J").await;
    let db = app.state.db.clone();
    let postgres = app.state.config.database_url.starts_with("postgres");
    let journaled = common::on_server(async move {
        let form = academy::feedback::store::default_form(&db)
            .await
            .unwrap()
            .unwrap();
        let mut answers: Vec<Answer> = common::sessions::SCORED
            .iter()
            .map(|k| Answer {
                key: k.to_string(),
                value: Value::Number(4),
            })
            .collect();
        answers.push(Answer {
            key: "recommend".into(),
            value: Value::Number(8),
        });
        answers.push(Answer {
            key: "worked".into(),
            value: Value::Text("Journaled".into()),
        });
        let items: Vec<academy::feedback::writer::Submission> = people
            .iter()
            .map(|(_, u)| academy::feedback::writer::Submission {
                session_id: session,
                user_id: u.id,
                department: u.department.clone(),
                form_id: form.id,
                answers: answers.clone(),
            })
            .collect();
        // Two batches as the writer stores them while more wait, and then no fold: the kill.
        for half in items.chunks(5) {
            let refs: Vec<_> = half.iter().collect();
            let later = academy::benchmarks::store::Totals::Later;
            let outcomes = academy::feedback::store::submit_batch(&db, &refs, later)
                .await
                .unwrap();
            assert!(outcomes.iter().all(|o| o.is_ok()));
        }
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM feedback_tally_journal")
            .fetch_one(&db)
            .await
            .unwrap()
    })
    .await;
    let before = common::totals::disagreements(&app).await;
    if postgres {
        // PostgreSQL adds to the totals in the answers' transaction, journal or not.
        assert_eq!(journaled, 0);
        assert!(before.is_empty(), "PostgreSQL counted at once: {before:?}");
    } else {
        assert!(journaled > 0, "the batches were journaled");
        assert!(
            !before.is_empty(),
            "the journaled answers are not in the totals yet"
        );
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut server = start_server(&app, port, log.path());
    wait_healthy(&format!("http://127.0.0.1:{port}"), &mut server).await;
    let _ = server.kill();
    let _ = server.wait();

    let off = common::totals::disagreements(&app).await;
    assert!(
        off.is_empty(),
        "after the restart, totals ≠ answers: {off:?}"
    );
    let off = revenue_differs(&app, session).await;
    assert!(
        off.is_empty(),
        "after the restart, department totals: {off:?}"
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_tally_journal WHERE $1 = $1",
            0
        )
        .await,
        0,
        "the journal is empty once folded"
    );
    assert_eq!(
        app.number("SELECT CAST(SUM(n) AS BIGINT) FROM feedback_tallies WHERE question_key = '' AND session_id = $1", session).await,
        10
    );
}
