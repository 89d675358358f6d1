//! Feedback statistics: how is each instructor doing compared with the
//! program, and is the difference real?
//!
//! Answers arrive as value counts `(value, count)`; a value may repeat (its
//! counts are summed) and counts of zero or less contribute nothing.
//!
//! Honesty rules (see [`Rules`]):
//! - A figure is shown only with enough responses; otherwise it is
//!   [`Shown::Suppressed`] with the number of responses, never shown as zero.
//! - Every mean carries its 95 % t interval; with fewer than two responses
//!   the interval is unknown (`None`), not invented.
//! - "Above" or "below" the program is claimed only when Welch's t-test
//!   against the rest of the program (the program without the instructor)
//!   gives p < 0.05; everything else is [`Verdict::NoClearDifference`].
//! - Only instructors with enough responses and sessions are ranked; the
//!   others are listed apart with the reason.
//! - Low response rates are flagged.

mod honesty;
mod rank;

pub use honesty::*;
pub use rank::*;

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Positive counts merged by value, sorted by value.
fn merged(counts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    let mut sorted: Vec<(i64, i64)> = counts.iter().copied().filter(|&(_, c)| c > 0).collect();
    sorted.sort_unstable();
    for (v, c) in sorted {
        match out.last_mut() {
            Some(last) if last.0 == v => last.1 += c,
            _ => out.push((v, c)),
        }
    }
    out
}

/// Sum of the counts.
fn total(counts: &[(i64, i64)]) -> i64 {
    counts.iter().map(|&(_, c)| c).sum()
}

/// Count of `value` in merged counts.
fn count_of(counts: &[(i64, i64)], value: i64) -> i64 {
    counts
        .iter()
        .find(|&&(v, _)| v == value)
        .map_or(0, |&(_, c)| c)
}

/// Two-sided 95 % critical value of Student's t with `df` degrees of freedom.
fn t_critical(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(0.975))
}

/// Mean of a set of answers with its 95 % two-sided t interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub n: i64,
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1); 0 when n < 2.
    pub sd: f64,
    /// `None` when n < 2; `(mean, mean)` when all answers are equal.
    pub interval: Option<(f64, f64)>,
}

impl Estimate {
    /// Lower bound of the interval, or the mean when it is unknown.
    pub fn low(&self) -> f64 {
        self.interval.map_or(self.mean, |i| i.0)
    }
    /// Upper bound of the interval, or the mean when it is unknown.
    pub fn high(&self) -> f64 {
        self.interval.map_or(self.mean, |i| i.1)
    }
}

/// Mean, sample sd and 95 % t interval; `None` when there are no answers.
pub fn estimate(counts: &[(i64, i64)]) -> Option<Estimate> {
    let counts = merged(counts);
    let n = total(&counts);
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let mean = counts
        .iter()
        .map(|&(v, c)| v as f64 * c as f64)
        .sum::<f64>()
        / nf;
    if n < 2 {
        return Some(Estimate {
            n,
            mean,
            sd: 0.0,
            interval: None,
        });
    }
    let ss: f64 = counts
        .iter()
        .map(|&(v, c)| c as f64 * (v as f64 - mean).powi(2))
        .sum();
    let sd = (ss / (nf - 1.0)).sqrt();
    let half = if sd == 0.0 {
        0.0
    } else {
        t_critical(nf - 1.0) * sd / nf.sqrt()
    };
    Some(Estimate {
        n,
        mean,
        sd,
        interval: Some((mean - half, mean + half)),
    })
}

/// Net score for 0..=10 questions: promoters 9–10, passives 7–8, detractors
/// 0–6; `score = 100 (P − D) / n`, with the 95 % t interval of the per-answer
/// variable +100 / 0 / −100. Values outside 0..=10 are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetScore {
    pub n: i64,
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
    pub score: f64,
    pub interval: Option<(f64, f64)>,
}

