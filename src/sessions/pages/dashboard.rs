//! Dashboard panels: someone's notices, feedback to give, registrations and sessions they teach,
//! and the instructor's teaching list.

use super::SessionSummary;
use crate::accounts::guard::or_refusal;
use crate::sessions::api::{self, DismissNotification};
use crate::ui::form_tick;
use crate::ui::forms::form_action;
use leptos::prelude::*;

/// The dashboard's sessions: notices, feedback to give, upcoming registrations, teaching.
#[component]
pub fn MySessions() -> impl IntoView {
    let data = Resource::new(form_tick, |_| api::my_agenda());
    let dismiss = form_action::<DismissNotification>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                or_refusal(data.await, move |a| view! {
                    {(!a.notifications.is_empty()).then(|| view! {
                        <section class="notifications" aria-labelledby="notices">
                            <h2 id="notices">"Notices"</h2>
                            <ul>
                                {a.notifications.into_iter().map(|n| view! {
                                    <li class="card">
                                        <a href=n.link.clone()>{n.message.clone()}</a>" "<span class="meta">{n.on.clone()}</span>
                                        <ActionForm action=dismiss attr:class="inline">
                                            <input type="hidden" name="id" value=n.id/>
                                            <button type="submit" class="button small">"Dismiss"</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    {(!a.feedback_due.is_empty()).then(|| view! {
                        <section class="feedback-due" aria-labelledby="feedback-due">
                            <h2 id="feedback-due">"Feedback to give"</h2>
                            <ul class="session-list">
                                {a.feedback_due.into_iter().map(|(c, closes)| view! {
                                    <li class="card">
                                        <h3>{c.title.clone()}</h3>
                                        <p class="meta">{format!("Open until {closes}")}</p>
                                        <p><a class="button primary" href=format!("/sessions/{}/feedback", c.id)>"Give feedback"</a></p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <section class="my-sessions" aria-labelledby="my-sessions">
                        <h2 id="my-sessions">"My sessions"</h2>
                        {a.upcoming.is_empty().then(|| view! { <p class="empty">"You are not registered for any upcoming session. "<a href="/sessions">"See upcoming sessions"</a></p> })}
                        <ul class="session-list">
                            {a.upcoming.into_iter().map(|(c, st)| view! { <SessionSummary c=c note=st.label().to_string()/> }).collect_view()}
                        </ul>
                    </section>
                    {(!a.teaching.is_empty()).then(|| view! {
                        <section class="teaching" aria-labelledby="teaching">
                            <h2 id="teaching">"Sessions I teach"</h2>
                            <ul class="session-list">
                                {a.teaching.into_iter().map(|c| {
                                    let id = c.id;
                                    view! {
                                        <SessionSummary c=c/>
                                        <p class="actions"><a href=format!("/sessions/{id}/roster")>"Roster"</a>" · "<a href=format!("/sessions/{id}/results")>"Results"</a></p>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                })
            })}
        </Suspense>
    }
}

/// The instructor's sessions: recent and upcoming, each with its roster and results.
#[component]
pub fn TeachingList() -> impl IntoView {
    let data = Resource::new(form_tick, |_| api::my_teaching());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading your sessions…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |teaching| {
                    if teaching.is_empty() {
                        view! { <p class="empty">"You have no sessions scheduled. When a trainer schedules a session with you as instructor, it appears here."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="session-list">
                                {teaching.into_iter().map(|c| {
                                    let id = c.id;
                                    view! {
                                        <SessionSummary c=c/>
                                        <p class="actions"><a href=format!("/sessions/{id}/roster")>"Roster and check-in code"</a>" · "<a href=format!("/sessions/{id}/results")>"Feedback results"</a></p>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })
            })}
        </Suspense>
    }
}
