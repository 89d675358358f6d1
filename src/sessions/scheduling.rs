//! Scheduling by a trainer: the form filled in from a session (or blank) with its choices,
//! saving a new or edited session with its instructors, and cancelling one.

use super::store::{self, SessionRow, Teacher};
use super::{ScheduleChoices, SessionForm, access, cards, rules, schedule};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::db::now;
use crate::error::AppError;
use crate::server::state::AppState;

/// The scheduling form: blank for a new session, else filled in from `session`.
pub async fn choices(state: &AppState, session: Option<i64>) -> Result<ScheduleChoices, AppError> {
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
            let s = cards::existing(state, id).await?;
            (filled_in(state, &s).await?, s.cancelled_at.is_some())
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

/// The form as it would be sent to schedule `s` again: local times, instructors by employee id,
/// guests one per line.
async fn filled_in(state: &AppState, s: &SessionRow) -> Result<SessionForm, AppError> {
    let tz = s.tz(state.config.time_zone);
    let (date, start, end) = schedule::local_fields(s.starts_at, s.ends_at, tz);
    let teachers = store::instructors(&state.db, &[s.id])
        .await?
        .remove(&s.id)
        .unwrap_or_default();
    let mut instructors = Vec::new();
    let mut guests = Vec::new();
    for t in teachers {
        match t.user_id {
            Some(uid) => {
                if let Some(u) = crate::accounts::store::find_user(&state.db, uid).await? {
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
    Ok(SessionForm {
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
    })
}

/// Resolves the instructors a trainer named: in-house ones must be active instructors,
/// trainers or administrators.
async fn teachers(state: &AppState, s: &schedule::Schedule) -> Result<Vec<Teacher>, AppError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for id in &s.instructors {
        match access::active_person(state, id).await? {
            Some(u) if u.role.can(Permission::Teach) => out.push(Teacher {
                user_id: Some(u.id),
                name: u.name,
                organisation: String::new(),
            }),
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
    out.extend(s.guests.iter().map(|(name, organisation)| Teacher {
        user_id: None,
        name: name.clone(),
        organisation: organisation.clone(),
    }));
    Ok(out)
}

/// Saves the form as a new session (`session` empty) or an edit; answers with the notice and the
/// session's address.
pub async fn save(
    state: &AppState,
    trainer: &User,
    session: Option<i64>,
    form: &SessionForm,
) -> Result<(String, String), AppError> {
    let s = schedule::read(form, state.config.time_zone)
        .map_err(|problems| AppError::invalid(problems.join(" ")))?;
    let course = crate::courses::store::by_slug(&state.db, &s.course)
        .await?
        .filter(|c| !c.retired)
        .ok_or_else(|| AppError::invalid("Choose a course from the list."))?;
    if let Some(f) = s.form
        && crate::feedback::store::current(&state.db, f)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("Choose a feedback form from the list."));
    }
    let people = teachers(state, &s).await?;
    match session {
        None => {
            if let Some(why) = rules::scheduling_refusal(now(), s.starts_at) {
                return Err(AppError::invalid(why));
            }
            let code = rules::check_in_code(&crate::secrets::random_bytes::<6>());
            let id = store::create(&state.db, &s, course.id, &people, &code, trainer.id).await?;
            tracing::info!(session_id = id, course = %course.slug, "session scheduled");
            Ok((
                format!("{} is scheduled.", s.title),
                format!("/sessions/{id}"),
            ))
        }
        Some(id) => {
            let old = cards::existing(state, id).await?;
            if old.cancelled_at.is_some() {
                return Err(AppError::invalid("A cancelled session cannot be edited."));
            }
            let moved = old.starts_at != s.starts_at
                || old.ends_at != s.ends_at
                || old.place != s.place
                || old.video_url != s.video_url;
            store::update(&state.db, id, &s, course.id, &people, moved).await?;
            let message = if moved {
                format!(
                    "{} is saved; registrants are told about the change.",
                    s.title
                )
            } else {
                format!("{} is saved.", s.title)
            };
            Ok((message, format!("/sessions/{id}")))
        }
    }
}

/// Cancels a session that is not over; answers how many registrants were told.
pub async fn cancel(
    state: &AppState,
    trainer: &User,
    session: i64,
    reason: &str,
) -> Result<String, AppError> {
    let s = cards::existing(state, session).await?;
    if let Some(why) = rules::cancelling_refusal(now(), &s.timing()) {
        return Err(AppError::invalid(why));
    }
    let reason = rules::cancel_reason(reason);
    let n = store::cancel_session(&state.db, session, &reason, trainer.id, &s.title).await?;
    Ok(format!(
        "{} is cancelled; {n} registrants are told on their dashboard.",
        s.title
    ))
}
