//! Pure rules of sessions: when registration and check-in are open, what a check-in or an
//! attendance mark records, and when the feedback form opens and closes. Times are Unix seconds.

use super::{FeedbackWindow, RegistrationState};

/// Check-in opens this long before the start: people arrive early.
pub const CHECK_IN_EARLY: i64 = 30 * 60;
/// Checking in later than this after the start counts as late.
pub const LATE_AFTER: i64 = 10 * 60;

pub struct Timing {
    pub starts_at: i64,
    pub ends_at: i64,
    pub register_by: i64,
    pub cancelled: bool,
}

/// Why a person may not register now, or `None` when they may.
pub fn registration_refusal(now: i64, t: &Timing) -> Option<&'static str> {
    if t.cancelled {
        Some("This session has been cancelled.")
    } else if now >= t.starts_at {
        Some("This session has already started; registration is closed.")
    } else if now > t.register_by {
        Some("The registration deadline for this session has passed.")
    } else {
        None
    }
}

/// What checking in at `now` records, or why it is refused.
pub fn check_in(now: i64, t: &Timing) -> Result<RegistrationState, &'static str> {
    if t.cancelled {
        Err("This session has been cancelled.")
    } else if now < t.starts_at - CHECK_IN_EARLY {
        Err("Check-in opens 30 minutes before the session starts.")
    } else if now > t.ends_at {
        Err("This session has ended; ask your instructor to mark your attendance.")
    } else if now > t.starts_at + LATE_AFTER {
        Ok(RegistrationState::Late)
    } else {
        Ok(RegistrationState::Attended)
    }
}

/// The roster's four marks.
pub fn mark(word: &str) -> Option<RegistrationState> {
    match word {
        "present" => Some(RegistrationState::Attended),
        "late" => Some(RegistrationState::Late),
        "absent" => Some(RegistrationState::NoShow),
        "excused" => Some(RegistrationState::Excused),
        _ => None,
    }
}

/// Only people holding a seat can be marked on the roster.
pub fn may_be_marked(current: RegistrationState) -> Result<(), String> {
    if current.holds_seat() {
        Ok(())
    } else {
        Err(format!(
            "Only people holding a seat can be marked; one line is {}.",
            current.label().to_lowercase()
        ))
    }
}

/// What a check-in code does to a registration: `Ok(None)` when a booked person checks in now,
/// `Ok(Some(state))` when they already did (nothing changes), or why they cannot.
pub fn check_in_from(current: RegistrationState) -> Result<Option<RegistrationState>, String> {
    match current {
        RegistrationState::Booked => Ok(None),
        s if s.attended() => Ok(Some(s)),
        RegistrationState::Waitlisted => {
            Err("You are on the waitlist: ask the instructor whether a seat is free.".into())
        }
        s => Err(format!(
            "You cannot check in: your registration is {}.",
            s.label().to_lowercase()
        )),
    }
}

/// Why a new session may not start at `starts_at`.
pub fn scheduling_refusal(now: i64, starts_at: i64) -> Option<&'static str> {
    (starts_at <= now).then_some("A new session must start in the future.")
}

/// Why a trainer may not add people to the session now.
pub fn adding_refusal(now: i64, t: &Timing) -> Option<&'static str> {
    if t.cancelled {
        Some("This session has been cancelled.")
    } else if now >= t.ends_at {
        Some("This session has ended.")
    } else {
        None
    }
}

/// Why a person may not leave the session now: once it has started they are excused instead.
pub fn leaving_refusal(now: i64, t: &Timing) -> Option<&'static str> {
    (now >= t.starts_at)
        .then_some("This session has started; ask the instructor to mark you excused instead.")
}

/// Why the session may not be cancelled now.
pub fn cancelling_refusal(now: i64, t: &Timing) -> Option<&'static str> {
    (now >= t.ends_at).then_some("This session is over; it cannot be cancelled.")
}

/// The reason given for a cancellation, as registrants are shown it.
pub fn cancel_reason(typed: &str) -> String {
    typed.trim().chars().take(300).collect()
}

/// Why attendance may not be marked now: not for a cancelled session, nor before check-in opens.
pub fn marking_refusal(now: i64, t: &Timing) -> Option<&'static str> {
    if t.cancelled {
        Some("This session was cancelled; there is no attendance to mark.")
    } else if now < t.starts_at - CHECK_IN_EARLY {
        Some("Attendance can be marked once the session is about to start.")
    } else {
        None
    }
}

