//! The anonymity promise under attack from a trainer's side, over real HTTP: month windows,
//! departments, courses and the ranking, each a way to subtract two figures down to fewer
//! answers than the minimum, and each shown to no longer work. The instructors' side is in
//! `anonymity_http.rs`.

mod common;

use academy::accounts::{Role, User};
use common::sessions::{
    HELD_DAYS_AGO, answers, held_in, held_session, move_back, register, start_now, submit,
};
use common::{Browser, TestApp};

/// Another course than `common::sessions::COURSE`, for a colleague's sessions.
const OTHER_COURSE: &str = "who-is-our-customer";
async fn month_of(app: &TestApp, session: i64) -> String {
    common::sessions::session_text(app, session, "month").await
}

/// Whether the trainer's program CSV under `query` shows "overall" as 4.000.
async fn overall_four(trainer: &Browser, query: &str) -> bool {
    let csv = trainer
        .get(&format!("/benchmarks/program.csv?{query}"))
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let line = csv.body.lines().find(|l| l.starts_with("overall,"));
    line.unwrap_or_else(|| panic!("{}", csv.body))
        .contains("4.000")
}

#[tokio::test]
async fn overlapping_month_windows_differ_by_whole_periods_never_by_one_answer() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "CT1").await;
    let (_, teacher) = app.signed_in(Role::Instructor, "CI1").await;
    let people = app.crowd("CP", 5).await;
    let taught = teacher.employee_id.clone();
    // Five answers in one month, a single one the next, five more after.
    let first = held_session(
        &app,
        &trainer,
        "M1",
        &taught,
        &people,
        &answers(&[4; 5], ""),
    )
    .await;
    let lone = held_session(&app, &trainer, "M2", &taught, &people, &answers(&[1], "")).await;
    let last = held_session(
        &app,
        &trainer,
        "M3",
        &taught,
        &people,
        &answers(&[4; 5], ""),
    )
    .await;
    move_back(&app, first, HELD_DAYS_AGO + 70).await;
    move_back(&app, lone, HELD_DAYS_AGO + 35).await;
    let (m1, m2) = (month_of(&app, first).await, month_of(&app, lone).await);
    assert!(m1 < m2 && m2 < month_of(&app, last).await);

    // M1 alone and M1–M2 both "pass the minimum"; their difference would be the lone answer.
    let program = |from: &str, to: &str| {
        let path = format!("/benchmarks/program.csv?from={from}&to={to}");
        let trainer = &trainer;
        async move {
            let csv = trainer.get(&path).await;
            assert_eq!(csv.status, 200, "{}", csv.body);
            csv.body
                .lines()
                .find(|l| l.starts_with("overall,"))
                .unwrap_or_else(|| panic!("{}", csv.body))
                .to_string()
        }
    };
    let one = program(&m1, &m1).await;
    let two = program(&m1, &m2).await;
    assert!(one.contains("4.000,4.000,4.000,5,"), "{one}");
    assert_eq!(
        one, two,
        "M2 falls in a period with M3 and is left out of M1–M2"
    );
    let page = trainer
        .visit(&format!("/trainer/benchmarks?from={m1}&to={m2}"))
        .await;
    page.assert_contains("crosses the edge of the chosen months");
    // The trend is by period, not by month: no month of one answer stands beside the others.
    let trend = trainer.get("/benchmarks/program-trend.csv").await;
    assert_eq!(trend.body.lines().count(), 3, "{}", trend.body);
    assert!(trend.body.contains(&format!("{m2} to ")), "{}", trend.body);
}

