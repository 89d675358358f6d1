//! Feedback over real HTTP: who may answer and when, validation that stores nothing half-way,
//! one answer per person, completion that waits for feedback, results with the instructors'
//! minimum, moderation, and form versions.

mod common;

use academy::accounts::Role;
use common::sessions::{COURSE, mark_present, register, schedule, start_now};
use common::{Browser, TestApp};

/// Fields answering the default form in full.
fn full_answers(score: &str, comment: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = common::sessions::SCORED
        .iter()
        .map(|k| (format!("a[{k}]"), score.to_string()))
        .collect();
    f.push(("a[recommend]".into(), "9".into()));
    f.push(("a[worked]".into(), comment.into()));
    f
}

async fn submit(b: &Browser, session: i64, answers: &[(String, String)]) -> common::Page {
    let sid = session.to_string();
    let mut fields: Vec<(&str, &str)> = vec![("session", &sid)];
    fields.extend(answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.call("/api/feedback/submit", &fields).await
}

/// A session under way with `n` attendees checked in by the roster; returns the id.
async fn attended_session(
    app: &TestApp,
    n: usize,
    prefix: &str,
) -> (
    i64,
    Browser,
    Browser,
    Vec<(Browser, academy::accounts::User)>,
) {
    let (trainer, _) = app.signed_in(Role::Trainer, &format!("T{prefix}")).await;
    let (instructor_b, instructor) = app.signed_in(Role::Instructor, &format!("I{prefix}")).await;
    let id = schedule(&trainer, "Feedback day", 40, &instructor).await;
    let people = app.crowd(prefix, n).await;
    for (b, _) in &people {
        assert_eq!(register(b, id).await.status, 200);
    }
    start_now(app, id).await;
    mark_present(app, &instructor_b, id, &people).await;
    (id, trainer, instructor_b, people)
}

#[tokio::test]
async fn an_attendee_gives_feedback_once_and_bad_answers_store_nothing() {
    let app = TestApp::start().await;
    let (id, _, _, people) = attended_session(&app, 2, "F").await;
    let (b, _) = &people[0];
    let home = b.visit("/").await;
    home.assert_contains("Feedback to give");
    let form = b.visit(&format!("/sessions/{id}/feedback")).await;
    form.assert_contains("Your answers are anonymous");
    form.assert_contains("The instructor");

    // Missing required answers and out-of-range values: refused, nothing stored.
    let mut missing = full_answers("5", "");
    missing.retain(|(k, _)| k != "a[clarity]");
    let res = submit(b, id, &missing).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Please answer"), "{}", res.body);
    let res = submit(b, id, &full_answers("6", "")).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("between 1 and 5"), "{}", res.body);
    let mut forged = full_answers("4", "");
    forged.push(("a[salary]".into(), "1".into()));
    assert_eq!(submit(b, id, &forged).await.status, 422);
    let stored = |sql| app.number(sql, id);
    assert_eq!(
        stored("SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1").await,
        0
    );
    assert_eq!(
        stored("SELECT COUNT(*) FROM feedback_receipts WHERE session_id = $1").await,
        0
    );

    let res = submit(
        b,
        id,
        &full_answers("4", "<script>alert(1)</script> Great examples"),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let again = submit(b, id, &full_answers("1", "")).await;
    assert_eq!(again.status, 409);
    assert_eq!(
        stored("SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1").await,
        1
    );
    assert_eq!(
        stored("SELECT COUNT(*) FROM feedback_answers WHERE session_id = $1").await,
        8
    );
    b.visit("/")
        .await
        .body
        .contains("Feedback to give")
        .then(|| panic!("still listed as due"));

    // Not an attendee: someone registered but not marked, and someone not registered.
    let (outsider, _) = app.signed_in(Role::Employee, "E900").await;
    let res = submit(&outsider, id, &full_answers("5", "")).await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("Only people marked as attending"),
        "{}",
        res.body
    );

    // After the window closes.
    let now = academy::db::now();
    app.run(
        "UPDATE training_sessions SET starts_at = $2, ends_at = $3, attendance_marked_at = NULL WHERE id = $1",
        &[id, now - 9 * 86_400, now - 9 * 86_400 + 3600],
    )
    .await;
    let res = submit(&people[1].0, id, &full_answers("5", "")).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("closed"), "{}", res.body);
}

