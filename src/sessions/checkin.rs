//! Wrong check-in codes, counted per person and session: after a few, that person must wait
//! before trying again, so a session's code cannot be found by guessing.

use std::collections::HashMap;
use std::sync::Mutex;

/// Wrong codes a person may type for one session within [`WINDOW_SECS`].
pub const MAX_WRONG: u32 = 5;
/// How long wrong codes are remembered (and so how long someone who typed too many waits).
pub const WINDOW_SECS: i64 = 10 * 60;
/// Past this many people with wrong codes on record, the stale ones are forgotten.
const PRUNE_OVER: usize = 10_000;

/// The wrong codes of one person for one session: how many, since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrong {
    pub count: u32,
    pub since: i64,
}

/// Seconds left to wait before another code may be tried; `None` when a try is allowed now.
pub fn wait(record: Option<Wrong>, now: i64) -> Option<i64> {
    let r = record.filter(|r| now - r.since < WINDOW_SECS)?;
    (r.count >= MAX_WRONG).then(|| WINDOW_SECS - (now - r.since))
}

/// The record after one more wrong code at `now`: a stale record starts again.
pub fn after_wrong(record: Option<Wrong>, now: i64) -> Wrong {
    match record.filter(|r| now - r.since < WINDOW_SECS) {
        Some(r) => Wrong {
            count: r.count + 1,
            since: r.since,
        },
        None => Wrong {
            count: 1,
            since: now,
        },
    }
}

/// Wrong codes in memory, per (session, person). One server holds them; a restart forgets them,
/// which only gives a guesser another five tries.
#[derive(Default)]
pub struct Guesses(Mutex<HashMap<(i64, i64), Wrong>>);

impl Guesses {
    pub fn wait(&self, session: i64, user: i64, now: i64) -> Option<i64> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        wait(map.get(&(session, user)).copied(), now)
    }

    pub fn wrong(&self, session: i64, user: i64, now: i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > PRUNE_OVER {
            map.retain(|_, r| now - r.since < WINDOW_SECS);
        }
        let next = after_wrong(map.get(&(session, user)).copied(), now);
        map.insert((session, user), next);
    }

    /// A right code clears the person's wrong ones.
    pub fn right(&self, session: i64, user: i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&(session, user));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_codes_make_a_person_wait_until_the_window_passes() {
        let mut r = None;
        for i in 0..MAX_WRONG as i64 {
            assert_eq!(wait(r, 100 + i), None, "try {i} is allowed");
            r = Some(after_wrong(r, 100 + i));
        }
        assert_eq!(wait(r, 110), Some(WINDOW_SECS - 10));
        assert_eq!(wait(r, 100 + WINDOW_SECS), None, "the window has passed");
        assert_eq!(after_wrong(r, 100 + WINDOW_SECS).count, 1);
    }

    #[test]
    fn wrong_codes_are_counted_per_person_and_session() {
        let g = Guesses::default();
        for _ in 0..MAX_WRONG {
            g.wrong(1, 7, 0);
        }
        assert!(g.wait(1, 7, 1).is_some());
        assert_eq!(g.wait(1, 8, 1), None, "another person");
        assert_eq!(g.wait(2, 7, 1), None, "another session");
        g.right(1, 7);
        assert_eq!(g.wait(1, 7, 1), None);
    }
}
