//! Who leads each demo session: a few instructors share most sessions, some much more than
//! others, and occasional ones take too few to be ranked — so the rankings have something to show.

use super::Rng;

/// Who leads each session. The first `main` instructors share most sessions, some much more
/// than others; with more than 8 instructors, up to 8 `occasional` ones take the last few
/// sessions between them, too few to be ranked. Every instructor leads at least one session
/// (there are at least as many sessions as instructors: `super::check`).
pub(super) struct Cast {
    pub main: usize,
    occasional: usize,
    /// Sessions led by the main instructors: the first ones; the rest go to the occasional.
    main_sessions: usize,
    /// Sessions each main instructor leads so far, and how many have none yet.
    led: Vec<usize>,
    idle: usize,
}

impl Cast {
    pub fn new(instructors: usize, sessions: usize) -> Cast {
        let occasional = if instructors > 8 {
            (instructors - instructors / 3).min(8)
        } else {
            0
        };
        let main = instructors - occasional;
        let tail = if occasional > 0 {
            sessions.saturating_sub(main).min(20)
        } else {
            0
        };
        Cast {
            main,
            occasional,
            main_sessions: sessions - tail,
            led: vec![0; main],
            idle: main,
        }
    }

    /// The instructor (an index) leading session `k`, sessions being cast in order.
    pub fn lead(&mut self, k: usize, rng: &mut Rng) -> usize {
        if k >= self.main_sessions {
            return self.main + (k % self.occasional);
        }
        // Some instructors teach much more than others…
        let r = (rng.below(1000) as f64 / 1000.0).powf(1.6);
        let mut lead = ((r * self.main as f64) as usize).min(self.main - 1);
        // …but once there are only as many sessions left as instructors without one, each of
        // those gets one.
        if self.main_sessions - k <= self.idle && self.led[lead] > 0 {
            lead = self.led.iter().position(|n| *n == 0).unwrap_or(lead);
        }
        if self.led[lead] == 0 {
            self.idle -= 1;
        }
        self.led[lead] += 1;
        lead
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many sessions each instructor leads.
    fn led(instructors: usize, sessions: usize) -> Vec<usize> {
        let mut cast = Cast::new(instructors, sessions);
        let mut rng = Rng(7);
        let mut led = vec![0; instructors];
        for k in 0..sessions {
            led[cast.lead(k, &mut rng)] += 1;
        }
        led
    }

    #[test]
    fn every_instructor_leads_a_session_whatever_the_numbers() {
        for instructors in 1..=30 {
            for sessions in instructors..instructors + 45 {
                let led = led(instructors, sessions);
                assert_eq!(led.iter().sum::<usize>(), sessions);
                assert!(
                    led.iter().all(|n| *n > 0),
                    "{instructors} instructors, {sessions} sessions: {led:?}"
                );
            }
        }
    }

    #[test]
    fn a_few_instructors_share_the_sessions() {
        let five = led(5, 160);
        assert!(five.iter().all(|n| *n >= 10), "{five:?}");
        assert!(five[0] > five[4], "some teach more than others: {five:?}");
    }

    #[test]
    fn with_many_instructors_eight_teach_too_few_sessions_to_be_ranked() {
        let led = led(14, 160);
        assert!(led[..6].iter().all(|n| *n >= 5), "{led:?}");
        assert!(led[6..].iter().all(|n| (1..5).contains(n)), "{led:?}");
    }
}
