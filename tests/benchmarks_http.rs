//! Benchmarking over real HTTP, fed by the real flow (schedule, register, mark attendance,
//! submit feedback): the figures and their intervals, the honesty rules (suppression, rate
//! flag, the sessions a ranking needs), filters, CSV, and who may see what.

mod common;

use academy::accounts::{Role, User};
use common::sessions::{answers, held_session, register, submit};
use common::{Browser, TestApp};

/// t(0.975, 24), from a printed table of Student's t: the interval of 25 answers.
const T_975_24: f64 = 2.063_898_561_628_021;

/// A benchmarked session: `scores` answer "overall", all with the same comment.
async fn held(
    app: &TestApp,
    trainer: &Browser,
    instructors: &str,
    people: &[(Browser, User)],
    scores: &[i64],
    comment: &str,
) -> i64 {
    let answers = answers(scores, comment);
    held_session(
        app,
        trainer,
        "Benchmarked session",
        instructors,
        people,
        &answers,
    )
    .await
}

#[tokio::test]
async fn figures_intervals_honesty_rules_and_access() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "BT1").await;
    let (a_b, a) = app.signed_in(Role::Instructor, "BIA").await;
    let (b_b, b) = app.signed_in(Role::Instructor, "BIB").await;
    let (d_b, d) = app.signed_in(Role::Instructor, "BID").await;
    let (employee, _) = app.signed_in(Role::Employee, "BE1").await;
    let people = app.crowd("BP", 5).await;

    // A: 5 sessions, the last co-taught with B; B: 3 more alone; D: one with 2 answers.
    let a_scores = [5, 5, 4, 5, 4];
    for _ in 0..4 {
        held(&app, &trainer, &a.employee_id, &people, &a_scores, "Clear").await;
    }
    // The newest: its comments come first.
    let shared = held(
        &app,
        &trainer,
        &format!("{} {}", a.employee_id, b.employee_id),
        &people,
        &a_scores,
        "<b>Great</b> role plays",
    )
    .await;
    for _ in 0..3 {
        held(
            &app,
            &trainer,
            &b.employee_id,
            &people,
            &[2, 3, 2, 3, 2],
            "Slow",
        )
        .await;
    }
    let d_session = held(&app, &trainer, &d.employee_id, &people, &[5, 5], "Only two").await;

    // The tallies the dashboards read agree with the answers themselves.
    let mismatched = app
        .number(
            "SELECT COUNT(*) FROM (SELECT session_id, question_key, value, COUNT(*) AS n \
             FROM feedback_answers WHERE value IS NOT NULL GROUP BY session_id, question_key, value) x \
             LEFT JOIN feedback_tallies t ON t.session_id = x.session_id \
             AND t.question_key = x.question_key AND t.value = x.value \
             WHERE t.n IS NULL OR t.n <> x.n OR x.n <> $1 - $1 + x.n",
            0,
        )
        .await;
    assert_eq!(mismatched, 0, "session tallies equal the answers");
    let by_month = app
        .number(
            "SELECT CAST(SUM(n) AS BIGINT) FROM feedback_month_tallies WHERE question_key = 'overall' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(
        by_month,
        5 * 5 + 3 * 5 + 2,
        "month tallies hold every answer"
    );
    // A held session moved to another month takes its answers with it.
    let db = app.state.db.clone();
    let (moved, stayed) = common::on_server(async move {
        let (old, course): (String, i64) =
            sqlx::query_as("SELECT month, course_id FROM training_sessions WHERE id = $1")
                .bind(d_session)
                .fetch_one(&db)
                .await?;
        let mut tx = db.begin().await?;
        sqlx::query("UPDATE training_sessions SET month = '2020-01' WHERE id = $1")
            .bind(d_session)
            .execute(&mut *tx)
            .await?;
        academy::benchmarks::store::recount_months(
            &mut tx,
            &[(old.clone(), course), ("2020-01".into(), course)],
        )
        .await
        .unwrap();
        tx.commit().await?;
        let sum = |month: String| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(
                    "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM feedback_month_tallies \
                     WHERE question_key = 'overall' AND month = $1",
                )
                .bind(month)
                .fetch_one(&db)
                .await
            }
        };
        Ok::<_, sqlx::Error>((sum("2020-01".into()).await?, sum(old).await?))
    })
    .await
    .unwrap();
    assert_eq!((moved, moved + stayed), (2, 5 * 5 + 3 * 5 + 2));
    // The department month totals and answers moved with it (everyone here works in Revenue).
    for sql in [
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM feedback_department_month_tallies \
         WHERE department = 'Revenue' AND month = '2020-01' AND question_key = 'overall' AND $1 = $1",
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM feedback_department_month_answers \
         WHERE department = 'Revenue' AND month = '2020-01' AND question_key = 'overall' AND $1 = $1",
    ] {
        assert_eq!(app.number(sql, 0).await, 2, "{sql}");
    }
    let off = common::totals::disagreements(&app).await;
    assert!(
        off.is_empty(),
        "every total agrees with the answers: {off:?}"
    );

    // A's own page: mean 4.60 from 15 fives and 10 fours; sd 0.5, so the interval is
    // 4.6 ± t(0.975, 24) × 0.5 / 5.
    let half = T_975_24 * 0.5 / 5.0;
    let expected = format!("4.60 ({:.2}–{:.2})", 4.6 - half, 4.6 + half);
    assert_eq!(expected, "4.60 (4.39–4.81)");
    let own = a_b.visit("/teaching/benchmarks").await;
    assert_eq!(own.status, 200, "{}", own.body);
    own.assert_contains("My feedback");
    own.assert_contains(&expected);
    own.assert_contains("100 % (25 of 25)");
    own.assert_contains("above");
    own.assert_contains("&lt;b&gt;Great&lt;/b&gt; role plays");
    own.assert_contains("<svg");
    own.assert_contains("<title id=\"own-trend-title\">");
    assert!(!own.body.contains("<b>Great</b>"), "comments are escaped");
    assert!(
        !own.body.contains(&b.name),
        "an instructor's page names no other instructor"
    );

    // D: a session of 2 answers is left out of the own page (minimum 3), not shown as zero;
    // the rate of 2 in 5 is flagged.
    let own_d = d_b.visit("/teaching/benchmarks").await;
    own_d.assert_contains("Not shown: 0 answers, 3 needed");
    own_d.assert_contains("Your figures: 0 of 1 sessions held");
    own_d.assert_contains("40 % (2 of 5) — low");
    assert!(
        !own_d.body.contains("Only two"),
        "comments wait for the minimum too"
    );
    assert!(!own_d.body.contains("0.00 ("));
    // The form has closed: a third answer can no longer arrive to tip the session over.
    let res = submit(&people[2].0, d_session, 4, "Third").await;
    assert_eq!(res.status, 422, "{}", res.body);
    res.assert_contains("Feedback on this session has closed.");

    // The trainers' dashboard: A and the guest ranked; B has 4 sessions, D 1: not ranked.
    let dash = trainer.visit("/trainer/benchmarks").await;
    assert_eq!(dash.status, 200, "{}", dash.body);
    dash.assert_contains(&a.name);
    dash.assert_contains(&expected);
    dash.assert_contains("Maria Lopez, Grand Hotel (guest)");
    dash.assert_contains("4 sessions; 5 are needed to compare");
    dash.assert_contains("2 answers to this question; 5 are needed to compare");
    dash.assert_contains("role=\"img\"");
    let in_house = trainer.visit("/trainer/benchmarks?kind=in-house").await;
    assert!(!in_house.body.contains("Maria Lopez, Grand Hotel (guest)"));
    in_house.assert_contains(&expected);
    // Everyone answering works in Revenue: the department view holds the same figures.
    let revenue = trainer
        .visit("/trainer/benchmarks?department=Revenue")
        .await;
    revenue.assert_contains(&expected);
    revenue.assert_contains("100 % (25 of 25)");
    let nobody = trainer.visit("/trainer/benchmarks?department=Parks").await;
    nobody.assert_contains("No instructor has enough sessions and answers");
    let bad = trainer.visit("/trainer/benchmarks?from=2026-13").await;
    bad.assert_contains("From must be a month written as YYYY-MM");
    let bad = trainer
        .visit("/trainer/benchmarks?course=no-such-course")
        .await;
    bad.assert_contains("There is no course");

    // CSV holds the page's numbers.
    let csv = trainer.get("/benchmarks/ranking.csv").await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body
            .contains(&format!("{},no,5,25,25,100.0,,4.600,", a.name)),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("4 sessions; 5 are needed"),
        "{}",
        csv.body
    );
    let csv = a_b.get("/benchmarks/questions.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("overall,"), "{}", csv.body);
    assert!(csv.body.contains("4.600,4.394,4.806,25"), "{}", csv.body);

    // Who may see what.
    let a_page = format!("/benchmarks/instructor?who=u{}", a.id);
    let b_page = format!("/benchmarks/instructor?who=u{}", b.id);
    assert_eq!(trainer.get(&b_page).await.status, 200);
    assert_eq!(
        trainer
            .get("/benchmarks/instructor?who=u999999")
            .await
            .status,
        404,
        "an unknown account"
    );
    assert_eq!(a_b.get(&a_page).await.status, 200, "one's own page");
    assert_eq!(a_b.get(&b_page).await.status, 403, "a co-instructor's page");
    assert_eq!(b_b.get(&a_page).await.status, 403);
    assert_eq!(
        b_b.get(&format!("/sessions/{shared}/results")).await.status,
        200,
        "co-instructors share the session's results"
    );
    assert_eq!(
        a_b.get(&format!("/benchmarks/questions.csv?who=u{}", b.id))
            .await
            .status,
        403
    );
    for path in [
        "/trainer/benchmarks",
        "/benchmarks/ranking.csv",
        "/benchmarks/courses.csv",
    ] {
        assert_eq!(a_b.get(path).await.status, 403, "instructor: {path}");
    }
    for path in [
        "/trainer/benchmarks",
        "/teaching/benchmarks",
        a_page.as_str(),
        "/benchmarks/ranking.csv",
        "/benchmarks/questions.csv",
    ] {
        assert_eq!(employee.get(path).await.status, 403, "employee: {path}");
    }
    let anonymous = app.browser().get("/benchmarks/ranking.csv").await;
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
}

