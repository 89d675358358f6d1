//! `academy demo seed` against a real database (SQLite, or PostgreSQL when ACADEMY_TEST_POSTGRES
//! is set): demo data never touches real people, small and zero numbers work or are refused in
//! one sentence (never a panic), and sessions are spread over every demo instructor.

mod common;

use academy::accounts::Role;
use academy::demo::{SeedOptions, feedback::FeedbackOptions};
use common::{TestApp, on_server};

fn options(employees: usize, sessions: usize, instructors: usize, responses: usize) -> SeedOptions {
    SeedOptions {
        employees,
        courses: 2,
        enrolments: 1,
        generate_courses: None,
        password: "demo learner passphrase".into(),
        seed: 11,
        feedback: FeedbackOptions {
            sessions,
            instructors,
            responses,
        },
    }
}

async fn seed(app: &TestApp, opts: SeedOptions) -> Result<String, String> {
    let config = (*app.state.config).clone();
    on_server(async move { academy::demo::seed(&config, opts).await }).await
}

/// A count from the database; `$1` is bound to 0 (and unused).
async fn count(app: &TestApp, sql: &'static str) -> i64 {
    app.number(sql, 0).await
}

#[tokio::test]
async fn the_seed_gives_sessions_and_feedback_only_to_the_demo_people_it_created() {
    let app = TestApp::start().await;
    // Real people whose ids look like the demo's, and a real department with its own name.
    let real_instructor = app.user(Role::Instructor, "I000042").await;
    let real_employee = app.user(Role::Employee, "D000090").await;
    let db = app.state.db.clone();
    on_server(async move {
        academy::departments::store::save_department(&db, "FINANCE", "Department of Finance", None)
            .await
    })
    .await
    .unwrap();

    let summary = seed(&app, options(40, 40, 5, 300)).await.unwrap();
    assert!(summary.contains("Seeded 5 instructors"), "{summary}");

    for who in [real_instructor.id, real_employee.id] {
        for sql in [
            "SELECT COUNT(*) FROM session_instructors WHERE user_id = $1",
            "SELECT COUNT(*) FROM registrations WHERE user_id = $1",
            "SELECT COUNT(*) FROM feedback_receipts WHERE user_id = $1",
            "SELECT COUNT(*) FROM enrollments WHERE user_id = $1",
            "SELECT COUNT(*) FROM certificates WHERE user_id = $1",
        ] {
            assert_eq!(app.number(sql, who).await, 0, "{sql} for a real person");
        }
    }
    // Everyone the seed used is one of its own accounts.
    for sql in [
        "SELECT COUNT(*) FROM session_instructors si JOIN users u ON u.id = si.user_id \
         WHERE NOT u.email LIKE '%@demo.city.test' AND $1 = $1",
        "SELECT COUNT(*) FROM registrations r JOIN users u ON u.id = r.user_id \
         WHERE NOT u.email LIKE '%@demo.city.test' AND $1 = $1",
        "SELECT COUNT(*) FROM feedback_receipts r JOIN users u ON u.id = r.user_id \
         WHERE NOT u.email LIKE '%@demo.city.test' AND $1 = $1",
        "SELECT COUNT(*) FROM enrollments e JOIN users u ON u.id = e.user_id \
         WHERE NOT u.email LIKE '%@demo.city.test' AND $1 = $1",
    ] {
        assert_eq!(count(&app, sql).await, 0, "{sql}");
    }
    // Five demo instructors, and every one of them leads sessions.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(DISTINCT si.user_id) FROM session_instructors si \
             JOIN users u ON u.id = si.user_id \
             WHERE u.email LIKE '%@demo.city.test' AND si.position = $1"
        )
        .await,
        5
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users u WHERE u.email LIKE '%@demo.city.test' \
             AND u.role = 'instructor' AND $1 = $1"
        )
        .await,
        5
    );
    // The totals asked for, exactly.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM training_sessions WHERE $1 = $1").await,
        40
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM feedback_responses WHERE $1 = $1"
        )
        .await,
        300
    );
    // The real department keeps its name.
    let db = app.state.db.clone();
    let name: String = on_server(async move {
        sqlx::query_scalar("SELECT name FROM departments WHERE code = 'FINANCE'")
            .fetch_one(&db)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(name, "Department of Finance");
}

#[tokio::test]
async fn a_real_account_holding_a_demo_id_stops_the_seed_before_it_writes_anything() {
    let app = TestApp::start().await;
    let real = app.user(Role::Instructor, "I000001").await;
    let users = count(&app, "SELECT COUNT(*) FROM users WHERE $1 = $1").await;
    let e = seed(&app, options(10, 6, 3, 20)).await.unwrap_err();
    assert!(
        e.starts_with("employee id I000001 belongs to a real account"),
        "{e}"
    );
    assert!(
        e.contains("D000001–D000010, I000001–I000003, T000001"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE $1 = $1").await,
        users
    );
    for sql in [
        "SELECT COUNT(*) FROM training_sessions WHERE $1 = $1",
        "SELECT COUNT(*) FROM enrollments WHERE $1 = $1",
        "SELECT COUNT(*) FROM departments WHERE $1 = $1",
    ] {
        assert_eq!(count(&app, sql).await, 0, "{sql}");
    }
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM session_instructors WHERE user_id = $1",
            real.id
        )
        .await,
        0
    );
}

