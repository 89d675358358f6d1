//! Enrolment, progress, knowledge checks, certificates and transcripts over real HTTP, with
//! every refusal the rules promise: other people's enrolments, forged and replayed answers,
//! wrong roles.

mod common;

use academy::accounts::{Role, User};
use common::{Browser, Page, TestApp};

/// A course without a required session: it can be completed online.
const COURSE: &str = "who-is-our-customer";

fn hidden(page: &Page, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name} in:\n{}", page.body))
        + marker.len();
    let end = page.body[start..].find('"').unwrap() + start;
    page.body[start..end].to_string()
}

fn lesson_slugs(app: &TestApp) -> Vec<String> {
    let lib = app.state.library.current();
    let course = lib.course(COURSE).unwrap();
    course.lessons.iter().map(|l| l.slug.clone()).collect()
}

/// The form fields of the check answered right (or, with `wrong`, every one-answer question
/// answered wrong).
fn answers(app: &TestApp, wrong: bool) -> Vec<(String, String)> {
    let lib = app.state.library.current();
    let check = lib.course(COURSE).unwrap().check.clone().unwrap();
    let mut fields = Vec::new();
    for q in &check.questions {
        for o in &q.options {
            if o.correct != wrong || (wrong && q.multiple) {
                if wrong && q.multiple {
                    continue;
                }
                let key = if q.multiple {
                    format!("answers[{}:{}]", q.id, o.id)
                } else {
                    format!("answers[{}]", q.id)
                };
                fields.push((key, o.id.clone()));
                if !q.multiple {
                    break;
                }
            }
        }
    }
    fields
}

async fn enrol(b: &Browser) -> Page {
    b.post_form(
        "/api/learning/enrol",
        &format!("/courses/{COURSE}"),
        &[("course", COURSE)],
    )
    .await
}

async fn enrollment_id(app: &TestApp, user: &User) -> i64 {
    app.number(
        "SELECT e.id FROM enrollments e JOIN courses c ON c.id = e.course_id \
         WHERE e.user_id = $1 AND c.slug = 'who-is-our-customer'",
        user.id,
    )
    .await
}

async fn mark_all_done(app: &TestApp, b: &Browser, enrollment: i64) {
    for slug in lesson_slugs(app) {
        let res = b
            .post_form(
                "/api/learning/done",
                &format!("/courses/{COURSE}/{slug}"),
                &[("enrollment", &enrollment.to_string()), ("lesson", &slug)],
            )
            .await;
        assert_eq!(res.status, 302, "{}", res.body);
    }
}

