//! Throttling of failed sign-ins over a sliding window: growing delays per account, a hard limit
//! per network address. Pure policy: the store reserves and counts the attempts, this decides.

use crate::error::AppError;

/// The first wait once an account has used up its free failures; it doubles with each further
/// failure, up to [`MAX_DELAY_SECS`].
pub const FIRST_DELAY_SECS: i64 = 2;
/// The longest an account ever makes anyone wait between two tries.
pub const MAX_DELAY_SECS: i64 = 120;

#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    /// Failures an account may have inside the window before each further try must wait.
    pub free_per_account: u32,
    /// Attempts an address may have inside the window (its own included), then it is refused.
    pub max_per_address: u32,
    pub window_secs: i64,
}

/// What the store saw once this attempt was reserved (its row written before anything else).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    /// When the account's other attempts inside the window happened (failures, and attempts
    /// still being checked by a parallel request: those count as failures until they succeed).
    pub account: Vec<i64>,
    /// The address's attempts inside the window, this one included, and the oldest one's time.
    pub address_count: u32,
    pub address_oldest: Option<i64>,
}

impl Throttle {
    /// How long the account's next try waits after its latest failure, with `failures` failures
    /// inside the window (0 while it has free ones left).
    pub fn delay(&self, failures: u32) -> i64 {
        let Some(beyond) = failures.checked_sub(self.free_per_account) else {
            return 0;
        };
        FIRST_DELAY_SECS
            .saturating_mul(1i64 << beyond.min(30))
            .min(MAX_DELAY_SECS)
    }

    /// Lets an attempt go on to the password check, or says how long to wait. An account is
    /// never locked for long (whoever guesses at it, its holder waits at most
    /// [`MAX_DELAY_SECS`]); an address that keeps failing is refused until the window passes.
    pub fn check(&self, seen: &Seen, now: i64) -> Result<(), AppError> {
        if seen.address_count > self.max_per_address {
            let until = seen.address_oldest.unwrap_or(now) + self.window_secs;
            return Err(AppError::TooManyAttempts(format!(
                "Too many failed sign-ins from this computer. Please wait {} and try again.",
                wait_text(until - now)
            )));
        }
        let failures = seen.account.len().min(u32::MAX as usize) as u32;
        let latest = seen.account.iter().copied().max().unwrap_or(i64::MIN);
        let until = latest.saturating_add(self.delay(failures));
        if until > now {
            return Err(AppError::TooManyAttempts(format!(
                "Too many failed sign-ins for this account. Please wait {} and try again, \
                 or ask an administrator to reset your password.",
                wait_text(until - now)
            )));
        }
        Ok(())
    }
}

/// "1 second", "40 seconds", "2 minutes": a wait as people read it, rounded up.
pub fn wait_text(secs: i64) -> String {
    let secs = secs.max(1);
    let (n, unit) = if secs < 60 {
        (secs, "second")
    } else {
        ((secs + 59) / 60, "minute")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Throttle = Throttle {
        free_per_account: 5,
        max_per_address: 20,
        window_secs: 900,
    };

    fn account(times: &[i64]) -> Seen {
        Seen {
            account: times.to_vec(),
            address_count: 1,
            address_oldest: Some(0),
        }
    }

    #[test]
    fn the_free_failures_are_allowed_at_once() {
        assert!(T.check(&account(&[10, 10, 10, 10]), 10).is_ok());
    }

    #[test]
    fn after_the_free_failures_each_try_waits_longer_up_to_two_minutes() {
        assert_eq!(
            (0..=12).map(|f| T.delay(f)).collect::<Vec<_>>(),
            [0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 120, 120]
        );
        assert_eq!(T.delay(u32::MAX), MAX_DELAY_SECS);
        let five = account(&[100, 100, 100, 100, 101]);
        let err = T.check(&five, 102).unwrap_err();
        assert_eq!(err.status(), 429);
        assert!(err.to_string().contains("wait 1 second and"), "{err}");
        assert!(T.check(&five, 103).is_ok(), "the wait is over");
    }

    #[test]
    fn the_account_is_never_locked_for_longer_than_the_longest_delay() {
        let many = account(&[500; 40]);
        let err = T.check(&many, 500).unwrap_err();
        assert!(err.to_string().contains("wait 2 minutes"), "{err}");
        assert!(T.check(&many, 500 + MAX_DELAY_SECS).is_ok());
    }

    #[test]
    fn an_address_with_many_attempts_is_refused_until_the_window_passes() {
        let seen = Seen {
            account: vec![],
            address_count: 21,
            address_oldest: Some(0),
        };
        let err = T.check(&seen, 899).unwrap_err();
        assert!(err.to_string().contains("from this computer"), "{err}");
        assert!(err.to_string().contains("wait 1 second "), "{err}");
        let at_limit = Seen {
            address_count: 20,
            ..seen
        };
        assert!(T.check(&at_limit, 899).is_ok());
    }

    #[test]
    fn waits_read_as_seconds_then_minutes() {
        assert_eq!(wait_text(0), "1 second");
        assert_eq!(wait_text(59), "59 seconds");
        assert_eq!(wait_text(61), "2 minutes");
        assert_eq!(wait_text(840), "14 minutes");
    }
}