#[tokio::test]
async fn small_and_zero_numbers_either_work_or_get_one_clear_sentence_never_a_panic() {
    // (employees, sessions, instructors, responses): each works on a fresh database…
    for (e, s, i, r) in [
        (5, 3, 2, 5),
        (5, 0, 0, 0),
        (3, 3, 1, 0),
        (1, 1, 1, 1),
        (2, 4, 4, 8),
        (6, 12, 9, 70),
    ] {
        let app = TestApp::start().await;
        let summary = seed(&app, options(e, s, i, r))
            .await
            .unwrap_or_else(|err| panic!("{e} {s} {i} {r}: {err}"));
        assert!(
            summary.starts_with(&format!("Seeded {e} employees")),
            "{summary}"
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM training_sessions WHERE $1 = $1").await,
            s as i64
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM feedback_responses WHERE $1 = $1"
            )
            .await,
            r as i64,
            "{e} {s} {i} {r}"
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(DISTINCT user_id) FROM session_instructors \
                 WHERE user_id IS NOT NULL AND $1 = $1"
            )
            .await,
            i as i64,
            "every instructor leads a session: {e} {s} {i} {r}"
        );
        // Nobody answers twice, and nobody answers a session they did not attend.
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM feedback_receipts f LEFT JOIN registrations g \
                 ON g.session_id = f.session_id AND g.user_id = f.user_id \
                 WHERE g.state IS NULL OR g.state <> 'attended' OR $1 <> 0"
            )
            .await,
            0
        );
    }
    // …or is refused in one sentence, with nothing written.
    let app = TestApp::start().await;
    let mut no_courses = options(5, 0, 0, 0);
    no_courses.courses = 0;
    for (opts, says) in [
        (options(0, 3, 2, 5), "--employees must be at least 1"),
        (no_courses, "--courses must be at least 1"),
        (options(5, 3, 0, 5), "--instructors must be at least 1"),
        (
            options(5, 3, 5, 5),
            "--instructors 5 is more than --sessions 3",
        ),
        (
            options(5, 3, 2, 100),
            "--responses 100 is more than 3 sessions with 5 employees can give (15)",
        ),
    ] {
        let e = seed(&app, opts).await.unwrap_err();
        assert!(e.starts_with(says), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE $1 = $1").await,
        0
    );
}

#[test]
fn the_command_line_says_what_is_wrong_in_one_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_academy"))
            .args(["demo", "seed"])
            .args(args)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/academy.db", dir.path().display()),
            )
            .env(
                "ACADEMY_COURSES_DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/courses"),
            )
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let refused = run(&[
        "--employees",
        "5",
        "--sessions",
        "3",
        "--instructors",
        "2",
        "--responses",
        "100",
    ]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("academy: --responses 100 is more than"),
        "{stderr}"
    );
    let seeded = run(&[
        "--employees",
        "5",
        "--courses",
        "2",
        "--enrolments",
        "1",
        "--sessions",
        "3",
        "--instructors",
        "2",
        "--responses",
        "5",
    ]);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    assert!(String::from_utf8_lossy(&seeded.stdout).contains("5 feedback responses"));
}
