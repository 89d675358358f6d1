//! A knowledge-check attempt's result: the score, and the questions with as much of the key
//! as the course shows.

use crate::accounts::guard::or_refusal;
use crate::enrollment::api::{self};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AttemptPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, api::attempt);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |a| view! {
                    <Title text=format!("Check result — {} — Service Academy", a.course_title)/>
                    <nav class="breadcrumbs" aria-label="Breadcrumb">
                        <a href="/courses">"Courses"</a>" › "<a href=format!("/courses/{}", a.course_slug)>{a.course_title.clone()}</a>
                    </nav>
                    <h1>{format!("Knowledge check: attempt {}", a.number)}</h1>
                    <p class=if a.passed { "result result-pass" } else { "result result-fail" } role="status">
                        {format!("{} of {} right: {} % (pass mark {} %) — {}.", a.correct, a.total, a.percent, a.pass_mark, if a.passed { "passed" } else { "not passed yet" })}
                    </p>
                    <p class="meta">{format!("Submitted {}", a.submitted_on)}</p>
                    <p class="actions">
                        {a.certificate.clone().map(|c| view! { <a class="button primary" href=format!("/certificates/{c}")>"View your certificate"</a> })}" "
                        {(!a.passed).then(|| view! { <a class="button primary" href=format!("/courses/{}/check", a.course_slug)>"Try again"</a> })}" "
                        <a class="button" href=format!("/courses/{}", a.course_slug)>"Back to the course"</a>
                    </p>
                    {a.questions.is_empty().then(|| view! { <p class="empty">"The check has been revised since this attempt, so its questions are no longer shown."</p> })}
                    {a.answer_key_note.clone().filter(|_| !a.questions.is_empty()).map(|note| view! { <p class="meta answer-key-note">{note}</p> })}
                    <ol class="results">
                        {a.questions.into_iter().map(|q| view! {
                            <li class="card question-result" class:right=q.correct class:wrong=!q.correct>
                                <p class="prompt"><strong>{q.prompt.clone()}</strong></p>
                                <p class="verdict">{if q.correct { "Right" } else if q.answered { "Not right" } else { "Not answered" }}</p>
                                <ul class="options">
                                    {q.options.into_iter().map(|(_, text, picked, correct)| view! {
                                        <li class:correct=correct class:picked=picked>
                                            {text}
                                            {picked.then_some(" — your answer")}
                                            {correct.then_some(" — correct")}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {(!q.explanation_html.is_empty()).then(|| view! { <div class="explanation prose" inner_html=q.explanation_html.clone()></div> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any())
            })}
        </Suspense>
    }
}
