//! The anonymity promise under attack from an instructor's side, over real HTTP: each test is
//! one way to learn fewer answers than the minimum — from a page, a CSV or a server function's
//! JSON, directly or by subtracting two figures — and shows it no longer works. The trainers'
//! side is in `anonymity_trainers_http.rs`.

mod common;

use academy::accounts::{Role, User};
use common::sessions::{
    HELD_DAYS_AGO, answers, held_in, held_session, move_back, register, schedule, start_now, submit,
};
use common::{Browser, TestApp};
use serde_json::Value;

/// Another course than `common::sessions::COURSE`, for a colleague's sessions.
const OTHER_COURSE: &str = "who-is-our-customer";
fn json(page: &common::Page) -> Value {
    assert_eq!(page.status, 200, "{}", page.body);
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

/// The question `key` of a view's `questions`.
fn question<'a>(view: &'a Value, key: &str) -> &'a Value {
    view["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["key"] == key))
        .unwrap_or_else(|| panic!("no question {key} in {view}"))
}

/// The shown value of a figure (`{"Value": {...}}`), or None when suppressed.
fn value(figure: &Value) -> Option<f64> {
    figure["Value"]["value"].as_f64()
}

/// An instructor's view, as the hydrated page asks for it.
async fn instructor_view(b: &Browser, filters: &[(&str, &str)]) -> common::Page {
    let mut fields = vec![("filters[question]", "overall")];
    fields.extend_from_slice(filters);
    b.call("/api/benchmarks/instructor", &fields).await
}

#[tokio::test]
async fn a_figure_not_shown_carries_none_of_its_counts_in_json_pages_or_csv() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "AT1").await;
    let (teacher_b, teacher) = app.signed_in(Role::Instructor, "AI1").await;
    // "overall" becomes optional: of five who answer, two answer it.
    let form = academy::feedback::definition::DEFAULT_FORM
        .replace("likert    | overall ", "likert?   | overall ");
    let res = trainer
        .call(
            "/api/feedback/save-form",
            &[
                ("family", "1"),
                ("title", "Session feedback"),
                ("definition", &form),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let people = app.crowd("AP", 5).await;
    let id = held_session(
        &app,
        &trainer,
        "Optional",
        &teacher.employee_id,
        &people,
        &[],
    )
    .await;
    // Answered while the form is open, then the session is moved back again.
    app.run(
        "UPDATE training_sessions SET ends_at = $2, attendance_marked_at = NULL WHERE id = $1",
        &[id, academy::db::now() - 60],
    )
    .await;
    for (i, (b, _)) in people.iter().enumerate() {
        if i < 2 {
            let res = submit(b, id, [1, 2][i], "").await;
            assert_eq!(res.status, 200, "{}", res.body);
        } else {
            // The (now optional) "overall" left unanswered.
            let res = common::sessions::answer(b, id, &[("a[overall]", "")]).await;
            assert_eq!(res.status, 200, "{}", res.body);
        }
    }
    move_back(&app, id, HELD_DAYS_AGO).await;

    // Two answers to "overall" are below the instructor's minimum of 3: not shown, and the
    // server function's JSON holds no count of them either.
    let view = json(&instructor_view(&teacher_b, &[]).await);
    let overall = question(&view, "overall");
    assert_eq!(value(&overall["figure"]), None, "{overall}");
    assert_eq!(overall["counts"], serde_json::json!([]), "{overall}");
    let clarity = question(&view, "clarity");
    assert!(value(&clarity["figure"]).is_some(), "{clarity}");
    assert_eq!(clarity["counts"].as_array().map(Vec::len), Some(5));
    // Nor the page's hydration data, nor the CSV's distribution column.
    let page = teacher_b.visit("/teaching/benchmarks").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains("[1,1,0,0,0]"), "{}", page.body);
    let csv = teacher_b.get("/benchmarks/questions.csv").await;
    let line = csv
        .body
        .lines()
        .find(|l| l.starts_with("overall,"))
        .unwrap_or_else(|| panic!("{}", csv.body));
    assert!(!line.contains("1 (Poor): 1"), "{line}");
}

