//! Which months a benchmarking view may show: closed months grouped into periods that meet the
//! minimum, snapped to the chosen window, and slices checked against what remains of them
//! (the rules are in the pure `disclosure`; this reads the sizes they judge).

use super::RESPONSES;
use super::context::Context;
use super::disclosure;
use super::store::{self, Row, Scope};
use crate::error::AppResult;
use crate::server::state::AppState;
use std::collections::{BTreeMap, HashMap};

/// Sizes per label from grouped rows: `[responses, answers to each key…]`.
pub fn sizes(rows: &[Row], keys: &[String]) -> BTreeMap<String, Vec<i64>> {
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in rows {
        let slot = if r.question_key == RESPONSES {
            Some(0)
        } else {
            keys.iter()
                .position(|k| *k == r.question_key)
                .map(|i| i + 1)
        };
        if let Some(i) = slot {
            out.entry(r.label.clone())
                .or_insert_with(|| vec![0; keys.len() + 1])[i] += r.n;
        }
    }
    out
}

/// The months a view shows, the period each belongs to (its label), and what was left out.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub months: Vec<String>,
    /// Month → "2026-01" or "2026-01 to 2026-03".
    pub labels: HashMap<String, String>,
    pub note: String,
}

impl Coverage {
    /// The scope restricted to the covered months (the window is in them already).
    pub fn scope(&self, scope: &Scope) -> Scope {
        Scope {
            from: String::new(),
            to: String::new(),
            months: Some(self.months.clone()),
            ..scope.clone()
        }
    }

    /// Rows relabelled from their month to their period, for a trend by period.
    pub fn by_period(&self, rows: &[Row]) -> Vec<Row> {
        rows.iter()
            .filter_map(|r| {
                let label = self.labels.get(&r.label)?.clone();
                Some(Row { label, ..r.clone() })
            })
            .collect()
    }
}

/// Months whose figures are final: over, and every session in them released to instructors.
async fn closed_months(state: &AppState) -> AppResult<Vec<String>> {
    let now = crate::db::now();
    let wait = i64::from(state.config.feedback_days) * 86_400 + disclosure::MODERATION_SECONDS;
    Ok(store::month_ends(&state.db)
        .await?
        .into_iter()
        .filter(|m| disclosure::month_closed(&m.month, m.last_end + wait, now))
        .map(|m| m.month)
        .collect())
}

fn sum(sizes: &BTreeMap<String, Vec<i64>>, months: &[String]) -> Vec<i64> {
    months
        .iter()
        .filter_map(|m| sizes.get(m))
        .fold(Vec::new(), |a, s| disclosure::plus(&a, s))
}

/// Sizes per month of each part (a department, a course), from (part, row by month) pairs.
fn split(
    rows: impl Iterator<Item = (String, Row)>,
    keys: &[String],
) -> BTreeMap<String, BTreeMap<String, Vec<i64>>> {
    let mut by_part: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for (part, row) in rows {
        by_part.entry(part).or_default().push(row);
    }
    by_part
        .into_iter()
        .map(|(part, rows)| (part, sizes(&rows, keys)))
        .collect()
}

/// Keeps the periods in which part `which` may be shown beside all the other parts.
fn withhold_remainders(
    kept: &mut Vec<&Vec<String>>,
    whole: &BTreeMap<String, Vec<i64>>,
    parts: &BTreeMap<String, BTreeMap<String, Vec<i64>>>,
    which: &str,
    min: i64,
) {
    let index = parts.keys().position(|p| p == which);
    kept.retain(|p| {
        let sizes: Vec<Vec<i64>> = parts.values().map(|s| sum(s, p)).collect();
        index.is_some_and(|i| disclosure::part_shown(&sizes, &sum(whole, p), i, min))
    });
}

fn label(period: &[String]) -> String {
    match (period.first(), period.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.clone(),
        _ => String::new(),
    }
}

