//! Departments end to end through real HTTP (SQLite, or PostgreSQL when ACADEMY_TEST_POSTGRES
//! is set): the administrator's roster upload (dry run, then import), officers scoped to their
//! department, assignments that reach latecomers, reports and their CSVs, and a 403 for every
//! report route outside an officer's department.

mod common;

use academy::accounts::Role;
use academy::departments::store;
use common::{TestApp, on_server};

const HEADER: &str = "employee_id,name,email,department,job_title,manager_id,active\n";
const COURSE: &str = "who-is-our-customer";
const TITLE: &str = "Who Is Our Customer?";

fn due_in(days: u64) -> String {
    let tz = chrono_tz::America::New_York;
    (academy::calendar::today(tz) + chrono::Days::new(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The run id in `/admin/roster?run=N`.
fn run_of(location: &str) -> String {
    location
        .split("run=")
        .nth(1)
        .unwrap_or_else(|| panic!("no run in {location}"))
        .to_string()
}

#[tokio::test]
async fn officers_assign_and_report_on_their_department_and_nothing_else() {
    let app = TestApp::start().await;
    let db = app.state.db.clone();
    on_server(async move {
        store::save_department(&db, "PW", "Public Works", None).await?;
        store::save_department(&db, "PW-ROADS", "Roads", Some("PW")).await?;
        store::save_department(&db, "ADM", "Administration", None).await?;
        store::save_department(&db, "LIB", "Libraries", None).await?;
        // Nobody can make a department part of one under it, from the page or the CLI.
        let cycle = store::save_department(&db, "PW", "Public Works", Some("PW-ROADS")).await;
        assert!(
            cycle
                .unwrap_err()
                .to_string()
                .contains("cannot be part of PW-ROADS")
        );
        Ok::<_, academy::error::AppError>(())
    })
    .await
    .unwrap();
    let (admin, _) = app.signed_in(Role::Admin, "A1").await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let (officer, _) = app.signed_in(Role::Employee, "O1").await;
    let (employee, _) = app.signed_in(Role::Employee, "E1").await;

    // The administrator uploads the roster: a dry run first, which changes nothing.
    let roster = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         P002,Rae Kim,rae.kim@city.test,PW-ROADS,Driver,P001,yes\n\
         P003,Sam Poe,sam.poe@city.test,PW-ROADS,Driver,P001,yes\n\
         L001,Lou Ng,lou.ng@city.test,LIB,Librarian,,yes\n\
         X001,Bad Row,not-an-email,PW,Clerk,,yes\n"
    );
    let dry = admin
        .post_file(
            "/admin/roster/upload",
            "/admin/roster",
            ("hr.csv", roster.as_bytes()),
            &[("dry_run", "on")],
        )
        .await;
    assert_eq!(dry.status, 303, "{}", dry.body);
    let location = dry.location.clone().unwrap();
    let report = admin.visit(&location).await;
    report.assert_contains("Dry run of hr.csv");
    report.assert_contains("line 6: email");
    report.assert_contains("Import these changes");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM users WHERE employee_id LIKE 'P00%' AND $1 = $1",
            0
        )
        .await,
        0,
        "a dry run changes nothing"
    );
    // …then imports exactly what it reviewed, without uploading again.
    let run = run_of(&location);
    let done = admin
        .post_form(&format!("/admin/roster/{run}/import"), &location, &[])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    admin
        .visit(&done.location.clone().unwrap())
        .await
        .assert_contains("Imported: 4 new");
    let again = admin
        .post_form(&format!("/admin/roster/{run}/import"), &location, &[])
        .await;
    admin
        .visit(&again.location.clone().unwrap())
        .await
        .assert_contains("already imported");
    // Officers and employees may not upload.
    let refused = officer
        .post_file(
            "/admin/roster/upload",
            "/",
            ("hr.csv", roster.as_bytes()),
            &[],
        )
        .await;
    assert_eq!(refused.status, 403);
    // 60 MB of junk is refused with its size, and nothing changes.
    let junk = vec![b'x'; 60 * 1024 * 1024];
    let big = admin
        .post_file(
            "/admin/roster/upload",
            "/admin/roster",
            ("junk.csv", &junk),
            &[],
        )
        .await;
    assert_eq!(big.status, 303);
    admin
        .visit("/admin/roster")
        .await
        .assert_contains("a roster may be at most 50 MB");

    // The administrator makes O1 an officer of Public Works (and so of Roads under it).
    let made = admin
        .post_form(
            "/api/admin/departments/officer",
            "/admin/departments",
            &[("code", "pw"), ("employee_id", "O1")],
        )
        .await;
    assert_eq!(made.status, 302, "{}", made.body);
    admin
        .visit("/admin/departments")
        .await
        .assert_contains("Employee O1 (O1)");
    officer.visit("/").await.assert_contains("Your departments");

    // Before any assignment, Sam enrolled himself (no due date), and Rae enrolled and left.
    let db = app.state.db.clone();
    on_server(async move {
        use academy::enrollment::store as enrolments;
        use academy::{accounts::store as accounts, courses::store as courses};
        let course = courses::by_slug(&db, COURSE).await?.unwrap().id;
        for who in ["P002", "P003"] {
            let user = accounts::person_by_employee_id(&db, who).await?.unwrap().id;
            let (id, _) = enrolments::enroll(&db, user, course, user, None).await?;
            if who == "P002" {
                enrolments::unenroll(&db, id, user).await?;
            }
        }
        Ok::<_, academy::error::AppError>(())
    })
    .await
    .unwrap();

    // The officer assigns the course to Roads: Rae is enrolled again, Sam keeps his enrolment
    // and gets the due date.
    let due = due_in(10);
    let assigned = officer
        .post_form(
            "/api/assignments/assign",
            "/assignments",
            &[
                ("course", COURSE),
                ("kind", "division"),
                ("department", "PW-ROADS"),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(assigned.status, 302, "{}", assigned.body);
    let listed = officer.visit("/assignments").await;
    listed.assert_contains("1 person enrolled now");
    listed.assert_contains("Division: PW-ROADS");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollments e JOIN users u ON u.id = e.user_id \
             WHERE u.department_code = 'PW-ROADS' AND e.assignment_id IS NOT NULL AND $1 = $1",
            0
        )
        .await,
        2
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollment_events v JOIN enrollments e ON e.id = v.enrollment_id \
             WHERE v.kind IN ('re-enrolled', 'due-changed') AND e.assignment_id = $1",
            1
        )
        .await,
        2,
        "Rae re-enrolled, Sam given the due date"
    );
    // …but not to Libraries, nor a list naming someone outside Public Works.
    for (status, fields) in [
        (403, vec![("kind", "department"), ("department", "LIB")]),
        (422, vec![("kind", "list"), ("employee_ids", "L001")]),
        (422, vec![("kind", "job-title"), ("job_title", "Librarian")]),
    ] {
        let mut f = vec![("course", COURSE), ("due_on", due.as_str())];
        f.extend(fields);
        let refused = officer.call("/api/assignments/assign", &f).await;
        assert_eq!(refused.status, status, "{:?}: {}", f, refused.body);
    }
    // An employee who is no officer may not assign at all.
    let refused = employee
        .call(
            "/api/assignments/assign",
            &[
                ("course", COURSE),
                ("kind", "department"),
                ("department", "PW"),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);

    // A person joining Roads later gets the assignment from the next roster import.
    let later = format!("{HEADER}P004,Val Orr,val.orr@city.test,PW-ROADS,Driver,P001,yes\n");
    let joined = admin
        .post_file(
            "/admin/roster/upload",
            "/admin/roster",
            ("later.csv", later.as_bytes()),
            &[],
        )
        .await;
    admin
        .visit(&joined.location.clone().unwrap())
        .await
        .assert_contains("Imported: 1 new");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollments e JOIN users u ON u.id = e.user_id \
             WHERE u.employee_id = 'P004' AND e.due_on IS NOT NULL AND $1 = $1",
            0
        )
        .await,
        1,
        "the latecomer is enrolled with a due date"
    );
    // One of them completes the course.
    app.run(
        "UPDATE enrollments SET completed_at = $1 WHERE user_id = \
         (SELECT id FROM users WHERE employee_id = 'P002')",
        &[1_780_000_000],
    )
    .await;

    // The officer's department report shows it.
    let page = officer.visit("/reports/departments/PW").await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.assert_contains("Public Works (PW)");
    page.assert_contains(TITLE);
    page.assert_contains("1 of 3 enrolments completed");
    let people = officer
        .visit(&format!(
            "/reports/departments/PW/people?course={COURSE}&status=incomplete"
        ))
        .await;
    people.assert_contains("Sam Poe");
    assert!(!people.body.contains("Rae Kim"), "Rae completed the course");
    let csv = officer.get("/reports/departments/PW/courses.csv").await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains(&format!("{TITLE},{COURSE},3,3,1,0,33.3")),
        "{}",
        csv.body
    );
    let open = officer
        .get(&format!(
            "/reports/departments/PW/people.csv?course={COURSE}&status=incomplete"
        ))
        .await;
    assert_eq!(
        open.body.lines().count(),
        3,
        "Sam and Val, not Rae: {}",
        open.body
    );
    assert!(
        open.body.contains("P003,Sam Poe,PW-ROADS,Driver,1,0,0"),
        "{}",
        open.body
    );
    assert!(!open.body.contains("Rae Kim"), "{}", open.body);
    let bad = officer
        .get("/reports/departments/PW/people.csv?status=sideways")
        .await;
    assert_eq!(bad.status, 422);
    let everyone = officer
        .get("/reports/departments/PW-ROADS/people.csv")
        .await;
    assert_eq!(everyone.status, 200);
    assert_eq!(
        everyone.body.lines().count(),
        4,
        "header and three people: {}",
        everyone.body
    );
    assert!(
        everyone.body.contains("P002,Rae Kim,PW-ROADS,Driver,1,1,0"),
        "{}",
        everyone.body
    );

    // The officer opens the transcripts of their people, and only theirs.
    officer
        .visit("/transcript?employee=P002")
        .await
        .assert_contains("Rae Kim");
    assert_eq!(
        officer.get("/transcript.csv?employee=P003").await.status,
        200
    );
    assert_eq!(officer.get("/transcript?employee=L001").await.status, 403);
    assert_eq!(
        officer.get("/transcript.csv?employee=L001").await.status,
        403
    );
    assert_eq!(employee.get("/transcript?employee=P002").await.status, 403);

    // Every report route outside the officer's department is refused.
    for path in [
        "/reports",
        "/reports/departments.csv",
        "/reports/people.csv",
        "/reports/departments/LIB",
        "/reports/departments/LIB/people",
        "/reports/departments/LIB/courses.csv",
        "/reports/departments/LIB/people.csv",
        "/reports/departments/NOPE",
    ] {
        assert_eq!(officer.get(path).await.status, 403, "officer: {path}");
        assert_eq!(employee.get(path).await.status, 403, "employee: {path}");
    }
    for (api, fields) in [
        ("/api/reports/department", vec![("code", "LIB")]),
        ("/api/reports/people", vec![("code", "LIB")]),
        ("/api/reports/city", vec![]),
    ] {
        assert_eq!(officer.call(api, &fields).await.status, 403, "{api}");
    }
    assert_eq!(employee.get("/reports/departments/PW").await.status, 403);
    assert_eq!(
        app.browser()
            .get("/reports/departments/PW/people.csv")
            .await
            .status,
        401
    );

    // Trainers see the whole city side by side, and everyone's standing streamed as CSV.
    let city = trainer.visit("/reports").await;
    assert_eq!(city.status, 200);
    city.assert_contains("Libraries");
    city.assert_contains("Completion by department");
    let all = trainer.get("/reports/people.csv").await;
    assert_eq!(all.status, 200);
    assert!(
        all.body
            .starts_with("Employee id,Name,Department,Job title,Enrolled,Completed,Overdue,")
    );
    assert!(all.body.contains(TITLE));
    assert!(
        all.body.contains("L001,Lou Ng,LIB,Librarian,0,0,0"),
        "{}",
        all.body
    );
    let departments = trainer.get("/reports/departments.csv").await;
    assert!(
        departments
            .body
            .contains("PW-ROADS,Roads,PW,3,3,3,1,0,33.3"),
        "{}",
        departments.body
    );

    // The totals the reports read agree with the enrolments themselves, after a move and a
    // deactivation by a full roster.
    let full = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         P002,Rae Kim,rae.kim@city.test,LIB,Driver,P001,yes\n\
         P004,Val Orr,val.orr@city.test,PW-ROADS,Driver,P001,yes\n\
         L001,Lou Ng,lou.ng@city.test,LIB,Librarian,,yes\n\
         A1,Administrator A1,a1@city.test,ADM,,,yes\n\
         T1,Trainer T1,t1@city.test,ADM,,,yes\n\
         O1,Employee O1,o1@city.test,ADM,,,yes\n\
         E1,Employee E1,e1@city.test,ADM,,,yes\n"
    );
    let moved = admin
        .post_file(
            "/admin/roster/upload",
            "/admin/roster",
            ("full.csv", full.as_bytes()),
            &[("full", "on")],
        )
        .await;
    admin
        .visit(&moved.location.clone().unwrap())
        .await
        .assert_contains("1 deactivated");
    let drift = app
        .number(
            "SELECT COUNT(*) FROM (SELECT COALESCE(u.department_code, '') AS d, e.course_id AS c, \
                 COUNT(*) AS n, SUM(CASE WHEN e.completed_at IS NULL THEN 0 ELSE 1 END) AS done \
               FROM enrollments e JOIN users u ON u.id = e.user_id \
               WHERE e.active = 1 AND u.active = $1 GROUP BY 1, 2) x \
             FULL OUTER JOIN (SELECT department_code AS d, course_id AS c, SUM(enrolled) AS n, \
                 SUM(completed) AS done FROM department_course_tallies GROUP BY 1, 2 \
                 HAVING SUM(enrolled) <> 0) t ON t.d = x.d AND t.c = x.c \
             WHERE x.n IS NULL OR t.n IS NULL OR x.n <> t.n OR x.done <> t.done",
            1,
        )
        .await;
    assert_eq!(drift, 0, "the running totals match the enrolments");
    let due_drift = app
        .number(
            "SELECT COUNT(*) FROM (SELECT COALESCE(u.department_code, '') AS d, e.course_id AS c, \
                 SUBSTR(e.due_on, 1, 7) AS m, COUNT(*) AS n \
               FROM enrollments e JOIN users u ON u.id = e.user_id \
               WHERE e.active = 1 AND u.active = $1 AND e.due_on IS NOT NULL \
                 AND e.completed_at IS NULL GROUP BY 1, 2, 3) x \
             FULL OUTER JOIN (SELECT department_code AS d, course_id AS c, due_month AS m, \
                 pending AS n FROM department_due_tallies WHERE pending <> 0) t \
               ON t.d = x.d AND t.c = x.c AND t.m = x.m \
             WHERE x.n IS NULL OR t.n IS NULL OR x.n <> t.n",
            1,
        )
        .await;
    assert_eq!(due_drift, 0, "the open enrolments by due month match");
    let roads = trainer.get("/reports/departments.csv").await;
    assert!(
        roads.body.contains("PW-ROADS,Roads,PW,1,1,1,0,0,0.0"),
        "{}",
        roads.body
    );
    assert!(
        roads.body.contains("LIB,Libraries,,2,1,1,1,0,100.0"),
        "{}",
        roads.body
    );

    // Overdue: due in an earlier month (from the totals), or earlier this month (by day).
    let today = academy::calendar::today(chrono_tz::America::New_York);
    let first = today.format("%Y-%m-01").to_string();
    let mut past = vec!["2020-01-15".to_string()];
    if first < today.format("%Y-%m-%d").to_string() {
        past.push(first);
    }
    for due in past {
        let db = app.state.db.clone();
        let d = due.clone();
        on_server(async move {
            sqlx::query(
                "UPDATE enrollments SET due_on = $1 WHERE user_id = \
                 (SELECT id FROM users WHERE employee_id = 'P004')",
            )
            .bind(d)
            .execute(&db)
            .await
        })
        .await
        .unwrap();
        let late = trainer.get("/reports/departments.csv").await;
        assert!(
            late.body.contains("PW-ROADS,Roads,PW,1,1,1,0,1,0.0"),
            "due {due}: {}",
            late.body
        );
    }
}