#[tokio::test]
async fn an_instructor_filters_neither_by_department_nor_into_a_colleagues_course() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "BT1").await;
    let (a_b, a) = app.signed_in(Role::Instructor, "BIA").await;
    let (_, b) = app.signed_in(Role::Instructor, "BIB").await;
    let people = app.crowd("BP", 5).await;
    // One of A's attendees works in Parks: on the roster, so A knows who.
    app.set_department(people[0].1.id, "Parks").await;
    held_session(
        &app,
        &trainer,
        "A's",
        &a.employee_id,
        &people,
        &answers(&[5; 5], ""),
    )
    .await;
    // Only B taught the other course, and B's attendees answered 1.
    held_in(
        &app,
        &trainer,
        OTHER_COURSE,
        "B's",
        &b.employee_id,
        &people,
        &answers(&[1; 5], ""),
    )
    .await;

    // The department filter is refused on every way to an instructor's figures.
    for path in [
        "/teaching/benchmarks?department=Parks",
        "/benchmarks/questions.csv?department=Parks",
    ] {
        let res = a_b.get(path).await;
        assert_eq!(res.status, 422, "{path}: {}", res.body);
        res.assert_contains("no department filter");
    }
    let res = instructor_view(&a_b, &[("filters[department]", "Parks")]).await;
    assert_eq!(res.status, 422, "{}", res.body);
    // A's own page offers no such filter.
    let page = a_b.visit("/teaching/benchmarks").await;
    assert!(!page.body.contains("name=\"department\""), "{}", page.body);

    // The program norm beside A's figures is the whole program whatever the course chosen:
    // with the other course it would be B's results alone (1.00).
    let all = json(&instructor_view(&a_b, &[]).await);
    let norm = value(&question(&all, "overall")["norm"]);
    assert_eq!(norm, Some(3.0), "{all}");
    let other = json(&instructor_view(&a_b, &[("filters[course]", OTHER_COURSE)]).await);
    assert_eq!(value(&question(&other, "overall")["norm"]), norm);
    assert_eq!(value(&question(&other, "overall")["figure"]), None);
}

#[tokio::test]
async fn results_wait_for_the_form_to_close_so_one_more_answer_cannot_be_diffed() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "DT1").await;
    let (teacher_b, teacher) = app.signed_in(Role::Instructor, "DI1").await;
    let people = app.crowd("DP", 5).await;
    let id = schedule(&trainer, "Live", 40, &teacher).await;
    for (b, _) in &people {
        assert_eq!(register(b, id).await.status, 200);
    }
    start_now(&app, id).await;
    common::sessions::mark_present(&app, &trainer, id, &people).await;
    let results = format!("/sessions/{id}/results");
    for (i, (b, _)) in people.iter().enumerate() {
        assert_eq!(submit(b, id, [5, 4, 5, 1, 3][i], "x").await.status, 200);
        if i >= 2 {
            // From the third answer on, each page shows what it showed before that answer
            // came, but for how many have answered.
            for p in [
                trainer.visit(&results).await,
                teacher_b.visit(&results).await,
            ] {
                p.assert_contains("once the feedback form has closed");
                assert!(!p.body.contains("mean "), "{}", p.body);
            }
            let own = teacher_b.visit("/teaching/benchmarks").await;
            own.assert_contains("Not shown: 0 answers, 3 needed");
        }
    }
    // Once closed (and a day for moderation), all five come out together.
    move_back(&app, id, HELD_DAYS_AGO).await;
    let page = teacher_b.visit(&results).await;
    page.assert_contains("mean 3.6");
    let own = teacher_b.visit("/teaching/benchmarks").await;
    own.assert_contains("3.60 (");
}

