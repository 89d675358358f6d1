//! The feedback writer under failure: a batch the database refuses because of one submission
//! stores all the others, and after a crash the writer is restarted, `/healthz` says so while
//! it is down, and the answers sent meanwhile are stored.

mod common;

use academy::db::Backend;
use common::load::{answer_fields, health, hold_writes, post, session_day, token};
use common::{TestApp, on_server};
use std::time::Duration;

/// A trigger that makes the database refuse any answer whose comment is `poison`: a database
/// error that only one submission of a batch causes.
async fn refuse_poisoned_answers(app: &TestApp) {
    let postgres = app.state.backend == Backend::Postgres;
    let db = app.state.db.clone();
    on_server(async move {
        let statements: &[&str] = if postgres {
            &[
                "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN \
                 IF NEW.comment = 'poison' THEN RAISE EXCEPTION 'poisoned answer'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON feedback_answers \
                 FOR EACH ROW EXECUTE FUNCTION refuse_poison()",
            ]
        } else {
            &[
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON feedback_answers \
               WHEN NEW.comment = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned answer'); END",
            ]
        };
        for s in statements {
            sqlx::query(sqlx::AssertSqlSafe(*s))
                .execute(&db)
                .await
                .expect("install the trigger");
        }
    })
    .await;
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

#[tokio::test]
async fn one_submission_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_stored() {
    let app = TestApp::start().await;
    let (id, people) = session_day(&app, 12, "W").await;
    refuse_poisoned_answers(&app).await;
    let http = client();

    // While the write lock is held, the first submission waits in the writer and the others
    // queue behind it; the poisoned one is sent last, so it shares the next batch with them.
    let release = hold_writes(&app).await;
    let mut sent = Vec::new();
    for (i, (b, user)) in people.iter().enumerate() {
        let comment = if i == people.len() - 1 {
            "poison"
        } else {
            "Clear examples"
        };
        if i == people.len() - 1 {
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
        let fields = answer_fields(id, comment);
        let (http, base, b) = (http.clone(), app.base.clone(), token(b));
        let user_id = user.id;
        sent.push(tokio::spawn(async move {
            let answer = post(&http, &base, &b, "/api/feedback/submit", &fields).await;
            (user_id, answer.expect("an answer"))
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = release.send(());

    let poisoned = people.last().unwrap().1.id;
    for task in sent {
        let (user_id, answer) = task.await.unwrap();
        if user_id == poisoned {
            assert_eq!(answer.status, 500, "{}", answer.body);
        } else {
            assert_eq!(answer.status, 200, "{}", answer.body);
        }
    }
    let count = |sql| app.number(sql, id);
    assert_eq!(
        count("SELECT COUNT(*) FROM feedback_receipts WHERE session_id = $1").await,
        11
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1").await,
        11
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM feedback_answers WHERE session_id = $1").await,
        88
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_receipts WHERE user_id = $1",
            poisoned
        )
        .await,
        0,
        "the refused submission left no receipt, so its author may answer again"
    );
    let (b, _) = people.last().unwrap();
    let again = post(
        &http,
        &app.base,
        &token(b),
        "/api/feedback/submit",
        &answer_fields(id, "Second thoughts"),
    )
    .await
    .unwrap();
    assert_eq!(again.status, 200, "{}", again.body);
}

#[tokio::test]
async fn after_the_writer_crashes_healthz_says_so_and_the_answers_sent_meanwhile_are_stored() {
    let app = TestApp::start().await;
    let (id, people) = session_day(&app, 8, "X").await;
    let http = client();
    let submit = |i: usize| {
        let fields = answer_fields(id, "Useful");
        let (http, base, b) = (http.clone(), app.base.clone(), token(&people[i].0));
        async move {
            post(&http, &base, &b, "/api/feedback/submit", &fields)
                .await
                .expect("an answer")
        }
    };
    let (status, body, _) = health(&app.base).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"feedback_writer\":\"running\""), "{body}");

    // A submission that crashes the writer alone is refused; the writer is down until restarted.
    app.state.feedback.panic_on_next_batch();
    let crashed = submit(0).await;
    assert_eq!(crashed.status, 500, "{}", crashed.body);
    let (status, body, retry_after) = health(&app.base).await;
    assert_eq!(
        status, 503,
        "healthz must not say ok while the writer is down: {body}"
    );
    assert!(body.contains("restarting"), "{body}");
    assert!(retry_after.is_some(), "a 503 says when to come back");

    // Sent while it is down: waits for the restart, then is stored.
    let waited = submit(1).await;
    assert_eq!(waited.status, 200, "{}", waited.body);
    let (status, body, _) = health(&app.base).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"feedback_writer_restarts\":1"), "{body}");
    assert_eq!(
        submit(0).await.status,
        200,
        "the refused one may answer again"
    );

    // A crash in a batch of several: each of them is written again alone, and stored.
    let release = hold_writes(&app).await;
    let first = tokio::spawn(submit(2));
    tokio::time::sleep(Duration::from_millis(700)).await;
    let queued: Vec<_> = (3..8).map(|i| tokio::spawn(submit(i))).collect();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    app.state.feedback.panic_on_next_batch();
    let _ = release.send(());
    assert_eq!(first.await.unwrap().status, 200);
    for q in queued {
        let answer = q.await.unwrap();
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1",
            id
        )
        .await,
        8
    );
    let (_, body, _) = health(&app.base).await;
    assert!(body.contains("\"feedback_writer_restarts\":2"), "{body}");
}