#[tokio::test]
async fn feedback_opens_when_the_session_ends_if_attendance_was_not_marked() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let (_, instructor) = app.signed_in(Role::Instructor, "I1").await;
    let id = schedule(&trainer, "Self check-in", 10, &instructor).await;
    let people = app.crowd("S", 1).await;
    let (b, _) = &people[0];
    register(b, id).await;
    start_now(&app, id).await;
    let code = app
        .number("SELECT id FROM training_sessions WHERE id = $1", id)
        .await;
    assert_eq!(code, id);
    let code = common::sessions::check_in_code(&app, id).await;
    let res = b
        .call(
            "/api/sessions/check-in",
            &[("session", &id.to_string()), ("code", &code)],
        )
        .await;
    assert_eq!(res.status, 200);
    // Checked in, but the session is still on and nobody marked the roster: not yet.
    let res = submit(b, id, &full_answers("5", "")).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Feedback opens"), "{}", res.body);
    let now = academy::db::now();
    app.run(
        "UPDATE training_sessions SET ends_at = $2 WHERE id = $1",
        &[id, now - 1],
    )
    .await;
    assert_eq!(submit(b, id, &full_answers("5", "")).await.status, 200);
}

#[tokio::test]
async fn a_course_requiring_feedback_completes_only_once_the_feedback_is_in() {
    let app = TestApp::start().await;
    let (id, _, _, people) = attended_session(&app, 1, "K").await;
    let (b, user) = &people[0];
    let res = b.call("/api/learning/enrol", &[("course", COURSE)]).await;
    assert_eq!(res.status, 200);
    common::sessions::all_but_the_session(&app, user).await;
    let page = b.visit(&format!("/courses/{COURSE}")).await;
    page.assert_contains("give feedback on the session you attended");
    const DONE: &str =
        "SELECT COUNT(*) FROM enrollments WHERE user_id = $1 AND completed_at IS NOT NULL";
    assert_eq!(app.number(DONE, user.id).await, 0);
    assert_eq!(submit(b, id, &full_answers("5", "")).await.status, 200);
    assert_eq!(app.number(DONE, user.id).await, 1);
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM certificates WHERE user_id = $1",
            user.id
        )
        .await,
        1
    );
}

/// The handle of the hide form that follows `text` on a trainer's results page.
fn handle_after(body: &str, text: &str) -> String {
    let at = body
        .find(text)
        .unwrap_or_else(|| panic!("{text} not in {body}"));
    body[at..]
        .split("name=\"comment\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no hide form after {text}"))
        .to_string()
}

#[tokio::test]
async fn results_wait_for_the_minimum_and_the_forms_close_and_never_show_hidden_comments() {
    let app = TestApp::start().await;
    let (id, trainer, instructor, people) = attended_session(&app, 4, "R").await;
    let results = format!("/sessions/{id}/results");
    submit(
        &people[0].0,
        id,
        &full_answers("5", "Loved the <b>role play</b>"),
    )
    .await;
    submit(&people[1].0, id, &full_answers("3", "Too long & too fast")).await;
    // Two answers: nobody reads them, trainers neither; only how many there are.
    for b in [&instructor, &trainer] {
        let page = b.visit(&results).await;
        assert_eq!(page.status, 200);
        page.assert_contains("2 responses from 4 attendees — response rate 50 %.");
        page.assert_contains("Results appear once at least 3 people have answered (2 so far)");
        assert!(!page.body.contains("Too long") && !page.body.contains("mean "));
    }
    submit(&people[2].0, id, &full_answers("4", "You are all idiots")).await;
    // Three, but the form is open: still nothing, so no page differs by one answer.
    for b in [&instructor, &trainer] {
        let page = b.visit(&results).await;
        page.assert_contains("3 responses from 4 attendees");
        page.assert_contains("once the feedback form has closed");
        assert!(!page.body.contains("idiots") && !page.body.contains("mean "));
    }
    // The form closed 12 hours ago: trainers read the results, comments escaped, and hide the
    // abusive one; instructors wait out the day of moderation.
    let now = academy::db::now();
    let ended = now - 7 * 86_400 - 12 * 3600;
    app.run(
        "UPDATE training_sessions SET starts_at = $2, ends_at = $3, attendance_marked_at = $3 \
         WHERE id = $1",
        &[id, ended - 3 * 3600, ended],
    )
    .await;
    let page = trainer.visit(&results).await;
    page.assert_contains("Loved the &lt;b&gt;role play&lt;/b&gt;");
    page.assert_contains("mean 4.0");
    let early = instructor.visit(&results).await;
    early.assert_contains("once the feedback form has closed");
    assert!(!early.body.contains("Too long"));
    let (sid, handle) = (
        id.to_string(),
        handle_after(&page.body, "You are all idiots"),
    );
    let hide = [
        ("session", sid.as_str()),
        ("comment", handle.as_str()),
        ("reason", "abusive"),
    ];
    assert_eq!(
        instructor.call("/api/feedback/hide", &hide).await.status,
        403
    );
    assert_eq!(trainer.call("/api/feedback/hide", &hide).await.status, 200);
    // A day later the instructor reads them, without the hidden comment; trainers still see it.
    common::sessions::move_back(&app, id, 9).await;
    let page = instructor.visit(&results).await;
    page.assert_contains("3 responses from 4 attendees");
    assert!(!page.body.contains("idiots"));
    page.assert_contains("Too long &amp; too fast");
    let page = trainer.visit(&results).await;
    page.assert_contains("You are all idiots");
    page.assert_contains("Hidden from instructors.");

    // Another instructor and employees are refused.
    let (other, _) = app.signed_in(Role::Instructor, "I999").await;
    assert_eq!(other.get(&results).await.status, 403);
    assert_eq!(people[3].0.get(&results).await.status, 403);
}

