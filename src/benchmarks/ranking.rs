//! The ranking of instructors on one question: who is ranked, where, and who is left out and
//! why — including those left out so that no remainder of fewer than the minimum answers can
//! be worked out from the figures beside them (the rules are in the pure `disclosure`).

use super::context::Context;
use super::figures::{display, figure, metric, rate, verdict_word, who_of};
use super::stats;
use super::store::{self, Teacher};
use super::*;
use crate::error::AppResult;
use crate::server::state::AppState;
use std::collections::HashMap;

/// A slice may be shown when it passes against what remains of each wider figure; a slice an
/// instructor has no answers in is simply not ranked, whatever remains.
fn disclosure_ok(slice: &[i64], wider: &[&[i64]], min: i64) -> bool {
    !super::disclosure::enough(slice, min) || super::disclosure::slice_shown(slice, wider, min)
}

/// Why a rankable instructor was taken out of the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Withheld {
    /// The program minus the ranked would be a few answers.
    Unranked,
    /// A co-teacher's figure minus theirs would be a few answers.
    CoTeacher,
}

/// The ranking of instructors on the chosen question under the context's filters.
pub struct Ranked {
    pub ranked: Vec<RankRow>,
    pub unranked: Vec<Unranked>,
}

/// Answers per instructor to the question, responses first: `[responses, answers]`, from
/// `store::by_instructor`'s rows.
fn sizes_of(rows: &[store::Row]) -> HashMap<Teacher, Vec<i64>> {
    let mut out: HashMap<Teacher, Vec<i64>> = HashMap::new();
    for r in rows {
        let slot = usize::from(r.question_key != RESPONSES);
        out.entry(r.teacher()).or_insert_with(|| vec![0, 0])[slot] += r.n;
    }
    out
}

/// [`sizes_of`] the instructors under `scope`.
async fn teacher_sizes(
    state: &AppState,
    scope: &store::Scope,
    key: &str,
) -> AppResult<HashMap<Teacher, Vec<i64>>> {
    let rows = store::by_instructor(&state.db, scope, &[key.to_string()]).await?;
    Ok(sizes_of(&rows))
}

/// Who taught each session under a scope, and each session's answers to the question.
struct Taught {
    teachers: HashMap<i64, Vec<Teacher>>,
    answers: HashMap<i64, i64>,
}

async fn taught_sessions(state: &AppState, scope: &store::Scope, key: &str) -> AppResult<Taught> {
    let (teachers, answers) = tokio::try_join!(
        store::session_teachers(&state.db, scope),
        store::answers_by_session(&state.db, scope, key),
    )?;
    let mut taught: HashMap<i64, Vec<Teacher>> = HashMap::new();
    for s in teachers {
        taught.entry(s.session_id).or_default().push(s.teacher());
    }
    Ok(Taught {
        teachers: taught,
        answers: answers.into_iter().collect(),
    })
}

/// Takes ranked instructors out, the smallest first, while the answers of the sessions none
/// of the ranked taught are some but fewer than the minimum: the program minus the ranked
/// would be those answers. Returns the ones taken out; the others' percentiles are redone.
fn withhold_for_the_unranked(
    cx: &Context,
    Taught {
        teachers: taught,
        answers,
    }: Taught,
    result: &mut stats::Ranking<Teacher>,
) -> Vec<(stats::Ranked<Teacher>, Withheld)> {
    let mut out = Vec::new();
    loop {
        let ranked: std::collections::HashSet<&Teacher> =
            result.ranked.iter().map(|r| &r.key).collect();
        let remainder: i64 = answers
            .iter()
            .filter(|(s, _)| {
                !taught
                    .get(s)
                    .is_some_and(|ts| ts.iter().any(|t| ranked.contains(t)))
            })
            .map(|(_, n)| n)
            .sum();
        if !super::disclosure::safe(remainder, cx.rules.comparison_minimum) {
            let Some(smallest) =
                (0..result.ranked.len()).min_by_key(|&i| result.ranked[i].estimate.n)
            else {
                break;
            };
            out.push((result.ranked.remove(smallest), Withheld::Unranked));
            continue;
        }
        // Co-teachers: one inside another must not leave a few answers as the difference.
        let sessions: Vec<std::collections::BTreeSet<i64>> = result
            .ranked
            .iter()
            .map(|r| {
                taught
                    .iter()
                    .filter(|(_, ts)| ts.contains(&r.key))
                    .map(|(s, _)| *s)
                    .collect()
            })
            .collect();
        match super::disclosure::nested_difference(&sessions, &answers, cx.rules.comparison_minimum)
        {
            Some((inner, _)) => out.push((result.ranked.remove(inner), Withheld::CoTeacher)),
            None => break,
        }
    }
    if !out.is_empty() {
        let means: Vec<f64> = result.ranked.iter().map(|r| r.estimate.mean).collect();
        for r in &mut result.ranked {
            r.percentile = stats::percentile(&means, r.estimate.mean).unwrap_or(0.0);
        }
    }
    out
}

