//! Session pages: the upcoming list, a session with registration, calendar and check-in, the
//! roster with attendance, the trainer's list and scheduling form, and dashboard panels.

use super::api::{
    self, CancelRegistration, CancelSession, CheckIn, DismissNotification, MarkAttendance,
    Register, RegisterPeople, SaveSession,
};
use super::{
    FeedbackWindow, RegistrationState, Roster, RosterLine, ScheduleChoices, SessionCard,
    SessionDetail, SessionList,
};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::text::percent_encode;
use crate::ui::forms::form_action;
use crate::ui::{DownloadLink, form_tick, number_param};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn seats(c: &SessionCard) -> String {
    if c.cancelled {
        "Cancelled".into()
    } else if c.past {
        "Ended".into()
    } else if c.seats_left > 0 {
        format!("{} of {} seats left", c.seats_left, c.capacity)
    } else {
        format!("Full — {} on the waitlist", c.waitlist)
    }
}

#[component]
pub fn SessionSummary(c: SessionCard, #[prop(optional)] note: Option<String>) -> impl IntoView {
    let place = if c.place.is_empty() {
        "Online".to_string()
    } else {
        c.place.clone()
    };
    view! {
        <li class="card session-card" class:cancelled=c.cancelled>
            <h3><a href=format!("/sessions/{}", c.id)>{c.title.clone()}</a></h3>
            <p class="meta">{c.when.clone()}" · "{place}</p>
            <p class="meta">
                <a href=format!("/courses/{}", c.course_slug)>{c.course_title.clone()}</a>
                {(!c.instructors.is_empty()).then(|| format!(" · with {}", c.instructors.join(", ")))}
            </p>
            <p class="seats">{seats(&c)}</p>
            {note.map(|n| view! { <p class="note">{n}</p> })}
        </li>
    }
}

fn session_list(list: SessionList, base: String, empty: &'static str) -> impl IntoView {
    let SessionList {
        sessions,
        page,
        pages,
        ..
    } = list;
    view! {
        {sessions.is_empty().then(|| view! { <p class="empty">{empty}</p> })}
        <ul class="session-list">
            {sessions.into_iter().map(|c| view! { <SessionSummary c=c/> }).collect_view()}
        </ul>
        {crate::ui::pager(base, page, pages)}
    }
}

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
                    <label for="employees">"Employee ids (separated by commas, spaces or lines)"</label>
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
            {field("In-house instructors", "instructors", "text", f.instructors.clone(), "Employee ids, separated by commas")}
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
