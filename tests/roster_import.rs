//! The HR roster import against the real database (SQLite, or PostgreSQL when
//! ACADEMY_TEST_POSTGRES is set): create, change, deactivate, dry run, strict, bad rows by line,
//! and idempotence.

mod common;

use academy::departments::{import, store};
use common::{TestApp, on_server};

async fn run(app: &TestApp, csv: &str, opts: import::Options) -> import::Report {
    let db = app.state.db.clone();
    let bytes = csv.as_bytes().to_vec();
    on_server(async move { import::run(&db, &bytes, &opts).await })
        .await
        .unwrap()
}

fn opts(dry_run: bool, strict: bool, full: bool) -> import::Options {
    import::Options {
        dry_run,
        strict,
        full,
        file_name: "hr.csv".into(),
        by: "test".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    }
}

const HEADER: &str = "employee_id,name,email,department,job_title,manager_id,active\n";

#[tokio::test]
async fn the_roster_import_creates_changes_deactivates_and_reports_bad_rows_by_line() {
    let app = TestApp::start().await;
    let db = app.state.db.clone();
    on_server(async move {
        store::save_department(&db, "REV", "Revenue", None).await?;
        store::save_department(&db, "PARKS", "Parks and Recreation", None).await?;
        store::save_department(&db, "PARKS-N", "Parks North", Some("PARKS")).await
    })
    .await
    .unwrap();

    let first = format!(
        "{HEADER}R001,Ana Ruiz,ana.ruiz@city.test,REV,Clerk,,yes\n\
         R002,Ben Ode,ben.ode@city.test,parks,Ranger,R001,yes\n\
         R003,Cy Lam,not-an-email,REV,Clerk,,yes\n\
         R004,Di Fox,di.fox@city.test,NOPE,Clerk,,yes\n\
         R001,Ana Again,other@city.test,REV,Clerk,,yes\n"
    );
    // A dry run says what would happen and changes nothing.
    let dry = run(&app, &first, opts(true, false, false)).await;
    assert_eq!((dry.created, dry.applied), (2, false));
    let text = dry.text(true);
    assert!(text.contains("line 4: email"), "{text}");
    assert!(text.contains("line 5:") && text.contains("NOPE"), "{text}");
    assert!(
        text.contains("line 6:") && text.contains("line 2"),
        "{text}"
    );
    assert!(text.starts_with("line 4"), "problems in line order: {text}");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM users WHERE employee_id LIKE 'R%' AND $1 = $1",
            0
        )
        .await,
        0
    );
    // --strict refuses the whole file while any row is bad.
    let strict = run(&app, &first, opts(false, true, false)).await;
    assert!(!strict.applied);
    assert!(strict.text(false).contains("--strict"));
    // Otherwise the good rows import; the bad ones are reported.
    let done = run(&app, &first, opts(false, false, false)).await;
    assert!(done.applied);
    assert_eq!((done.created, done.problems.len()), (2, 3));
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM users WHERE employee_id IN ('R001', 'R002') \
             AND password_hash IS NULL AND role = 'employee' AND active = $1",
            1
        )
        .await,
        2,
        "new people have no password and are employees"
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM users u JOIN departments d ON d.code = u.department_code \
             WHERE u.employee_id = 'R002' AND u.department_code = 'PARKS' \
             AND d.name = 'Parks and Recreation' AND u.manager_employee_id = 'R001' AND $1 = $1",
            0
        )
        .await,
        1
    );

    // The same file again changes nothing (idempotent).
    let again = run(&app, &first, opts(false, false, false)).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));

    // A full roster: R002 moves and changes title, R005 joins, R001 is missing → deactivated.
    let full = format!(
        "{HEADER}R002,Ben Ode,ben.ode@city.test,PARKS-N,Senior Ranger,,yes\n\
         R005,Eve Kim,eve.kim@city.test,REV,Analyst,R002,true\n"
    );
    let report = run(&app, &full, opts(false, false, true)).await;
    assert_eq!(
        (report.created, report.updated, report.deactivated),
        (1, 1, 1),
        "{}",
        report.text(false)
    );
    assert_eq!(
        app.number(
            "SELECT active FROM users WHERE employee_id = 'R001' AND $1 = $1",
            0
        )
        .await,
        0,
        "deactivated, not deleted"
    );
    // A full roster with a bad row holds deactivations back rather than guess.
    let partial = format!(
        "{HEADER}R005,Eve Kim,eve.kim@city.test,REV,Analyst,R002,true\nR002,,x,PARKS,,,yes\n"
    );
    let held = run(&app, &partial, opts(false, false, true)).await;
    assert_eq!(held.deactivated, 0);
    assert!(
        held.text(false).contains("deactivations held back"),
        "{}",
        held.text(false)
    );
    assert_eq!(
        app.number(
            "SELECT active FROM users WHERE employee_id = 'R002' AND $1 = $1",
            0
        )
        .await,
        1
    );

    // A wrong header or a wrong encoding changes nothing and says why.
    let wrong = run(&app, "id,name\n1,x\n", opts(false, false, true)).await;
    assert!(!wrong.applied);
    assert!(
        wrong.text(false).contains("line 1:"),
        "{}",
        wrong.text(false)
    );
    let db = app.state.db.clone();
    let latin1 = [
        HEADER.as_bytes(),
        b"R009,Jos\xe9 Ruiz,jose@city.test,REV,,,yes\n",
    ]
    .concat();
    let enc = on_server(async move { import::run(&db, &latin1, &opts(false, false, false)).await })
        .await
        .unwrap();
    assert!(!enc.applied);
    assert!(enc.text(false).contains("UTF-8"), "{}", enc.text(false));
    assert_eq!(
        app.number("SELECT COUNT(*) FROM roster_imports WHERE $1 = $1", 0)
            .await,
        8,
        "every run is recorded"
    );
}
