//! The lists of sessions: upcoming ones for everyone (and on a course's page), and every session
//! for trainers.

use super::session_list;
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::sessions::api;
use crate::text::percent_encode;
use crate::ui::form_tick;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SessionsPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            q.get("course").filter(|c| !c.is_empty()),
            q.get("page").and_then(|p| p.parse::<u32>().ok()),
        )
    };
    let data = Resource::new(args, |(course, page)| api::upcoming_sessions(course, page));
    view! {
        <Title text="Sessions — Service Academy"/>
        <h1>"Upcoming sessions"</h1>
        <p class="lead">"Instructor-led sessions you can register for. Full sessions take a waitlist, and you are booked automatically when a seat frees."</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |list| {
                    let base = match &list.course {
                        Some(c) => format!("/sessions?course={}", percent_encode(c)),
                        None => "/sessions".to_string(),
                    };
                    session_list(list, base, "No sessions are scheduled yet. Check back soon.")
                })
            })}
        </Suspense>
    }
}

/// The course page's list of its upcoming sessions.
#[component]
pub fn CourseSessions(course: String) -> impl IntoView {
    let slug = course.clone();
    let data = Resource::new(form_tick, move |_| {
        api::upcoming_sessions(Some(slug.clone()), None)
    });
    view! {
        <section class="course-sessions" aria-labelledby="course-sessions">
            <h2 id="course-sessions">"Upcoming sessions"</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let course = course.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(list) => session_list(list, format!("/sessions?course={}", percent_encode(&course)), "No instructor-led sessions are scheduled for this course yet.").into_any(),
                            Err(_) => view! { <p class="empty">"Sign in to see this course's sessions."</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
pub fn TrainerSessionsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u32>().ok());
    let data = Resource::new(page, api::all_sessions);
    view! {
        <Title text="Sessions — Training — Service Academy"/>
        <Guard need=Permission::ManageTraining children=move |_user: User| view! {
            <h1>"All sessions"</h1>
            <p><a class="button primary" href="/trainer/sessions/new">"Schedule a session"</a>" "<a class="button" href="/trainer/forms">"Feedback forms"</a></p>
            <Suspense fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |list| session_list(list, "/trainer/sessions".into(), "No sessions yet. Schedule the first one."))
                })}
            </Suspense>
        }/>
    }
}
