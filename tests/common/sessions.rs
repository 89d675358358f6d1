//! Session helpers shared by the sessions, feedback, benchmark and download tests: scheduling
//! through the trainer's form, registering, answering, and moving a session in time.

use super::{Browser, Page, TestApp};
use academy::accounts::User;

/// A course whose completion needs a session and its feedback.
pub const COURSE: &str = "front-line-talent";

pub fn day_in(days: i64) -> String {
    let tz = chrono_tz::America::New_York;
    (chrono::Utc::now().with_timezone(&tz).date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

pub fn session_fields<'a>(
    title: &'a str,
    date: &'a str,
    capacity: &'a str,
    instructors: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[course]", COURSE),
        ("form[title]", title),
        ("form[date]", date),
        ("form[start]", "09:00"),
        ("form[end]", "12:00"),
        ("form[time_zone]", "America/New_York"),
        ("form[place]", "City Hall, Room 4"),
        ("form[video_url]", ""),
        ("form[capacity]", capacity),
        ("form[register_by]", ""),
        (
            "form[notes]",
            "Bring a recent service story; commas, semicolons; and a \\ too.",
        ),
        ("form[instructors]", instructors),
        ("form[guests]", "Maria Lopez, Grand Hotel"),
        ("form[form]", ""),
    ]
}

/// Schedules a session a week ahead taught by `instructors` (employee ids, space-separated;
/// the guest every test session has teaches too) and returns its id.
pub async fn schedule_taught_by(
    trainer: &Browser,
    title: &str,
    capacity: u32,
    instructors: &str,
) -> i64 {
    schedule_in(trainer, COURSE, title, capacity, instructors).await
}

/// [`schedule_taught_by`] for a session of another course.
pub async fn schedule_in(
    trainer: &Browser,
    course: &str,
    title: &str,
    capacity: u32,
    instructors: &str,
) -> i64 {
    let date = day_in(7);
    let capacity = capacity.to_string();
    let mut fields = session_fields(title, &date, &capacity, instructors);
    fields[0] = ("form[course]", course);
    schedule_with(trainer, &fields).await
}

/// Posts the trainer's scheduling form with these fields; returns the new session's id.
pub async fn schedule_with(trainer: &Browser, fields: &[(&str, &str)]) -> i64 {
    let res = trainer
        .post_form("/api/sessions/save", "/trainer/sessions/new", fields)
        .await;
    let to = res
        .location
        .clone()
        .unwrap_or_else(|| panic!("scheduling should redirect: {} {}", res.status, res.body));
    to.trim_start_matches("/sessions/")
        .parse()
        .unwrap_or_else(|_| panic!("redirected to {to}"))
}

/// Schedules a session a week ahead taught by `instructor` and returns its id.
pub async fn schedule(trainer: &Browser, title: &str, capacity: u32, instructor: &User) -> i64 {
    schedule_taught_by(trainer, title, capacity, &instructor.employee_id).await
}

/// The default form's questions that take a score (1–5).
pub const SCORED: [&str; 6] = [
    "knowledge",
    "clarity",
    "engagement",
    "relevance",
    "apply",
    "overall",
];

/// Answers the default form: every scale 4 and recommend 9, but for `given` (field, value)
/// pairs, which replace or add to those (an empty value leaves a question unanswered).
pub async fn answer(b: &Browser, session: i64, given: &[(&str, &str)]) -> Page {
    let sid = session.to_string();
    let scored: Vec<String> = SCORED.iter().map(|k| format!("a[{k}]")).collect();
    let mut fields: Vec<(&str, &str)> = vec![("session", &sid), ("a[recommend]", "9")];
    fields.extend(scored.iter().map(|k| (k.as_str(), "4")));
    for (k, v) in given {
        fields.retain(|(f, _)| f != k);
        if !v.is_empty() {
            fields.push((k, v));
        }
    }
    b.call("/api/feedback/submit", &fields).await
}

/// Answers the default form: every scale 4 but "overall", recommend 9, and a comment.
pub async fn submit(b: &Browser, session: i64, overall: i64, comment: &str) -> Page {
    let overall = overall.to_string();
    answer(
        b,
        session,
        &[("a[overall]", &overall), ("a[worked]", comment)],
    )
    .await
}

/// A text column of a session's row (`column` is one of this file's callers' literals).
pub async fn session_text(app: &TestApp, session: i64, column: &'static str) -> String {
    let db = app.state.db.clone();
    super::on_server(async move {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {column} FROM training_sessions WHERE id = $1"
        )))
        .bind(session)
        .fetch_one(&db)
        .await
        .unwrap()
    })
    .await
}

/// The code attendees type to check in to a session.
pub async fn check_in_code(app: &TestApp, session: i64) -> String {
    session_text(app, session, "checkin_code").await
}

/// Every stored response's id.
pub async fn response_ids(app: &TestApp) -> Vec<i64> {
    let db = app.state.db.clone();
    super::on_server(async move {
        sqlx::query_scalar("SELECT id FROM feedback_responses")
            .fetch_all(&db)
            .await
            .unwrap()
    })
    .await
}