/// The ranking of the chosen question under `scope` (the context's, restricted to the months a
/// view may show). Under a course or department filter an instructor is ranked only if what
/// remains of their answers outside the filter is none or enough, as it can be had by asking
/// without it.
pub(super) async fn ranking(
    state: &AppState,
    cx: &Context,
    scope: &store::Scope,
    program: &[(i64, i64)],
) -> AppResult<Ranked> {
    let q = cx.question();
    let mut scope = scope.clone();
    scope.instructor = None;
    let sliced = scope.course_id.is_some() || !scope.department.is_empty();
    let mut wider_scopes = Vec::new();
    if sliced {
        wider_scopes.push(store::Scope {
            course_id: None,
            department: String::new(),
            ..scope.clone()
        });
        if scope.course_id.is_some() && !scope.department.is_empty() {
            wider_scopes.push(store::Scope {
                course_id: None,
                ..scope.clone()
            });
            wider_scopes.push(store::Scope {
                department: String::new(),
                ..scope.clone()
            });
        }
    }
    // Independent reads, each on a connection of its own: on SQLite each runs in its
    // connection's thread, so one view's reads share the machine's cores.
    let key = std::slice::from_ref(&q.key);
    let (rows, teaching, wider, taught) = tokio::try_join!(
        store::by_instructor(&state.db, &scope, key),
        store::teaching(&state.db, &scope, true),
        futures_util::future::try_join_all(
            wider_scopes.iter().map(|w| teacher_sizes(state, w, &q.key))
        ),
        taught_sessions(state, &scope, &q.key),
    )?;
    let mut widers = Vec::new();
    if sliced {
        // The slice is the ranking's own rows, read above.
        widers.push(sizes_of(&rows));
        widers.extend(wider);
    }
    let hidden_by_remainder = |t: &Teacher| {
        let Some((slice, rest)) = widers.split_first() else {
            return false;
        };
        let mine = slice.get(t).cloned().unwrap_or_default();
        let w: Vec<&[i64]> = rest
            .iter()
            .map(|w| w.get(t).map_or(&[][..], |v| v.as_slice()))
            .collect();
        !disclosure_ok(&mine, &w, cx.rules.comparison_minimum)
    };
    let mut counts: HashMap<Teacher, Vec<(i64, i64)>> = HashMap::new();
    for r in rows.iter().filter(|r| r.question_key != RESPONSES) {
        counts.entry(r.teacher()).or_default().push((r.value, r.n));
    }
    let wanted = |t: &Teacher| match cx.filters.kind.as_str() {
        "in-house" => matches!(t, Teacher::User(_)),
        "guest" => matches!(t, Teacher::Guest(..)),
        _ => true,
    };
    let mut teachers: Vec<&store::Teaching> =
        teaching.iter().filter(|t| wanted(&t.teacher())).collect();
    let (mut teachers, withheld): (Vec<&store::Teaching>, Vec<&store::Teaching>) = teachers
        .drain(..)
        .partition(|t| !hidden_by_remainder(&t.teacher()));
    teachers.sort_by_key(|t| t.teacher());
    let ids: Vec<i64> = teachers
        .iter()
        .chain(&withheld)
        .filter_map(|t| t.user_id)
        .collect();
    let names = crate::accounts::store::names_by_id(&state.db, &ids).await?;
    let candidates: Vec<stats::Candidate<Teacher>> = teachers
        .iter()
        .map(|t| stats::Candidate {
            key: t.teacher(),
            sessions: t.sessions,
            counts: metric(q, counts.get(&t.teacher()).map_or(&[][..], |c| c)),
        })
        .collect();
    let mut result = stats::rank(
        &candidates,
        &metric(q, program),
        &cx.rules,
        stats::Metric::Mean,
    );
    let withdrawn = withhold_for_the_unranked(cx, taught, &mut result);
    // Response rates from the sessions with attendance recorded, both sides (store::teaching).
    let rates: HashMap<Teacher, (i64, i64)> = teachers
        .iter()
        .map(|t| (t.teacher(), (t.responses, t.attended)))
        .collect();
    let ranked = result
        .ranked
        .iter()
        .enumerate()
        .map(|(i, r)| RankRow {
            place: i + 1,
            who: who_of(&r.key),
            name: display(&r.key, &names),
            guest: matches!(r.key, Teacher::Guest(..)),
            sessions: r.sessions,
            rate: {
                let (responses, attended) = rates.get(&r.key).copied().unwrap_or((0, 0));
                rate(responses, attended, &cx.rules)
            },
            figure: figure(&r.estimate),
            percentile: r.percentile,
            verdict: verdict_word(&r.verdict).to_string(),
        })
        .collect();
    let unranked = result
        .excluded
        .iter()
        .map(|(key, sessions, responses, why)| Unranked {
            who: who_of(key),
            name: display(key, &names),
            guest: matches!(key, Teacher::Guest(..)),
            sessions: *sessions,
            responses: *responses,
            reason: match why {
                stats::Exclusion::TooFewResponses { responses, minimum } => {
                    format!("{responses} answers to this question; {minimum} are needed to compare")
                }
                stats::Exclusion::TooFewSessions { sessions, minimum } => {
                    format!("{sessions} sessions; {minimum} are needed to compare")
                }
            },
        })
        .chain(withdrawn.iter().map(|(r, why)| Unranked {
            who: who_of(&r.key),
            name: display(&r.key, &names),
            guest: matches!(r.key, Teacher::Guest(..)),
            sessions: r.sessions,
            responses: r.estimate.n,
            reason: match why {
                Withheld::Unranked => format!(
                    "left out so that the answers of sessions taught by no ranked instructor \
                     (fewer than {}) cannot be worked out",
                    cx.rules.comparison_minimum
                ),
                Withheld::CoTeacher => format!(
                    "left out so that the answers of sessions a co-teacher taught without them \
                     (fewer than {}) cannot be worked out",
                    cx.rules.comparison_minimum
                ),
            },
        }))
        .chain(withheld.iter().map(|t| Unranked {
            who: who_of(&t.teacher()),
            name: display(&t.teacher(), &names),
            guest: t.user_id.is_none(),
            sessions: t.sessions,
            responses: 0,
            reason: format!(
                "left out under this filter: the rest of their answers would be fewer than {}",
                cx.rules.comparison_minimum
            ),
        }))
        .collect();
    Ok(Ranked { ranked, unranked })
}