/// The roster form's marks, registration id to word; an unmarked line ("—", sent empty) is left
/// as it is.
pub fn marks<'a>(
    form: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Result<Vec<(i64, RegistrationState)>, String> {
    let mut marks = Vec::new();
    for (registration, word) in form.into_iter().filter(|(_, w)| !w.is_empty()) {
        let id = registration
            .parse::<i64>()
            .map_err(|_| "The roster form is damaged. Reload the page.".to_string())?;
        let to = mark(word).ok_or_else(|| {
            format!("\"{word}\" is not a mark: use present, late, absent or excused.")
        })?;
        marks.push((id, to));
    }
    Ok(marks)
}

/// Feedback opens when the session ends, or earlier once the attendance is marked; it stays
/// open for `days`.
pub fn feedback_period(ends_at: i64, attendance_marked_at: Option<i64>, days: u32) -> (i64, i64) {
    let opens = attendance_marked_at.map_or(ends_at, |m| m.min(ends_at));
    (opens, opens + i64::from(days) * 86_400)
}

/// Where the form stands for someone who attended; `label` turns a time into words.
pub fn feedback_window(
    now: i64,
    (opens, closes): (i64, i64),
    given: bool,
    label: impl Fn(i64) -> String,
) -> FeedbackWindow {
    if given {
        FeedbackWindow::Given
    } else if now < opens {
        FeedbackWindow::NotYet {
            opens: label(opens),
        }
    } else if now >= closes {
        FeedbackWindow::Closed
    } else {
        FeedbackWindow::Open {
            closes: label(closes),
        }
    }
}

