//! Session helpers shared by the sessions and feedback tests: scheduling through the trainer's
//! form, registering, and moving a session in time.

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

/// Schedules a session a week ahead and returns its id.
pub async fn schedule(trainer: &Browser, title: &str, capacity: u32, instructor: &User) -> i64 {
    let date = day_in(7);
    let capacity = capacity.to_string();
    let res = trainer
        .post_form(
            "/api/sessions/save",
            "/trainer/sessions/new",
            &session_fields(title, &date, &capacity, &instructor.employee_id),
        )
        .await;
    let to = res
        .location
        .clone()
        .unwrap_or_else(|| panic!("scheduling should redirect: {} {}", res.status, res.body));
    to.trim_start_matches("/sessions/")
        .parse()
        .unwrap_or_else(|_| panic!("redirected to {to}"))
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
pub fn check_in_code(roster: &Page) -> String {
    let at = roster
        .body
        .find("data-testid=\"check-in-code\"")
        .expect("the code on the roster");
    let start = roster.body[at..].find('>').unwrap() + at + 1;
    roster.body[start..start + 6].to_string()
}