/// Everything of the course [`COURSE`] done by `user` but the session and its feedback (written
/// directly: the enrollment tests cover lessons and checks); returns the course's id.
pub async fn all_but_the_session(app: &TestApp, user: &User) -> i64 {
    let course = app
        .number(
            "SELECT id FROM courses WHERE slug = 'front-line-talent' AND $1 = 1",
            1,
        )
        .await;
    app.run(
        "INSERT INTO lesson_progress (user_id, lesson_id, course_id, opened_at, done_at) \
         SELECT $1, id, course_id, 1, 1 FROM lessons WHERE course_id = $2 AND retired = 0",
        &[user.id, course],
    )
    .await;
    app.run(
        "INSERT INTO check_attempts (user_id, course_id, course_version, token, correct, total, \
         percent, passed, answers, submitted_at) \
         VALUES ($1, $2, 1, 'tok-all-but-the-session-' || CAST($1 AS TEXT), 5, 5, 100, 1, '{}', 1)",
        &[user.id, course],
    )
    .await;
    course
}

/// Moves a session `days_ago` days into the past, into the month it then falls in (its answers
/// move with it), so that its feedback form has closed: results are released, and once that
/// month is over and closed too, it counts in the program's figures.
pub async fn move_back(app: &TestApp, session: i64, days_ago: i64) {
    let now = academy::db::now();
    let (starts, ends) = (
        now - days_ago * 86_400 - 4 * 3600,
        now - days_ago * 86_400 - 3600,
    );
    let tz = chrono_tz::America::New_York;
    let month = chrono::DateTime::from_timestamp(starts, 0)
        .unwrap()
        .with_timezone(&tz)
        .format("%Y-%m")
        .to_string();
    let db = app.state.db.clone();
    super::on_server(async move {
        let (old, course): (String, i64) =
            sqlx::query_as("SELECT month, course_id FROM training_sessions WHERE id = $1")
                .bind(session)
                .fetch_one(&db)
                .await?;
        let mut tx = db.begin().await?;
        sqlx::query(
            "UPDATE training_sessions SET starts_at = $2, ends_at = $3, month = $4, \
             attendance_marked_at = CASE WHEN attendance_marked_at IS NULL THEN NULL ELSE $3 END \
             WHERE id = $1",
        )
        .bind(session)
        .bind(starts)
        .bind(ends)
        .bind(&month)
        .execute(&mut *tx)
        .await?;
        academy::benchmarks::store::recount_months(&mut tx, &[(old, course), (month, course)])
            .await
            .expect("recounting the month tallies");
        tx.commit().await
    })
    .await
    .expect("moving a session back");
}

/// A session held long enough ago that its month is closed: 40 days back.
pub const HELD_DAYS_AGO: i64 = 40;

/// A session taught by `instructors` (employee ids), attended by `people` (all marked present
/// by the trainer), of whom the first `answers.len()` answer with those ("overall", comment);
/// then held [`HELD_DAYS_AGO`] days ago, its form closed and its month closed.
pub async fn held_session(
    app: &TestApp,
    trainer: &Browser,
    title: &str,
    instructors: &str,
    people: &[(Browser, User)],
    answers: &[(i64, String)],
) -> i64 {
    held_in(app, trainer, COURSE, title, instructors, people, answers).await
}

/// [`held_session`] of another course.
pub async fn held_in(
    app: &TestApp,
    trainer: &Browser,
    course: &str,
    title: &str,
    instructors: &str,
    people: &[(Browser, User)],
    answers: &[(i64, String)],
) -> i64 {
    let id = schedule_in(trainer, course, title, 40, instructors).await;
    for (b, _) in people {
        let res = register(b, id).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    start_now(app, id).await;
    mark_present(app, trainer, id, people).await;
    for ((b, _), (overall, comment)) in people.iter().zip(answers) {
        let res = submit(b, id, *overall, comment).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    move_back(app, id, HELD_DAYS_AGO).await;
    id
}

/// The same comment for every score.
pub fn answers(scores: &[i64], comment: &str) -> Vec<(i64, String)> {
    scores.iter().map(|s| (*s, comment.to_string())).collect()
}

pub async fn register(b: &Browser, session: i64) -> Page {
    b.call(
        "/api/sessions/register",
        &[("session", &session.to_string())],
    )
    .await
}

/// Moves a session so that it is under way: started 5 minutes ago, ends in 3 hours.
pub async fn start_now(app: &TestApp, session: i64) {
    let now = academy::db::now();
    app.run(
        "UPDATE training_sessions SET starts_at = $2, ends_at = $3, register_by = $2 WHERE id = $1",
        &[session, now - 300, now + 3 * 3600],
    )
    .await;
}

/// Marks `people` present on a session's roster, as `marker` (a trainer or its instructor).
pub async fn mark_present(
    app: &TestApp,
    marker: &Browser,
    session: i64,
    people: &[(Browser, User)],
) {
    let mut fields = vec![("session".to_string(), session.to_string())];
    for (_, u) in people {
        let reg = app
            .number(
                "SELECT id FROM registrations WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
                u.id,
            )
            .await;
        fields.push((format!("mark[{reg}]"), "present".into()));
    }
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = marker.call("/api/sessions/mark", &f).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// The check-in code a session's roster page shows its instructor.
pub fn check_in_code_on(roster: &Page) -> String {
    let at = roster
        .body
        .find("data-testid=\"check-in-code\"")
        .expect("the code on the roster");
    let start = roster.body[at..].find('>').unwrap() + at + 1;
    roster.body[start..start + 6].to_string()
}