#[tokio::test]
async fn response_rates_count_only_sessions_whose_attendance_is_recorded() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "RT1").await;
    let (teacher_b, teacher) = app.signed_in(Role::Instructor, "RIA").await;
    let people = app.crowd("RP", 5).await;

    // Recorded: the roster marks five present, two answer.
    held(
        &app,
        &trainer,
        &teacher.employee_id,
        &people,
        &[4, 5],
        "Fine",
    )
    .await;

    // Not recorded: three check in with the code, the session ends, nobody saves the roster;
    // the form opens at the end and all three answer.
    let id = common::sessions::schedule(&trainer, "Roster never saved", 40, &teacher).await;
    for (b, _) in &people[..3] {
        assert_eq!(register(b, id).await.status, 200);
    }
    common::sessions::start_now(&app, id).await;
    let code = common::sessions::check_in_code(&app, id).await;
    let sid = id.to_string();
    for (b, _) in &people[..3] {
        let res = b
            .call(
                "/api/sessions/check-in",
                &[("session", &sid), ("code", &code)],
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let now = academy::db::now();
    app.run(
        "UPDATE training_sessions SET starts_at = $2, ends_at = $3 WHERE id = $1",
        &[id, now - 4 * 3600, now - 3600],
    )
    .await;
    for (b, _) in &people[..3] {
        let res = submit(b, id, 5, "Great").await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    // Both held in the same closed month, so the dashboard covers them.
    common::sessions::move_back(&app, id, common::sessions::HELD_DAYS_AGO).await;
    assert_eq!(
        app.number(
            "SELECT attended FROM training_sessions WHERE id = $1 AND attendance_marked_at IS NULL",
            id
        )
        .await,
        3,
        "the three who checked in count as attending, though the roster was never saved"
    );

    // 2 of the 5 attendees of the recorded session: 40 %, not 5 of 8 (62 %), on the dashboard,
    // on the instructor's own page and in the trainer's view of it.
    let dash = trainer.visit("/trainer/benchmarks").await;
    assert_eq!(dash.status, 200, "{}", dash.body);
    dash.assert_contains("<dt>Sessions held</dt><dd>2</dd>");
    dash.assert_contains("40 % (2 of 5) — low");
    assert!(!dash.body.contains("(5 of 8)"), "{}", dash.body);
    for (b, path) in [
        (&teacher_b, "/teaching/benchmarks".to_string()),
        (
            &trainer,
            format!("/benchmarks/instructor?who=u{}", teacher.id),
        ),
    ] {
        let page = b.visit(&path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        page.assert_contains("40 % (2 of 5) — low");
        // The session itself is listed with its answers, and no rate until the roster is saved.
        page.assert_contains("3 responses, no attendance recorded");
    }
    let csv = teacher_b.get("/benchmarks/sessions.csv").await;
    assert_eq!(csv.status, 200);
    let line = |title: &str| {
        csv.body
            .lines()
            .find(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("{title} in {}", csv.body))
    };
    assert!(line("Roster never saved,").ends_with(",0,3,,"));
    assert!(line("Benchmarked session,").ends_with(",5,2,40.0,below 50 %"));

    // Once the instructor saves the roster, the session counts: 5 answers of 8 attendees.
    common::sessions::mark_present(&app, &teacher_b, id, &people[..3]).await;
    let dash = trainer.visit("/trainer/benchmarks").await;
    dash.assert_contains(" % (5 of 8)");
}
