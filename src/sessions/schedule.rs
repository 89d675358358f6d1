//! Pure: reads the trainer's scheduling form into a checked `Schedule` (local date and times
//! in the session's time zone become Unix times) and writes session times as people read them.

use super::SessionForm;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub const MAX_CAPACITY: i64 = 2_000;

/// Time zones offered first in the form; any IANA name is accepted.
pub const COMMON_ZONES: [&str; 7] = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub course: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: Tz,
    pub place: String,
    pub video_url: String,
    pub capacity: i64,
    pub register_by: i64,
    pub notes: String,
    pub instructors: Vec<String>,
    /// (name, organisation)
    pub guests: Vec<(String, String)>,
    pub form: Option<i64>,
}

fn local(day: NaiveDate, time: NaiveTime, tz: Tz, what: &str) -> Result<i64, String> {
    match tz.from_local_datetime(&day.and_time(time)) {
        LocalResult::Single(t) => Ok(t.timestamp()),
        // The hour that repeats when clocks go back: take the first.
        LocalResult::Ambiguous(first, _) => Ok(first.timestamp()),
        LocalResult::None => Err(format!(
            "The {what} time {} does not exist on {day} in {tz}: the clocks change then.",
            time.format("%H:%M")
        )),
    }
}

fn time_of(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn clean(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// Checks every field and reports every problem at once.
pub fn read(form: &SessionForm, default_zone: Tz) -> Result<Schedule, Vec<String>> {
    let mut problems = Vec::new();
    let title = clean(&form.title, 200);
    if title.is_empty() {
        problems.push("Give the session a title.".to_string());
    }
    if form.course.trim().is_empty() {
        problems.push("Choose the course this session belongs to.".to_string());
    }
    let tz: Tz = if form.time_zone.trim().is_empty() {
        default_zone
    } else {
        match form.time_zone.trim().parse() {
            Ok(tz) => tz,
            Err(_) => {
                problems.push(format!(
                    "\"{}\" is not a time zone name like America/New_York.",
                    form.time_zone.trim()
                ));
                default_zone
            }
        }
    };
    let day = crate::calendar::parse_iso(&form.date);
    if day.is_none() {
        problems.push("Give the date as YYYY-MM-DD.".to_string());
    }
    let (start, end) = (time_of(&form.start), time_of(&form.end));
    if start.is_none() {
        problems.push("Give the start time as HH:MM (24-hour clock).".to_string());
    }
    if end.is_none() {
        problems.push("Give the end time as HH:MM (24-hour clock).".to_string());
    }
    let mut starts_at = 0;
    let mut ends_at = 0;
    if let (Some(day), Some(start), Some(end)) = (day, start, end) {
        match (local(day, start, tz, "start"), local(day, end, tz, "end")) {
            (Ok(s), Ok(e)) if e > s => (starts_at, ends_at) = (s, e),
            (Ok(_), Ok(_)) => problems.push("The session must end after it starts.".to_string()),
            (s, e) => problems.extend(s.err().into_iter().chain(e.err())),
        }
    }
    let capacity = match form.capacity.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => n,
        _ => {
            problems.push(format!(
                "Capacity must be a whole number from 1 to {MAX_CAPACITY}."
            ));
            0
        }
    };
    // The deadline is the end of the given day; without one, registration runs to the start.
    let register_by = if form.register_by.trim().is_empty() {
        starts_at
    } else {
        match crate::calendar::parse_iso(&form.register_by) {
            Some(d) => match d.succ_opt() {
                Some(next) => local(next, NaiveTime::MIN, tz, "deadline")
                    .map(|t| (t - 1).min(starts_at))
                    .unwrap_or(starts_at),
                None => starts_at,
            },
            None => {
                problems.push("Give the registration deadline as YYYY-MM-DD.".to_string());
                starts_at
            }
        }
    };
    let video_url = clean(&form.video_url, 500);
    if !video_url.is_empty() && !video_url.starts_with("https://") {
        problems.push("The video link must start with https://.".to_string());
    }
    let place = clean(&form.place, 200);
    if place.is_empty() && video_url.is_empty() {
        problems.push("Give a place or a video link.".to_string());
    }
    let instructors = crate::accounts::ids::employee_id_list(&form.instructors);
    let mut guests = Vec::new();
    for line in form.guests.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, org) = line.split_once(',').unwrap_or((line, ""));
        let name = clean(name, 120);
        if name.is_empty() {
            problems.push(format!("Guest \"{line}\": give a name before the comma."));
        } else {
            guests.push((name, clean(org, 120)));
        }
    }
    if instructors.is_empty() && guests.is_empty() {
        problems.push("Name at least one instructor (an employee id) or guest.".to_string());
    }
    let form_family = match form.form.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push("Choose a feedback form from the list.".to_string());
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Schedule {
        course: form.course.trim().to_string(),
        title,
        starts_at,
        ends_at,
        time_zone: tz,
        place,
        video_url,
        capacity,
        register_by,
        notes: clean(&form.notes, 2000),
        instructors,
        guests,
        form: form_family,
    })
}