#[tokio::test]
async fn all_departments_minus_one_department_never_leaves_fewer_than_the_minimum() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "ET1").await;
    let (_, teacher) = app.signed_in(Role::Instructor, "EI1").await;
    let people = app.crowd("EP", 7).await;
    for (_, u) in &people[5..] {
        app.set_department(u.id, "Parks").await;
    }
    let scores = answers(&[4, 4, 4, 4, 4, 1, 2], "");
    held_session(
        &app,
        &trainer,
        "Mixed",
        &teacher.employee_id,
        &people,
        &scores,
    )
    .await;
    let overall = |csv: &str| {
        csv.lines()
            .find(|l| l.starts_with("overall,"))
            .unwrap_or_else(|| panic!("{csv}"))
            .to_string()
    };
    let all = overall(&trainer.get("/benchmarks/program.csv").await.body);
    assert!(all.contains(",7,"), "all seven: {all}");
    // Revenue has 5 answers, but all minus Revenue would be Parks' two: neither is shown.
    for department in ["Revenue", "Parks"] {
        let csv = trainer
            .get(&format!("/benchmarks/program.csv?department={department}"))
            .await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        let line = overall(&csv.body);
        assert!(!line.contains("4.000"), "{department}: {line}");
        assert!(!line.contains(",5,") && !line.contains(",2,"), "{line}");
    }
    let page = trainer
        .visit("/trainer/benchmarks?department=Revenue")
        .await;
    page.assert_contains("what remains outside it, has fewer than 5 answers");
}

#[tokio::test]
async fn courses_side_by_side_never_leave_a_small_course_as_the_programs_remainder() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "HT1").await;
    let (_, teacher) = app.signed_in(Role::Instructor, "HI1").await;
    let people = app.crowd("HP", 9).await;
    let taught = teacher.employee_id.clone();
    held_session(
        &app,
        &trainer,
        "Big",
        &taught,
        &people,
        &answers(&[4; 9], ""),
    )
    .await;
    let small = answers(&[1, 2], "");
    held_in(
        &app,
        &trainer,
        OTHER_COURSE,
        "Small",
        &taught,
        &people,
        &small,
    )
    .await;
    let program = trainer.get("/benchmarks/program.csv").await;
    assert!(program.body.contains(",11,"), "{}", program.body);
    // 9 shown beside the program's 11 would be the small course's 2 answers.
    let csv = trainer.get("/benchmarks/courses.csv").await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{}", csv.body);
    for line in lines {
        assert!(line.contains("suppressed"), "{line}");
        assert!(!line.contains("4.000"), "{line}");
    }
}

#[tokio::test]
async fn departments_one_by_one_never_leave_the_people_of_no_department_as_the_remainder() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "JT1").await;
    let (_, teacher) = app.signed_in(Role::Instructor, "JI1").await;
    let people = app.crowd("JP", 12).await;
    for (i, (_, u)) in people.iter().enumerate().skip(5) {
        let department = if i < 10 { "Parks" } else { "" };
        app.set_department(u.id, department).await;
    }
    let mut scores = vec![4; 10];
    scores.extend([1, 1]);
    let taught = &teacher.employee_id;
    held_session(
        &app,
        &trainer,
        "Three groups",
        taught,
        &people,
        &answers(&scores, ""),
    )
    .await;
    // Revenue 5 and Parks 5 each pass beside the program of 12, but both shown would make the
    // two people of no department the program minus the two.
    let revenue = overall_four(&trainer, "department=Revenue").await;
    let parks = overall_four(&trainer, "department=Parks").await;
    assert!(
        revenue != parks,
        "one department is shown, the other withheld"
    );
}

#[tokio::test]
async fn courses_one_by_one_never_leave_a_small_course_as_the_remainder() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "KT1").await;
    let (_, teacher) = app.signed_in(Role::Instructor, "KI1").await;
    let people = app.crowd("KP", 5).await;
    let taught = &teacher.employee_id;
    let five = answers(&[4; 5], "");
    held_session(&app, &trainer, "First", taught, &people, &five).await;
    held_in(
        &app,
        &trainer,
        OTHER_COURSE,
        "Second",
        taught,
        &people,
        &five,
    )
    .await;
    let two = answers(&[1, 1], "");
    held_in(
        &app,
        &trainer,
        "service-vs-experience",
        "Third",
        taught,
        &people,
        &two,
    )
    .await;
    // Each of the two big courses passes beside the program of 12; both shown would make the
    // third course's two answers the program minus the two.
    let first = overall_four(&trainer, &format!("course={}", common::sessions::COURSE)).await;
    let second = overall_four(&trainer, &format!("course={OTHER_COURSE}")).await;
    assert!(first != second, "one course is shown, the other withheld");
}