#[tokio::test]
async fn instructors_cannot_register_check_in_or_answer_for_their_own_session() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "FT1").await;
    let (teacher_b, teacher) = app.signed_in(Role::Instructor, "FI1").await;
    let id = schedule(&trainer, "Own", 40, &teacher).await;
    let sid = id.to_string();
    let res = register(&teacher_b, id).await;
    assert_eq!(res.status, 409, "{}", res.body);
    res.assert_contains("You teach this session");
    // Nor booked by a trainer.
    let res = trainer
        .post_form(
            "/api/sessions/register-people",
            &format!("/sessions/{id}/roster"),
            &[("session", &sid), ("employees", &teacher.employee_id)],
        )
        .await;
    let to = res
        .location
        .clone()
        .unwrap_or_else(|| panic!("{}", res.body));
    let roster = trainer.visit(&to.replace(&app.base, "")).await;
    roster.assert_contains("Not registered because they teach this session");
    start_now(&app, id).await;
    let code = common::sessions::check_in_code(&app, id).await;
    let res = teacher_b
        .call(
            "/api/sessions/check-in",
            &[("session", &sid), ("code", &code)],
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    // Registered before being made an instructor, and marked present: still no answer.
    let (other_b, other) = app.signed_in(Role::Instructor, "FI2").await;
    let late = schedule(&trainer, "Joined later", 40, &teacher).await;
    assert_eq!(register(&other_b, late).await.status, 200);
    app.run(
        "INSERT INTO session_instructors (session_id, position, user_id, name, organisation) \
         VALUES ($1, 99, $2, 'Other', '')",
        &[late, other.id],
    )
    .await;
    start_now(&app, late).await;
    let res = submit(&other_b, late, 5, "I was great").await;
    assert_eq!(res.status, 409, "{}", res.body);
    res.assert_contains("You teach this session");
    for s in [id, late] {
        assert_eq!(
            app.number(
                "SELECT COUNT(*) FROM feedback_receipts WHERE session_id = $1",
                s
            )
            .await,
            0
        );
    }
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1",
            id
        )
        .await,
        0
    );
}

#[tokio::test]
async fn comments_are_named_by_handles_that_do_not_link_one_persons_comments() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "GT1").await;
    let (_, teacher) = app.signed_in(Role::Instructor, "GI1").await;
    let people: Vec<(Browser, User)> = app.crowd("GP", 3).await;
    let id = schedule(&trainer, "Talkative", 40, &teacher).await;
    for (b, _) in &people {
        assert_eq!(register(b, id).await.status, 200);
    }
    start_now(&app, id).await;
    common::sessions::mark_present(&app, &trainer, id, &people).await;
    let sid = id.to_string();
    for (i, (b, _)) in people.iter().enumerate() {
        let (worked, improve) = (format!("worked {i}"), format!("improve {i}"));
        let mut fields: Vec<(&str, &str)> = vec![
            ("session", &sid),
            ("a[worked]", &worked),
            ("a[improve]", &improve),
        ];
        for k in [
            "a[knowledge]",
            "a[clarity]",
            "a[engagement]",
            "a[relevance]",
        ] {
            fields.push((k, "4"));
        }
        fields.extend([
            ("a[apply]", "4"),
            ("a[overall]", "4"),
            ("a[recommend]", "8"),
        ]);
        assert_eq!(b.call("/api/feedback/submit", &fields).await.status, 200);
    }
    move_back(&app, id, HELD_DAYS_AGO).await;
    let page = trainer.visit(&format!("/sessions/{id}/results")).await;
    page.assert_contains("worked 0");
    let ids = common::sessions::response_ids(&app).await;
    assert_eq!(ids.len(), 3);
    for rid in &ids {
        assert!(
            !page.body.contains(&rid.to_string()),
            "response id {rid} shown"
        );
    }
    let handles: Vec<&str> = page
        .body
        .split("name=\"comment\" value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(handles.len(), 6, "{}", page.body);
    let mut unique = handles.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 6, "every comment its own handle");
    // A handle still hides its comment.
    let res = trainer
        .call(
            "/api/feedback/hide",
            &[
                ("session", &sid),
                ("comment", handles[0]),
                ("reason", "test"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = trainer
        .call(
            "/api/feedback/hide",
            &[
                ("session", &sid),
                ("comment", "0badc0ffee"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, 404, "{}", res.body);
}
