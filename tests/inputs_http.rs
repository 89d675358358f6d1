//! Inputs from outside, bounded over real HTTP: made-up page numbers and guessed check-in codes
//! are refused with the right status and a sentence, and change nothing.

mod common;

use academy::accounts::Role;
use common::sessions::{check_in_code_on, register, schedule, start_now};
use common::{Browser, Page, TestApp};

#[tokio::test]
async fn an_instructor_page_number_past_any_real_page_is_a_400_not_an_overflow() {
    let app = TestApp::start().await;
    let (instructor, _) = app.signed_in(Role::Instructor, "I-1").await;
    let huge = instructor
        .get(&format!("/teaching/benchmarks?page={}", i64::MAX))
        .await;
    assert_eq!(huge.status, 400, "{}", huge.body);
    huge.assert_contains("there is no page");
    assert_eq!(
        instructor.get("/teaching/benchmarks?page=2").await.status,
        200
    );
    assert_eq!(
        instructor.get("/teaching/benchmarks?page=-5").await.status,
        200
    );
    // The server is still answering (a panic would have cost this connection, not the server).
    assert_eq!(instructor.get("/teaching/benchmarks").await.status, 200);
}

async fn check_in(b: &Browser, session: &str, code: &str) -> Page {
    b.call(
        "/api/sessions/check-in",
        &[("session", session), ("code", code)],
    )
    .await
}

#[tokio::test]
async fn wrong_check_in_codes_are_throttled_per_person_and_codes_count_only_while_check_in_is_open()
{
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T-1").await;
    let (instructor_b, instructor) = app.signed_in(Role::Instructor, "I-1").await;
    let id = schedule(&trainer, "Check-in day", 10, &instructor).await;
    let people = app.crowd("C", 2).await;
    for (b, _) in &people {
        register(b, id).await;
    }
    let sid = id.to_string();
    start_now(&app, id).await;
    let roster = instructor_b.visit(&format!("/sessions/{id}/roster")).await;
    let code = check_in_code_on(&roster);
    let guesser = &people[0].0;
    for guess in ["AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"] {
        let res = check_in(guesser, &sid, guess).await;
        assert_eq!(res.status, 422, "{}", res.body);
    }
    // Even the right code waits now: guessing cannot go on.
    let res = check_in(guesser, &sid, &code).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(
        res.body.contains("Too many wrong check-in codes"),
        "{}",
        res.body
    );
    let checked_in =
        "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'attended'";
    assert_eq!(app.number(checked_in, id).await, 0);
    // Someone else in the room is not held up by the guesser.
    let res = check_in(&people[1].0, &sid, &code).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.number(checked_in, id).await, 1);

    // After the session, the code no longer checks anyone in.
    let now = academy::db::now();
    app.run(
        "UPDATE training_sessions SET starts_at = $2, ends_at = $3 WHERE id = $1",
        &[id, now - 7200, now - 60],
    )
    .await;
    let (late, _) = app.signed_in(Role::Employee, "E-9").await;
    let res = check_in(&late, &sid, &code).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("has ended"), "{}", res.body);
}