async fn submit(b: &Browser, enrollment: i64, token: &str, answers: &[(String, String)]) -> Page {
    let e = enrollment.to_string();
    let mut fields: Vec<(&str, &str)> = vec![("enrollment", &e), ("token", token)];
    fields.extend(answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.post_form(
        "/api/learning/check/submit",
        &format!("/courses/{COURSE}/check"),
        &fields,
    )
    .await
}

async fn take_and_pass(app: &TestApp, b: &Browser, enrollment: i64) -> String {
    let check = b.get(&format!("/courses/{COURSE}/check")).await;
    let token = hidden(&check, "token");
    let res = submit(b, enrollment, &token, &answers(app, false)).await;
    assert_eq!(res.status, 302, "{}", res.body);
    res.location.unwrap()
}

fn certificate_code(page: &Page) -> String {
    let start = page
        .body
        .find("/certificates/")
        .expect("a certificate link")
        + 14;
    page.body[start..start + 14].to_string()
}

#[tokio::test]
async fn an_employee_enrols_reads_every_lesson_passes_the_check_and_is_certified() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E1001").await;
    app.exec("UPDATE users SET name = 'Dana Whitfield' WHERE employee_id = 'E1001'")
        .await;
    app.set_department(user.id, "Revenue").await;
    let course_page = b.get(&format!("/courses/{COURSE}")).await;
    course_page.assert_contains("Enrol in this course");

    let res = enrol(&b).await;
    assert_eq!(res.status, 302);
    let page = b.visit(&res.location.unwrap()).await;
    page.assert_contains("You are enrolled in Who Is Our Customer");
    page.assert_contains("Your progress");
    page.assert_contains("0 of 4 lessons done");
    // Enrolling twice changes nothing and says so.
    let again = b.visit(&enrol(&b).await.location.unwrap()).await;
    again.assert_contains("You are already enrolled in");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollments WHERE user_id = $1",
            user.id
        )
        .await,
        1
    );

    let e = enrollment_id(&app, &user).await;
    let slugs = lesson_slugs(&app);
    let first = b.get(&format!("/courses/{COURSE}/{}", slugs[0])).await;
    first.assert_contains("Mark as done");
    let done = b
        .post_form(
            "/api/learning/done",
            &format!("/courses/{COURSE}/{}", slugs[0]),
            &[("enrollment", &e.to_string()), ("lesson", &slugs[0])],
        )
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/courses/{COURSE}/{}", slugs[1]).as_str())
    );
    let next = b.visit(&done.location.unwrap()).await;
    next.assert_contains("Lesson marked as done. Next:");
    next.assert_contains("1 of 4 lessons done");
    // The dashboard resumes at the next unfinished lesson.
    let home = b.get("/").await;
    home.assert_contains("In progress (1)");
    home.assert_contains(&format!("href=\"/courses/{COURSE}/{}\"", slugs[1]));
    home.assert_contains("aria-valuenow=\"25\"");
    // The catalog shows the same progress.
    b.get("/courses")
        .await
        .assert_contains("aria-valuenow=\"25\"");

    mark_all_done(&app, &b, e).await;
    let course_page = b.get(&format!("/courses/{COURSE}")).await;
    course_page.assert_contains("4 of 4 lessons done");
    course_page.assert_contains("Still to do: pass the knowledge check.");

    let result = take_and_pass(&app, &b, e).await;
    assert!(result.starts_with(&format!("/courses/{COURSE}/check/attempts/")));
    let result = b.visit(&result).await;
    result.assert_contains("You passed with 100 % and completed Who Is Our Customer");
    result.assert_contains("— passed.");
    let code = certificate_code(&result);

    let cert = b.get(&format!("/certificates/{code}")).await;
    assert_eq!(cert.status, 200);
    cert.assert_contains("Certificate of completion");
    cert.assert_contains("Dana Whitfield");
    cert.assert_contains("course version 1");

    // Anyone can verify it, and learns nothing else about the person.
    let public = Browser::new(&app.base);
    let verify = public
        .get(&format!("/verify/{}", code.to_lowercase()))
        .await;
    assert_eq!(verify.status, 200);
    verify.assert_contains("This certificate is valid");
    verify.assert_contains("Dana Whitfield");
    assert!(!verify.body.contains(&user.email));
    assert!(!verify.body.contains(&user.employee_id));
    assert!(!verify.body.contains("Revenue"));

    let home = b.get("/").await;
    home.assert_contains("Completed (1)");
    home.assert_contains("View certificate");
}

#[tokio::test]
async fn the_check_form_carries_no_answers_and_results_show_the_key_only_after_a_pass() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E1002").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    let check = b.get(&format!("/courses/{COURSE}/check")).await;
    check.assert_contains("Submit answers");
    let lib = app.state.library.current();
    let key = lib.course(COURSE).unwrap().check.clone().unwrap();
    for q in &key.questions {
        let explanation = q.explanation_html.replace("<p>", "").replace("</p>", "");
        let first_words: String = explanation.chars().take(40).collect();
        assert!(
            !check.body.contains(&first_words),
            "the explanation of {} leaked before submission",
            q.id
        );
    }
    assert!(!check.body.contains("correct"));

    let token = hidden(&check, "token");
    let res = submit(&b, e, &token, &answers(&app, true)).await;
    assert_eq!(res.status, 302);
    let first_attempt = res.location.unwrap();
    let result = b.visit(&first_attempt).await;
    result.assert_contains("the pass mark is 80 %. Review the lessons behind the questions");
    result.assert_contains("not passed yet");
    result.assert_contains("Try again");
    result.assert_contains("Not right");
    result.assert_contains("shown once you pass");
    let first_explanation: String = key.questions[0]
        .explanation_html
        .replace("<p>", "")
        .chars()
        .take(30)
        .collect();
    // A failed attempt names no right answer: not on the page, not in its hydration data.
    assert!(!result.body.contains(&first_explanation), "{}", result.body);
    assert!(!result.body.contains(" — correct"));
    let id = first_attempt.rsplit('/').next().unwrap();
    let json = b.call("/api/learning/attempt", &[("id", id)]).await;
    assert_eq!(json.status, 200, "{}", json.body);
    assert!(
        !json.body.contains(&first_explanation[..20]),
        "{}",
        json.body
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollments WHERE user_id = $1 AND completed_at IS NOT NULL",
            user.id
        )
        .await,
        0
    );
    // A retake with a fresh form passes, and now the key shows, on this attempt and the first.
    mark_all_done(&app, &b, e).await;
    let result = b.visit(&take_and_pass(&app, &b, e).await).await;
    result.assert_contains("attempt 2");
    result.assert_contains("completed Who Is Our Customer");
    result.assert_contains(&first_explanation);
    result.assert_contains(" — correct");
    b.visit(&first_attempt)
        .await
        .assert_contains(&first_explanation);
}

