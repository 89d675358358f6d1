//! How benchmarking figures are shaped from grouped counts: a question's figure, norm and
//! verdict, rates, trends and their charts, and instructors' route parameters and names. Pure
//! shaping shared by the dashboard (`dashboard.rs`), an instructor's page and the CSV downloads.

use super::stats::{self, Estimate, Rules};
use super::store::{Row, Teacher};
use super::*;
use crate::feedback::definition::{Question, QuestionKind};
use crate::ui::charts;
use std::collections::{BTreeMap, HashMap};

pub(super) fn is_net(q: &Question) -> bool {
    matches!(q.kind, QuestionKind::Recommend { .. })
}

/// The counts a question is judged on: as answered for a mean, or mapped to −100/0/100 for a
/// net score, so one t interval serves both.
pub(super) fn metric(q: &Question, counts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    if is_net(q) {
        stats::as_net_values(counts)
    } else {
        counts.to_vec()
    }
}

pub(super) fn figure(e: &Estimate) -> Figure {
    Figure {
        n: e.n,
        value: e.mean,
        low: e.interval.map(|i| i.0),
        high: e.interval.map(|i| i.1),
    }
}

pub(super) fn shown(q: &Question, counts: &[(i64, i64)], minimum: i64) -> Shown {
    let n: i64 = counts.iter().map(|(_, n)| n).sum();
    match stats::shown(n, minimum, || stats::estimate(&metric(q, counts))) {
        stats::Shown::Value(e) => Shown::Value(figure(&e)),
        stats::Shown::Suppressed { responses, minimum } => Shown::Suppressed { responses, minimum },
    }
}

pub(super) fn labels(q: &Question) -> (Vec<i64>, Vec<String>) {
    let (from, to) = q.kind.range().unwrap_or((1, 5));
    let (low, high) = match &q.kind {
        QuestionKind::Likert { low, high } | QuestionKind::Recommend { low, high } => {
            (low.clone(), high.clone())
        }
        _ => (String::new(), String::new()),
    };
    let values: Vec<i64> = (from..=to).collect();
    let names = values
        .iter()
        .map(|v| match *v {
            v if v == from && !low.is_empty() => format!("{v} ({low})"),
            v if v == to && !high.is_empty() => format!("{v} ({high})"),
            v => v.to_string(),
        })
        .collect();
    (values, names)
}

/// Counts per key from grouped rows.
pub(super) fn by_key(rows: &[Row]) -> HashMap<String, Vec<(i64, i64)>> {
    let mut map: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for r in rows {
        map.entry(r.question_key.clone())
            .or_default()
            .push((r.value, r.n));
    }
    map
}

pub(super) fn rate(responses: i64, attendees: i64, rules: &Rules) -> RateView {
    let r = stats::rate(responses, attendees, rules);
    RateView {
        responses: r.responses,
        attendees: r.attendees,
        percent: r.percent,
        low: r.low,
    }
}

pub(super) fn verdict_word(v: &stats::Verdict) -> &'static str {
    match v {
        stats::Verdict::Above => "above",
        stats::Verdict::Below => "below",
        stats::Verdict::NoClearDifference => "no clear difference",
    }
}

