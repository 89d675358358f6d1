//! A session's roster: who holds a seat, who waits and who left (for the roster page and its CSV
//! export), and the people a trainer registers by employee id.

use super::{RegistrationState, Roster, RosterLine, access, cards, rules, store};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::csv;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;

/// The roster page: seated people (to mark), the waitlist in order, and those who left.
pub async fn roster(state: &AppState, user: &User, session: i64) -> Result<Roster, AppError> {
    let s = cards::existing(state, session).await?;
    let card = cards::card_of(state, &s).await?;
    let (mut seated, mut waitlist, mut others) = (Vec::new(), Vec::new(), Vec::new());
    for r in store::roster(&state.db, session).await? {
        let line = RosterLine {
            registration_id: r.registration_id,
            name: r.name,
            employee_id: r.employee_id,
            department: r.department,
            state: r.state,
            overbooked: r.overbooked,
        };
        if r.state.holds_seat() {
            seated.push(line);
        } else if r.state == RegistrationState::Waitlisted {
            waitlist.push(line);
        } else {
            others.push(line);
        }
    }
    Ok(Roster {
        card,
        checkin_code: s.checkin_code.clone(),
        attendance_marked: s.attendance_marked_at.is_some(),
        seated,
        waitlist,
        others,
        manages: user.role.can(Permission::ManageTraining),
    })
}

pub const ROSTER_HEADER: [&str; 10] = [
    "Session",
    "Course",
    "Instructors",
    "Starts",
    "Ends",
    "Place",
    "Person",
    "Employee id",
    "Department",
    "Status",
];

/// The roster as CSV, one line per registration, each with the session's facts.
pub async fn roster_csv(state: &AppState, s: &store::SessionRow) -> Result<String, AppError> {
    let card = cards::card_of(state, s).await?;
    let tz = s.tz(state.config.time_zone);
    let at = |t: i64| {
        chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
            .to_rfc3339()
    };
    let (starts, ends) = (at(s.starts_at), at(s.ends_at));
    let place = if s.place.is_empty() {
        s.video_url.clone()
    } else {
        s.place.clone()
    };
    let instructors = card.instructors.join("; ");
    let mut body = csv::row(&ROSTER_HEADER);
    for r in store::roster(&state.db, s.id).await? {
        body.push_str(&csv::row(&[
            s.title.as_str(),
            &s.course_title,
            &instructors,
            &starts,
            &ends,
            &place,
            &r.name,
            &r.employee_id,
            &r.department,
            r.state.label(),
        ]));
    }
    Ok(body)
}

/// A trainer registers people by employee id (at most 500 at once), optionally beyond capacity;
/// the answer counts who was booked, waitlisted or already there, and names who was not.
pub async fn register_people(
    state: &AppState,
    trainer: &User,
    session: i64,
    employees: &str,
    over_capacity: bool,
) -> Result<String, AppError> {
    let s = cards::existing(state, session).await?;
    if let Some(why) = rules::adding_refusal(now(), &s.timing()) {
        return Err(AppError::invalid(why));
    }
    let ids = crate::accounts::ids::employee_id_list(employees);
    if ids.is_empty() {
        return Err(AppError::invalid("Give one or more employee ids."));
    }
    let (mut booked, mut waitlisted, mut already, mut unknown) = (0, 0, 0, Vec::new());
    let mut teaching = Vec::new();
    for id in ids.iter().take(500) {
        let Some(person) = access::active_person(state, id).await? else {
            unknown.push(id.to_string());
            continue;
        };
        // An instructor attending their own session would count in its results.
        if store::is_instructor(&state.db, session, person.id).await? {
            teaching.push(id.to_string());
            continue;
        }
        match store::register(&state.db, session, person.id, trainer.id, over_capacity).await? {
            store::Registered::Booked | store::Registered::Overbooked => booked += 1,
            store::Registered::Waitlisted(_) => waitlisted += 1,
            store::Registered::Already(_) => already += 1,
        }
    }
    let mut message =
        format!("{booked} booked, {waitlisted} waitlisted, {already} already registered.");
    if !unknown.is_empty() {
        message.push_str(&format!(
            " Unknown or inactive employee ids: {}.",
            unknown.join(", ")
        ));
    }
    if !teaching.is_empty() {
        message.push_str(&format!(
            " Not registered because they teach this session: {}.",
            teaching.join(", ")
        ));
    }
    Ok(message)
}
