//! The trainers' dashboard: the program (or a course) over the released periods the filters may
//! show, instructors ranked, courses side by side and the trend, with their charts.

use super::context::Context;
use super::figures::{
    axis_of, by_key, is_net, number, question_view, rate, shown, trend_chart, trend_rows,
};
use super::store;
use super::*;
use crate::error::AppResult;
use crate::server::state::AppState;
use crate::ui::charts;
use std::collections::{BTreeMap, HashMap};

/// The trainers' dashboard under the filters: over the released periods the filters may show.
pub async fn dashboard(state: &AppState, cx: &Context) -> AppResult<Dashboard> {
    let db = &state.db;
    let keys = cx.keys();
    let coverage = super::periods::coverage(state, cx, &cx.scope, &BTreeMap::new()).await?;
    let scope = coverage.scope(&cx.scope);
    let q = cx.question();
    let asked = std::slice::from_ref(&q.key);
    // Independent reads side by side, each on a connection of its own (on SQLite each runs in
    // its connection's thread, so one view's reads share the machine's cores).
    let (all, held) = tokio::try_join!(
        store::program(db, &scope, &keys),
        store::teaching(db, &scope, false),
    )?;
    let program = by_key(&all);
    let (sessions, attendees, answered) = held
        .first()
        .map_or((0, 0, 0), |t| (t.sessions, t.attended, t.responses));
    let min = cx.rules.comparison_minimum;
    let empty = Vec::new();
    let questions: Vec<QuestionView> = cx
        .questions
        .iter()
        .map(|q| {
            let p = program.get(&q.key).unwrap_or(&empty);
            question_view(q, p, p, min, min, None)
        })
        .collect();
    let p = program.get(&q.key).unwrap_or(&empty);
    // The chosen question's view is one of the program's, computed above.
    let question = questions
        .iter()
        .find(|v| v.key == q.key)
        .cloned()
        .unwrap_or_else(|| question_view(q, p, p, min, min, None));
    let (ranked, by_course, months) = tokio::try_join!(
        super::ranking::ranking(state, cx, &scope, p),
        store::by_course(db, &scope, asked),
        store::by_month(db, &scope, asked),
    )?;
    let mut per_course: HashMap<String, (i64, Vec<(i64, i64)>)> = HashMap::new();
    for r in &by_course {
        let e = per_course.entry(r.label.clone()).or_default();
        if r.question_key == RESPONSES {
            e.0 += r.n;
        } else {
            e.1.push((r.value, r.n));
        }
    }
    let mut courses: Vec<CourseRow> = cx
        .courses
        .iter()
        .filter_map(|c| {
            let (responses, counts) = per_course.get(&c.id.to_string())?;
            Some(CourseRow {
                slug: c.slug.clone(),
                title: c.title.clone(),
                responses: *responses,
                figure: shown(q, counts, min),
            })
        })
        .collect();
    // Side by side the courses make up the program: a small one must not be its remainder.
    let sizes: Vec<i64> = courses.iter().map(|c| c.responses).collect();
    for (c, show) in courses
        .iter_mut()
        .zip(super::disclosure::partition_shown(&sizes, min))
    {
        if !show && let Shown::Value(f) = &c.figure {
            c.figure = Shown::Suppressed {
                responses: f.n,
                minimum: min,
            };
        }
    }
    courses.sort_by(|a, b| {
        let v = |c: &CourseRow| c.figure.value().map_or(f64::NEG_INFINITY, |f| f.value);
        v(b).total_cmp(&v(a)).then_with(|| a.title.cmp(&b.title))
    });
    // By period, not by month: a month of too few answers beside its shown neighbours would be
    // the window's total minus theirs.
    let trend = trend_rows(q, &coverage.by_period(&months), min);
    let rows: Vec<charts::IntervalRow> = ranked
        .ranked
        .iter()
        .map(|r| charts::IntervalRow {
            label: r.name.clone(),
            href: Some(format!(
                "/benchmarks/instructor?who={}&{}",
                crate::text::percent_encode(&r.who),
                cx.filters.query()
            )),
            mean: r.figure.value,
            low: r.figure.low.unwrap_or(r.figure.value),
            high: r.figure.high.unwrap_or(r.figure.value),
            note: format!("n={}", r.figure.n),
        })
        .collect();
    let norm = question
        .norm
        .value()
        .map(|f| (f.value, format!("Program {}", number(q, f.value))));
    let ranking_chart = charts::interval_chart(
        "ranking",
        &format!("Instructors ranked by: {}", q.prompt),
        &format!(
            "Each row is an instructor with at least {min} answers and {} sessions: the dot is \
             the {}, the line its 95 % interval; the dashed line is the program. Overlapping \
             lines mean the difference may be chance. The same numbers are in the table below.",
            cx.rules.group_sessions,
            if is_net(q) { "net score" } else { "mean" }
        ),
        &rows,
        &axis_of(q),
        norm.as_ref().map(|(v, l)| (*v, l.as_str())),
    );
    let trend_chart = trend_chart(
        "program-trend",
        &format!("Program by month: {}", q.prompt),
        q,
        &trend,
        &question.norm,
    );
    Ok(Dashboard {
        filters: cx.filters.clone(),
        choices: cx.choices.clone(),
        rules: cx.rules_view(),
        sessions,
        rate: rate(answered, attendees, &cx.rules),
        questions,
        question,
        ranking: ranked.ranked,
        unranked: ranked.unranked,
        courses,
        trend,
        ranking_chart,
        trend_chart,
        coverage: coverage.note,
    })
}