/// (count, share in the text, bar width) of every answer row on a results page.
fn share_rows(body: &str) -> Vec<(i64, i64, i64)> {
    let between = |s: &str, from: &str, to: &str| -> Option<i64> {
        let start = s.find(from)? + from.len();
        s[start..].split(to).next()?.trim().parse().ok()
    };
    body.split("<tr>")
        .filter(|row| row.contains("share-fill"))
        .map(|row| {
            let parsed = (
                between(row, "<td class=\"num\">", "</td>"),
                between(row, "<span class=\"share-text\">", "%"),
                between(row, "style=\"width: ", "%"),
            );
            match parsed {
                (Some(n), Some(text), Some(width)) => (n, text, width),
                _ => panic!("an answer row without its count, share or bar: {row}"),
            }
        })
        .collect()
}

#[tokio::test]
async fn each_answer_shows_its_share_as_a_number_and_a_bar_as_wide() {
    let app = TestApp::start().await;
    let (id, trainer, instructor, people) = attended_session(&app, 3, "S").await;
    for (who, score) in people.iter().zip(["5", "4", "4"]) {
        let res = submit(&who.0, id, &full_answers(score, "")).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    common::sessions::move_back(&app, id, common::sessions::HELD_DAYS_AGO).await;
    for b in [&trainer, &instructor] {
        let page = b.visit(&format!("/sessions/{id}/results")).await;
        assert_eq!(page.status, 200);
        page.assert_contains("<th scope=\"col\">Share</th>");
        let rows = share_rows(&page.body);
        // Six 1–5 questions and one 0–10: every possible answer has its row.
        assert_eq!(rows.len(), 6 * 5 + 11, "{}", page.body);
        for (n, text, width) in &rows {
            let share = (n * 100 + 1) / 3;
            assert_eq!((text, width), (&share, &share), "{n} of 3 answers");
        }
        // 1 of 3 answered 5, 2 of 3 answered 4, and everyone 9 of 10.
        assert_eq!(rows.iter().filter(|r| **r == (1, 33, 33)).count(), 6);
        assert_eq!(rows.iter().filter(|r| **r == (2, 67, 67)).count(), 6);
        assert_eq!(rows.iter().filter(|r| **r == (3, 100, 100)).count(), 1);
        assert!(
            page.body.contains("aria-hidden=\"true\""),
            "the bar only draws the number"
        );
    }
    // The stylesheet gives the bar its size and colour.
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css")).unwrap();
    for rule in [".share-track {", ".share-fill {"] {
        let block = css
            .split(rule)
            .nth(1)
            .unwrap_or_else(|| panic!("no {rule} rule in style/main.css"));
        let block = block.split('}').next().unwrap();
        assert!(
            block.contains("height:") && block.contains("background:"),
            "{rule}{block}"
        );
    }
}

#[tokio::test]
async fn a_form_with_answers_is_never_changed_in_place_but_gets_a_new_version() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let definition = "likert | clear | It was clear | Disagree / Agree\ntext? | why | Why?";
    let res = trainer
        .post_form(
            "/api/feedback/save-form",
            "/trainer/forms/new",
            &[("title", "Short form"), ("definition", definition)],
        )
        .await;
    assert_eq!(res.status, 302, "{}", res.body);
    let family = app
        .number(
            "SELECT family FROM feedback_forms WHERE title = 'Short form' AND $1 = 1",
            1,
        )
        .await;
    // A bad line is reported with its number, and nothing changes.
    let res = trainer
        .call(
            "/api/feedback/save-form",
            &[
                ("family", &family.to_string()),
                ("title", "Short form"),
                ("definition", "likert | clear | ok | a / b\nslider | x | y"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("line 2"), "{}", res.body);
    // Not yet answered: edited in place.
    let res = trainer
        .call(
            "/api/feedback/save-form",
            &[
                ("family", &family.to_string()),
                ("title", "Short form"),
                (
                    "definition",
                    "likert | clear | It was very clear | Disagree / Agree",
                ),
            ],
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_forms WHERE family = $1",
            family
        )
        .await,
        1
    );
    // The course uses it; a session is answered; then an edit makes version 2.
    let res = trainer
        .call(
            "/api/feedback/course-form",
            &[("course", COURSE), ("form", &family.to_string())],
        )
        .await;
    assert_eq!(res.status, 200);
    let (instructor_b, instructor) = app.signed_in(Role::Instructor, "I1").await;
    let id = schedule(&trainer, "Versioned", 5, &instructor).await;
    let people = app.crowd("V", 1).await;
    register(&people[0].0, id).await;
    start_now(&app, id).await;
    let reg = app
        .number("SELECT id FROM registrations WHERE session_id = $1", id)
        .await;
    instructor_b
        .call(
            "/api/sessions/mark",
            &[
                ("session", &id.to_string()),
                (&format!("mark[{reg}]"), "present"),
            ],
        )
        .await;
    let res = submit(&people[0].0, id, &[("a[clear]".into(), "2".into())]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = trainer
        .post_form(
            "/api/feedback/save-form",
            &format!("/trainer/forms/{family}"),
            &[
                ("family", &family.to_string()),
                ("title", "Short form"),
                ("definition", "choice | pace | Pace | Slow / Right / Fast"),
            ],
        )
        .await;
    assert_eq!(res.status, 302);
    trainer
        .visit(&format!("/trainer/forms/{family}"))
        .await
        .assert_contains("saved as version 2");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_forms WHERE family = $1",
            family
        )
        .await,
        2
    );
    // The answered session keeps its version (its one answer is never shown: too few).
    let page = trainer.visit(&format!("/sessions/{id}/results")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_responses r JOIN feedback_forms f ON f.id = r.form_id \
             WHERE r.session_id = $1 AND f.version = 1",
            id
        )
        .await,
        1
    );
    assert_eq!(app.number("SELECT COUNT(*) FROM feedback_forms WHERE definition LIKE '%very clear%' AND family = $1", family).await, 1);
}

#[tokio::test]
async fn the_same_person_submitting_many_times_at_once_is_stored_exactly_once() {
    let app = TestApp::start().await;
    let (id, _, _, people) = attended_session(&app, 6, "D").await;
    let mut people = people.into_iter();
    let (twice, _) = people.next().unwrap();
    let twice = std::sync::Arc::new(twice);
    let mut tasks = Vec::new();
    for i in 0..8 {
        let b = twice.clone();
        tasks.push(tokio::spawn(async move {
            submit(&b, id, &full_answers("4", &format!("try {i}")))
                .await
                .status
        }));
    }
    // Others answer at the same moment, in the same batches.
    for (b, _) in people {
        tasks.push(tokio::spawn(async move {
            submit(&b, id, &full_answers("5", "")).await.status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        7,
        "{statuses:?}"
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_responses WHERE session_id = $1",
            id
        )
        .await,
        6
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM feedback_answers WHERE session_id = $1 AND comment LIKE 'try %'",
            id
        )
        .await,
        1
    );
}