/// The months a program view may show under `scope` (its course and department are the slice;
/// its window is snapped). Periods are formed over every closed month of the whole program,
/// less `own` (sizes per month of what the viewer already sees: an instructor's own released
/// sessions), so what remains of each period meets the comparison minimum too.
pub async fn coverage(
    state: &AppState,
    cx: &Context,
    scope: &Scope,
    own: &BTreeMap<String, Vec<i64>>,
) -> AppResult<Coverage> {
    let db = &state.db;
    let keys = cx.keys();
    let min = cx.rules.comparison_minimum;
    let closed = closed_months(state).await?;
    let all_time = |s: &Scope| Scope {
        from: String::new(),
        to: String::new(),
        instructor: None,
        months: Some(closed.clone()),
        ..s.clone()
    };
    let months_of = async |s: Scope| -> AppResult<BTreeMap<String, Vec<i64>>> {
        Ok(sizes(
            &store::by_month(db, &all_time(&s), &keys).await?,
            &keys,
        ))
    };
    let sliced = scope.course_id.is_some() || !scope.department.is_empty();
    let both = scope.course_id.is_some() && !scope.department.is_empty();
    let no_course = Scope {
        course_id: None,
        ..scope.clone()
    };
    let no_department = Scope {
        department: String::new(),
        ..scope.clone()
    };
    // Every read at once, each on a connection of its own (on SQLite each runs in its
    // connection's thread, so one view's reads share the machine's cores): the program by
    // month, the slice, the slice less its course and less its department, and the parts a
    // department or a course is one of.
    let (program, slice, course_wide, department_wide, departments, courses) = tokio::try_join!(
        months_of(Scope::default()),
        async {
            Ok(if sliced {
                Some(months_of(scope.clone()).await?)
            } else {
                None
            })
        },
        async {
            Ok(if both {
                Some(months_of(no_course.clone()).await?)
            } else {
                None
            })
        },
        async {
            Ok(if both {
                Some(months_of(no_department.clone()).await?)
            } else {
                None
            })
        },
        async {
            if scope.department.is_empty() {
                return Ok(None);
            }
            Ok(Some(
                store::by_department(db, &all_time(&no_department), &keys).await?,
            ))
        },
        async {
            if scope.course_id.is_none() {
                return Ok(None);
            }
            Ok(Some(
                store::by_course_month(db, &all_time(&no_course), &keys).await?,
            ))
        },
    )?;
    let rest: Vec<(String, Vec<i64>)> = closed
        .iter()
        .map(|m| {
            let p = program.get(m).cloned().unwrap_or_default();
            let mine = own.get(m).map_or(&[][..], |v| v.as_slice());
            (m.clone(), disclosure::minus(&p, mine))
        })
        .filter(|(_, s)| s.iter().any(|&n| n > 0))
        .collect();
    let (periods, waiting) = disclosure::periods(&rest, min);
    let snapped = disclosure::snap(&periods, &scope.from, &scope.to);
    // The slice and every wider figure of it the same role can ask for.
    let mut kept: Vec<&Vec<String>> = snapped.clone();
    if let Some(slice) = &slice {
        let widers: Vec<&BTreeMap<String, Vec<i64>>> = std::iter::once(&program)
            .chain(course_wide.as_ref())
            .chain(department_wide.as_ref())
            .collect();
        kept.retain(|p| {
            let s = sum(slice, p);
            let w: Vec<Vec<i64>> = widers.iter().map(|w| sum(w, p)).collect();
            let w: Vec<&[i64]> = w.iter().map(|v| v.as_slice()).collect();
            disclosure::slice_shown(&s, &w, min)
        });
    }
    // Every department, and every course, can be asked for in turn: beside all the others, the
    // chosen one must not leave the people of no department, or the small ones, as the
    // remainder. The whole they are parts of is the slice less them: the program, unless the
    // other filter is chosen too.
    if let Some(rows) = departments {
        let whole = department_wide.as_ref().unwrap_or(&program);
        let parts = split(rows.into_iter().map(|r| (r.name.clone(), r)), &keys);
        withhold_remainders(&mut kept, whole, &parts, &scope.department, min);
    }
    if let (Some(course), Some(rows)) = (scope.course_id, courses) {
        let whole = course_wide.as_ref().unwrap_or(&program);
        let parts = split(
            rows.into_iter().filter_map(|r| {
                let (course, month) = r.label.split_once('|')?;
                let (course, month) = (course.to_string(), month.to_string());
                Some((course, Row { label: month, ..r }))
            }),
            &keys,
        );
        withhold_remainders(&mut kept, whole, &parts, &course.to_string(), min);
    }
    let mut cov = Coverage::default();
    for p in &kept {
        for m in p.iter() {
            cov.months.push(m.clone());
            cov.labels.insert(m.clone(), label(p));
        }
    }
    let inside = |m: &&String| {
        (scope.from.is_empty() || m.as_str() >= scope.from.as_str())
            && (scope.to.is_empty() || m.as_str() <= scope.to.as_str())
    };
    let edge = snapped.len()
        < periods
            .iter()
            .filter(|p| p.iter().any(|m| inside(&m)))
            .count();
    let mut left = Vec::new();
    if edge {
        left.push("months in a period that crosses the edge of the chosen months".to_string());
    }
    if kept.len() < snapped.len() {
        left.push(format!(
            "{} period(s) where this selection, or what remains outside it, has fewer than {min} answers",
            snapped.len() - kept.len()
        ));
    }
    if !waiting.is_empty() {
        left.push(format!(
            "{} (together still fewer than {min} answers)",
            waiting.join(", ")
        ));
    }
    left.push("months whose feedback forms have not all closed".into());
    cov.note = format!(
        "Figures cover whole periods of closed months, each with at least {min} answers{}. \
         Left out: {}.",
        if kept.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                kept.iter().map(|p| label(p)).collect::<Vec<_>>().join("; ")
            )
        },
        left.join("; ")
    );
    Ok(cov)
}
