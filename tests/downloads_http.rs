//! Every download arrives whole when the browser asks for it compressed, as every browser does
//! (`Accept-Encoding: gzip, br`): the streamed people CSVs (large enough to span many 64 KB
//! pieces) and every other CSV and calendar file, each fetched with gzip, with br and without,
//! decompressed, and checked line by line against the database — on SQLite, or PostgreSQL when
//! ACADEMY_TEST_POSTGRES is set.

mod common;

use academy::accounts::Role;
use academy::departments::{import, store};
use common::sessions::held_session;
use common::{Browser, Download, TestApp, on_server};
use std::io::Read;

const HEADER: &str = "employee_id,name,email,department,job_title,manager_id,active\n";
/// People in the big roster: with nine course columns, half of them filled, the city's people
/// CSV is over half a megabyte, so it goes out in several 64 KB pieces.
const PEOPLE: usize = 4000;

/// The body of a download, decompressed as its `Content-Encoding` says; fails the test, naming
/// `what`, if it was cut off or does not decompress.
fn text(what: &str, d: &Download, asked: &str) -> String {
    assert_eq!(d.status, 200, "{what} ({asked}): status");
    let bytes = match &d.body {
        Ok(b) => b.clone(),
        Err(e) => panic!("{what} ({asked}) was cut off: {e}"),
    };
    let expected = (asked != "identity").then_some(asked);
    assert_eq!(
        d.encoding.as_deref(),
        expected,
        "{what}: asked for {asked}, so that is how it should come"
    );
    let mut out = Vec::new();
    match d.encoding.as_deref() {
        None => out = bytes,
        Some("gzip") => {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .unwrap_or_else(|e| panic!("{what} (gzip) does not decompress: {e}"));
        }
        Some("br") => {
            brotli_decompressor::Decompressor::new(&bytes[..], 4096)
                .read_to_end(&mut out)
                .unwrap_or_else(|e| panic!("{what} (br) does not decompress: {e}"));
        }
        Some(other) => panic!("{what}: unexpected Content-Encoding {other}"),
    }
    String::from_utf8(out).unwrap_or_else(|_| panic!("{what} ({asked}) is not UTF-8"))
}

/// `path` fetched with gzip, with br and without compression, each decompressed.
async fn each_way(b: &Browser, path: &str, form: Option<(&str, &[(&str, &str)])>) -> Vec<String> {
    let mut out = Vec::new();
    for encoding in ["identity", "gzip", "br"] {
        out.push(text(
            path,
            &b.download(path, encoding, form).await,
            encoding,
        ));
    }
    out
}

/// `path` fetched with gzip, with br and without compression, after checking that all three
/// are the same text (so nothing was lost on the way).
async fn whole(b: &Browser, path: &str, form: Option<(&str, &[(&str, &str)])>) -> String {
    let mut bodies = each_way(b, path, form).await.into_iter();
    let plain = bodies.next().unwrap();
    for (body, encoding) in bodies.zip(["gzip", "br"]) {
        assert_eq!(
            body.len(),
            plain.len(),
            "{path} with {encoding}: {} bytes of {}; ends with {:?}",
            body.len(),
            plain.len(),
            &body[body.len().saturating_sub(200)..]
        );
        assert!(body == plain, "{path} with {encoding} differs");
    }
    plain
}

/// Fields of one CSV line (quoted fields may hold commas and doubled quotes).
fn fields(line: &str) -> usize {
    let (mut n, mut quoted) = (1, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => n += 1,
            _ => {}
        }
    }
    n
}

/// Every line of a CSV has as many fields as its header, and the file ends with a line break;
/// returns the data lines.
fn rows<'a>(what: &str, csv: &'a str) -> Vec<&'a str> {
    assert!(csv.ends_with('\n'), "{what}: the last line is cut off");
    let mut lines = csv.lines();
    let width = fields(lines.next().unwrap_or_else(|| panic!("{what} is empty")));
    let rows: Vec<&str> = lines.collect();
    for line in &rows {
        assert_eq!(fields(line), width, "{what}: an incomplete line: {line:?}");
    }
    rows
}

/// Employee ids from the database, sorted: active people, optionally in some departments.
async fn active_ids(app: &TestApp, departments: &'static [&'static str]) -> Vec<String> {
    let db = app.state.db.clone();
    let mut ids: Vec<String> = on_server(async move {
        let all: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT employee_id, department_code FROM users WHERE active = 1")
                .fetch_all(&db)
                .await
                .unwrap();
        all.into_iter()
            .filter(|(_, d)| {
                departments.is_empty() || d.as_deref().is_some_and(|d| departments.contains(&d))
            })
            .map(|(id, _)| id)
            .collect()
    })
    .await;
    ids.sort();
    ids
}

