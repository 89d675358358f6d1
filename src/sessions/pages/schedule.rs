//! The trainer's scheduling form: a new session or an edit, and cancelling the session.

use crate::accounts::guard::or_refusal;
use crate::sessions::ScheduleChoices;
use crate::sessions::api::{self, CancelSession, SaveSession};
use crate::ui::forms::form_action;
use crate::ui::{form_tick, number_param};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ScheduleSessionPage() -> impl IntoView {
    let id = number_param("id");
    let data = Resource::new(
        move || (id(), form_tick()),
        |(id, _)| api::scheduling_form(id),
    );
    view! {
        <Title text="Schedule a session — Service Academy"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |c| view! { <ScheduleForm c=c/> })
            })}
        </Suspense>
    }
}

#[component]
fn ScheduleForm(c: ScheduleChoices) -> impl IntoView {
    let save = form_action::<SaveSession>();
    let cancel = form_action::<CancelSession>();
    let f = c.form.clone();
    let field = |label: &'static str,
                 name: &'static str,
                 kind: &'static str,
                 value: String,
                 hint: &'static str| {
        let id = format!("f-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                <input id=id name=format!("form[{name}]") type=kind value=value/>
            </div>
        }
    };
    view! {
        <h1>{if c.session.is_some() { "Edit the session" } else { "Schedule a session" }}</h1>
        <ActionForm action=save attr:class="schedule">
            {c.session.map(|id| view! { <input type="hidden" name="session" value=id/> })}
            <div class="field">
                <label for="f-course">"Course"</label>
                <select id="f-course" name="form[course]" required=true>
                    <option value="">"Choose a course"</option>
                    {c.courses.iter().map(|(slug, title)| view! {
                        <option value=slug.clone() selected=*slug == f.course>{title.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            {field("Title", "title", "text", f.title.clone(), "")}
            {field("Date", "date", "date", f.date.clone(), "YYYY-MM-DD")}
            {field("Starts", "start", "time", f.start.clone(), "HH:MM, 24-hour clock")}
            {field("Ends", "end", "time", f.end.clone(), "")}
            <div class="field">
                <label for="f-tz">"Time zone"</label>
                <input id="f-tz" name="form[time_zone]" list="zones" value=f.time_zone.clone()/>
                <datalist id="zones">{c.time_zones.iter().map(|z| view! { <option value=z.clone()/> }).collect_view()}</datalist>
            </div>
            {field("Place", "place", "text", f.place.clone(), "A room and building, or leave empty for an online session")}
            {field("Video link", "video_url", "url", f.video_url.clone(), "https://…")}
            {field("Capacity", "capacity", "number", f.capacity.clone(), "")}
            {field("Register by", "register_by", "date", f.register_by.clone(), "Optional: the last day to register. Without it, registration closes when the session starts.")}
            {field("In-house instructors", "instructors", "text", f.instructors.clone(), "Employee ids, separated by commas or semicolons")}
            <div class="field">
                <label for="f-guests">"Guest instructors"</label>
                <p class="hint">"One per line: name, organisation. Guests need no account."</p>
                <textarea id="f-guests" name="form[guests]" rows=2>{f.guests.clone()}</textarea>
            </div>
            <div class="field">
                <label for="f-notes">"Notes for attendees"</label>
                <textarea id="f-notes" name="form[notes]" rows=3>{f.notes.clone()}</textarea>
            </div>
            <div class="field">
                <label for="f-form">"Feedback form"</label>
                <select id="f-form" name="form[form]">
                    <option value="" selected=f.form.is_empty()>"The course's form"</option>
                    {c.forms.iter().map(|(family, title)| view! {
                        <option value=family.to_string() selected=family.to_string() == f.form>{title.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button primary">{if c.session.is_some() { "Save changes" } else { "Schedule" }}</button>
        </ActionForm>
        {c.session.filter(|_| !c.cancelled).map(|id| view! {
            <section class="panel danger" aria-labelledby="cancel-session">
                <h2 id="cancel-session">"Cancel this session"</h2>
                <ActionForm action=cancel>
                    <input type="hidden" name="session" value=id/>
                    <label for="reason">"Reason (shown to registrants)"</label>
                    <input id="reason" name="reason" maxlength=300/>
                    <button type="submit" class="button">"Cancel the session"</button>
                </ActionForm>
            </section>
        })}
    }
}
