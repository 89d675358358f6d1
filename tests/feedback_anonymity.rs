//! Anonymity of feedback, as a property of what is stored and logged: no column of a response
//! names a person or a time, response ids carry no order, answers are stored in no arrival
//! order, a completion that waits for feedback is timed to the day, and no log line ties a
//! response to the person who gave it. Its own test binary, because it captures the process's log.

mod common;

use academy::accounts::Role;
use common::TestApp;
use common::sessions::{register, schedule, start_now};
use sqlx::{Column, Row};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn columns(app: &TestApp, table: &'static str) -> Vec<String> {
    let db = app.state.db.clone();
    common::on_server(async move {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT * FROM {table} LIMIT 1"
        )))
        .fetch_one(&db)
        .await
        .unwrap();
        row.columns().iter().map(|c| c.name().to_string()).collect()
    })
    .await
}

#[tokio::test]
async fn nothing_stored_or_logged_links_a_response_to_the_person_who_gave_it() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_env_filter("debug,sqlx=debug,hyper=info,h2=info,tower=info,leptos=info,tachys=info,reactive_graph=info,html5ever=info,ammonia=info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let (instructor_b, instructor) = app.signed_in(Role::Instructor, "I1").await;
    let id = schedule(&trainer, "Anonymous", 10, &instructor).await;
    let people = app.crowd("N", 6).await;
    for (b, _) in &people {
        register(b, id).await;
    }
    start_now(&app, id).await;
    let sid = id.to_string();
    let mut marks = vec![("session".to_string(), sid.clone())];
    for (_, u) in &people {
        let reg = app
            .number("SELECT id FROM registrations WHERE user_id = $1", u.id)
            .await;
        marks.push((format!("mark[{reg}]"), "present".into()));
    }
    let f: Vec<(&str, &str)> = marks
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        instructor_b.call("/api/sessions/mark", &f).await.status,
        200
    );
    // Each is enrolled in the course, which completes only once their feedback is in.
    let mut course = 0;
    for (b, u) in &people {
        let res = b
            .call(
                "/api/learning/enrol",
                &[("course", common::sessions::COURSE)],
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        course = common::sessions::all_but_the_session(&app, u).await;
    }
    for (i, (b, _)) in people.iter().enumerate() {
        let comment = format!("comment number {i}");
        let given = [("a[recommend]", "7"), ("a[worked]", comment.as_str())];
        let res = common::sessions::answer(b, id, &given).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }

    // What is stored: responses and answers carry no person and no time.
    assert_eq!(
        columns(&app, "feedback_responses").await,
        ["id", "session_id", "form_id"]
    );
    for c in columns(&app, "feedback_answers").await {
        for word in [
            "user",
            "person",
            "employee",
            "registration",
            "created",
            "submitted",
            "_at",
        ] {
            let moderation = c == "hidden_at";
            assert!(
                moderation || !c.contains(word),
                "feedback_answers.{c} could identify someone"
            );
        }
    }
    assert_eq!(
        columns(&app, "feedback_receipts").await,
        ["session_id", "user_id"]
    );
    // Response ids are random, not a sequence that follows the order of the receipts.
    let ids = common::sessions::response_ids(&app).await;
    assert_eq!(ids.len(), 6);
    assert!(ids.iter().all(|id| *id > 1 << 20), "{ids:?}");
    // Answers sit in the order of their random response ids, not in the order they arrived
    // (a table scan: `hidden_reason` is in no index). On PostgreSQL a table keeps insertion
    // order across transactions; the README says so.
    if std::env::var_os("ACADEMY_TEST_POSTGRES").is_none() {
        let db = app.state.db.clone();
        let stored: Vec<(i64, String)> = common::on_server(async move {
            sqlx::query_as("SELECT response_id, hidden_reason FROM feedback_answers")
                .fetch_all(&db)
                .await
                .unwrap()
        })
        .await;
        let order: Vec<i64> = stored.iter().map(|(r, _)| *r).collect();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted, "answers are stored in arrival order");
    }
    // The completions the feedback brought are timed to the day, not to the answer.
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollments WHERE course_id = $1 AND completed_at IS NOT NULL",
            course
        )
        .await,
        6
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollments WHERE course_id = $1 \
             AND completed_at % 86400 <> 0",
            course
        )
        .await,
        0,
        "a completion waiting for feedback is recorded at the day's start"
    );

    // What is logged: no line names a response id, and no line about feedback names a person.
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("feedback received"),
        "the submissions were logged"
    );
    for line in text.lines() {
        for rid in &ids {
            assert!(
                !line.contains(&rid.to_string()),
                "a log line names a response: {line}"
            );
        }
        if line.contains("feedback") && !line.contains("request{")
            || line.contains("feedback_answers")
        {
            for (_, u) in &people {
                for who in [
                    format!("user_id={}", u.id),
                    u.employee_id.clone(),
                    u.email.clone(),
                ] {
                    assert!(
                        !line.contains(&who),
                        "a feedback log line names {who}: {line}"
                    );
                }
            }
        }
        assert!(
            !line.contains("comment number"),
            "a log line carries an answer: {line}"
        );
        if line.contains("course completed") {
            for (_, u) in &people {
                assert!(
                    !line.contains(&format!("user_id={}", u.id)),
                    "a completion brought by feedback names its person: {line}"
                );
            }
        }
    }
}