/// One question of a group against the program: `rest` (the program without the group, when
/// the view compares) adds the verdict. Counts of a figure not shown are left out, not just
/// undrawn: they would be the suppressed answers themselves.
pub(super) fn question_view(
    q: &Question,
    group: &[(i64, i64)],
    program: &[(i64, i64)],
    minimum: i64,
    norm_minimum: i64,
    rest: Option<&[(i64, i64)]>,
) -> QuestionView {
    let (values, labels) = labels(q);
    let count = |c: &[(i64, i64)], v: i64| c.iter().filter(|(x, _)| *x == v).map(|(_, n)| n).sum();
    let figure = shown(q, group, minimum);
    let norm = shown(q, program, norm_minimum);
    let verdict = match rest {
        Some(rest) if figure.value().is_some() => {
            let mine = stats::estimate(&metric(q, group));
            let rest = stats::estimate(&metric(q, rest));
            match (mine, rest) {
                (Some(a), Some(b)) => verdict_word(&stats::verdict(&a, &b)).to_string(),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    let counts_of = |shown: &Shown, c: &[(i64, i64)]| match shown {
        Shown::Value(_) => values.iter().map(|v| count(c, *v)).collect(),
        Shown::Suppressed { .. } => Vec::new(),
    };
    QuestionView {
        key: q.key.clone(),
        prompt: q.prompt.clone(),
        kind: q.kind.name().to_string(),
        labels,
        counts: counts_of(&figure, group),
        program_counts: counts_of(&norm, program),
        figure,
        norm,
        verdict,
    }
}

/// "u12" for an account, "g:Name|Organisation" for a guest.
pub fn who_of(t: &Teacher) -> String {
    match t {
        Teacher::User(id) => format!("u{id}"),
        Teacher::Guest(name, org) => format!("g:{name}|{org}"),
    }
}

pub fn teacher_of(who: &str) -> Option<Teacher> {
    if let Some(id) = who.strip_prefix('u') {
        return id.parse().ok().map(Teacher::User);
    }
    let rest = who.strip_prefix("g:")?;
    let (name, org) = rest.split_once('|').unwrap_or((rest, ""));
    Some(Teacher::Guest(name.to_string(), org.to_string()))
}

pub(super) fn display(t: &Teacher, names: &HashMap<i64, String>) -> String {
    match t {
        Teacher::User(id) => names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("Account {id}")),
        Teacher::Guest(name, org) if org.is_empty() => format!("{name} (guest)"),
        Teacher::Guest(name, org) => format!("{name}, {org} (guest)"),
    }
}

pub(super) fn axis_of(q: &Question) -> charts::Axis {
    if is_net(q) {
        charts::Axis {
            from: -100.0,
            to: 100.0,
            step: 50.0,
            label: "Net score".into(),
        }
    } else {
        charts::Axis {
            from: 1.0,
            to: 5.0,
            step: 1.0,
            label: "Mean (1–5)".into(),
        }
    }
}

pub(super) fn number(q: &Question, v: f64) -> String {
    if is_net(q) {
        format!("{v:+.0}")
    } else {
        format!("{v:.2}")
    }
}

pub(super) fn trend_rows(q: &Question, rows: &[Row], minimum: i64) -> Vec<TrendRow> {
    let mut months: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.question_key == q.key) {
        months
            .entry(r.label.clone())
            .or_default()
            .push((r.value, r.n));
    }
    months
        .into_iter()
        .map(|(month, counts)| TrendRow {
            figure: shown(q, &counts, minimum),
            month,
        })
        .collect()
}

pub(super) fn trend_chart(
    id: &str,
    title: &str,
    q: &Question,
    trend: &[TrendRow],
    norm: &Shown,
) -> String {
    let points: Vec<charts::TrendPoint> = trend
        .iter()
        .map(|t| {
            let f = t.figure.value();
            charts::TrendPoint {
                label: t.month.clone(),
                mean: f.map(|f| f.value),
                low: f.and_then(|f| f.low),
                high: f.and_then(|f| f.high),
            }
        })
        .collect();
    let norm_label = norm
        .value()
        .map(|f| (f.value, format!("Program {}", number(q, f.value))));
    let desc = format!(
        "{} by month, with its 95 % interval as a band; months with too few answers are gaps. \
         The same numbers are in the table beside.",
        q.prompt
    );
    charts::trend_chart(
        id,
        title,
        &desc,
        &points,
        &axis_of(q),
        norm_label.as_ref().map(|(v, l)| (*v, l.as_str())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructors_round_trip_through_their_route_parameter() {
        for t in [
            Teacher::User(42),
            Teacher::Guest("Maria Lopez".into(), "Grand Hotel".into()),
            Teacher::Guest("Solo".into(), String::new()),
        ] {
            assert_eq!(teacher_of(&who_of(&t)), Some(t.clone()));
        }
        assert_eq!(teacher_of("u12x"), None);
        assert_eq!(teacher_of("x12"), None);
    }
}