/// A short code shown on screen during the session: no 0/O or 1/I/L to misread.
pub fn check_in_code(random: &[u8]) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    random
        .iter()
        .take(6)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Typed codes forgive case, spaces and dashes.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_000_000;

    fn timing() -> Timing {
        Timing {
            starts_at: START,
            ends_at: START + 3 * 3600,
            register_by: START - 86_400,
            cancelled: false,
        }
    }

    #[test]
    fn registration_closes_at_the_deadline_the_start_and_on_cancellation() {
        let t = timing();
        assert_eq!(registration_refusal(START - 2 * 86_400, &t), None);
        assert!(
            registration_refusal(START - 3600, &t)
                .unwrap()
                .contains("deadline")
        );
        assert!(
            registration_refusal(START, &t)
                .unwrap()
                .contains("already started")
        );
        let cancelled = Timing {
            cancelled: true,
            ..timing()
        };
        assert!(
            registration_refusal(START - 2 * 86_400, &cancelled)
                .unwrap()
                .contains("cancelled")
        );
    }

    #[test]
    fn check_in_is_on_time_until_ten_minutes_after_the_start_then_late() {
        let t = timing();
        assert!(check_in(START - CHECK_IN_EARLY - 1, &t).is_err());
        assert_eq!(
            check_in(START - CHECK_IN_EARLY, &t),
            Ok(RegistrationState::Attended)
        );
        assert_eq!(
            check_in(START + LATE_AFTER, &t),
            Ok(RegistrationState::Attended)
        );
        assert_eq!(
            check_in(START + LATE_AFTER + 1, &t),
            Ok(RegistrationState::Late)
        );
        assert!(
            check_in(START + 3 * 3600 + 1, &t)
                .unwrap_err()
                .contains("ended")
        );
    }

    #[test]
    fn roster_marks_map_to_states_and_back() {
        for word in ["present", "late", "absent", "excused"] {
            assert_eq!(mark(word).unwrap().mark(), Some(word));
        }
        assert_eq!(mark("asleep"), None);
    }

    #[test]
    fn feedback_opens_at_the_end_or_when_attendance_is_marked_and_closes_days_later() {
        assert_eq!(feedback_period(500, None, 7), (500, 500 + 7 * 86_400));
        assert_eq!(feedback_period(500, Some(300), 7), (300, 300 + 7 * 86_400));
        // Marking the roster after the end does not move the opening.
        assert_eq!(feedback_period(500, Some(900), 1), (500, 500 + 86_400));
        let label = |t: i64| t.to_string();
        assert_eq!(
            feedback_window(100, (300, 400), false, label),
            FeedbackWindow::NotYet {
                opens: "300".into()
            }
        );
        assert_eq!(
            feedback_window(300, (300, 400), false, label),
            FeedbackWindow::Open {
                closes: "400".into()
            }
        );
        assert_eq!(
            feedback_window(400, (300, 400), false, label),
            FeedbackWindow::Closed
        );
        assert_eq!(
            feedback_window(350, (300, 400), true, label),
            FeedbackWindow::Given
        );
    }

    #[test]
    fn codes_avoid_look_alike_characters_and_typing_is_forgiven() {
        let code = check_in_code(&[0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(code.len(), 6);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(normalize_code(" ab-c 23 "), "ABC23");
    }

    #[test]
    fn attended_and_seat_holding_states() {
        assert!(RegistrationState::Late.attended());
        assert!(!RegistrationState::Excused.attended());
        assert!(RegistrationState::NoShow.holds_seat());
        assert!(!RegistrationState::Waitlisted.holds_seat());
        for s in RegistrationState::ALL {
            assert_eq!(RegistrationState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn only_people_holding_a_seat_may_be_marked() {
        for s in RegistrationState::ALL {
            assert_eq!(may_be_marked(s).is_ok(), s.holds_seat(), "{s:?}");
        }
        assert!(
            may_be_marked(RegistrationState::Waitlisted)
                .unwrap_err()
                .contains("one line is on the waitlist")
        );
    }

    #[test]
    fn a_booked_person_checks_in_once_and_the_waitlisted_and_cancelled_cannot() {
        assert_eq!(check_in_from(RegistrationState::Booked), Ok(None));
        assert_eq!(
            check_in_from(RegistrationState::Late),
            Ok(Some(RegistrationState::Late))
        );
        assert_eq!(
            check_in_from(RegistrationState::Attended),
            Ok(Some(RegistrationState::Attended))
        );
        assert!(
            check_in_from(RegistrationState::Waitlisted)
                .unwrap_err()
                .contains("waitlist")
        );
        assert!(
            check_in_from(RegistrationState::Cancelled)
                .unwrap_err()
                .contains("cancelled by the person")
        );
        assert!(check_in_from(RegistrationState::NoShow).is_err());
    }

    #[test]
    fn the_session_s_windows_for_adding_leaving_cancelling_and_marking() {
        let t = timing();
        let end = START + 3 * 3600;
        assert_eq!(scheduling_refusal(START - 1, START), None);
        assert!(scheduling_refusal(START, START).is_some());
        assert_eq!(adding_refusal(end - 1, &t), None);
        assert_eq!(adding_refusal(end, &t), Some("This session has ended."));
        assert_eq!(leaving_refusal(START - 1, &t), None);
        assert!(leaving_refusal(START, &t).unwrap().contains("excused"));
        assert_eq!(cancelling_refusal(end - 1, &t), None);
        assert!(cancelling_refusal(end, &t).unwrap().contains("over"));
        assert!(marking_refusal(START - CHECK_IN_EARLY - 1, &t).is_some());
        assert_eq!(marking_refusal(START - CHECK_IN_EARLY, &t), None);
        let cancelled = Timing {
            cancelled: true,
            ..timing()
        };
        assert_eq!(
            adding_refusal(START, &cancelled),
            Some("This session has been cancelled.")
        );
        assert!(
            marking_refusal(START, &cancelled)
                .unwrap()
                .contains("cancelled")
        );
        assert_eq!(
            cancel_reason(&format!("  {}  ", "x".repeat(400))).len(),
            300
        );
    }

    #[test]
    fn roster_forms_are_read_into_marks_and_unmarked_lines_are_left_alone() {
        let form: std::collections::HashMap<String, String> = [
            ("7".to_string(), "present".to_string()),
            ("8".to_string(), String::new()),
        ]
        .into();
        assert_eq!(marks(&form), Ok(vec![(7, RegistrationState::Attended)]));
        let damaged: std::collections::HashMap<String, String> =
            [("x".to_string(), "late".to_string())].into();
        assert!(marks(&damaged).unwrap_err().contains("damaged"));
        let wrong: std::collections::HashMap<String, String> =
            [("7".to_string(), "asleep".to_string())].into();
        assert!(
            marks(&wrong)
                .unwrap_err()
                .contains("\"asleep\" is not a mark")
        );
    }
}
