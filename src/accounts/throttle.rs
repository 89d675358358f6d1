//! Throttling of failed sign-ins, per account and per network address, over a sliding window.
//! Pure policy: the store counts the failures, this decides and words the answer.

use crate::error::AppError;

#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub max_per_account: u32,
    pub max_per_address: u32,
    pub window_secs: i64,
}

/// Failed sign-ins inside the window: how many, and when the oldest one happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub oldest_at: Option<i64>,
}

impl Throttle {
    /// Refuses a sign-in while either the account or the address has used up its failures, and
    /// says how long to wait (until the oldest failure leaves the window).
    pub fn check(&self, account: Failures, address: Failures, now: i64) -> Result<(), AppError> {
        if account.count >= self.max_per_account {
            return Err(AppError::TooManyAttempts(format!(
                "Too many failed sign-ins for this account. Please wait {} and try again, \
                 or ask an administrator to reset your password.",
                self.wait(account, now)
            )));
        }
        if address.count >= self.max_per_address {
            return Err(AppError::TooManyAttempts(format!(
                "Too many failed sign-ins from this computer. Please wait {} and try again.",
                self.wait(address, now)
            )));
        }
        Ok(())
    }

    fn wait(&self, failures: Failures, now: i64) -> String {
        let until = failures.oldest_at.unwrap_or(now) + self.window_secs;
        let minutes = ((until - now).max(1) + 59) / 60;
        if minutes == 1 {
            "1 minute".to_string()
        } else {
            format!("{minutes} minutes")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Throttle = Throttle {
        max_per_account: 5,
        max_per_address: 20,
        window_secs: 900,
    };

    #[test]
    fn a_few_failures_are_allowed() {
        let f = Failures {
            count: 4,
            oldest_at: Some(0),
        };
        assert!(T.check(f, f, 10).is_ok());
    }

    #[test]
    fn the_fifth_failure_locks_the_account_with_the_wait_time() {
        let f = Failures {
            count: 5,
            oldest_at: Some(1000),
        };
        let err = T.check(f, Failures::default(), 1000 + 60).unwrap_err();
        assert_eq!(err.status(), 429);
        assert!(err.to_string().contains("wait 14 minutes"), "{err}");
    }

    #[test]
    fn an_address_with_many_failures_is_throttled_across_accounts() {
        let addr = Failures {
            count: 20,
            oldest_at: Some(0),
        };
        let err = T.check(Failures::default(), addr, 899).unwrap_err();
        assert!(err.to_string().contains("from this computer"), "{err}");
        assert!(err.to_string().contains("wait 1 minute "), "{err}");
    }
}
