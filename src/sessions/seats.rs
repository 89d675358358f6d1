//! Pure rules of seats: a seat or the waitlist for a new registration, who may register again,
//! what leaving frees, and how far an edit may lower the capacity. Decided inside the store's lock.

use super::RegistrationState;

/// Where a new registration goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    Free,
    BeyondCapacity,
    Waitlist,
}

/// A seat while one is free (the capacity plus the seats trainers added beyond it), a seat
/// beyond capacity when a trainer asks for one, else the waitlist.
pub fn seat(booked: i64, capacity: i64, extra_seats: i64, over_capacity: bool) -> Seat {
    if booked < capacity + extra_seats {
        Seat::Free
    } else if over_capacity {
        Seat::BeyondCapacity
    } else {
        Seat::Waitlist
    }
}

/// Someone whose registration was cancelled (by them or with the session) may register again;
/// anyone else is already registered.
pub fn may_register_again(current: RegistrationState) -> bool {
    matches!(
        current,
        RegistrationState::Cancelled | RegistrationState::SessionCancelled
    )
}

/// Leaving a session: a booked person frees a seat (`Ok(true)`), a waitlisted one frees nothing
/// (`Ok(false)`); no other registration can be cancelled.
pub fn leaving(current: RegistrationState) -> Result<bool, String> {
    match current {
        RegistrationState::Booked => Ok(true),
        RegistrationState::Waitlisted => Ok(false),
        was => Err(format!(
            "This registration cannot be cancelled: it is {}.",
            was.label().to_lowercase()
        )),
    }
}

/// Why an edit may not set this capacity: never below the seats already held.
pub fn capacity_refusal(capacity: i64, extra_seats: i64, booked: i64) -> Option<String> {
    (capacity + extra_seats < booked).then(|| {
        format!(
            "{booked} people hold seats, so capacity cannot go down to {capacity}. Cancel registrations first."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_while_one_is_free_then_beyond_capacity_on_request_else_the_waitlist() {
        assert_eq!(seat(1, 2, 0, false), Seat::Free);
        assert_eq!(
            seat(2, 2, 1, false),
            Seat::Free,
            "a seat added beyond capacity"
        );
        assert_eq!(seat(2, 2, 0, false), Seat::Waitlist);
        assert_eq!(seat(2, 2, 0, true), Seat::BeyondCapacity);
        assert_eq!(seat(3, 2, 1, true), Seat::BeyondCapacity);
    }

    #[test]
    fn only_a_cancelled_registration_may_register_again() {
        for s in RegistrationState::ALL {
            let again = matches!(
                s,
                RegistrationState::Cancelled | RegistrationState::SessionCancelled
            );
            assert_eq!(may_register_again(s), again, "{s:?}");
        }
    }

    #[test]
    fn leaving_frees_a_booked_seat_nothing_from_the_waitlist_and_is_refused_otherwise() {
        assert_eq!(leaving(RegistrationState::Booked), Ok(true));
        assert_eq!(leaving(RegistrationState::Waitlisted), Ok(false));
        assert!(
            leaving(RegistrationState::Attended)
                .unwrap_err()
                .contains("it is attended")
        );
    }

    #[test]
    fn capacity_may_not_go_below_the_seats_held() {
        assert_eq!(capacity_refusal(5, 0, 5), None);
        assert_eq!(
            capacity_refusal(4, 1, 5),
            None,
            "a seat added beyond capacity"
        );
        assert!(
            capacity_refusal(4, 0, 5)
                .unwrap()
                .starts_with("5 people hold seats")
        );
    }
}
