//! Sessions over real HTTP: scheduling, registration with its refusals, the waitlist and its
//! promotion, capacity under a crowd of concurrent requests, check-in, attendance, the roster
//! export and calendar files.

mod common;

use academy::accounts::{Role, User};
use common::sessions::{
    COURSE, check_in_code_on, day_in, register, schedule, session_fields, start_now,
};
use common::{Browser, TestApp};

async fn state_of(app: &TestApp, session: i64, user: &User) -> String {
    let db = app.state.db.clone();
    let uid = user.id;
    common::on_server(async move {
        sqlx::query_scalar::<_, String>(
            "SELECT state FROM registrations WHERE session_id = $1 AND user_id = $2",
        )
        .bind(session)
        .bind(uid)
        .fetch_one(&db)
        .await
        .unwrap()
    })
    .await
}

async fn staff(app: &TestApp) -> (Browser, User, Browser, User) {
    let (trainer, t) = app.signed_in(Role::Trainer, "T100").await;
    let (instructor, i) = app.signed_in(Role::Instructor, "I100").await;
    (trainer, t, instructor, i)
}

#[tokio::test]
async fn a_trainer_schedules_a_session_and_an_employee_registers_and_downloads_its_calendar_file() {
    let app = TestApp::start().await;
    let (trainer, _, _, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Coaching practice", 20, &instructor).await;
    let (emp, _) = app.signed_in(Role::Employee, "E100").await;

    let page = emp.visit("/sessions").await;
    page.assert_contains("Coaching practice");
    page.assert_contains("20 of 20 seats left");
    emp.visit(&format!("/courses/{COURSE}"))
        .await
        .assert_contains("Coaching practice");

    let res = emp
        .post_form(
            "/api/sessions/register",
            &format!("/sessions/{id}"),
            &[("session", &id.to_string())],
        )
        .await;
    assert_eq!(res.status, 302, "{}", res.body);
    let page = emp.visit(&format!("/sessions/{id}")).await;
    page.assert_contains("You are booked for Coaching practice");
    page.assert_contains("Your registration: Booked.");
    page.assert_contains("19 of 20 seats left");
    page.assert_contains("Maria Lopez (Grand Hotel)");
    page.assert_contains("calendar.google.com");
    // A download, not a page: the hydrated app's router must leave the click to the browser.
    page.assert_contains(&format!(
        r#"href="/sessions/{id}/calendar.ics" download="" rel="external""#
    ));

    let ics = emp.get(&format!("/sessions/{id}/calendar.ics")).await;
    assert_eq!(ics.status, 200);
    let unfolded = icalendar::parser::unfold(&ics.body);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("an RFC 5545 calendar");
    let event = cal
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("one event");
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} in {}", ics.body))
    };
    assert_eq!(prop("SUMMARY").val.to_string(), "Coaching practice");
    // Without ACADEMY_PUBLIC_URL the session's address is where the academy listens: whole.
    assert_eq!(
        prop("URL").val.to_string(),
        format!("{}/sessions/{id}", app.base)
    );
    let start = prop("DTSTART");
    assert_eq!(
        start.val.to_string(),
        format!("{}T090000", day_in(7).replace('-', ""))
    );
    assert!(
        start.params.iter().any(|p| p.key == "TZID"
            && p.val.as_ref().map(|v| v.to_string()).as_deref() == Some("America/New_York")),
        "{}",
        ics.body
    );
    assert!(
        prop("DESCRIPTION")
            .val
            .to_string()
            .contains("commas, semicolons; and a \\ too.")
    );
    assert!(cal.components.iter().any(|c| c.name == "VTIMEZONE"));

    // Someone not registered has no calendar file; a visitor is asked to sign in.
    let (other, _) = app.signed_in(Role::Employee, "E101").await;
    assert_eq!(
        other
            .get(&format!("/sessions/{id}/calendar.ics"))
            .await
            .status,
        404
    );
    assert_eq!(
        app.browser()
            .get(&format!("/sessions/{id}/calendar.ics"))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn scheduling_reports_every_problem_and_only_trainers_may_schedule() {
    let app = TestApp::start().await;
    let (trainer, _, instructor_browser, instructor) = staff(&app).await;
    let mut fields = session_fields("", "31/12/2026", "0", "NOBODY");
    fields.retain(|(k, _)| *k != "form[place]");
    let res = trainer.call("/api/sessions/save", &fields).await;
    assert_eq!(res.status, 422);
    for text in ["Give the session a title", "YYYY-MM-DD", "Capacity must be"] {
        assert!(res.body.contains(text), "{text} in {}", res.body);
    }
    // An unknown instructor is named.
    let date = day_in(3);
    let res = trainer
        .call(
            "/api/sessions/save",
            &session_fields("X", &date, "5", "NOBODY"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("NOBODY"), "{}", res.body);
    // A past date.
    let past = day_in(-3);
    let res = trainer
        .call(
            "/api/sessions/save",
            &session_fields("X", &past, "5", &instructor.employee_id),
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(
        app.number("SELECT COUNT(*) + $1 FROM training_sessions", 0)
            .await,
        0
    );

    let fields = session_fields("X", &date, "5", &instructor.employee_id);
    assert_eq!(
        instructor_browser
            .call("/api/sessions/save", &fields)
            .await
            .status,
        403
    );
    let (emp, _) = app.signed_in(Role::Employee, "E100").await;
    assert_eq!(emp.call("/api/sessions/save", &fields).await.status, 403);
    assert_eq!(emp.get("/trainer/sessions/new").await.status, 403);
    assert_eq!(
        app.number("SELECT COUNT(*) + $1 FROM training_sessions", 0)
            .await,
        0
    );
}

#[tokio::test]
async fn registration_is_refused_twice_after_the_deadline_after_the_start_and_when_cancelled() {
    let app = TestApp::start().await;
    let (trainer, _, _, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Refusals", 10, &instructor).await;
    let (emp, user) = app.signed_in(Role::Employee, "E100").await;
    assert_eq!(register(&emp, id).await.status, 200);
    let twice = register(&emp, id).await;
    assert_eq!(twice.status, 409);
    assert!(twice.body.contains("already registered"), "{}", twice.body);

    // Registering someone else is for trainers.
    let (other, _) = app.signed_in(Role::Employee, "E101").await;
    let res = other
        .call(
            "/api/sessions/register-people",
            &[("session", &id.to_string()), ("employees", "E100")],
        )
        .await;
    assert_eq!(res.status, 403);

    // Past the deadline.
    let now = academy::db::now();
    app.run(
        "UPDATE training_sessions SET register_by = $2 WHERE id = $1",
        &[id, now - 60],
    )
    .await;
    let res = register(&other, id).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("deadline"), "{}", res.body);
    // Started.
    start_now(&app, id).await;
    let res = register(&other, id).await;
    assert!(res.body.contains("already started"), "{}", res.body);

    // Cancelled: registrants are told on their dashboard, the calendar file says so.
    let id2 = schedule(&trainer, "To be cancelled", 10, &instructor).await;
    assert_eq!(register(&emp, id2).await.status, 200);
    let res = trainer
        .call(
            "/api/sessions/cancel",
            &[
                ("session", &id2.to_string()),
                ("reason", "Instructor <b>ill</b>"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(state_of(&app, id2, &user).await, "session-cancelled");
    let res = register(&other, id2).await;
    assert!(res.body.contains("cancelled"), "{}", res.body);
    let home = emp.visit("/").await;
    home.assert_contains("has been cancelled: Instructor &lt;b&gt;ill&lt;/b&gt;");
    assert!(!home.body.contains("<b>ill</b>"));
    let ics = emp.get(&format!("/sessions/{id2}/calendar.ics")).await;
    assert!(ics.body.contains("STATUS:CANCELLED"), "{}", ics.body);
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM registration_events WHERE registration_id = \
             (SELECT id FROM registrations WHERE session_id = $1)",
            id2
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_full_session_waitlists_in_order_and_promotes_the_first_in_line_when_a_seat_frees() {
    let app = TestApp::start().await;
    let (trainer, _, _, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Small room", 2, &instructor).await;
    let people = app.crowd("W", 4).await;
    for (b, _) in &people {
        assert_eq!(register(b, id).await.status, 200);
    }
    let states: Vec<String> = {
        let mut v = Vec::new();
        for (_, u) in &people {
            v.push(state_of(&app, id, u).await);
        }
        v
    };
    assert_eq!(states, ["booked", "booked", "waitlisted", "waitlisted"]);
    people[3]
        .0
        .visit(&format!("/sessions/{id}"))
        .await
        .assert_contains("You are number 2 on the waitlist.");

    // The first cancels: the third is promoted and told; the fourth moves up.
    let res = people[0]
        .0
        .call(
            "/api/sessions/cancel-registration",
            &[("session", &id.to_string())],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(state_of(&app, id, &people[0].1).await, "cancelled");
    assert_eq!(state_of(&app, id, &people[2].1).await, "booked");
    people[2]
        .0
        .visit("/")
        .await
        .assert_contains("A seat opened in");
    people[3]
        .0
        .visit(&format!("/sessions/{id}"))
        .await
        .assert_contains("You are number 1 on the waitlist.");
    assert_eq!(
        app.number("SELECT booked FROM training_sessions WHERE id = $1", id)
            .await,
        2
    );

    // A waitlisted person leaving frees nothing.
    people[3]
        .0
        .call(
            "/api/sessions/cancel-registration",
            &[("session", &id.to_string())],
        )
        .await;
    assert_eq!(
        app.number("SELECT booked FROM training_sessions WHERE id = $1", id)
            .await,
        2
    );
}

#[tokio::test]
async fn a_trainer_pastes_employee_ids_separated_by_semicolons_onto_a_session_roster() {
    let app = TestApp::start().await;
    let (trainer, _, _, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Pasted list", 10, &instructor).await;
    let people = app.crowd("P", 3).await;
    // As a spreadsheet column pastes: semicolons and no spaces, so splitting on commas and
    // spaces alone would read one unknown id.
    let res = trainer
        .call(
            "/api/sessions/register-people",
            &[
                ("session", &id.to_string()),
                ("employees", "P0000;P0001;\nP0002"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    for (_, user) in &people {
        assert_eq!(state_of(&app, id, user).await, "booked");
    }
    trainer
        .visit(&format!("/sessions/{id}/roster"))
        .await
        .assert_contains("3 booked, 0 waitlisted, 0 already registered.");
}

#[tokio::test]
async fn a_trainer_books_beyond_capacity_explicitly_and_the_extra_seat_goes_when_it_is_freed() {
    let app = TestApp::start().await;
    let (trainer, _, _, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Tiny", 1, &instructor).await;
    let people = app.crowd("O", 3).await;
    let sid = id.to_string();
    let res = trainer
        .call(
            "/api/sessions/register-people",
            &[("session", &sid), ("employees", "O0000, O0001 NOBODY")],
        )
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(state_of(&app, id, &people[1].1).await, "waitlisted");
    let flash = trainer.visit(&format!("/sessions/{id}/roster")).await;
    flash.assert_contains(
        "1 booked, 1 waitlisted, 0 already registered. Unknown or inactive employee ids: NOBODY.",
    );
    trainer
        .call(
            "/api/sessions/register-people",
            &[
                ("session", &sid),
                ("employees", "O0002"),
                ("over_capacity", "yes"),
            ],
        )
        .await;
    assert_eq!(state_of(&app, id, &people[2].1).await, "booked");
    assert_eq!(
        app.number("SELECT booked FROM training_sessions WHERE id = $1", id)
            .await,
        2
    );
    // The database refuses any overbooking that application code might attempt.
    let db = app.state.db.clone();
    let refused = common::on_server(async move {
        sqlx::query("UPDATE training_sessions SET booked = booked + 1 WHERE id = $1")
            .bind(id)
            .execute(&db)
            .await
    })
    .await;
    assert!(
        refused.is_err(),
        "the CHECK constraint must refuse overbooking"
    );
    // The first leaves: the extra seat disappears rather than going to the waitlist.
    people[0]
        .0
        .call("/api/sessions/cancel-registration", &[("session", &sid)])
        .await;
    assert_eq!(state_of(&app, id, &people[1].1).await, "waitlisted");
    assert_eq!(
        app.number("SELECT booked FROM training_sessions WHERE id = $1", id)
            .await,
        1
    );
}

#[tokio::test]
async fn five_hundred_concurrent_registrations_for_thirty_seats_book_exactly_thirty_in_arrival_order()
 {
    let app = TestApp::start_with(|c| c.db_max_connections = 8).await;
    let (trainer, _, _, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Popular", 30, &instructor).await;
    let people = app.crowd("C", 500).await;
    let mut tasks = Vec::new();
    for (b, _) in people {
        tasks.push(tokio::spawn(async move { register(&b, id).await.status }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let booked = app
        .number(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'booked'",
            id,
        )
        .await;
    let waiting = app
        .number(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND state = 'waitlisted'",
            id,
        )
        .await;
    assert_eq!((booked, waiting), (30, 470));
    assert_eq!(
        app.number("SELECT booked FROM training_sessions WHERE id = $1", id)
            .await,
        30
    );
    // Arrival order: every booked ticket precedes every waitlisted one, and tickets are unique.
    let last_booked = app
        .number(
            "SELECT MAX(ticket) FROM registrations WHERE session_id = $1 AND state = 'booked'",
            id,
        )
        .await;
    let first_waiting = app
        .number(
            "SELECT MIN(ticket) FROM registrations WHERE session_id = $1 AND state = 'waitlisted'",
            id,
        )
        .await;
    assert!(
        last_booked < first_waiting,
        "{last_booked} < {first_waiting}"
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(DISTINCT ticket) FROM registrations WHERE session_id = $1",
            id
        )
        .await,
        500
    );
}

#[tokio::test]
async fn attendees_check_in_with_the_code_and_instructors_mark_the_roster_and_export_it() {
    let app = TestApp::start().await;
    let (trainer, _, instructor_b, instructor) = staff(&app).await;
    let id = schedule(&trainer, "Check-in day", 10, &instructor).await;
    let people = app.crowd("A", 3).await;
    for (b, _) in &people {
        register(b, id).await;
    }
    let sid = id.to_string();
    // Too early to check in.
    let res = people[0]
        .0
        .call(
            "/api/sessions/check-in",
            &[("session", &sid), ("code", "XXXXXX")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Check-in opens"), "{}", res.body);
    start_now(&app, id).await;
    let roster = instructor_b.visit(&format!("/sessions/{id}/roster")).await;
    assert_eq!(roster.status, 200);
    let code = check_in_code_on(&roster);
    let res = people[0]
        .0
        .call(
            "/api/sessions/check-in",
            &[("session", &sid), ("code", "WRONG1")],
        )
        .await;
    assert_eq!(res.status, 422);
    let typed = format!(" {}-{} ", &code[..3].to_lowercase(), &code[3..]);
    let res = people[0]
        .0
        .call(
            "/api/sessions/check-in",
            &[("session", &sid), ("code", &typed)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(state_of(&app, id, &people[0].1).await, "attended");

    // Another instructor, and employees, may not see or mark this roster.
    let (other_instructor, _) = app.signed_in(Role::Instructor, "I200").await;
    assert_eq!(
        other_instructor
            .get(&format!("/sessions/{id}/roster"))
            .await
            .status,
        403
    );
    assert_eq!(
        other_instructor
            .get(&format!("/sessions/{id}/roster.csv"))
            .await
            .status,
        403
    );
    assert_eq!(
        people[1]
            .0
            .get(&format!("/sessions/{id}/roster"))
            .await
            .status,
        403
    );
    let reg = |i: usize| people[i].1.id;
    let reg1 = app
        .number("SELECT id FROM registrations WHERE user_id = $1", reg(1))
        .await;
    let reg2 = app
        .number("SELECT id FROM registrations WHERE user_id = $1", reg(2))
        .await;
    let (k1, k2) = (format!("mark[{reg1}]"), format!("mark[{reg2}]"));
    let res = other_instructor
        .call("/api/sessions/mark", &[("session", &sid), (&k1, "present")])
        .await;
    assert_eq!(res.status, 403);
    // A bad mark changes nothing.
    let res = instructor_b
        .call(
            "/api/sessions/mark",
            &[("session", &sid), (&k1, "present"), (&k2, "asleep")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(state_of(&app, id, &people[1].1).await, "booked");
    let res = instructor_b
        .post_form(
            "/api/sessions/mark",
            &format!("/sessions/{id}/roster"),
            &[("session", &sid), (&k1, "late"), (&k2, "absent")],
        )
        .await;
    assert_eq!(res.status, 302);
    assert_eq!(state_of(&app, id, &people[1].1).await, "late");
    assert_eq!(state_of(&app, id, &people[2].1).await, "no-show");

    let csv = instructor_b
        .get(&format!("/sessions/{id}/roster.csv"))
        .await;
    assert_eq!(csv.status, 200);
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Session,Course,Instructors,Starts,Ends,Place,Person,Employee id,Department,Status"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0].starts_with("Check-in day,Developing Front-Line Talent and Engagement,"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].ends_with("Person A0000,A0000,Revenue,Attended"),
        "{}",
        rows[0]
    );
    assert!(rows[2].ends_with("No-show"), "{}", rows[2]);
}