#[tokio::test]
async fn a_replayed_or_forged_submission_is_refused_and_nothing_is_stored() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E1003").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    let token = hidden(&b.get(&format!("/courses/{COURSE}/check")).await, "token");
    let right = answers(&app, false);
    let es = e.to_string();
    let mut fields: Vec<(&str, &str)> = vec![("enrollment", &es), ("token", &token)];
    fields.extend(right.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let first = b.call("/api/learning/check/submit", &fields).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let replay = b.call("/api/learning/check/submit", &fields).await;
    assert_eq!(replay.status, 409);
    assert!(replay.body.contains("already submitted"), "{}", replay.body);

    let fresh = hidden(&b.get(&format!("/courses/{COURSE}/check")).await, "token");
    for (forged, message) in [
        (("answers[q99]", "a"), "(q99) that this check does not have"),
        (("answers[q1]", "z"), "Question 1 has no option \\\"z\\\""),
    ] {
        let res = b
            .call(
                "/api/learning/check/submit",
                &[("enrollment", &es), ("token", &fresh), forged],
            )
            .await;
        assert_eq!(res.status, 422, "{}", res.body);
        assert!(res.body.contains(message), "{}", res.body);
    }
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM check_attempts WHERE user_id = $1",
            user.id
        )
        .await,
        1
    );
}

#[tokio::test]
async fn another_persons_enrolment_is_refused_for_lessons_checks_and_unenrolling() {
    let app = TestApp::start().await;
    let (owner, owner_user) = app.signed_in(Role::Employee, "E1004").await;
    enrol(&owner).await;
    let theirs = enrollment_id(&app, &owner_user).await.to_string();
    let (intruder, _) = app.signed_in(Role::Employee, "E1005").await;
    let slug = lesson_slugs(&app)[0].clone();
    let done = intruder
        .call(
            "/api/learning/done",
            &[("enrollment", &theirs), ("lesson", &slug)],
        )
        .await;
    assert_eq!(done.status, 403);
    let token = "x".repeat(43);
    let check = intruder
        .call(
            "/api/learning/check/submit",
            &[("enrollment", &theirs), ("token", &token)],
        )
        .await;
    assert_eq!(check.status, 403);
    let leave = intruder
        .call("/api/learning/unenrol", &[("enrollment", &theirs)])
        .await;
    assert_eq!(leave.status, 403);
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM lesson_progress WHERE user_id = $1",
            owner_user.id
        )
        .await,
        0
    );
    // Not enrolled at all: the lesson page offers no "mark as done".
    let lesson = intruder.get(&format!("/courses/{COURSE}/{slug}")).await;
    assert_eq!(lesson.status, 200);
    assert!(!lesson.body.contains("Mark as done"));
    // Signed out: sign in first.
    let anonymous = Browser::new(&app.base)
        .call(
            "/api/learning/done",
            &[("enrollment", &theirs), ("lesson", &slug)],
        )
        .await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn concurrent_mark_done_clicks_count_once() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E1006").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await.to_string();
    let slug = lesson_slugs(&app)[0].clone();
    let b = std::sync::Arc::new(b);
    let clicks: Vec<_> = (0..16)
        .map(|_| {
            let (b, e, slug) = (b.clone(), e.clone(), slug.clone());
            tokio::spawn(async move {
                b.call(
                    "/api/learning/done",
                    &[("enrollment", &e), ("lesson", &slug)],
                )
                .await
                .status
            })
        })
        .collect();
    for c in clicks {
        assert_eq!(c.await.unwrap(), 200);
    }
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM lesson_progress WHERE user_id = $1 AND done_at IS NOT NULL",
            user.id
        )
        .await,
        1
    );
    b.get(&format!("/courses/{COURSE}"))
        .await
        .assert_contains("1 of 4 lessons done");
}

