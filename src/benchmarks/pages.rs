//! Benchmarking pages: the trainers' dashboard (`/trainer/benchmarks`), an instructor's page
//! (`/benchmarks/instructor?who=…`, and `/teaching/benchmarks` for one's own). Charts arrive
//! as server-rendered SVG; every chart has a table with the same numbers beside it.

use super::api;
use super::{
    Choices, Dashboard, Figure, Filters, InstructorView, QuestionView, RateView, RulesView, Shown,
    TrendRow,
};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::text::percent_encode;
use crate::ui::DownloadLink;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

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

#[component]
pub fn BenchmarksPage() -> impl IntoView {
    let args = filters_from_query();
    let data = Resource::new(move || args().0, api::benchmark_dashboard);
    view! {
        <Title text="Instructor benchmarks — Service Academy"/>
        <Guard need=Permission::ManageTraining children=move |_user: User| view! {
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/trainer">"Training"</a></nav>
            <h1>"Instructor benchmarks"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading figures…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |d| view! { <DashboardView d=d/> })
                })}
            </Suspense>
        }/>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let query = d.filters.query();
    let q = d.question.clone();
    let kind = q.kind.clone();
    let scope = if d.filters.course.is_empty() {
        "the whole program".to_string()
    } else {
        d.choices
            .courses
            .iter()
            .find(|(s, _)| *s == d.filters.course)
            .map(|(_, t)| format!("the course {t}"))
            .unwrap_or_default()
    };
    let instructor_query = query.clone();
    let program = view! {
        <section aria-labelledby="program-h">
            <h2 id="program-h">{format!("Program: {scope}")}</h2>
            <dl class="summary">
                <div><dt>"Sessions held"</dt><dd>{d.sessions}</dd></div>
                <div><dt>"Attendees"</dt><dd>{d.rate.attendees}</dd></div>
                <div><dt>"Responses"</dt><dd>{d.rate.responses}</dd></div>
                <div class=if d.rate.low { "flag-low" } else { "" }><dt>"Response rate"</dt><dd>{rate_text(&d.rate)}</dd></div>
            </dl>
            <table class="questions">
                <caption>"Every question, program-wide"</caption>
                <thead><tr><th scope="col">"Question"</th><th scope="col">"Mean or net score (95 % interval)"</th><th scope="col">"How people answered"</th></tr></thead>
                <tbody>
                    {d.questions.iter().map(|qv| view! {
                        <tr>
                            <th scope="row">{qv.prompt.clone()}</th>
                            <td>{shown_text(&qv.kind, &qv.norm)}</td>
                            <td class="distribution">{distribution(qv, &qv.program_counts)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {csv_link("program", query.clone())}
        </section>
    }
    .into_any();
    let ranking = view! {
        <section aria-labelledby="ranking-h">
            <h2 id="ranking-h">{format!("Instructors on \u{201c}{}\u{201d}", q.prompt)}</h2>
            {d.ranking.is_empty().then(|| view! {
                <p class="empty">"No instructor has enough sessions and answers in this selection to be compared."</p>
            })}
            {(!d.ranking.is_empty()).then(|| chart(d.ranking_chart.clone()))}
            {(!d.ranking.is_empty()).then(|| view! {
                <table class="ranking">
                    <caption class="visually-hidden">"Ranked instructors"</caption>
                    <thead><tr>
                        <th scope="col" class="num">"#"</th><th scope="col">"Instructor"</th>
                        <th scope="col" class="num">"Sessions"</th><th scope="col">"Response rate"</th>
                        <th scope="col">{if is_net(&kind) { "Net score (95 % interval)" } else { "Mean (95 % interval)" }}</th>
                        <th scope="col" class="num">"Percentile"</th><th scope="col">"Against the rest"</th>
                    </tr></thead>
                    <tbody>
                        {d.ranking.iter().map(|r| {
                            let href = format!("/benchmarks/instructor?who={}&{}", percent_encode(&r.who), instructor_query);
                            view! {
                                <tr>
                                    <td class="num">{r.place}</td>
                                    <th scope="row"><a href=href>{r.name.clone()}</a></th>
                                    <td class="num">{r.sessions}</td>
                                    {rate_cell(&r.rate)}
                                    <td>{figure_text(&kind, &r.figure)}</td>
                                    <td class="num">{format!("{:.0}", r.percentile)}</td>
                                    <td class=format!("verdict verdict-{}", r.verdict.replace(' ', "-"))>{r.verdict.clone()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!d.unranked.is_empty()).then(|| view! {
                <details class="unranked">
                    <summary>{format!("Not ranked ({})", d.unranked.len())}</summary>
                    <ul>
                        {d.unranked.iter().map(|u| {
                            let href = format!("/benchmarks/instructor?who={}&{}", percent_encode(&u.who), query);
                            view! { <li><a href=href>{u.name.clone()}</a>{format!(": {}.", u.reason)}</li> }
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {csv_link("ranking", query.clone())}
        </section>
    }
    .into_any();
    let courses = view! {
        <section aria-labelledby="courses-h">
            <h2 id="courses-h">{format!("Courses on \u{201c}{}\u{201d}", q.prompt)}</h2>
            {d.courses.is_empty().then(|| view! { <p class="empty">"No course has answers in this selection."</p> })}
            {(!d.courses.is_empty()).then(|| view! {
                <table class="courses">
                    <thead><tr><th scope="col">"Course"</th><th scope="col" class="num">"Responses"</th><th scope="col">"Value (95 % interval)"</th></tr></thead>
                    <tbody>
                        {d.courses.iter().map(|c| {
                            let href = format!("/trainer/benchmarks?course={}&question={}", percent_encode(&c.slug), percent_encode(&q.key));
                            view! { <tr><th scope="row"><a href=href>{c.title.clone()}</a></th><td class="num">{c.responses}</td><td>{shown_text(&kind, &c.figure)}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {csv_link("courses", query.clone())}
        </section>
    }
    .into_any();
    let trend = view! {
        <section aria-labelledby="trend-h">
            <h2 id="trend-h">"Month by month"</h2>
            <div class="chart-with-table">
                {chart(d.trend_chart.clone())}
                {trend_table(kind.clone(), d.trend.clone())}
            </div>
            {csv_link("program-trend", query.clone())}
        </section>
    }
    .into_any();
    view! {
        {filter_form("/trainer/benchmarks".into(), None, true, d.filters.clone(), d.choices.clone())}
        {rules_note(&d.rules)}
        <p class="note" data-testid="coverage">{d.coverage.clone()}</p>
        {program}
        {ranking}
        {courses}
        {trend}
    }
}

/// `/teaching/benchmarks`: the signed-in instructor's own figures.
#[component]
pub fn MyBenchmarksPage() -> impl IntoView {
    view! {
        <Title text="My feedback — Service Academy"/>
        <Guard need=Permission::Teach children=move |_user: User| view! { <InstructorPage/> }/>
    }
}

/// `/benchmarks/instructor?who=u12`: an instructor's figures (trainers; or one's own).
#[component]
pub fn InstructorBenchmarksPage() -> impl IntoView {
    view! {
        <Title text="Instructor figures — Service Academy"/>
        <Guard need=Permission::Teach children=move |_user: User| view! { <InstructorPage/> }/>
    }
}

#[component]
fn InstructorPage() -> impl IntoView {
    let args = filters_from_query();
    let data = Resource::new(args, |(filters, who, page)| {
        api::instructor_benchmarks(who, filters, page)
    });
    let path = use_location().pathname;
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading figures…"</p> }>
            {move || Suspend::new(async move {
                let path = path.get_untracked();
                or_refusal(data.await, move |v| view! { <InstructorFigures v=v path=path/> })
            })}
        </Suspense>
    }
}

#[component]
fn InstructorFigures(v: InstructorView, path: String) -> impl IntoView {
    let mine = path.starts_with("/teaching");
    let who_param = (!mine).then(|| v.who.clone());
    let mut query = v.filters.query();
    if !mine {
        query = format!("who={}&{query}", percent_encode(&v.who));
    }
    let query = query.trim_end_matches('&').to_string();
    let heading = if v.own {
        "My feedback".to_string()
    } else {
        format!("{}: feedback", v.name)
    };
    let kind_of = |key: &str| {
        v.questions
            .iter()
            .find(|q| q.key == key)
            .map(|q| q.kind.clone())
            .unwrap_or_default()
    };
    let kind = kind_of(&v.filters.question);
    let pages = crate::text::page_count(v.comments_total as u64, v.per_page as u64);
    let base = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    let questions = view! {
        <section aria-labelledby="questions-h">
            <h2 id="questions-h">"Question by question"</h2>
            <table class="questions">
                <thead><tr>
                    <th scope="col">"Question"</th><th scope="col">{if v.own { "You" } else { "This instructor" }}" (95 % interval)"</th>
                    <th scope="col">"Program norm"</th><th scope="col">"Against the rest"</th><th scope="col">"How people answered"</th>
                </tr></thead>
                <tbody>
                    {v.questions.iter().map(|q| view! {
                        <tr>
                            <th scope="row">{q.prompt.clone()}</th>
                            <td>{shown_text(&q.kind, &q.figure)}</td>
                            <td>{shown_text(&q.kind, &q.norm)}</td>
                            <td class=format!("verdict verdict-{}", q.verdict.replace(' ', "-"))>{q.verdict.clone()}</td>
                            <td class="distribution">{if q.figure.value().is_some() { distribution(q, &q.counts) } else { "—".into() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {csv_link("questions", query.clone())}
        </section>
    }
    .into_any();
    let answers = view! {
        <section aria-labelledby="dist-h">
            <h2 id="dist-h">"Answers and trend"</h2>
            <div class="chart-with-table">
                {chart(v.distribution_chart.clone())}
                {chart(v.trend_chart.clone())}
                {trend_table(kind, v.trend.clone())}
            </div>
            {csv_link("trend", query.clone())}
        </section>
    }
    .into_any();
    let sessions = view! {
        <section aria-labelledby="sessions-h">
            <h2 id="sessions-h">"Sessions"</h2>
            {v.taught.is_empty().then(|| view! { <p class="empty">"No sessions held in this period."</p> })}
            {(v.sessions > v.taught.len() as i64).then(|| view! {
                <p class="meta">{format!("The {} most recent of {} sessions; the CSV has them all.", v.taught.len(), v.sessions)}</p>
            })}
            {(!v.taught.is_empty()).then(|| view! {
                <table class="taught">
                    <thead><tr><th scope="col">"Session"</th><th scope="col">"Course"</th><th scope="col">"Date"</th><th scope="col">"Response rate"</th></tr></thead>
                    <tbody>
                        {v.taught.iter().map(|t| view! {
                            <tr>
                                <th scope="row"><a href=format!("/sessions/{}/results", t.id)>{t.title.clone()}</a></th>
                                <td>{t.course.clone()}</td><td>{t.date.clone()}</td>
                                {rate_cell(&t.rate)}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {csv_link("sessions", query.clone())}
        </section>
    }
    .into_any();
    let comments = view! {
        <section aria-labelledby="comments-h">
            <h2 id="comments-h">{format!("Comments ({}), newest first", v.comments_total)}</h2>
            {v.comments.is_empty().then(|| view! { <p class="empty">"No comments to show."</p> })}
            <ul class="comments">
                {v.comments.iter().map(|c| view! {
                    <li>
                        <blockquote>{c.text.clone()}</blockquote>
                        <p class="meta">{format!("{} · {} · {}", c.question, c.session_title, c.date)}</p>
                    </li>
                }).collect_view()}
            </ul>
            {crate::ui::pager(base, v.page as u32, pages)}
            {csv_link("comments", query)}
        </section>
    }
    .into_any();
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            {if mine {
                view! { <a href="/teaching">"Teaching"</a> }.into_any()
            } else {
                view! { <a href=format!("/trainer/benchmarks?{}", v.filters.query())>"Instructor benchmarks"</a> }.into_any()
            }}
        </nav>
        <h1>{heading}</h1>
        {v.own.then(|| view! {
            <p class="meta">"Your figures and the program norm. Other instructors' figures are never shown here."</p>
        })}
        {filter_form(path.clone(), who_param, false, v.filters.clone(), v.choices.clone())}
        {rules_note(&v.rules)}
        <p class="note" data-testid="coverage">{v.coverage.clone()}</p>
        <dl class="summary">
            <div><dt>"Sessions taught"</dt><dd>{v.sessions}</dd></div>
            <div><dt>"Attendees"</dt><dd>{v.rate.attendees}</dd></div>
            <div><dt>"Responses"</dt><dd>{v.rate.responses}</dd></div>
            <div class=if v.rate.low { "flag-low" } else { "" }><dt>"Response rate"</dt><dd>{rate_text(&v.rate)}</dd></div>
        </dl>
        <p class="standing">{v.ranking_note.clone()}</p>
        {questions}
        {answers}
        {sessions}
        {comments}
    }
}