/// Maps 0..=10 answers to −100 (detractor), 0 (passive) or 100 (promoter);
/// values outside 0..=10 are dropped.
pub fn as_net_values(counts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mapped: Vec<(i64, i64)> = counts
        .iter()
        .filter(|&&(v, _)| (0..=10).contains(&v))
        .map(|&(v, c)| {
            (
                if v <= 6 {
                    -100
                } else if v <= 8 {
                    0
                } else {
                    100
                },
                c,
            )
        })
        .collect();
    merged(&mapped)
}

/// Net score of 0..=10 answers; `None` when there are none.
pub fn net_score(counts: &[(i64, i64)]) -> Option<NetScore> {
    let net = as_net_values(counts);
    let e = estimate(&net)?;
    Some(NetScore {
        n: e.n,
        promoters: count_of(&net, 100),
        passives: count_of(&net, 0),
        detractors: count_of(&net, -100),
        score: e.mean,
        interval: e.interval,
    })
}

/// One value of a distribution with its count and share of the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub value: i64,
    pub count: i64,
    pub percent: f64,
}

/// Every value `from..=to` with its count and percentage (zeros included).
/// The total is the count of answers within the range; percent is 0 when
/// that total is 0.
pub fn distribution(counts: &[(i64, i64)], from: i64, to: i64) -> Vec<Share> {
    let counts: Vec<(i64, i64)> = merged(counts)
        .into_iter()
        .filter(|(v, _)| (from..=to).contains(v))
        .collect();
    let sum = total(&counts);
    (from..=to)
        .map(|value| {
            let count = count_of(&counts, value);
            let percent = if sum == 0 {
                0.0
            } else {
                100.0 * count as f64 / sum as f64
            };
            Share {
                value,
                count,
                percent,
            }
        })
        .collect()
}

/// `total` minus `part`, value by value, clamped at 0 (e.g. the rest of the
/// program = program − instructor). Merged, sorted, zero counts dropped.
pub fn without(total: &[(i64, i64)], part: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let part = merged(part);
    merged(total)
        .into_iter()
        .map(|(v, c)| (v, c - count_of(&part, v)))
        .filter(|&(_, c)| c > 0)
        .collect()
}

/// Welch's two-sample t-test (two-sided).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Welch {
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    pub p: f64,
}

/// Welch's test of `a.mean − b.mean` from summary statistics; `None` when
/// either n < 2 or both variances are 0.
pub fn welch(a: &Estimate, b: &Estimate) -> Option<Welch> {
    if a.n < 2 || b.n < 2 || (a.sd == 0.0 && b.sd == 0.0) {
        return None;
    }
    let va = a.sd * a.sd / a.n as f64;
    let vb = b.sd * b.sd / b.n as f64;
    let t = (a.mean - b.mean) / (va + vb).sqrt();
    let df = (va + vb).powi(2) / (va * va / (a.n - 1) as f64 + vb * vb / (b.n - 1) as f64);
    let p = (2.0 * StudentsT::new(0.0, 1.0, df).ok()?.sf(t.abs())).min(1.0);
    Some(Welch { t, df, p })
}

/// An instructor against the rest of the program, at the 5 % level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Above,
    Below,
    NoClearDifference,
}

/// `Above`/`Below` when Welch's p < 0.05, by the sign of the mean difference;
/// otherwise (including an impossible test) `NoClearDifference`.
pub fn verdict(instructor: &Estimate, rest: &Estimate) -> Verdict {
    match welch(instructor, rest) {
        Some(w) if w.p < 0.05 && w.t > 0.0 => Verdict::Above,
        Some(w) if w.p < 0.05 && w.t < 0.0 => Verdict::Below,
        _ => Verdict::NoClearDifference,
    }
}

/// Percentile (0..=100) of `x` among `values`, as
/// `scipy.stats.percentileofscore(values, x, kind='mean')`; `None` if empty.
pub fn percentile(values: &[f64], x: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let below = values.iter().filter(|&&v| v < x).count();
    let at_most = values.iter().filter(|&&v| v <= x).count();
    Some(50.0 * (below + at_most) as f64 / values.len() as f64)
}

#[cfg(test)]
mod tests;