#[tokio::test]
async fn unenrolling_keeps_history_and_enrolling_again_restores_progress() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E1007").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    let slug = lesson_slugs(&app)[0].clone();
    b.call(
        "/api/learning/done",
        &[("enrollment", &e.to_string()), ("lesson", &slug)],
    )
    .await;
    let left = b
        .post_form(
            "/api/learning/unenrol",
            &format!("/courses/{COURSE}"),
            &[("enrollment", &e.to_string())],
        )
        .await;
    let page = b.visit(&left.location.unwrap()).await;
    page.assert_contains("You have left Who Is Our Customer");
    page.assert_contains("Enrol in this course");
    assert!(!b.get("/").await.body.contains("In progress ("));
    // Marking a lesson after leaving is refused with the reason.
    let refused = b
        .call(
            "/api/learning/done",
            &[("enrollment", &e.to_string()), ("lesson", &slug)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Enrol again to continue"));
    b.get("/transcript").await.assert_contains("Unenrolled");

    let back = b.visit(&enrol(&b).await.location.unwrap()).await;
    back.assert_contains("Your earlier progress is still here");
    back.assert_contains("1 of 4 lessons done");
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM enrollment_events WHERE enrollment_id = $1",
            e
        )
        .await,
        3,
        "enrolled, unenrolled, re-enrolled"
    );
}

