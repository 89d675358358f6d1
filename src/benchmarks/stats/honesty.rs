//! The honesty rules in force and what they decide alone: whether a figure is shown or
//! suppressed (never shown as zero), and whether a response rate is flagged as low.

use serde::{Deserialize, Serialize};

/// The honesty rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// Responses needed to compare or rank a figure.
    pub comparison_minimum: i64,
    /// Responses needed to show a figure to its own instructor.
    pub own_minimum: i64,
    /// Response rates strictly below this fraction are flagged.
    pub low_rate: f64,
    /// Sessions needed to be ranked.
    pub group_sessions: i64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            comparison_minimum: 5,
            own_minimum: 3,
            low_rate: 0.5,
            group_sessions: 5,
        }
    }
}

/// A figure shown only with enough responses; never shown as zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shown<T> {
    Value(T),
    Suppressed { responses: i64, minimum: i64 },
}

impl<T> Shown<T> {
    /// The figure, if shown.
    pub fn value(&self) -> Option<&T> {
        match self {
            Shown::Value(v) => Some(v),
            Shown::Suppressed { .. } => None,
        }
    }
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Shown::Suppressed { .. })
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Shown<U> {
        match self {
            Shown::Value(v) => Shown::Value(f(v)),
            Shown::Suppressed { responses, minimum } => Shown::Suppressed { responses, minimum },
        }
    }
}

/// `Suppressed` when `responses < minimum` or `make` yields nothing;
/// otherwise the value made.
pub fn shown<T>(responses: i64, minimum: i64, make: impl FnOnce() -> Option<T>) -> Shown<T> {
    match (responses >= minimum).then(make).flatten() {
        Some(v) => Shown::Value(v),
        None => Shown::Suppressed { responses, minimum },
    }
}

/// Response rate of a session or group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub responses: i64,
    pub attendees: i64,
    /// `100 · responses / attendees`; `None` when there are no attendees.
    pub percent: Option<f64>,
    /// Rate strictly below `Rules::low_rate`.
    pub low: bool,
}

/// Response rate, flagged when strictly below `rules.low_rate`.
pub fn rate(responses: i64, attendees: i64, rules: &Rules) -> Rate {
    let fraction = (attendees > 0).then(|| responses as f64 / attendees as f64);
    Rate {
        responses,
        attendees,
        percent: fraction.map(|f| 100.0 * f),
        low: fraction.is_some_and(|f| f < rules.low_rate),
    }
}
