//! "My learning" on the dashboard: a learner's enrolments grouped as they plan their week
//! (overdue, due soon, in progress, completed).

use super::lesson_href;
use crate::accounts::guard::or_refusal;
use crate::enrollment::EnrollmentBrief;
use crate::enrollment::api::{self};
use crate::enrollment::rules::Standing;
use crate::ui::form_tick;
use crate::ui::progress::ProgressBar;
use leptos::prelude::*;

/// The learner's own learning, grouped as a learner plans their week.
#[component]
pub fn MyLearning() -> impl IntoView {
    let data = Resource::new(form_tick, |_| api::learning_overview());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading your learning…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |mine| {
                    let group = |s: &[Standing]| -> Vec<EnrollmentBrief> {
                        mine.enrollments.iter().filter(|e| s.contains(&e.standing)).cloned().collect()
                    };
                    let overdue = group(&[Standing::Overdue]);
                    let due_soon = group(&[Standing::DueSoon]);
                    let going = group(&[Standing::InProgress, Standing::NotStarted]);
                    let done = group(&[Standing::Completed]);
                    let empty = mine.enrollments.is_empty();
                    view! {
                        <section class="my-learning" aria-labelledby="my-learning">
                            <h2 id="my-learning">"My learning"</h2>
                            {empty.then(|| view! {
                                <p class="empty">"You are not enrolled in any course yet. "<a href="/courses">"Browse the course catalog"</a>" to find one."</p>
                            })}
                            <LearningGroup title="Overdue" items=overdue/>
                            <LearningGroup title="Due soon" items=due_soon/>
                            <LearningGroup title="In progress" items=going/>
                            <LearningGroup title="Completed" items=done/>
                            <p class="links"><a href="/transcript">"My transcript"</a>" · "<a href="/courses">"Course catalog"</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn LearningGroup(title: &'static str, items: Vec<EnrollmentBrief>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let id = format!("group-{}", title.to_lowercase().replace(' ', "-"));
        let labelled_by = id.clone();
        view! {
            <section class="learning-group" aria-labelledby=labelled_by>
                <h3 id=id>{format!("{title} ({})", items.len())}</h3>
                <ul class="learning-list">
                    {items.into_iter().map(|e| view! { <LearningItem e=e/> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn LearningItem(e: EnrollmentBrief) -> impl IntoView {
    let course_href = format!("/courses/{}", e.course_slug);
    let label = format!("Progress in {}", e.course_title);
    let action = match (&e.certificate, &e.resume) {
        (Some(code), _) => view! { <a class="button" href=format!("/certificates/{code}")>"View certificate"</a> }.into_any(),
        (None, Some((slug, title))) if e.completed_on.is_none() => view! {
            <a class="button primary" href=lesson_href(&e.course_slug, slug)>
                {if e.lessons_done == 0 { "Start" } else { "Resume" }}
                <span class="visually-hidden">{format!(": {title}")}</span>
            </a>
        }.into_any(),
        _ if e.completed_on.is_none() => view! { <a class="button primary" href=format!("/courses/{}/check", e.course_slug)>"Take the check"</a> }.into_any(),
        _ => view! { <a class="button" href=course_href.clone()>"Open"</a> }.into_any(),
    };
    view! {
        <li class="card learning-item" class:overdue=e.standing == Standing::Overdue>
            <h4><a href=course_href.clone()>{e.course_title.clone()}</a></h4>
            <ProgressBar percent=e.percent label=label/>
            <p class="meta">
                {format!("{} of {} lessons done", e.lessons_done, e.lessons_total)}
                {e.best_score.map(|b| format!(" · best check score {b} %"))}
                {e.completed_on.clone().map(|d| format!(" · completed {d}"))}
            </p>
            {e.due_label.clone().map(|d| view! { <p class="due">{d}</p> })}
            <p>{action}</p>
        </li>
    }
}
