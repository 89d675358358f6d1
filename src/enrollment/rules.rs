//! Completion rules: when a learner has completed a course, and what is still outstanding.
//! Pure: the store gathers the evidence, this module decides. Sessions plug in through `Attendance`.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What a course asks of a learner, as it stands now (current lessons only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirements {
    /// Ids of the course's current (not retired) lessons.
    pub lessons: Vec<i64>,
    /// The course has a knowledge check that must be passed.
    pub check: bool,
    /// The course says an instructor-led session must be attended.
    pub session: bool,
}

/// Whether the learner attended an instructor-led session of the course. Filled in by the
/// sessions domain; until it says otherwise, nobody has attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attendance {
    /// Attended (present or late) a session of this course.
    Attended,
    /// Attended, but the session's feedback, which the course requires, is not in yet.
    FeedbackPending,
    NotYet,
}

/// What the learner has done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub lessons_done: HashSet<i64>,
    pub check_passed: bool,
    pub attendance: Attendance,
}

/// One thing still to do before the course is complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outstanding {
    /// This many current lessons are not marked done.
    Lessons(usize),
    Check,
    Session,
    Feedback,
}

impl Outstanding {
    pub fn describe(&self) -> String {
        match self {
            Outstanding::Lessons(1) => "1 lesson to mark as done".into(),
            Outstanding::Lessons(n) => format!("{n} lessons to mark as done"),
            Outstanding::Check => "pass the knowledge check".into(),
            Outstanding::Session => "attend an instructor-led session".into(),
            Outstanding::Feedback => "give feedback on the session you attended".into(),
        }
    }
}

/// Everything still outstanding, in the order a learner meets it; empty means complete.
pub fn outstanding(req: &Requirements, ev: &Evidence) -> Vec<Outstanding> {
    let mut left = Vec::new();
    let lessons_left = req
        .lessons
        .iter()
        .filter(|id| !ev.lessons_done.contains(id))
        .count();
    if lessons_left > 0 {
        left.push(Outstanding::Lessons(lessons_left));
    }
    if req.check && !ev.check_passed {
        left.push(Outstanding::Check);
    }
    if req.session {
        match ev.attendance {
            Attendance::Attended => {}
            Attendance::FeedbackPending => left.push(Outstanding::Feedback),
            Attendance::NotYet => left.push(Outstanding::Session),
        }
    }
    left
}

pub fn is_complete(req: &Requirements, ev: &Evidence) -> bool {
    outstanding(req, ev).is_empty()
}

/// `part` of `whole` as a whole-number percentage, rounded down (so 79.9 % never passes an
/// 80 % mark); nothing to do counts as all done.
pub fn percent(part: u64, whole: u64) -> u8 {
    (part.min(whole) * 100).checked_div(whole).unwrap_or(100) as u8
}

/// Whole-number percentage of current lessons done (retired lessons done earlier do not count,
/// so a revision that adds a lesson lowers the bar until it is read).
pub fn percent_done(req: &Requirements, ev: &Evidence) -> u8 {
    let done = req
        .lessons
        .iter()
        .filter(|id| ev.lessons_done.contains(id))
        .count();
    percent(done as u64, req.lessons.len() as u64)
}

/// The lesson to resume at: the first current lesson, in course order, not yet done.
pub fn next_lesson(lessons_in_order: &[i64], done: &HashSet<i64>) -> Option<i64> {
    lessons_in_order
        .iter()
        .copied()
        .find(|id| !done.contains(id))
}

/// Where to go after finishing `here`: the next lesson after it not yet done, else the first
/// one left anywhere in the course.
pub fn next_after(lessons_in_order: &[i64], here: i64, done: &HashSet<i64>) -> Option<i64> {
    let from = lessons_in_order
        .iter()
        .position(|&id| id == here)
        .unwrap_or(0);
    lessons_in_order[from..]
        .iter()
        .copied()
        .find(|id| !done.contains(id))
        .or_else(|| next_lesson(lessons_in_order, done))
}

/// Where an enrolment stands, as the dashboard groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Completed,
    Overdue,
    DueSoon,
    InProgress,
    NotStarted,
}

/// Days before a due date that an enrolment counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

/// `days_left`: whole days from today to the due date, when there is one (negative once past).
pub fn standing(completed: bool, started: bool, days_left: Option<i64>) -> Standing {
    match (completed, days_left) {
        (true, _) => Standing::Completed,
        (false, Some(d)) if d < 0 => Standing::Overdue,
        (false, Some(d)) if d <= DUE_SOON_DAYS => Standing::DueSoon,
        _ if started => Standing::InProgress,
        _ => Standing::NotStarted,
    }
}