#[tokio::test]
async fn a_trainer_enrols_a_list_and_a_department_with_a_due_date() {
    let app = TestApp::start().await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T2001").await;
    let a = app.user(Role::Employee, "E2001").await;
    app.user(Role::Employee, "E2002").await;
    app.exec(
        "INSERT INTO departments (code, name, created_at, updated_at) VALUES ('PARKS', 'Parks', 0, 0)",
    )
    .await;
    app.exec("UPDATE users SET department_code = 'PARKS' WHERE employee_id IN ('E2002')")
        .await;
    let form = trainer.get("/trainer/enrol").await;
    assert_eq!(form.status, 200);
    form.assert_contains("<option value=\"Parks\">Parks</option>");
    // Five days from today in the academy's time zone (the page counts days there).
    let due = common::sessions::day_in(5);
    let res = trainer
        .post_form(
            "/api/training/enrol",
            "/trainer/enrol",
            &[
                ("course", COURSE),
                ("employee_ids", "E2001\nNOBODY, E2001"),
                ("department", "Parks"),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(res.status, 302, "{}", res.body);
    let page = trainer.visit("/trainer/enrol").await;
    page.assert_contains("Who Is Our Customer?: enrolled 2 people.");
    page.assert_contains("No account has employee id NOBODY.");
    // Again: nobody is enrolled twice.
    trainer
        .post_form(
            "/api/training/enrol",
            "/trainer/enrol",
            &[
                ("course", COURSE),
                ("employee_ids", "E2001"),
                ("due_on", &due),
            ],
        )
        .await;
    trainer
        .visit("/trainer/enrol")
        .await
        .assert_contains("Who Is Our Customer?: enrolled 0 people. 1 already enrolled.");

    // The learner sees it due soon on their dashboard.
    let learner = app.browser();
    learner.sign_in(&a.email, common::PASSWORD).await;
    let home = learner.get("/").await;
    home.assert_contains("Due soon (1)");
    home.assert_contains("(in 5 days)");
    // Past due: overdue.
    app.exec("UPDATE enrollments SET due_on = '2020-01-31'")
        .await;
    let home = learner.get("/").await;
    home.assert_contains("Overdue (1)");
    home.assert_contains("was due 31 January 2020");

    // Bad input is refused with a reason.
    for (fields, message) in [
        (vec![("course", COURSE)], "Name who to enrol"),
        (
            vec![
                ("course", COURSE),
                ("employee_ids", "E2001"),
                ("due_on", "31/12/2026"),
            ],
            "Give the due date as a date",
        ),
        (
            vec![
                ("course", COURSE),
                ("employee_ids", "E2001"),
                ("due_on", "2020-01-01"),
            ],
            "already passed",
        ),
        (
            vec![("course", "no-such-course"), ("employee_ids", "E2001")],
            "no such course",
        ),
        (
            vec![("course", COURSE), ("department", "Atlantis")],
            "Nobody active is in the department",
        ),
    ] {
        let res = trainer.call("/api/training/enrol", &fields).await;
        assert!(res.status >= 400, "{fields:?}");
        assert!(res.body.contains(message), "{fields:?}: {}", res.body);
    }
    // Employees and instructors cannot enrol others.
    for role in [Role::Employee, Role::Instructor] {
        let (b, _) = app
            .signed_in(role, &format!("X{}", role.as_str().len()))
            .await;
        let res = b
            .call(
                "/api/training/enrol",
                &[("course", COURSE), ("employee_ids", "E2001")],
            )
            .await;
        assert_eq!(res.status, 403, "{role:?}");
        assert_eq!(b.get("/trainer/enrol").await.status, 403);
    }
}

#[tokio::test]
async fn transcripts_are_for_their_owner_and_trainers_not_instructors() {
    let app = TestApp::start().await;
    let (learner, user) = app.signed_in(Role::Employee, "E3001").await;
    enrol(&learner).await;
    let e = enrollment_id(&app, &user).await;
    mark_all_done(&app, &learner, e).await;
    take_and_pass(&app, &learner, e).await;

    let own = learner.get("/transcript").await;
    own.assert_contains("My transcript");
    own.assert_contains("Completed");
    let csv = learner.get("/transcript.csv").await;
    assert_eq!(csv.status, 200);
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Employee id,Name,Course,Status,Enrolled on,Due on,Completed on,Version completed,Best check score (%),Certificate"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("E3001,Employee E3001,Who Is Our Customer?,Completed,"),
        "{row}"
    );
    assert!(row.contains(",1,100,"), "{row}");

    let (trainer, _) = app.signed_in(Role::Trainer, "T3001").await;
    let seen = trainer.get("/transcript?employee=E3001").await;
    seen.assert_contains("Transcript: Employee E3001");
    let csv = trainer.get("/transcript.csv?employee=E3001").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("E3001,"));
    assert_eq!(trainer.get("/transcript?employee=NOBODY").await.status, 404);

    let (instructor, _) = app.signed_in(Role::Instructor, "I3001").await;
    assert_eq!(
        instructor.get("/transcript?employee=E3001").await.status,
        403
    );
    assert_eq!(
        instructor
            .get("/transcript.csv?employee=E3001")
            .await
            .status,
        403
    );
    let (other, _) = app.signed_in(Role::Employee, "E3002").await;
    assert_eq!(
        other.get("/transcript.csv?employee=E3001").await.status,
        403
    );
    assert_eq!(
        Browser::new(&app.base).get("/transcript.csv").await.status,
        401
    );
}