#[tokio::test]
async fn people_the_roster_creates_choose_a_password_with_a_one_time_link() {
    let app = TestApp::start().await;
    let db = app.state.db.clone();
    on_server(async move { store::save_department(&db, "PW", "Public Works", None).await })
        .await
        .unwrap();
    let (admin, _) = app.signed_in(Role::Admin, "A1").await;
    let (employee, _) = app.signed_in(Role::Employee, "E1").await;
    let roster = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         P002,Rae Kim,rae.kim@city.test,PW,Driver,P001,yes\n"
    );
    let done = admin
        .post_file(
            "/admin/roster/upload",
            "/admin/roster",
            ("hr.csv", roster.as_bytes()),
            &[],
        )
        .await;
    admin
        .visit(&done.location.clone().unwrap())
        .await
        .assert_contains("Imported: 2 new");

    assert_eq!(
        employee
            .post_form("/admin/roster/invitations", "/", &[("department", "")])
            .await
            .status,
        403
    );
    let unknown = admin
        .post_form(
            "/admin/roster/invitations",
            "/admin/roster",
            &[("department", "NOPE")],
        )
        .await;
    assert_eq!(unknown.status, 303);
    let csv = admin
        .post_form(
            "/admin/roster/invitations",
            "/admin/roster",
            &[("department", "pw")],
        )
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "header and the two people without a password: {}",
        csv.body
    );
    assert!(
        lines[1].starts_with("P001,Pat Lee,pat.lee@city.test,http://"),
        "{}",
        lines[1]
    );
    let link = lines[1].split(',').nth(3).unwrap();
    let path = &link[link.find("/set-password").unwrap()..];

    let visitor = app.browser();
    visitor
        .visit(path)
        .await
        .assert_contains("Welcome, Pat Lee");
    let token = path.split("token=").nth(1).unwrap();
    let weak = visitor
        .post_form(
            "/api/accounts/link/set",
            path,
            &[
                ("token", token),
                ("new_password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, 302, "back to the form with the reason");
    let chosen = "a long walk by the river";
    let set = visitor
        .post_form(
            "/api/accounts/link/set",
            path,
            &[
                ("token", token),
                ("new_password", chosen),
                ("confirm", chosen),
            ],
        )
        .await;
    assert_eq!(set.location.as_deref(), Some("/sign-in"), "{}", set.body);
    let signed = app.browser().sign_in("P001", chosen).await;
    assert_eq!(signed.status, 302, "signs in with the chosen password");
    // The link works once; a forged one never.
    app.browser()
        .visit(path)
        .await
        .assert_contains("This link does not work");
    app.browser()
        .visit("/set-password?token=not-a-token")
        .await
        .assert_contains("This link does not work");
    let again = admin
        .call(
            "/api/accounts/link/set",
            &[
                ("token", token),
                ("new_password", chosen),
                ("confirm", chosen),
            ],
        )
        .await;
    assert_eq!(again.status, 422);
    // A second download replaces Rae's first link.
    let second = admin
        .post_form(
            "/admin/roster/invitations",
            "/admin/roster",
            &[("department", "")],
        )
        .await;
    assert_eq!(
        second.body.lines().count(),
        2,
        "only Rae still has no password"
    );
    let old = lines[2].split(',').nth(3).unwrap();
    app.browser()
        .visit(&old[old.find("/set-password").unwrap()..])
        .await
        .assert_contains("This link does not work");
}
