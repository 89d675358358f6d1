//! One session's page: its facts, the person's registration, calendar files, check-in and
//! feedback, and the links its instructors and trainers use.

use super::seats;
use crate::accounts::guard::or_refusal;
use crate::sessions::api::{self, CancelRegistration, CheckIn, Register};
use crate::sessions::{FeedbackWindow, RegistrationState, SessionDetail};
use crate::ui::forms::form_action;
use crate::ui::{DownloadLink, form_tick, number_param};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SessionPage() -> impl IntoView {
    let id = number_param("id");
    let data = Resource::new(
        move || (id().unwrap_or(0), form_tick()),
        |(id, _)| api::session_page(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the session…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |d| view! { <SessionView d=d/> })
            })}
        </Suspense>
    }
}

#[component]
fn SessionView(d: SessionDetail) -> impl IntoView {
    let register = form_action::<Register>();
    let cancel = form_action::<CancelRegistration>();
    let check_in = form_action::<CheckIn>();
    let c = d.card.clone();
    let id = c.id;
    let booked_or_waiting = d.mine.as_ref().is_some_and(|m| {
        matches!(
            m.state,
            RegistrationState::Booked | RegistrationState::Waitlisted
        )
    });
    let status = d.mine.as_ref().map(|m| match m.waitlist_place {
        Some(place) => format!("You are number {place} on the waitlist."),
        None => format!("Your registration: {}.", m.state.label()),
    });
    let can_register =
        d.open && !booked_or_waiting && !d.mine.as_ref().is_some_and(|m| m.state.holds_seat());
    view! {
        <Title text=format!("{} — Service Academy", c.title)/>
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/sessions">"Sessions"</a>" › "<a href=format!("/courses/{}", c.course_slug)>{c.course_title.clone()}</a>
        </nav>
        <h1>{c.title.clone()}</h1>
        {c.cancelled.then(|| view! {
            <p class="result result-fail" role="status">
                "This session has been cancelled."
                {(!d.cancel_reason.is_empty()).then(|| format!(" Reason: {}", d.cancel_reason))}
            </p>
        })}
        <dl class="facts">
            <dt>"When"</dt><dd>{c.when.clone()}</dd>
            <dt>"Where"</dt>
            <dd>
                {if c.place.is_empty() { "Online".to_string() } else { c.place.clone() }}
                {(!c.video_url.is_empty()).then(|| view! { " · "<a href=c.video_url.clone() rel="noopener">"Video link"</a> })}
            </dd>
            <dt>"Instructors"</dt><dd>{c.instructors.join(", ")}</dd>
            <dt>"Course"</dt><dd><a href=format!("/courses/{}", c.course_slug)>{c.course_title.clone()}</a></dd>
            <dt>"Seats"</dt><dd class="seats">{seats(&c)}</dd>
            <dt>"Register by"</dt><dd>{d.register_by.clone()}</dd>
        </dl>
        {(!d.notes.is_empty()).then(|| view! { <p class="notes">{d.notes.clone()}</p> })}
        <section class="panel" aria-label="Your registration">
            {status.map(|s| view! { <p class="status"><strong>{s}</strong></p> })}
            {can_register.then(|| view! {
                <ActionForm action=register>
                    <input type="hidden" name="session" value=id/>
                    <button type="submit" class="button primary">
                        {if c.seats_left > 0 { "Register" } else { "Join the waitlist" }}
                    </button>
                </ActionForm>
            })}
            {(!d.open && d.mine.is_none() && !c.cancelled).then(|| view! { <p class="meta">"Registration is closed."</p> })}
            {(booked_or_waiting && !c.past).then(|| view! {
                <p class="actions">
                    <DownloadLink class="button" href=format!("/sessions/{id}/calendar.ics")>"Download calendar file (.ics)"</DownloadLink>" "
                    <a class="button" href=d.google_link.clone() rel="noopener" target="_blank">"Add to Google Calendar"</a>
                </p>
            })}
            {(booked_or_waiting && d.open).then(|| view! {
                <ActionForm action=cancel>
                    <input type="hidden" name="session" value=id/>
                    <button type="submit" class="button">"Cancel my registration"</button>
                </ActionForm>
            })}
            {d.check_in_open.then(|| view! {
                <ActionForm action=check_in attr:class="check-in">
                    <input type="hidden" name="session" value=id/>
                    <label for="code">"Check-in code shown by your instructor"</label>
                    <input id="code" name="code" required=true maxlength=12 autocomplete="off" autocapitalize="characters"/>
                    <button type="submit" class="button primary">"Check in"</button>
                </ActionForm>
            })}
            {d.feedback.clone().map(|f| match f {
                FeedbackWindow::Open { closes } => view! {
                    <p><a class="button primary" href=format!("/sessions/{id}/feedback")>"Give feedback"</a>
                    " "<span class="hint">{format!("Open until {closes}. It is anonymous.")}</span></p>
                }.into_any(),
                FeedbackWindow::NotYet { opens } => view! { <p class="meta">{format!("Feedback opens {opens}.")}</p> }.into_any(),
                FeedbackWindow::Given => view! { <p class="meta">"You have given feedback on this session. Thank you."</p> }.into_any(),
                FeedbackWindow::Closed => view! { <p class="meta">"Feedback on this session has closed."</p> }.into_any(),
            })}
        </section>
        {(d.teaches || d.manages).then(|| view! {
            <p class="actions">
                {d.teaches.then(|| view! {
                    <a class="button" href=format!("/sessions/{id}/roster")>"Roster and attendance"</a>" "
                    <a class="button" href=format!("/sessions/{id}/results")>"Feedback results"</a>" "
                })}
                {(d.manages && !c.cancelled).then(|| view! { <a class="button" href=format!("/trainer/sessions/{id}/edit")>"Edit or cancel"</a> })}
            </p>
        })}
    }
}