#[tokio::test]
async fn an_admin_revokes_a_certificate_and_its_verification_page_says_so() {
    let app = TestApp::start().await;
    let (learner, user) = app.signed_in(Role::Employee, "E4001").await;
    enrol(&learner).await;
    let e = enrollment_id(&app, &user).await;
    mark_all_done(&app, &learner, e).await;
    let result = learner.visit(&take_and_pass(&app, &learner, e).await).await;
    let code = certificate_code(&result);

    let (trainer, _) = app.signed_in(Role::Trainer, "T4001").await;
    assert_eq!(
        trainer.get(&format!("/certificates/{code}")).await.status,
        200
    );
    let refused = trainer
        .call(
            "/api/learning/certificate/revoke",
            &[("code", &code), ("reason", "test")],
        )
        .await;
    assert_eq!(refused.status, 403);
    let (stranger, _) = app.signed_in(Role::Employee, "E4002").await;
    assert_eq!(
        stranger.get(&format!("/certificates/{code}")).await.status,
        403
    );

    let (admin, _) = app.signed_in(Role::Admin, "A4001").await;
    let empty = admin
        .call(
            "/api/learning/certificate/revoke",
            &[("code", &code), ("reason", "  ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    let res = admin
        .post_form(
            "/api/learning/certificate/revoke",
            &format!("/certificates/{code}"),
            &[("code", &code), ("reason", "Issued in error")],
        )
        .await;
    let page = admin.visit(&res.location.unwrap()).await;
    page.assert_contains("The certificate is revoked.");
    page.assert_contains("Reason: Issued in error");
    let verify = Browser::new(&app.base)
        .get(&format!("/verify/{code}"))
        .await;
    verify.assert_contains("This certificate was revoked");
    assert!(!verify.body.contains("This certificate is valid"));
    let twice = admin
        .call(
            "/api/learning/certificate/revoke",
            &[("code", &code), ("reason", "again")],
        )
        .await;
    assert_eq!(twice.status, 409);
}

#[tokio::test]
async fn an_unknown_verification_code_is_a_404_with_a_clear_message() {
    let app = TestApp::start().await;
    let b = Browser::new(&app.base);
    let res = b.get("/verify/ABCD-EFGH-JKMN").await;
    assert_eq!(res.status, 404);
    res.assert_contains("No certificate has this code.");
    let junk = b.get("/verify?code=%3Cscript%3E").await;
    assert_eq!(junk.status, 404);
    assert!(!junk.body.contains("<script>"));
    let form = b.get("/verify").await;
    assert_eq!(form.status, 200);
    form.assert_contains("Verification code");
}

#[tokio::test]
async fn a_course_revised_after_completion_keeps_the_completion_and_its_version() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E5001").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    mark_all_done(&app, &b, e).await;
    take_and_pass(&app, &b, e).await;
    // A revision: version 2 with a new lesson the learner has not read.
    app.exec("UPDATE courses SET version = 2 WHERE slug = 'who-is-our-customer'")
        .await;
    app.exec(
        "INSERT INTO lessons (course_id, slug, position, title, minutes, content_hash, retired, \
         updated_at) SELECT id, 'new-lesson', 99, 'New lesson', 5, 'x', 0, 0 FROM courses \
         WHERE slug = 'who-is-our-customer'",
    )
    .await;
    let page = b.get(&format!("/courses/{COURSE}")).await;
    page.assert_contains("You completed this course on");
    page.assert_contains("(version 1)");
    page.assert_contains("4 of 5 lessons done");
}

#[tokio::test]
async fn the_demo_seed_fills_a_city_and_refuses_to_run_twice() {
    let app = TestApp::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = (*app.state.config).clone();
    let options = |generate: Option<std::path::PathBuf>| academy::demo::SeedOptions {
        employees: 60,
        courses: 5,
        enrolments: 3,
        generate_courses: generate,
        password: "demo learner passphrase".into(),
        seed: 7,
        feedback: academy::demo::feedback::FeedbackOptions {
            sessions: 30,
            instructors: 12,
            responses: 600,
        },
    };
    let generated = dir.path().join("generated");
    let summary = common::on_server({
        let config = config.clone();
        let opts = options(Some(generated.clone()));
        async move { academy::demo::seed(&config, opts).await }
    })
    .await
    .unwrap();
    assert!(
        summary.starts_with("Seeded 60 employees, 5 courses, 180 enrolments"),
        "{summary}"
    );
    assert!(generated.join("course-001/course.md").exists());
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM users WHERE employee_id LIKE 'D%' AND id > $1",
            0
        )
        .await,
        60
    );
    assert_eq!(
        app.number(
            "SELECT COUNT(*) FROM certificates WHERE course_title = '' OR user_id < $1",
            0
        )
        .await,
        0,
        "every certificate names its course"
    );
    // Feedback: every response has its receipt and is in the tallies the dashboards read.
    let responses = app
        .number("SELECT COUNT(*) FROM feedback_responses WHERE $1 = $1", 0)
        .await;
    assert!(responses > 300, "{responses}");
    for sql in [
        "SELECT COUNT(*) FROM feedback_receipts WHERE $1 = $1",
        "SELECT CAST(SUM(n) AS BIGINT) FROM feedback_tallies WHERE question_key = '' AND $1 = $1",
        "SELECT CAST(SUM(n) AS BIGINT) FROM feedback_month_tallies WHERE question_key = '' AND $1 = $1",
        "SELECT COUNT(*) FROM feedback_answers WHERE question_key = 'overall' AND $1 = $1",
    ] {
        assert_eq!(app.number(sql, 0).await, responses, "{sql}");
    }
    let trainer = app.browser();
    assert_eq!(
        trainer
            .sign_in("t000001@demo.city.test", "demo learner passphrase")
            .await
            .status,
        302
    );
    let dash = trainer.visit("/trainer/benchmarks").await;
    assert_eq!(dash.status, 200, "{}", dash.body);
    dash.assert_contains("Sessions held");
    dash.assert_contains("role=\"img\"");
    // The one demo learner can sign in and sees their learning.
    let b = app.browser();
    assert_eq!(
        b.sign_in("D000001", "demo learner passphrase").await.status,
        302
    );
    b.get("/").await.assert_contains("My learning");
    let again = common::on_server(async move { academy::demo::seed(&config, options(None)).await })
        .await
        .unwrap_err();
    assert!(again.contains("already has demo data"), "{again}");
}

