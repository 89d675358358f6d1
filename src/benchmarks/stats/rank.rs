//! Ranking instructors: who is eligible (responses and sessions), their order, percentile and
//! verdict against the rest of the program, and why the others are listed apart.

use super::*;
use serde::{Deserialize, Serialize};

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
