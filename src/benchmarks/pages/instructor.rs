//! An instructor's page (`/benchmarks/instructor?who=…`, and `/teaching/benchmarks` for one's
//! own): their figures against the program, the trend, sessions taught and comments.

use super::*;
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

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
