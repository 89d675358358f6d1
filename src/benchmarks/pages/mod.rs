//! Benchmarking pages: the trainers' dashboard (`/trainer/benchmarks`), an instructor's page
//! (`/benchmarks/instructor?who=…`, and `/teaching/benchmarks` for one's own). Charts arrive
//! as server-rendered SVG; every chart has a table with the same numbers beside it.

use super::api;
use super::{
    Choices, Dashboard, Figure, Filters, InstructorView, QuestionView, RateView, RulesView, Shown,
    TrendRow,
};
use crate::text::percent_encode;
use crate::ui::DownloadLink;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

mod dashboard;
mod instructor;

pub use dashboard::BenchmarksPage;
pub use instructor::{InstructorBenchmarksPage, MyBenchmarksPage};

fn filters_from_query() -> impl Fn() -> (Filters, String, i64) + Send + Sync + Copy + 'static {
    let query = use_query_map();
    move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        (
            Filters::from_query(get),
            get("who"),
            get("page").parse().unwrap_or(1),
        )
    }
}

fn is_net(kind: &str) -> bool {
    kind == "recommend"
}

fn value_text(kind: &str, v: f64) -> String {
    if is_net(kind) {
        format!("{v:+.0}")
    } else {
        format!("{v:.2}")
    }
}

/// "4.21 (95 % CI 4.10–4.32)" or "+35 (95 % CI +28 to +42)".
fn figure_text(kind: &str, f: &Figure) -> String {
    let v = value_text(kind, f.value);
    match (f.low, f.high) {
        (Some(l), Some(h)) if is_net(kind) => {
            format!("{v} ({} to {})", value_text(kind, l), value_text(kind, h))
        }
        (Some(l), Some(h)) => format!("{v} ({}–{})", value_text(kind, l), value_text(kind, h)),
        _ => format!("{v} (one answer: no interval)"),
    }
}

fn shown_text(kind: &str, s: &Shown) -> String {
    match s {
        Shown::Value(f) => figure_text(kind, f),
        Shown::Suppressed { responses, minimum } => {
            format!("Not shown: {responses} answers, {minimum} needed")
        }
    }
}

fn rate_text(r: &RateView) -> String {
    match r.percent {
        Some(p) => format!(
            "{p:.0} % ({} of {}){}",
            r.responses,
            r.attendees,
            if r.low { " — low" } else { "" }
        ),
        None => format!("{} responses, no attendance recorded", r.responses),
    }
}

fn rate_cell(r: &RateView) -> impl IntoView + use<> {
    let low = r.low;
    let text = rate_text(r);
    view! {
        <td class=if low { "num flag-low" } else { "num" }>
            {low.then(|| view! { <span class="flag" title="Fewer than half the attendees answered: read with care">"⚑ "</span> })}
            {text}
        </td>
    }
}

fn rules_note(r: &RulesView) -> impl IntoView + use<> {
    view! {
        <p class="note" role="note">
            <strong>"How to read this. "</strong>
            {format!(
                "Every figure has its 95 % confidence interval (t-distribution). Figures with fewer \
                 than {} answers are not shown ({} on an instructor's own page), never as zero. \
                 Instructors need {} sessions to be ranked. A response rate is the responses \
                 over the attendees of the sessions whose attendance has been recorded (a \
                 session counts once its roster is saved); rates under {} % are flagged ⚑. \
                 \u{201c}Above\u{201d} or \u{201c}below\u{201d} means the difference from the rest \
                 of the program is unlikely to be chance (Welch's t-test, 5 %); overlapping \
                 intervals mean it may be. A session's answers count once its feedback form has \
                 closed, and program figures cover whole periods of closed months, so that no \
                 two figures differ by fewer answers than the minimum.",
                r.comparison_minimum, r.own_minimum, r.group_sessions, r.low_rate_percent
            )}
        </p>
    }
}

fn select(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    current: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=id>
                {(!all.is_empty()).then(|| view! { <option value="" selected=current.is_empty()>{all}</option> })}
                {options.into_iter().map(|(v, t)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{t}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The filters; only the dashboard has a department filter: a department's slice of one
/// instructor's sessions would be a handful of people.
fn filter_form(
    action: String,
    who: Option<String>,
    dashboard: bool,
    f: Filters,
    c: Choices,
) -> impl IntoView {
    let reset = match &who {
        Some(w) => format!("{action}?who={}", percent_encode(w)),
        None => action.clone(),
    };
    view! {
        <form method="get" action=action class="filters" aria-label="Filters">
            {who.map(|w| view! { <input type="hidden" name="who" value=w/> })}
            {select("question", "Ranked by", "", f.question.clone(), c.questions)}
            {select("course", "Course", "All courses", f.course.clone(),
                c.courses)}
            <div class="field">
                <label for="from">"From month"</label>
                <input id="from" name="from" type="month" placeholder="YYYY-MM" value=f.from.clone()/>
            </div>
            <div class="field">
                <label for="to">"To month"</label>
                <input id="to" name="to" type="month" placeholder="YYYY-MM" value=f.to.clone()/>
            </div>
            {dashboard.then(|| select("department", "Attendees' department", "All departments", f.department.clone(),
                c.departments.into_iter().map(|d| (d.clone(), d)).collect()))}
            {select("kind", "Instructors", "In-house and guests", f.kind.clone(), vec![
                ("in-house".into(), "In-house only".into()),
                ("guest".into(), "Guests only".into()),
            ])}
            <div class="actions">
                <button type="submit" class="button primary">"Apply"</button>
                " "<a href=reset>"Clear filters"</a>
            </div>
        </form>
    }
}

fn csv_link(table: &'static str, query: String) -> impl IntoView {
    let sep = if query.is_empty() { "" } else { "?" };
    view! { <DownloadLink class="download" href=format!("/benchmarks/{table}.csv{sep}{query}")>"Download CSV"</DownloadLink> }
}

fn chart(svg: String) -> impl IntoView {
    view! { <figure class="chart" inner_html=svg></figure> }
}

fn distribution(q: &QuestionView, counts: &[i64]) -> String {
    let total: i64 = counts.iter().sum();
    if total == 0 {
        return "—".into();
    }
    q.labels
        .iter()
        .zip(counts)
        .map(|(l, n)| {
            let short = l.split(' ').next().unwrap_or(l);
            format!("{short}: {n} ({:.0} %)", *n as f64 * 100.0 / total as f64)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn trend_table(kind: String, trend: Vec<TrendRow>) -> impl IntoView {
    view! {
        {trend.is_empty().then(|| view! { <p class="empty">"No answers in this period."</p> })}
        {(!trend.is_empty()).then(|| view! {
            <table class="trend">
                <caption class="visually-hidden">"By month"</caption>
                <thead><tr><th scope="col">"Month"</th><th scope="col">"Value (95 % interval)"</th><th scope="col" class="num">"Answers"</th></tr></thead>
                <tbody>
                    {trend.into_iter().map(|t| {
                        let n = match &t.figure { Shown::Value(f) => f.n, Shown::Suppressed { responses, .. } => *responses };
                        view! { <tr><th scope="row">{t.month}</th><td>{shown_text(&kind, &t.figure)}</td><td class="num">{n}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