fn first_cells(rows: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = rows
        .iter()
        .map(|r| r.split(',').next().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn the_people_csvs_arrive_whole_when_the_browser_accepts_gzip_or_br() {
    let app = TestApp::start().await;
    let db = app.state.db.clone();
    let mut roster = String::from(HEADER);
    for i in 0..PEOPLE {
        let department = ["PW", "PW-ROADS", "LIB"][i % 3];
        roster.push_str(&format!(
            "P{i:05},Person Number {i:05},p{i:05}@city.test,{department},Service agent {},,yes\n",
            i % 7
        ));
    }
    on_server(async move {
        store::save_department(&db, "PW", "Public Works", None).await?;
        store::save_department(&db, "PW-ROADS", "Roads", Some("PW")).await?;
        store::save_department(&db, "LIB", "Libraries", None).await?;
        let opts = import::Options {
            dry_run: false,
            strict: true,
            full: false,
            file_name: "big.csv".into(),
            by: "test".into(),
            today: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        let report = import::run(&db, roster.as_bytes(), &opts).await?;
        assert_eq!((report.created, report.problems.len()), (PEOPLE, 0));
        // Everyone in half the courses: completed, due, overdue or just enrolled.
        sqlx::query(
            "INSERT INTO enrollments (user_id, course_id, active, enrolled_at, enrolled_by, \
             due_on, completed_at, completed_version, updated_at) \
             SELECT u.id, c.id, 1, $1, u.id, \
             CASE (u.id / 2 + c.id) % 4 WHEN 1 THEN '2099-12-31' WHEN 2 THEN '2001-01-31' END, \
             CASE (u.id / 2 + c.id) % 4 WHEN 0 THEN $1 END, \
             CASE (u.id / 2 + c.id) % 4 WHEN 0 THEN 1 END, $1 \
             FROM users u CROSS JOIN courses c \
             WHERE u.employee_id LIKE 'P%' AND (u.id + c.id) % 2 = 0",
        )
        .bind(1_772_000_000_i64)
        .execute(&db)
        .await?;
        Ok::<_, academy::error::AppError>(())
    })
    .await
    .unwrap();
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;

    let city = whole(&trainer, "/reports/people.csv", None).await;
    assert!(
        city.len() > 4 * 64 * 1024,
        "the CSV spans several 64 KB pieces: {} bytes",
        city.len()
    );
    let people = rows("people.csv", &city);
    assert_eq!(
        first_cells(&people),
        active_ids(&app, &[]).await,
        "one row per active person"
    );
    let last = PEOPLE - 1;
    assert!(
        city.contains(&format!(
            "\nP{last:05},Person Number {last:05},PW,Service agent {},",
            last % 7
        )),
        "the last person is there"
    );

    let department = whole(&trainer, "/reports/departments/PW/people.csv", None).await;
    let people = rows("PW people.csv", &department);
    assert_eq!(
        first_cells(&people),
        active_ids(&app, &["PW", "PW-ROADS"]).await,
        "one row per person of Public Works and Roads"
    );
    assert!(
        department.len() > 2 * 64 * 1024,
        "{} bytes",
        department.len()
    );

    // The filtered CSV: the overdue in one course, as the database counts them.
    let filtered = whole(
        &trainer,
        "/reports/departments/PW/people.csv?course=who-is-our-customer&status=overdue",
        None,
    )
    .await;
    let overdue = app
        .number(
            "SELECT COUNT(*) FROM enrollments e JOIN users u ON u.id = e.user_id \
             JOIN courses c ON c.id = e.course_id WHERE c.slug = 'who-is-our-customer' \
             AND u.department_code IN ('PW', 'PW-ROADS') AND e.completed_at IS NULL \
             AND e.due_on < '2026-01-01' AND e.active = $1",
            1,
        )
        .await;
    assert!(overdue > 100, "{overdue}");
    assert_eq!(rows("overdue people.csv", &filtered).len() as i64, overdue);

    // The small CSVs of the same reports.
    let departments = whole(&trainer, "/reports/departments.csv", None).await;
    assert_eq!(
        first_cells(&rows("departments.csv", &departments)),
        ["", "LIB", "PW", "PW-ROADS"],
        "three departments, and the trainer who is in none"
    );
    let courses = whole(&trainer, "/reports/departments/PW/courses.csv", None).await;
    assert_eq!(
        rows("courses.csv", &courses).len() as i64,
        app.number("SELECT COUNT(*) FROM courses WHERE retired = $1", 0)
            .await
    );
}

#[tokio::test]
async fn every_other_download_arrives_whole_when_the_browser_accepts_gzip_or_br() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A1").await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    let (teacher_b, teacher) = app.signed_in(Role::Instructor, "I1").await;
    let people = app.crowd("DL", 12).await;
    let answers: Vec<(i64, String)> = (0..people.len())
        .map(|i| {
            (
                [5, 4, 3][i % 3],
                format!("Comment, with a comma, number {i}"),
            )
        })
        .collect();
    let mut sessions = Vec::new();
    for _ in 0..5 {
        let taught_by = &teacher.employee_id;
        sessions
            .push(held_session(&app, &trainer, "Held session", taught_by, &people, &answers).await);
    }

    // The session's roster, as the instructor exports it: one line per registration.
    let roster = whole(
        &teacher_b,
        &format!("/sessions/{}/roster.csv", sessions[0]),
        None,
    )
    .await;
    assert_eq!(
        rows("roster.csv", &roster).len() as i64,
        app.number(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1",
            sessions[0]
        )
        .await
    );
    assert_eq!(rows("roster.csv", &roster).len(), people.len());

    // An attendee's calendar file, whole to its last line.
    let (attendee, who) = &people[0];
    let ics = whole(
        attendee,
        &format!("/sessions/{}/calendar.ics", sessions[0]),
        None,
    )
    .await;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("BEGIN:VEVENT\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");

    // Their transcript, and the same seen by a trainer: one line per enrolment.
    for course in ["who-is-our-customer", common::sessions::COURSE] {
        let res = attendee
            .post_form(
                "/api/learning/enrol",
                &format!("/courses/{course}"),
                &[("course", course)],
            )
            .await;
        assert_eq!(res.status, 302, "{}", res.body);
    }
    let enrolments = app
        .number(
            "SELECT COUNT(*) FROM enrollments WHERE user_id = $1",
            who.id,
        )
        .await;
    assert_eq!(enrolments, 2);
    let own = whole(attendee, "/transcript.csv", None).await;
    assert_eq!(rows("transcript.csv", &own).len() as i64, enrolments);
    let theirs = whole(
        &trainer,
        &format!("/transcript.csv?employee={}", who.employee_id),
        None,
    )
    .await;
    assert_eq!(theirs, own);

    // Every benchmarking table: the dashboard's (trainer) and the instructor's own.
    let program = whole(&trainer, "/benchmarks/program.csv", None).await;
    assert_eq!(
        rows("program.csv", &program).len(),
        7,
        "seven scale questions"
    );
    let ranking = whole(&trainer, "/benchmarks/ranking.csv", None).await;
    assert_eq!(rows("ranking.csv", &ranking).len(), 2, "I1 and the guest");
    let courses = whole(&trainer, "/benchmarks/courses.csv", None).await;
    assert_eq!(rows("courses.csv", &courses).len(), 1);
    let trend = whole(&trainer, "/benchmarks/program-trend.csv", None).await;
    assert_eq!(rows("program-trend.csv", &trend).len(), 1, "one month");
    let questions = whole(&teacher_b, "/benchmarks/questions.csv", None).await;
    assert_eq!(rows("questions.csv", &questions).len(), 7);
    let own_trend = whole(&teacher_b, "/benchmarks/trend.csv", None).await;
    assert_eq!(rows("trend.csv", &own_trend).len(), 1);
    let taught = whole(&teacher_b, "/benchmarks/sessions.csv", None).await;
    assert_eq!(rows("sessions.csv", &taught).len(), sessions.len());
    let comments = whole(&teacher_b, "/benchmarks/comments.csv", None).await;
    assert_eq!(
        rows("comments.csv", &comments).len(),
        sessions.len() * people.len()
    );
    assert!(comments.contains("\"Comment, with a comma, number 11\""));

    // The administrator's set-password links: one line per person without a password.
    let without = app
        .number(
            "SELECT COUNT(*) FROM users WHERE password_hash IS NULL AND active = $1",
            1,
        )
        .await;
    assert_eq!(without, people.len() as i64);
    // Each download issues new links, so the three differ: each is checked on its own.
    for links in each_way(
        &admin,
        "/admin/roster/invitations",
        Some(("/admin/roster", &[])),
    )
    .await
    {
        let lines = rows("set-password-links.csv", &links);
        assert_eq!(lines.len() as i64, without, "{links}");
        assert!(lines.iter().all(|l| l.contains("/set-password?token=")));
    }
}