fn at(unix: i64, tz: Tz) -> DateTime<Tz> {
    DateTime::<Utc>::from_timestamp(unix, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
}

/// "Tuesday 1 December 2026, 9:00 AM – 12:00 PM EST".
pub fn when(starts_at: i64, ends_at: i64, tz: Tz) -> String {
    let (s, e) = (at(starts_at, tz), at(ends_at, tz));
    if s.date_naive() == e.date_naive() {
        format!(
            "{}, {} – {}",
            s.format("%A %-d %B %Y"),
            s.format("%-I:%M %p"),
            e.format("%-I:%M %p %Z")
        )
    } else {
        format!(
            "{} – {}",
            s.format("%A %-d %B %Y, %-I:%M %p"),
            e.format("%A %-d %B %Y, %-I:%M %p %Z")
        )
    }
}

/// "1 December 2026, 9:00 AM EST", for deadlines and feedback windows.
pub fn moment(unix: i64, tz: Tz) -> String {
    at(unix, tz).format("%-d %B %Y, %-I:%M %p %Z").to_string()
}

/// The form filled in again from a saved session, for editing.
pub fn local_fields(starts_at: i64, ends_at: i64, tz: Tz) -> (String, String, String) {
    let (s, e) = (at(starts_at, tz), at(ends_at, tz));
    (
        s.format("%Y-%m-%d").to_string(),
        s.format("%H:%M").to_string(),
        e.format("%H:%M").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;

    fn form() -> SessionForm {
        SessionForm {
            course: "front-line-talent".into(),
            title: "Coaching practice".into(),
            date: "2026-07-01".into(),
            start: "09:00".into(),
            end: "12:00".into(),
            place: "Room 4".into(),
            capacity: "30".into(),
            instructors: "I100, I200".into(),
            guests: "Maria Lopez, Grand Hotel\n".into(),
            ..SessionForm::default()
        }
    }

    #[test]
    fn local_times_in_the_session_zone_become_unix_times() {
        let s = read(&form(), New_York).unwrap();
        // 09:00 EDT on 1 July 2026 is 13:00 UTC.
        assert_eq!(s.starts_at, 1_782_910_800);
        assert_eq!(s.ends_at - s.starts_at, 3 * 3600);
        assert_eq!(s.register_by, s.starts_at);
        assert_eq!(s.instructors, ["I100", "I200"]);
        assert_eq!(s.guests, [("Maria Lopez".into(), "Grand Hotel".into())]);
        assert_eq!(
            when(s.starts_at, s.ends_at, New_York),
            "Wednesday 1 July 2026, 9:00 AM – 12:00 PM EDT"
        );
        let tokyo = read(
            &SessionForm {
                time_zone: "Asia/Tokyo".into(),
                ..form()
            },
            New_York,
        )
        .unwrap();
        assert_eq!(s.starts_at - tokyo.starts_at, 13 * 3600);
    }

    #[test]
    fn a_deadline_is_the_end_of_its_day_and_never_after_the_start() {
        let s = read(
            &SessionForm {
                register_by: "2026-06-29".into(),
                ..form()
            },
            New_York,
        )
        .unwrap();
        assert_eq!(
            moment(s.register_by, New_York),
            "29 June 2026, 11:59 PM EDT"
        );
        let late = read(
            &SessionForm {
                register_by: "2026-07-05".into(),
                ..form()
            },
            New_York,
        )
        .unwrap();
        assert_eq!(late.register_by, late.starts_at);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = SessionForm {
            title: " ".into(),
            date: "1 July".into(),
            end: "25:00".into(),
            capacity: "0".into(),
            place: String::new(),
            video_url: "http://insecure".into(),
            instructors: String::new(),
            guests: String::new(),
            time_zone: "Mars/Base".into(),
            ..form()
        };
        let problems = read(&bad, New_York).unwrap_err();
        assert_eq!(problems.len(), 7, "{problems:#?}");
    }

    #[test]
    fn a_time_skipped_by_the_clock_change_is_refused_and_end_must_follow_start() {
        let gap = SessionForm {
            date: "2026-03-08".into(),
            start: "02:30".into(),
            end: "04:00".into(),
            ..form()
        };
        assert!(read(&gap, New_York).unwrap_err()[0].contains("does not exist"));
        let backwards = SessionForm {
            end: "08:00".into(),
            ..form()
        };
        assert_eq!(
            read(&backwards, New_York).unwrap_err(),
            ["The session must end after it starts."]
        );
    }
}