#[tokio::test]
async fn a_certificate_prints_its_whole_verification_address() {
    let app =
        TestApp::start_with(|c| c.public_url = Some("https://academy.city.test/".into())).await;
    let (b, user) = app.signed_in(Role::Employee, "E6001").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    mark_all_done(&app, &b, e).await;
    let result = b.visit(&take_and_pass(&app, &b, e).await).await;
    let code = certificate_code(&result);
    b.get(&format!("/certificates/{code}"))
        .await
        .assert_contains(&format!(
            "Check it at https://academy.city.test/verify/{code}"
        ));
}

#[tokio::test]
async fn without_a_public_url_a_certificate_prints_the_address_the_academy_listens_on() {
    let app = TestApp::start().await;
    assert_eq!(app.state.config.public_url, None);
    let (b, user) = app.signed_in(Role::Employee, "E6002").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    mark_all_done(&app, &b, e).await;
    let result = b.visit(&take_and_pass(&app, &b, e).await).await;
    let code = certificate_code(&result);
    let page = b.get(&format!("/certificates/{code}")).await;
    // The test server listens on http://127.0.0.1:<port>, as invitations say too.
    page.assert_contains(&format!("Check it at {}/verify/{code}", app.base));
    assert!(!page.body.contains("Check it at /"), "{}", page.body);
}

#[tokio::test]
async fn viewing_a_course_whose_requirements_are_met_completes_nothing_until_the_learner_asks() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E7001").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    let slugs = lesson_slugs(&app);
    for slug in &slugs[..slugs.len() - 1] {
        let res = b
            .post_form(
                "/api/learning/done",
                &format!("/courses/{COURSE}/{slug}"),
                &[("enrollment", &e.to_string()), ("lesson", slug)],
            )
            .await;
        assert_eq!(res.status, 302, "{}", res.body);
    }
    take_and_pass(&app, &b, e).await;
    // A revision retires the one lesson the learner had left: every requirement is now met.
    let last = app
        .number(
            "SELECT id FROM lessons WHERE course_id = \
             (SELECT course_id FROM enrollments WHERE id = $1) ORDER BY position DESC LIMIT 1",
            e,
        )
        .await;
    app.run("UPDATE lessons SET retired = 1 WHERE id = $1", &[last])
        .await;
    let certificates = "SELECT COUNT(*) FROM certificates WHERE user_id = $1";
    for _ in 0..2 {
        let page = b.get(&format!("/courses/{COURSE}")).await;
        assert_eq!(page.status, 200);
        page.assert_contains("Complete the course and get your certificate");
        b.call("/api/learning/course", &[("course", COURSE)]).await;
    }
    assert_eq!(
        app.number(certificates, user.id).await,
        0,
        "a view issued nothing"
    );
    let done = b
        .post_form(
            "/api/learning/complete",
            &format!("/courses/{COURSE}"),
            &[("enrollment", &e.to_string())],
        )
        .await;
    assert_eq!(done.status, 302, "{}", done.body);
    assert!(done.location.unwrap().starts_with("/certificates/"));
    assert_eq!(app.number(certificates, user.id).await, 1);
    b.get(&format!("/courses/{COURSE}"))
        .await
        .assert_contains("You completed this course on");
}

