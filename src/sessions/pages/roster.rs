//! A session's roster: the check-in code, attendance marks for the seated, the waitlist, and
//! the trainer's form to register people by employee id.

use super::seats;
use crate::accounts::guard::or_refusal;
use crate::sessions::api::{self, MarkAttendance, RegisterPeople};
use crate::sessions::{Roster, RosterLine};
use crate::ui::forms::form_action;
use crate::ui::{DownloadLink, form_tick, number_param};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RosterPage() -> impl IntoView {
    let id = number_param("id");
    let data = Resource::new(
        move || (id().unwrap_or(0), form_tick()),
        |(id, _)| api::session_roster(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the roster…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |r| view! { <RosterView r=r/> })
            })}
        </Suspense>
    }
}

fn mark_cell(line: &RosterLine) -> impl IntoView + use<> {
    let current = line.state.mark().unwrap_or_default();
    let name = format!("mark[{}]", line.registration_id);
    view! {
        <td>
            <select name=name aria-label=format!("Attendance of {}", line.name)>
                <option value="" selected=current.is_empty()>"—"</option>
                {["present", "late", "absent", "excused"].into_iter().map(|m| view! {
                    <option value=m selected=current == m>{m}</option>
                }).collect_view()}
            </select>
        </td>
    }
}

#[component]
fn RosterView(r: Roster) -> impl IntoView {
    let mark = form_action::<MarkAttendance>();
    let add = form_action::<RegisterPeople>();
    let c = r.card.clone();
    let id = c.id;
    let seated = r.seated.clone();
    view! {
        <Title text=format!("Roster — {} — Service Academy", c.title)/>
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=format!("/sessions/{id}")>{c.title.clone()}</a>
        </nav>
        <h1>{format!("Roster: {}", c.title)}</h1>
        <p class="meta">{c.when.clone()}" · "{seats(&c)}</p>
        <section class="panel check-in-code" aria-label="Check-in code">
            <p>"Show this code on screen during the session; attendees enter it on the session page to check in."</p>
            <p class="code" data-testid="check-in-code">{r.checkin_code.clone()}</p>
        </section>
        <p class="actions">
            <DownloadLink class="button" href=format!("/sessions/{id}/roster.csv")>"Download the roster (CSV)"</DownloadLink>" "
            <a class="button" href=format!("/sessions/{id}/results")>"Feedback results"</a>
        </p>
        <h2>{format!("Seated ({})", seated.len())}</h2>
        {if seated.is_empty() {
            view! { <p class="empty">"Nobody is booked yet."</p> }.into_any()
        } else {
            view! {
                <ActionForm action=mark attr:class="roster">
                    <input type="hidden" name="session" value=id/>
                    <table>
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Employee id"</th><th scope="col">"Department"</th><th scope="col">"Status"</th><th scope="col">"Mark"</th></tr></thead>
                        <tbody>
                            {seated.into_iter().map(|l| view! {
                                <tr>
                                    <td>{l.name.clone()}{l.overbooked.then_some(" (beyond capacity)")}</td>
                                    <td>{l.employee_id.clone()}</td>
                                    <td>{l.department.clone()}</td>
                                    <td>{l.state.label()}</td>
                                    {mark_cell(&l)}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <button type="submit" class="button primary">"Save attendance"</button>
                    <p class="hint">"Saving attendance opens the feedback form to everyone marked present or late."</p>
                </ActionForm>
            }.into_any()
        }}
        <h2>{format!("Waitlist ({})", r.waitlist.len())}</h2>
        {if r.waitlist.is_empty() {
            view! { <p class="empty">"Nobody is waiting."</p> }.into_any()
        } else {
            view! {
                <ol class="waitlist">
                    {r.waitlist.into_iter().map(|l| view! { <li>{format!("{} ({})", l.name, l.employee_id)}</li> }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!r.others.is_empty()).then(|| view! {
            <h2>"Cancelled"</h2>
            <ul>{r.others.into_iter().map(|l| view! { <li>{format!("{} ({}) — {}", l.name, l.employee_id, l.state.label())}</li> }).collect_view()}</ul>
        })}
        {r.manages.then(|| view! {
            <section class="panel" aria-labelledby="register-people">
                <h2 id="register-people">"Register people"</h2>
                <ActionForm action=add>
                    <input type="hidden" name="session" value=id/>
                    <label for="employees">"Employee ids (separated by commas, semicolons, spaces or lines)"</label>
                    <textarea id="employees" name="employees" rows=3 required=true></textarea>
                    <div class="option">
                        <input type="checkbox" id="over_capacity" name="over_capacity" value="yes"/>
                        <label for="over_capacity">"Book beyond capacity if the session is full (instead of the waitlist)"</label>
                    </div>
                    <button type="submit" class="button">"Register"</button>
                </ActionForm>
            </section>
        })}
    }
}
