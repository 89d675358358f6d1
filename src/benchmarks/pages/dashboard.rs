//! The trainers' dashboard page (`/trainer/benchmarks`): filters, the program's questions,
//! instructors ranked, courses side by side and the trend, each chart with its table.

use super::*;
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use leptos_meta::Title;

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
