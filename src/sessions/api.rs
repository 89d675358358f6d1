//! Server functions of sessions. Each: who is asking, may they (a trainer, one of the session's
//! instructors, or the person themself), then rules and store; forms answer with a notice.

use super::{
    Agenda, Roster, ScheduleChoices, SessionCard, SessionDetail, SessionForm, SessionList,
};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::{
        FeedbackWindow, MyRegistration, Notification, RegistrationState, RosterLine, rules,
        schedule, store,
    },
    crate::accounts::User,
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::db::now,
    crate::server::context::{self, answer_to, load},
    crate::server::state::AppState,
};

#[cfg(feature = "ssr")]
pub const PER_PAGE: i64 = 20;

/// A session as lists show it, with its instructors' names.
#[cfg(feature = "ssr")]
pub fn card(
    state: &AppState,
    s: &store::SessionRow,
    teachers: &HashMap<i64, Vec<store::InstructorRow>>,
) -> SessionCard {
    let tz = s.tz(state.config.time_zone);
    SessionCard {
        id: s.id,
        course_slug: s.course_slug.clone(),
        course_title: s.course_title.clone(),
        title: s.title.clone(),
        when: schedule::when(s.starts_at, s.ends_at, tz),
        place: s.place.clone(),
        video_url: s.video_url.clone(),
        capacity: s.capacity,
        seats_left: (s.capacity + s.extra_seats - s.booked).max(0),
        waitlist: s.waitlist,
        instructors: teachers
            .get(&s.id)
            .map(|list| {
                list.iter()
                    .map(|t| {
                        if t.organisation.is_empty() {
                            t.name.clone()
                        } else {
                            format!("{} ({})", t.name, t.organisation)
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
        cancelled: s.cancelled_at.is_some(),
        past: s.ends_at <= now(),
    }
}

#[cfg(feature = "ssr")]
pub async fn cards(
    state: &AppState,
    rows: &[store::SessionRow],
) -> Result<Vec<SessionCard>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let teachers = store::instructors(&state.db, &ids).await?;
    Ok(rows.iter().map(|s| card(state, s, &teachers)).collect())
}

/// Where the session's feedback form stands, now, for an attendee who has (not) answered.
#[cfg(feature = "ssr")]
pub fn feedback_window(state: &AppState, s: &store::SessionRow, given: bool) -> FeedbackWindow {
    let tz = s.tz(state.config.time_zone);
    rules::feedback_window(
        now(),
        rules::feedback_period(
            s.ends_at,
            s.attendance_marked_at,
            state.config.feedback_days,
        ),
        given,
        |at| schedule::moment(at, tz),
    )
}

/// One session's card.
#[cfg(feature = "ssr")]
pub async fn card_of(state: &AppState, s: &store::SessionRow) -> Result<SessionCard, AppError> {
    Ok(cards(state, std::slice::from_ref(s)).await?.remove(0))
}

#[cfg(feature = "ssr")]
pub async fn existing(state: &AppState, id: i64) -> Result<store::SessionRow, AppError> {
    store::session(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such session."))
}

/// Trainers manage every session; an instructor teaches the sessions they are listed on.
#[cfg(feature = "ssr")]
pub async fn may_teach(state: &AppState, user: &User, session_id: i64) -> Result<bool, AppError> {
    if user.role.can(Permission::ManageTraining) {
        return Ok(true);
    }
    Ok(user.role.can(Permission::Teach)
        && store::is_instructor(&state.db, session_id, user.id).await?)
}

/// Refuses an instructor's own session: their registration, check-in or answers would pad the
/// count that guards their results, or rate themselves.
#[cfg(feature = "ssr")]
pub async fn refuse_own_session(
    state: &AppState,
    user: &User,
    session_id: i64,
    what: &str,
) -> Result<(), AppError> {
    if store::is_instructor(&state.db, session_id, user.id).await? {
        tracing::warn!(
            user_id = user.id,
            session_id,
            "refused: {what} of one's own session"
        );
        return Err(AppError::Conflict(format!(
            "You teach this session, so you cannot {what} it: only the people you teach count in its results."
        )));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
async fn require_teacher(state: &AppState, session_id: i64) -> Result<User, AppError> {
    let user = auth::require(state, Permission::Teach).await?;
    if may_teach(state, &user, session_id).await? {
        Ok(user)
    } else {
        tracing::warn!(
            user_id = user.id,
            session_id,
            "refused: not an instructor of this session"
        );
        Err(AppError::Forbidden)
    }
}

#[server(endpoint = "sessions/upcoming")]
pub async fn upcoming_sessions(
    #[server(default)] course: Option<String>,
    #[server(default)] page: Option<u32>,
) -> Result<SessionList, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        let course = course.filter(|c| !c.trim().is_empty());
        let course_id = match &course {
            Some(slug) => Some(
                crate::enrollment::store::course(&state.db, slug)
                    .await?
                    .ok_or_else(|| AppError::not_found("There is no such course."))?
                    .id,
            ),
            None => None,
        };
        let page = page.unwrap_or(1).max(1);
        let (rows, total) = store::upcoming(
            &state.db,
            course_id,
            PER_PAGE,
            (i64::from(page) - 1) * PER_PAGE,
        )
        .await?;
        Ok(SessionList {
            sessions: cards(&state, &rows).await?,
            page,
            pages: crate::text::page_count(total as u64, PER_PAGE as u64),
            course,
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/all")]
pub async fn all_sessions(#[server(default)] page: Option<u32>) -> Result<SessionList, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        let page = page.unwrap_or(1).max(1);
        let (rows, total) =
            store::all(&state.db, PER_PAGE, (i64::from(page) - 1) * PER_PAGE).await?;
        Ok(SessionList {
            sessions: cards(&state, &rows).await?,
            page,
            pages: crate::text::page_count(total as u64, PER_PAGE as u64),
            course: None,
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/detail")]
pub async fn session_page(id: i64) -> Result<SessionDetail, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::ReadCourses).await?;
        let s = existing(&state, id).await?;
        let tz = s.tz(state.config.time_zone);
        let card = card_of(&state, &s).await?;
        let t = now();
        let mine = store::registration_of(&state.db, id, user.id).await?;
        let feedback = match mine {
            Some((_, st, _)) if st.attended() => {
                let given = crate::feedback::store::receipt_exists(&state.db, id, user.id).await?;
                Some(feedback_window(&state, &s, given))
            }
            _ => None,
        };
        let check_in_open = matches!(mine, Some((_, RegistrationState::Booked, _)))
            && rules::check_in(t, &s.timing()).is_ok();
        let event = ics_event(&state, &s, &card, "");
        Ok(SessionDetail {
            notes: s.notes.clone(),
            register_by: schedule::moment(s.register_by, tz),
            cancel_reason: s.cancel_reason.clone(),
            open: rules::registration_refusal(t, &s.timing()).is_none(),
            signed_in: true,
            mine: mine.map(|(id, state, waitlist_place)| MyRegistration {
                id,
                state,
                waitlist_place,
            }),
            check_in_open,
            feedback,
            google_link: super::ics::google_calendar_link(&event.as_event(tz)),
            teaches: may_teach(&state, &user, id).await?,
            manages: user.role.can(Permission::ManageTraining),
            card,
        })
    }
    .await;
    load(result)
}

/// The calendar event of a session, owned, so a page and the `.ics` download share it.
#[cfg(feature = "ssr")]
pub struct OwnedEvent {
    pub uid: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub sequence: i64,
    pub cancelled: bool,
}

#[cfg(feature = "ssr")]
impl OwnedEvent {
    pub fn as_event(&self, tz: chrono_tz::Tz) -> super::ics::IcsEvent<'_> {
        super::ics::IcsEvent {
            uid: &self.uid,
            stamp: now(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            tz,
            summary: &self.summary,
            description: &self.description,
            location: &self.location,
            url: Some(&self.url),
            sequence: self.sequence,
            cancelled: self.cancelled,
        }
    }
}

#[cfg(feature = "ssr")]
pub fn ics_event(
    state: &AppState,
    s: &store::SessionRow,
    card: &SessionCard,
    who: &str,
) -> OwnedEvent {
    // A calendar program opens the address from anywhere: it must be whole.
    let url = format!("{}/sessions/{}", state.config.public_base(), s.id);
    let mut description = format!("{} — {}", card.course_title, card.instructors.join(", "));
    if !s.video_url.is_empty() {
        description.push_str(&format!("\nJoin: {}", s.video_url));
    }
    if !s.notes.is_empty() {
        description.push_str(&format!("\n\n{}", s.notes));
    }
    description.push_str(&format!("\n\n{url}"));
    OwnedEvent {
        uid: format!("session-{}{who}@service-academy", s.id),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summary: s.title.clone(),
        description,
        location: if s.place.is_empty() {
            s.video_url.clone()
        } else {
            s.place.clone()
        },
        url,
        sequence: s.sequence,
        cancelled: s.cancelled_at.is_some(),
    }
}

#[server(endpoint = "sessions/register")]
pub async fn register(session: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let s = existing(&state, session).await?;
        refuse_own_session(&state, &user, session, "register for").await?;
        if let Some(why) = rules::registration_refusal(now(), &s.timing()) {
            return Err(AppError::invalid(why));
        }
        let outcome = {
            let _turn = state.write_turn().await;
            store::register(&state.db, session, user.id, user.id, false).await?
        };
        let message = match outcome {
            store::Registered::Booked | store::Registered::Overbooked => {
                format!("You are booked for {}. Add it to your calendar below.", s.title)
            }
            store::Registered::Waitlisted(place) => format!(
                "{} is full. You are number {place} on the waitlist; you will be booked automatically when a seat frees.",
                s.title
            ),
            store::Registered::Already(st) => {
                return Err(AppError::Conflict(format!(
                    "You are already registered for this session ({}).",
                    st.label().to_lowercase()
                )));
            }
        };
        Ok((message, format!("/sessions/{session}")))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/cancel-registration")]
pub async fn cancel_registration(session: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let s = existing(&state, session).await?;
        if now() >= s.starts_at {
            return Err(AppError::invalid(
                "This session has started; ask the instructor to mark you excused instead.",
            ));
        }
        store::cancel_registration(&state.db, session, user.id, user.id, &s.title).await?;
        Ok((
            format!("Your registration for {} is cancelled.", s.title),
            format!("/sessions/{session}"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/check-in")]
pub async fn check_in(session: i64, code: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let s = existing(&state, session).await?;
        refuse_own_session(&state, &user, session, "check in to").await?;
        let at = now();
        // Codes count only while check-in is open (from 30 minutes before until the end).
        let to = rules::check_in(at, &s.timing()).map_err(AppError::invalid)?;
        let guesses = &state.check_in_guesses;
        if let Some(secs) = guesses.wait(session, user.id, at) {
            return Err(AppError::TooManyAttempts(format!(
                "Too many wrong check-in codes. Try again in {} minutes, or ask the instructor \
                 to mark you present.",
                (secs + 59) / 60
            )));
        }
        if rules::normalize_code(&code) != s.checkin_code {
            guesses.wrong(session, user.id, at);
            return Err(AppError::invalid(
                "That is not this session's check-in code. Check the code on the instructor's screen.",
            ));
        }
        guesses.right(session, user.id);
        let st = store::check_in(&state.db, session, user.id, to).await?;
        crate::enrollment::api::reconsider(&state, user.id, s.course_id).await?;
        Ok((
            format!("You are checked in to {} ({}).", s.title, st.label().to_lowercase()),
            format!("/sessions/{session}"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/roster")]
pub async fn session_roster(session: i64) -> Result<Roster, AppError> {
    let result = async {
        let state = context::state()?;
        let user = require_teacher(&state, session).await?;
        let s = existing(&state, session).await?;
        let card = card_of(&state, &s).await?;
        let (mut seated, mut waitlist, mut others) = (Vec::new(), Vec::new(), Vec::new());
        for r in store::roster(&state.db, session).await? {
            let st = RegistrationState::parse(&r.state).unwrap_or(RegistrationState::Cancelled);
            let line = RosterLine {
                registration_id: r.registration_id,
                name: r.name,
                employee_id: r.employee_id,
                department: r.department,
                state: st,
                overbooked: r.override_seat != 0,
            };
            if st.holds_seat() {
                seated.push(line);
            } else if st == RegistrationState::Waitlisted {
                waitlist.push(line);
            } else {
                others.push(line);
            }
        }
        Ok(Roster {
            card,
            checkin_code: s.checkin_code.clone(),
            attendance_marked: s.attendance_marked_at.is_some(),
            seated,
            waitlist,
            others,
            manages: user.role.can(Permission::ManageTraining),
        })
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/mark")]
pub async fn mark_attendance(
    session: i64,
    #[server(default)] mark: HashMap<String, String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = require_teacher(&state, session).await?;
        let s = existing(&state, session).await?;
        if s.cancelled_at.is_some() {
            return Err(AppError::invalid(
                "This session was cancelled; there is no attendance to mark.",
            ));
        }
        if now() < s.starts_at - rules::CHECK_IN_EARLY {
            return Err(AppError::invalid(
                "Attendance can be marked once the session is about to start.",
            ));
        }
        let mut marks = Vec::new();
        // An unmarked line ("—") is left as it is.
        for (registration, word) in mark.iter().filter(|(_, w)| !w.is_empty()) {
            let id = registration
                .parse::<i64>()
                .map_err(|_| AppError::invalid("The roster form is damaged. Reload the page."))?;
            let to = rules::mark(word).ok_or_else(|| {
                AppError::invalid(format!(
                    "\"{word}\" is not a mark: use present, late, absent or excused."
                ))
            })?;
            marks.push((id, to));
        }
        let changed = store::mark(&state.db, session, &marks, user.id).await?;
        for person in &changed {
            crate::enrollment::api::reconsider(&state, *person, s.course_id).await?;
        }
        Ok((
            format!(
                "Attendance saved ({} changed). Attendees can now give feedback.",
                changed.len()
            ),
            format!("/sessions/{session}/roster"),
        ))
    }
    .await;
    answer_to(result)
}

/// A trainer registers people by employee id, optionally beyond capacity.
#[server(endpoint = "sessions/register-people")]
pub async fn register_people(
    session: i64,
    employees: String,
    #[server(default)] over_capacity: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let s = existing(&state, session).await?;
        if s.cancelled_at.is_some() {
            return Err(AppError::invalid("This session has been cancelled."));
        }
        if now() >= s.ends_at {
            return Err(AppError::invalid("This session has ended."));
        }
        let ids = crate::accounts::ids::employee_id_list(&employees);
        if ids.is_empty() {
            return Err(AppError::invalid("Give one or more employee ids."));
        }
        let over = over_capacity.is_some_and(|v| !v.is_empty());
        let (mut booked, mut waitlisted, mut already, mut unknown) = (0, 0, 0, Vec::new());
        let mut teaching = Vec::new();
        for id in ids.iter().take(500) {
            let Some(person) = active_person(&state, id).await? else {
                unknown.push(id.to_string());
                continue;
            };
            // An instructor attending their own session would count in its results.
            if store::is_instructor(&state.db, session, person.id).await? {
                teaching.push(id.to_string());
                continue;
            }
            match store::register(&state.db, session, person.id, trainer.id, over).await? {
                store::Registered::Booked | store::Registered::Overbooked => booked += 1,
                store::Registered::Waitlisted(_) => waitlisted += 1,
                store::Registered::Already(_) => already += 1,
            }
        }
        let mut message =
            format!("{booked} booked, {waitlisted} waitlisted, {already} already registered.");
        if !unknown.is_empty() {
            message.push_str(&format!(
                " Unknown or inactive employee ids: {}.",
                unknown.join(", ")
            ));
        }
        if !teaching.is_empty() {
            message.push_str(&format!(
                " Not registered because they teach this session: {}.",
                teaching.join(", ")
            ));
        }
        Ok((message, format!("/sessions/{session}/roster")))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/choices")]
pub async fn scheduling_form(
    #[server(default)] session: Option<i64>,
) -> Result<ScheduleChoices, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ManageTraining).await?;
        let loaded = state.library.current();
        let courses = loaded
            .catalog(&Default::default())
            .courses
            .into_iter()
            .map(|c| (c.slug, c.title))
            .collect();
        let forms = crate::feedback::store::families(&state.db)
            .await?
            .into_iter()
            .map(|f| (f.family, format!("{} (version {})", f.title, f.version)))
            .collect();
        let mut time_zones: Vec<String> = schedule::COMMON_ZONES
            .iter()
            .map(|z| z.to_string())
            .collect();
        let default_zone = state.config.time_zone.name().to_string();
        if !time_zones.contains(&default_zone) {
            time_zones.insert(0, default_zone.clone());
        }
        let (form, cancelled) = match session {
            None => (
                SessionForm {
                    time_zone: default_zone,
                    capacity: "20".into(),
                    ..SessionForm::default()
                },
                false,
            ),
            Some(id) => {
                let s = existing(&state, id).await?;
                let tz = s.tz(state.config.time_zone);
                let (date, start, end) = schedule::local_fields(s.starts_at, s.ends_at, tz);
                let teachers = store::instructors(&state.db, &[id])
                    .await?
                    .remove(&id)
                    .unwrap_or_default();
                let mut instructors = Vec::new();
                let mut guests = Vec::new();
                for t in teachers {
                    match t.user_id {
                        Some(uid) => {
                            if let Some(u) =
                                crate::accounts::store::find_user(&state.db, uid).await?
                            {
                                instructors.push(u.employee_id);
                            }
                        }
                        None => guests.push(if t.organisation.is_empty() {
                            t.name
                        } else {
                            format!("{}, {}", t.name, t.organisation)
                        }),
                    }
                }
                let register_by = if s.register_by == s.starts_at {
                    String::new()
                } else {
                    crate::calendar::iso(crate::calendar::day_of(s.register_by, tz))
                };
                (
                    SessionForm {
                        course: s.course_slug.clone(),
                        title: s.title.clone(),
                        date,
                        start,
                        end,
                        time_zone: s.time_zone.clone(),
                        place: s.place.clone(),
                        video_url: s.video_url.clone(),
                        capacity: s.capacity.to_string(),
                        register_by,
                        notes: s.notes.clone(),
                        instructors: instructors.join(", "),
                        guests: guests.join("\n"),
                        form: s.form_family.map(|f| f.to_string()).unwrap_or_default(),
                    },
                    s.cancelled_at.is_some(),
                )
            }
        };
        Ok(ScheduleChoices {
            session,
            form,
            courses,
            forms,
            time_zones,
            cancelled,
        })
    }
    .await;
    load(result)
}

#[cfg(feature = "ssr")]
async fn active_person(state: &AppState, employee_id: &str) -> Result<Option<User>, AppError> {
    let Some(p) = crate::enrollment::store::person_by_employee_id(&state.db, employee_id).await?
    else {
        return Ok(None);
    };
    Ok(crate::accounts::store::find_user(&state.db, p.id)
        .await?
        .filter(|u| u.active))
}

/// Resolves the instructors a trainer named: in-house ones must be active instructors,
/// trainers or administrators.
#[cfg(feature = "ssr")]
async fn teachers(state: &AppState, s: &schedule::Schedule) -> Result<store::Teachers, AppError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for id in &s.instructors {
        match active_person(state, id).await? {
            Some(u) if u.role.can(Permission::Teach) => {
                out.push((Some(u.id), u.name, String::new()))
            }
            Some(u) => problems.push(format!(
                "{id} ({}) is not an instructor; give them the instructor role first.",
                u.name
            )),
            None => problems.push(format!("There is no active person with employee id {id}.")),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid(problems.join(" ")));
    }
    out.extend(s.guests.iter().map(|(n, o)| (None, n.clone(), o.clone())));
    Ok(out)
}

#[server(endpoint = "sessions/save")]
pub async fn save_session(
    #[server(default)] session: Option<i64>,
    form: SessionForm,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let s = schedule::read(&form, state.config.time_zone)
            .map_err(|problems| AppError::invalid(problems.join(" ")))?;
        let course = crate::enrollment::store::course(&state.db, &s.course)
            .await?
            .filter(|c| c.retired == 0)
            .ok_or_else(|| AppError::invalid("Choose a course from the list."))?;
        if let Some(f) = s.form
            && crate::feedback::store::current(&state.db, f)
                .await?
                .is_none()
        {
            return Err(AppError::invalid("Choose a feedback form from the list."));
        }
        let people = teachers(&state, &s).await?;
        match session {
            None => {
                if s.starts_at <= now() {
                    return Err(AppError::invalid("A new session must start in the future."));
                }
                let code = rules::check_in_code(&crate::accounts::session::random_bytes::<6>());
                let id =
                    store::create(&state.db, &s, course.id, &people, &code, trainer.id).await?;
                tracing::info!(session_id = id, course = %course.slug, "session scheduled");
                Ok((
                    format!("{} is scheduled.", s.title),
                    format!("/sessions/{id}"),
                ))
            }
            Some(id) => {
                let old = existing(&state, id).await?;
                if old.cancelled_at.is_some() {
                    return Err(AppError::invalid("A cancelled session cannot be edited."));
                }
                let moved = old.starts_at != s.starts_at
                    || old.ends_at != s.ends_at
                    || old.place != s.place
                    || old.video_url != s.video_url;
                store::update(&state.db, id, &s, course.id, &people, moved).await?;
                Ok((
                    if moved {
                        format!(
                            "{} is saved; registrants are told about the change.",
                            s.title
                        )
                    } else {
                        format!("{} is saved.", s.title)
                    },
                    format!("/sessions/{id}"),
                ))
            }
        }
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/cancel")]
pub async fn cancel_session(
    session: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let trainer = auth::require(&state, Permission::ManageTraining).await?;
        let s = existing(&state, session).await?;
        if now() >= s.ends_at {
            return Err(AppError::invalid(
                "This session is over; it cannot be cancelled.",
            ));
        }
        let reason: String = reason.trim().chars().take(300).collect();
        let n = store::cancel_session(&state.db, session, &reason, trainer.id, &s.title).await?;
        Ok((
            format!(
                "{} is cancelled; {n} registrants are told on their dashboard.",
                s.title
            ),
            format!("/sessions/{session}"),
        ))
    }
    .await;
    answer_to(result)
}

#[server(endpoint = "sessions/agenda")]
pub async fn my_agenda() -> Result<Agenda, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        let t = now();
        let days = i64::from(state.config.feedback_days) * 86_400;
        let rows = store::agenda(&state.db, user.id, t - days - 86_400).await?;
        let sessions: Vec<store::SessionRow> = rows.iter().map(|(s, _)| s.clone()).collect();
        let all = cards(&state, &sessions).await?;
        let mut upcoming = Vec::new();
        let mut feedback_due = Vec::new();
        for ((s, st), card) in rows.iter().zip(all) {
            let st = RegistrationState::parse(st).unwrap_or(RegistrationState::Cancelled);
            if st.attended() {
                let given =
                    crate::feedback::store::receipt_exists(&state.db, s.id, user.id).await?;
                if let FeedbackWindow::Open { closes } = feedback_window(&state, s, given) {
                    feedback_due.push((card.clone(), closes));
                }
            }
            if s.ends_at > t && !card.past {
                upcoming.push((card, st));
            }
        }
        let tz = state.config.time_zone;
        let notifications = store::notifications(&state.db, user.id)
            .await?
            .into_iter()
            .map(|n| Notification {
                id: n.id,
                message: n.message,
                link: n.link,
                on: crate::calendar::label_of(n.created_at, tz),
            })
            .collect();
        let teaching = if user.role.can(Permission::Teach) {
            teaching(&state, &user).await?
        } else {
            Vec::new()
        };
        Ok(Agenda {
            upcoming,
            feedback_due,
            notifications,
            teaching,
        })
    }
    .await;
    load(result)
}

/// Sessions someone teaches: upcoming, and those of the last two weeks (feedback still coming in).
#[cfg(feature = "ssr")]
async fn teaching(state: &AppState, user: &User) -> Result<Vec<SessionCard>, AppError> {
    let since = now() - 14 * 86_400;
    let rows: Vec<store::SessionRow> = store::taught_by(&state.db, user.id, 50)
        .await?
        .into_iter()
        .filter(|s| s.ends_at > since)
        .collect();
    cards(state, &rows).await
}

/// The instructor's own sessions, for the teaching area.
#[server(endpoint = "sessions/teaching")]
pub async fn my_teaching() -> Result<Vec<SessionCard>, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Teach).await?;
        teaching(&state, &user).await
    }
    .await;
    load(result)
}

#[server(endpoint = "sessions/dismiss")]
pub async fn dismiss_notification(id: i64) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        store::dismiss(&state.db, id, user.id).await?;
        Ok(("Notice dismissed.".to_string(), "/".to_string()))
    }
    .await;
    answer_to(result)
}