#[tokio::test]
async fn completing_a_course_with_work_left_is_refused_and_says_what_is_left() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E7002").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    let res = b
        .call("/api/learning/complete", &[("enrollment", &e.to_string())])
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("Still to do"), "{}", res.body);
    let (other, _) = app.signed_in(Role::Employee, "E7003").await;
    let res = other
        .call("/api/learning/complete", &[("enrollment", &e.to_string())])
        .await;
    assert_eq!(res.status, 403, "another person's enrolment");
}

#[tokio::test]
async fn a_pending_password_change_comes_first_on_every_learning_endpoint() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E7004").await;
    enrol(&b).await;
    app.run(
        "UPDATE users SET must_change_password = 1 WHERE id = $1",
        &[user.id],
    )
    .await;
    let slug = lesson_slugs(&app)[0].clone();
    for (path, fields) in [
        ("/api/learning/catalog-progress", vec![]),
        ("/api/learning/course", vec![("course", COURSE)]),
        (
            "/api/learning/lesson",
            vec![("course", COURSE), ("lesson", &slug)],
        ),
        ("/api/learning/check", vec![("course", COURSE)]),
    ] {
        let res = b.call(path, &fields).await;
        assert_eq!(res.status, 403, "{path}: {}", res.body);
        assert!(
            res.body.contains("PasswordChangeRequired"),
            "{path}: {}",
            res.body
        );
    }
    // The pages send the person to choose a password first, the public catalog too.
    for page in ["/courses", &format!("/courses/{COURSE}")] {
        let res = b.get(page).await;
        assert_eq!(res.status, 302, "{page}");
        assert_eq!(res.location.as_deref(), Some("/account?first=1"), "{page}");
    }
    let opened = app
        .number(
            "SELECT COUNT(*) FROM lesson_progress WHERE user_id = $1",
            user.id,
        )
        .await;
    assert_eq!(opened, 0, "nothing was recorded for the refused view");
}

#[tokio::test]
async fn a_course_that_never_shows_its_answers_keeps_them_after_a_pass_but_trainers_see_them() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("courses");
    common::copy_dir(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/courses")),
        &lib,
    );
    let course_md = lib.join(COURSE).join("course.md");
    let text = std::fs::read_to_string(&course_md).unwrap();
    let text = text.replacen("version: 1\n", "version: 1\nshow_answers: never\n", 1);
    std::fs::write(&course_md, text).unwrap();
    let app = TestApp::start_with(|c| c.courses_dir = lib.clone()).await;
    let (b, user) = app.signed_in(Role::Employee, "E7010").await;
    enrol(&b).await;
    let e = enrollment_id(&app, &user).await;
    mark_all_done(&app, &b, e).await;
    let attempt = take_and_pass(&app, &b, e).await;
    let key = app
        .state
        .library
        .current()
        .course(COURSE)
        .unwrap()
        .check
        .clone()
        .unwrap();
    let opening: String = key.questions[0]
        .explanation_html
        .replace("<p>", "")
        .chars()
        .take(30)
        .collect();
    let mine = b.visit(&attempt).await;
    mine.assert_contains("passed");
    mine.assert_contains("does not show the right answers");
    assert!(!mine.body.contains(&opening), "{}", mine.body);
    let (trainer, _) = app.signed_in(Role::Trainer, "T7010").await;
    trainer.visit(&attempt).await.assert_contains(&opening);
}
