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

/// What a ranking compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    /// The mean of the answers.
    Mean,
    /// The net score: answers mapped by [`as_net_values`], then averaged.
    NetScore,
}

/// An instructor (or any group) that may be ranked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate<K> {
    pub key: K,
    pub sessions: i64,
    pub counts: Vec<(i64, i64)>,
}

/// Why a candidate is not ranked (too few responses is reported first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Exclusion {
    TooFewResponses { responses: i64, minimum: i64 },
    TooFewSessions { sessions: i64, minimum: i64 },
}

/// A ranked candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked<K> {
    pub key: K,
    pub sessions: i64,
    pub estimate: Estimate,
    /// Percentile of its mean among the ranked candidates' means (kind='mean').
    pub percentile: f64,
    /// Against the rest of the program.
    pub verdict: Verdict,
}

/// Ranked candidates (best first), the excluded ones as
/// `(key, sessions, responses, reason)` in input order, and the program norm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking<K> {
    pub ranked: Vec<Ranked<K>>,
    pub excluded: Vec<(K, i64, i64, Exclusion)>,
    pub norm: Option<Estimate>,
}

/// Ranks candidates against `program` (all answers to the question, the
/// candidates' included). Eligible: `>= rules.comparison_minimum` responses
/// (at least 1) and `>= rules.group_sessions` sessions. With
/// [`Metric::NetScore`] all counts go through [`as_net_values`] first.
/// Sorted by mean descending, then n descending, then input order.
pub fn rank<K: Clone>(
    candidates: &[Candidate<K>],
    program: &[(i64, i64)],
    rules: &Rules,
    metric: Metric,
) -> Ranking<K> {
    let prepare = |c: &[(i64, i64)]| match metric {
        Metric::Mean => merged(c),
        Metric::NetScore => as_net_values(c),
    };
    let program = prepare(program);
    let mut ranked = Vec::new();
    let mut excluded = Vec::new();
    for c in candidates {
        let counts = prepare(&c.counts);
        let responses = total(&counts);
        let minimum = rules.comparison_minimum.max(1);
        let reason = if responses < minimum {
            Some(Exclusion::TooFewResponses { responses, minimum })
        } else if c.sessions < rules.group_sessions {
            Some(Exclusion::TooFewSessions {
                sessions: c.sessions,
                minimum: rules.group_sessions,
            })
        } else {
            None
        };
        match (reason, estimate(&counts)) {
            (None, Some(own)) => {
                let verdict = estimate(&without(&program, &counts))
                    .map_or(Verdict::NoClearDifference, |rest| verdict(&own, &rest));
                let (key, sessions) = (c.key.clone(), c.sessions);
                ranked.push(Ranked {
                    key,
                    sessions,
                    estimate: own,
                    percentile: 0.0,
                    verdict,
                });
            }
            (reason, _) => {
                let reason = reason.unwrap_or(Exclusion::TooFewResponses { responses, minimum });
                excluded.push((c.key.clone(), c.sessions, responses, reason));
            }
        }
    }
    let means: Vec<f64> = ranked.iter().map(|r| r.estimate.mean).collect();
    for r in &mut ranked {
        r.percentile = percentile(&means, r.estimate.mean).unwrap_or(0.0);
    }
    ranked.sort_by(|a, b| {
        (b.estimate.mean.total_cmp(&a.estimate.mean)).then(b.estimate.n.cmp(&a.estimate.n))
    });
    Ranking {
        ranked,
        excluded,
        norm: estimate(&program),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        a == b || (a - b).abs() <= 1e-9 * b.abs().max(1e-300)
    }

    #[test]
    fn matches_scipy_estimates() {
        for &(counts, n, mean, sd, low, high) in CASES {
            let e = estimate(counts).unwrap();
            assert_eq!(e.n, n);
            assert!(close(e.mean, mean) && close(e.sd, sd), "{e:?}");
            assert!(close(e.low(), low) && close(e.high(), high), "{e:?}");
        }
    }

    #[test]
    fn matches_scipy_welch_and_percentile() {
        for &(i, j, t, df, p) in WELCH {
            let w = welch(
                &estimate(CASES[i].0).unwrap(),
                &estimate(CASES[j].0).unwrap(),
            );
            let w = w.unwrap();
            assert!(close(w.t, t) && close(w.df, df) && close(w.p, p), "{w:?}");
        }
        for &(x, expected) in PCT {
            assert!(close(percentile(PCT_VALUES, x).unwrap(), expected));
        }
        assert_eq!(percentile(&[], 1.0), None);
    }

    #[test]
    fn textbook_t_value_and_small_samples() {
        assert!((t_critical(9.0) - 2.262157162798205).abs() < 1e-12);
        assert!((t_critical(9.0) - 2.262157).abs() < 1e-6);
        assert_eq!(estimate(&[(3, 0)]), None);
        let one = estimate(&[(3, 1), (5, 0)]).unwrap();
        assert_eq!(
            (one.sd, one.interval, one.low(), one.high()),
            (0.0, None, 3.0, 3.0)
        );
        let flat = estimate(&[(4, 7)]).unwrap();
        assert_eq!(flat.interval, Some((4.0, 4.0)));
        assert_eq!(welch(&one, &estimate(CASES[6].0).unwrap()), None);
        assert_eq!(welch(&flat, &flat), None);
        assert_eq!(verdict(&flat, &flat), Verdict::NoClearDifference);
    }

    #[test]
    fn suppression_never_shows_zero() {
        let rules = Rules::default();
        let four = shown(4, rules.comparison_minimum, || Some(0.0));
        assert_eq!(
            four,
            Shown::Suppressed {
                responses: 4,
                minimum: 5
            }
        );
        assert_eq!(four.value(), None);
        assert!(shown(0, 5, || estimate(&[])).is_suppressed());
        assert!(shown(9, 5, || None::<f64>).is_suppressed());
        let own = shown(3, rules.own_minimum, || Some(4.5)).map(|m| m * 2.0);
        assert_eq!(own.value(), Some(&9.0));
    }

    #[test]
    fn response_rate_flag() {
        let rules = Rules::default();
        assert!(rate(49, 100, &rules).low);
        let half = rate(50, 100, &rules);
        assert_eq!((half.percent, half.low), (Some(50.0), false));
        let none = rate(0, 0, &rules);
        assert_eq!((none.percent, none.low), (None, false));
    }

    #[test]
    fn ranking() {
        let c = |key, sessions, counts: &[(i64, i64)]| Candidate {
            key,
            sessions,
            counts: counts.to_vec(),
        };
        let candidates = [
            c("high", 10, &[(5, 80), (4, 20)]),
            c("few", 10, &[(5, 4)]),
            c("mid", 6, &[(4, 3), (3, 2), (5, 1)]),
            c("rare", 4, &[(2, 10)]),
            c("both", 1, &[(1, 2)]),
            c("low", 8, &[(2, 30), (3, 20)]),
            c("mid2", 7, &[(4, 6), (3, 4), (5, 2)]),
        ];
        let mut program = vec![(3, 100), (4, 100)];
        candidates.iter().for_each(|c| program.extend(&c.counts));
        let r = rank(&candidates, &program, &Rules::default(), Metric::Mean);
        let keys: Vec<_> = r.ranked.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["high", "mid2", "mid", "low"]);
        let pct: Vec<_> = r.ranked.iter().map(|r| r.percentile).collect();
        assert_eq!(pct, [87.5, 50.0, 50.0, 12.5]);
        let verdicts: Vec<_> = r.ranked.iter().map(|r| r.verdict).collect();
        use Verdict::*;
        assert_eq!(
            verdicts,
            [Above, NoClearDifference, NoClearDifference, Below]
        );
        let too_few = |responses| Exclusion::TooFewResponses {
            responses,
            minimum: 5,
        };
        let few_sessions = Exclusion::TooFewSessions {
            sessions: 4,
            minimum: 5,
        };
        assert_eq!(
            r.excluded,
            [
                ("few", 10, 4, too_few(4)),
                ("rare", 4, 10, few_sessions),
                ("both", 1, 2, too_few(2))
            ]
        );
        assert_eq!(r.norm, estimate(&program));
        assert_eq!(r.norm.unwrap().n, 384);
    }

    #[test]
    fn net_score_matches_mapping_and_scipy() {
        let (counts, (_, n, score, _, low, high)) = (CASES[7].0, CASES[8]);
        let s = net_score(counts).unwrap();
        assert_eq!((s.n, s.promoters, s.passives, s.detractors), (n, 22, 11, 7));
        assert!(close(s.score, score) && close(s.interval.unwrap().0, low));
        assert!(close(s.interval.unwrap().1, high));
        let e = estimate(&as_net_values(counts)).unwrap();
        assert_eq!((e.mean, e.interval), (s.score, s.interval));
        let cand = [Candidate {
            key: 1,
            sessions: 5,
            counts: counts.to_vec(),
        }];
        let r = rank(&cand, counts, &Rules::default(), Metric::NetScore);
        assert_eq!(r.ranked[0].estimate, e);
        assert_eq!(net_score(&[(11, 3)]), None);
    }

    #[test]
    fn distribution_and_without() {
        let d = distribution(&[(5, 3), (2, 1), (5, 4), (9, 2)], 1, 5);
        let rows: Vec<_> = d.iter().map(|s| (s.value, s.count, s.percent)).collect();
        let expected = [
            (1, 0, 0.0),
            (2, 1, 12.5),
            (3, 0, 0.0),
            (4, 0, 0.0),
            (5, 7, 87.5),
        ];
        assert_eq!(rows, expected);
        assert!(distribution(&[], 1, 2).iter().all(|s| s.percent == 0.0));
        assert_eq!(
            without(&[(1, 2), (3, 5), (1, 1)], &[(3, 7), (1, 1), (4, 2)]),
            [(1, 2)]
        );
    }

    // Independent fixture, computed once with scipy 1.17.1 / numpy 2.4.6 by this script:
    // import numpy as np
    // from scipy import stats
    // C = [[(4, 1), (5, 1)], [(2, 1), (3, 1), (5, 1)], [(1, 1), (2, 0), (3, 2), (4, 10), (5, 40)],
    //      [(1, 500), (2, 900), (3, 2100), (4, 3500), (5, 3000)], [(4, 7)],
    //      [(5, 3), (4, 2), (5, 2), (3, 0), (2, 1)], [(1, 3), (2, 5), (3, 8), (4, 6), (5, 4)],
    //      [(0, 2), (3, 1), (6, 4), (7, 5), (8, 6), (9, 10), (10, 12)]]
    // NET = [(-100 if v <= 6 else 0 if v <= 8 else 100, c) for v, c in C[7]]
    // C.append(NET)
    // def est(c):
    //     x = np.repeat([v for v, _ in c], [k for _, k in c]).astype(float)
    //     m, s = x.mean(), x.std(ddof=1)
    //     lo, hi = (m, m) if s == 0 else stats.t.interval(0.95, len(x) - 1, m, s / np.sqrt(len(x)))
    //     return len(x), float(m), float(s), float(lo), float(hi)
    // E = [est(c) for c in C]
    // print("const CASES: &[Case] = &[")
    // for c, (n, m, s, lo, hi) in zip(C, E):
    //     print(f"    ({c!r}, {n}, {m!r}, {s!r}, {lo!r}, {hi!r}),".replace("[", "&["))
    // print("];\nconst WELCH: &[(usize, usize, f64, f64, f64)] = &[")
    // for i, j in [(2, 3), (0, 1), (6, 3), (4, 6), (8, 3), (5, 2)]:
    //     r = stats.ttest_ind_from_stats(E[i][1], E[i][2], E[i][0], E[j][1], E[j][2], E[j][0], equal_var=False)
    //     a, b = E[i][2] ** 2 / E[i][0], E[j][2] ** 2 / E[j][0]  # Welch-Satterthwaite df:
    //     df = (a + b) ** 2 / (a * a / (E[i][0] - 1) + b * b / (E[j][0] - 1))
    //     print(f"    ({i}, {j}, {float(r.statistic)!r}, {df!r}, {float(r.pvalue)!r}),")
    // V = [3.0, 4.5, 4.5, 2.0, 5.0, 3.7]
    // print(f"];\nconst PCT_VALUES: &[f64] = &{V!r};\nconst PCT: &[(f64, f64)] = &[")
    // for x in [4.5, 1.0, 5.0, 3.7, 3.9, 6.0]:
    //     print(f"    ({x!r}, {float(stats.percentileofscore(V, x, kind='mean'))!r}),")
    // print(f"];\n// t(0.975, 9) = {float(stats.t.ppf(0.975, 9))!r}")
    type Case = (&'static [(i64, i64)], i64, f64, f64, f64, f64);
    #[rustfmt::skip]
    #[allow(clippy::approx_constant)] // scipy output, kept verbatim
    const CASES: &[Case] = &[
        (&[(4, 1), (5, 1)], 2, 4.5, 0.7071067811865476, -1.853102368087347, 10.853102368087347),
        (&[(2, 1), (3, 1), (5, 1)], 3, 3.3333333333333335, 1.5275252316519465, -0.46124970026342593, 7.1279163669300925),
        (&[(1, 1), (2, 0), (3, 2), (4, 10), (5, 40)], 53, 4.660377358490566, 0.732314461312034, 4.458526494088642, 4.862228222892489),
        (&[(1, 500), (2, 900), (3, 2100), (4, 3500), (5, 3000)], 10000, 3.76, 1.1236219349163945, 3.737974748633442, 3.7820252513665578),
        (&[(4, 7)], 7, 4.0, 0.0, 4.0, 4.0),
        (&[(5, 3), (4, 2), (5, 2), (3, 0), (2, 1)], 8, 4.375, 1.0606601717798212, 3.488265905652706, 5.261734094347294),
        (&[(1, 3), (2, 5), (3, 8), (4, 6), (5, 4)], 26, 3.1153846153846154, 1.2434443478313961, 2.613146574181767, 3.617622656587464),
        (&[(0, 2), (3, 1), (6, 4), (7, 5), (8, 6), (9, 10), (10, 12)], 40, 8.0, 2.438999374480844, 7.219970157763588, 8.780029842236413),
        (&[(-100, 2), (-100, 1), (-100, 4), (0, 5), (0, 6), (100, 10), (100, 12)], 40, 37.5, 77.41827783921406, 12.740433564280462, 62.259566435719535),
    ];
    #[rustfmt::skip]
    const WELCH: &[(usize, usize, f64, f64, f64)] = &[
        (2, 3, 8.895538415351831, 53.30569291706243, 4.0654470125649184e-12),
        (0, 1, 1.150792911137501, 2.894291754756871, 0.3359542435639198),
        (6, 3, -2.6405868798882137, 25.106265105854487, 0.014030345065931819),
        (4, 6, 3.6275617127899427, 24.999999999999996, 0.0012805064178992387),
        (8, 3, 2.7563310960190863, 39.000065721608074, 0.008843241246396525),
        (5, 2, -0.7350216112942731, 8.038000135505833, 0.48321737973181544),
    ];
    const PCT_VALUES: &[f64] = &[3.0, 4.5, 4.5, 2.0, 5.0, 3.7];
    const PCT: &[(f64, f64)] = &[
        (4.5, 66.66666666666667),
        (1.0, 0.0),
        (5.0, 91.66666666666667),
        (3.7, 41.66666666666667),
        (3.9, 50.0),
        (6.0, 100.0),
    ];
}