/// A session taught by `instructor` alone (no guest), attended by `people`, answered with
/// `scores`, held long ago.
async fn held_alone(
    app: &TestApp,
    trainer: &Browser,
    instructor: &str,
    people: &[(Browser, User)],
    scores: &[i64],
) -> i64 {
    let date = common::sessions::day_in(7);
    let mut fields = common::sessions::session_fields("Alone", &date, "40", instructor);
    fields.retain(|(k, _)| *k != "form[guests]");
    fields.push(("form[guests]", ""));
    let id = common::sessions::schedule_with(trainer, &fields).await;
    for (b, _) in people {
        assert_eq!(register(b, id).await.status, 200);
    }
    start_now(app, id).await;
    common::sessions::mark_present(app, trainer, id, people).await;
    for ((b, _), s) in people.iter().zip(scores) {
        assert_eq!(submit(b, id, *s, "").await.status, 200);
    }
    move_back(app, id, HELD_DAYS_AGO).await;
    id
}

#[tokio::test]
async fn the_ranking_never_leaves_a_few_unranked_answers_as_the_programs_remainder() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "LT1").await;
    let (_, a) = app.signed_in(Role::Instructor, "LIA").await;
    let (_, d) = app.signed_in(Role::Instructor, "LID").await;
    let people = app.crowd("LP", 5).await;
    for _ in 0..5 {
        held_alone(&app, &trainer, &a.employee_id, &people, &[4; 5]).await;
    }
    held_alone(&app, &trainer, &d.employee_id, &people, &[1, 1]).await;
    // A ranked beside the program of 27 would make D's 2 answers the program minus A's 25.
    let csv = trainer.get("/benchmarks/ranking.csv").await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let line = csv
        .body
        .lines()
        .find(|l| l.contains(&a.name))
        .unwrap_or_else(|| panic!("{}", csv.body));
    assert!(line.starts_with(','), "A is not ranked: {line}");
    assert!(line.contains("cannot be worked out"), "{line}");
    let program = trainer.get("/benchmarks/program.csv").await;
    assert!(program.body.contains(",27,"), "{}", program.body);
}

#[tokio::test]
async fn co_teachers_side_by_side_never_differ_by_a_few_answers() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "CT1").await;
    let (_, a) = app.signed_in(Role::Instructor, "CIA").await;
    let (_, b) = app.signed_in(Role::Instructor, "CIB").await;
    let people = app.crowd("CP", 5).await;
    let both = format!("{}, {}", a.employee_id, b.employee_id);
    for _ in 0..5 {
        held_alone(&app, &trainer, &both, &people, &[4; 5]).await;
    }
    // A also taught one session alone, which one person answered: A's 26 answers minus B's 25
    // would be that person's answers.
    held_alone(&app, &trainer, &a.employee_id, &people[..1], &[1]).await;
    let csv = trainer.get("/benchmarks/ranking.csv").await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let line = |who: &User| {
        csv.body
            .lines()
            .find(|l| l.contains(&who.name))
            .unwrap_or_else(|| panic!("{} in {}", who.name, csv.body))
            .to_string()
    };
    let ranked: Vec<bool> = [&a, &b].iter().map(|w| !line(w).starts_with(',')).collect();
    assert_ne!(
        ranked,
        vec![true, true],
        "both co-teachers ranked side by side: {}",
        csv.body
    );
    assert!(
        csv.body.contains("a co-teacher taught without them"),
        "{}",
        csv.body
    );
    // The program still counts every answer.
    let program = trainer.get("/benchmarks/program.csv").await;
    assert!(program.body.contains(",26,"), "{}", program.body);
}