/// What a trainer's enrol form asks for, once checked.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolRequest {
    pub due_on: Option<chrono::NaiveDate>,
    /// Distinct employee ids, sorted.
    pub employee_ids: Vec<String>,
    pub department: String,
}

/// The longest employee-id list the enrol form takes, in bytes (about 50,000 ids).
pub const MAX_ENROL_LIST: usize = 1_000_000;

/// Checks the enrol form: a due date not in the past, a list of bounded size, and someone
/// named (ids, a department, or both).
#[cfg(feature = "ssr")]
pub fn enrol_request(
    employee_ids: &str,
    department: &str,
    due_on: &str,
    today: chrono::NaiveDate,
) -> Result<EnrolRequest, &'static str> {
    let due_on = match due_on.trim() {
        "" => None,
        text => {
            let day = crate::calendar::parse_iso(text)
                .ok_or("Give the due date as a date, for example 2026-12-31.")?;
            if day < today {
                return Err("The due date has already passed. Choose a later date.");
            }
            Some(day)
        }
    };
    if employee_ids.len() > MAX_ENROL_LIST {
        return Err("That list is too long: enrol at most 50,000 people at once.");
    }
    let employee_ids = crate::accounts::ids::distinct_employee_ids(employee_ids);
    let department = department.trim().to_string();
    if employee_ids.is_empty() && department.is_empty() {
        return Err("Name who to enrol: employee ids, a department, or both.");
    }
    Ok(EnrolRequest {
        due_on,
        employee_ids,
        department,
    })
}

/// An employee id on an enrol list, as the accounts know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    Unknown,
    Inactive,
    /// An active account: its user id.
    Active(i64),
}

/// Who on a list may be enrolled (active accounts) and who not, each list in the list's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sorted {
    pub people: Vec<i64>,
    pub unknown: Vec<String>,
    pub inactive: Vec<String>,
}

pub fn sort_list(wanted: &[String], account: impl Fn(&str) -> Account) -> Sorted {
    let mut sorted = Sorted::default();
    for id in wanted {
        match account(id) {
            Account::Unknown => sorted.unknown.push(id.clone()),
            Account::Inactive => sorted.inactive.push(id.clone()),
            Account::Active(user) => sorted.people.push(user),
        }
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(lessons: &[i64], check: bool, session: bool) -> Requirements {
        Requirements {
            lessons: lessons.to_vec(),
            check,
            session,
        }
    }

    fn ev(done: &[i64], check_passed: bool, attendance: Attendance) -> Evidence {
        Evidence {
            lessons_done: done.iter().copied().collect(),
            check_passed,
            attendance,
        }
    }

    #[test]
    fn a_course_is_complete_when_every_lesson_is_done_and_the_check_passed() {
        let r = req(&[1, 2, 3], true, false);
        assert!(is_complete(&r, &ev(&[1, 2, 3], true, Attendance::NotYet)));
    }

    #[test]
    fn each_missing_part_is_reported_in_the_order_a_learner_meets_it() {
        let r = req(&[1, 2, 3], true, true);
        assert_eq!(
            outstanding(&r, &ev(&[2], false, Attendance::NotYet)),
            [
                Outstanding::Lessons(2),
                Outstanding::Check,
                Outstanding::Session
            ]
        );
        assert_eq!(
            outstanding(&r, &ev(&[1, 2, 3], true, Attendance::FeedbackPending)),
            [Outstanding::Feedback]
        );
        assert!(is_complete(&r, &ev(&[1, 2, 3], true, Attendance::Attended)));
    }

    #[test]
    fn a_failed_check_keeps_the_course_open() {
        let r = req(&[1], true, false);
        assert_eq!(
            outstanding(&r, &ev(&[1], false, Attendance::NotYet)),
            [Outstanding::Check]
        );
    }

    #[test]
    fn a_course_without_a_check_needs_only_its_lessons() {
        let r = req(&[1, 2], false, false);
        assert!(is_complete(&r, &ev(&[1, 2], false, Attendance::NotYet)));
    }

    #[test]
    fn attendance_is_ignored_when_the_course_does_not_require_a_session() {
        let r = req(&[1], false, false);
        assert!(is_complete(
            &r,
            &ev(&[1], false, Attendance::FeedbackPending)
        ));
    }

    #[test]
    fn retired_lessons_done_earlier_do_not_count_towards_a_revised_course() {
        // Lesson 3 was retired and lesson 4 added in a revision.
        let r = req(&[1, 2, 4], false, false);
        let e = ev(&[1, 2, 3], false, Attendance::NotYet);
        assert_eq!(outstanding(&r, &e), [Outstanding::Lessons(1)]);
        assert_eq!(percent_done(&r, &e), 66);
    }

    #[test]
    fn percent_done_rounds_down_and_an_empty_course_is_done() {
        assert_eq!(
            percent_done(
                &req(&[1, 2, 3], true, false),
                &ev(&[1], false, Attendance::NotYet)
            ),
            33
        );
        assert_eq!(
            percent_done(&req(&[], true, false), &ev(&[], false, Attendance::NotYet)),
            100
        );
    }

    #[test]
    fn resume_goes_to_the_first_unfinished_lesson_in_course_order() {
        let done: HashSet<i64> = [10, 30].into_iter().collect();
        assert_eq!(next_lesson(&[10, 20, 30, 40], &done), Some(20));
        let all: HashSet<i64> = [10, 20].into_iter().collect();
        assert_eq!(next_lesson(&[10, 20], &all), None);
    }

    #[test]
    fn after_a_lesson_the_learner_goes_on_then_back_to_what_was_skipped() {
        let done: HashSet<i64> = [20, 30].into_iter().collect();
        assert_eq!(next_after(&[10, 20, 30, 40], 20, &done), Some(40));
        let done: HashSet<i64> = [20, 30, 40].into_iter().collect();
        assert_eq!(next_after(&[10, 20, 30, 40], 40, &done), Some(10));
        let all: HashSet<i64> = [10, 20].into_iter().collect();
        assert_eq!(next_after(&[10, 20], 20, &all), None);
    }

    #[test]
    fn standing_puts_completion_first_then_due_dates_then_progress() {
        assert_eq!(standing(true, true, Some(-3)), Standing::Completed);
        assert_eq!(standing(false, true, Some(-1)), Standing::Overdue);
        assert_eq!(standing(false, false, Some(0)), Standing::DueSoon);
        assert_eq!(standing(false, false, Some(14)), Standing::DueSoon);
        assert_eq!(standing(false, true, Some(15)), Standing::InProgress);
        assert_eq!(standing(false, false, None), Standing::NotStarted);
    }

    #[test]
    fn outstanding_items_read_as_plain_english() {
        assert_eq!(
            Outstanding::Lessons(1).describe(),
            "1 lesson to mark as done"
        );
        assert_eq!(
            Outstanding::Lessons(3).describe(),
            "3 lessons to mark as done"
        );
        assert_eq!(Outstanding::Check.describe(), "pass the knowledge check");
    }

    #[test]
    fn only_active_accounts_on_a_list_are_enrolled_and_the_rest_are_named() {
        let wanted: Vec<String> = ["A1", "B2", "C3", "D4"].map(String::from).to_vec();
        let sorted = sort_list(&wanted, |id| match id {
            "A1" => Account::Active(10),
            "B2" => Account::Inactive,
            "D4" => Account::Active(40),
            _ => Account::Unknown,
        });
        assert_eq!(sorted.people, [10, 40]);
        assert_eq!(sorted.unknown, ["C3"]);
        assert_eq!(sorted.inactive, ["B2"]);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_enrol_form_checks_its_due_date_its_list_and_that_someone_is_named() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let ok = enrol_request("B2; A1\nA1", " Roads ", "2026-06-15", today).unwrap();
        assert_eq!(ok.employee_ids, ["A1", "B2"]);
        assert_eq!(ok.department, "Roads");
        assert_eq!(ok.due_on, Some(today));
        assert_eq!(enrol_request("A1", "", "", today).unwrap().due_on, None);
        assert!(
            enrol_request("A1", "", "15/06/2026", today)
                .unwrap_err()
                .starts_with("Give the due date as a date")
        );
        assert!(
            enrol_request("A1", "", "2026-06-14", today)
                .unwrap_err()
                .starts_with("The due date has already passed")
        );
        let long = "A".repeat(MAX_ENROL_LIST + 1);
        assert!(
            enrol_request(&long, "", "", today)
                .unwrap_err()
                .starts_with("That list is too long")
        );
        assert!(
            enrol_request(" , ", "  ", "", today)
                .unwrap_err()
                .starts_with("Name who to enrol")
        );
    }
}
