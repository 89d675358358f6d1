//! One instructor's figures: their own page, or a trainer's view of it — every question against
//! the program norm, where they stand on the ranking question, their trend, sessions and
//! comments. Built from the same helpers as the dashboard (`figures.rs`).

use super::context::Context;
use super::disclosure;
use super::figures::{
    by_key, display, labels, question_view, rate, teacher_of, trend_chart, trend_rows, who_of,
};
use super::ranking::ranking;
use super::stats;
use super::store::{self, Row, Teacher};
use super::*;
use crate::error::{AppError, AppResult};
use crate::server::state::AppState;
use crate::ui::charts;
use std::collections::HashMap;

/// Comments per page on an instructor's page.
pub const COMMENTS_PER_PAGE: i64 = 20;
/// Two million comments; any higher page number is a made-up address.
const MAX_COMMENT_PAGE: i64 = 100_000;
/// Sessions listed on an instructor's page (the most recent; the CSV has all).
pub const SESSIONS_ON_PAGE: usize = 20;

/// Whether a session's results are out for this viewer (instructors a day after trainers).
fn released(state: &AppState, t: &store::Taught, moderates: bool, now: i64) -> bool {
    let (_, closes) = crate::sessions::rules::feedback_period(
        t.ends_at,
        t.attendance_marked_at,
        state.config.feedback_days,
    );
    disclosure::released(closes, now, moderates)
}

/// One instructor's page: their figures at the own-view minimum, the program norm beside each,
/// where they stand on the ranking question, their trend, sessions and comments. Their figures
/// are made of whole sessions, released and with enough answers each; the program's of whole
/// periods that meet the comparison minimum without them.
pub async fn instructor(
    state: &AppState,
    cx: &Context,
    teacher: &Teacher,
    own: bool,
    page: i64,
) -> AppResult<InstructorView> {
    view_of(state, cx, teacher, own, page, COMMENTS_PER_PAGE).await
}

async fn view_of(
    state: &AppState,
    cx: &Context,
    teacher: &Teacher,
    own: bool,
    page: i64,
    per_page: i64,
) -> AppResult<InstructorView> {
    let db = &state.db;
    if !cx.filters.department.is_empty() {
        return Err(AppError::invalid(
            "An instructor's page covers everyone they taught and has no department filter; \
             departments are compared on the trainers' dashboard only.",
        ));
    }
    let names = match teacher {
        Teacher::User(id) => crate::accounts::store::names_by_id(db, &[*id]).await?,
        Teacher::Guest(..) => HashMap::new(),
    };
    if let Teacher::User(id) = teacher
        && !names.contains_key(id)
    {
        return Err(AppError::not_found("There is no such instructor."));
    }
    let keys = cx.keys();
    let min = cx.rules.own_minimum;
    let now = crate::db::now();
    let mut scope = cx.scope.clone();
    scope.instructor = Some(teacher.clone());
    // Every session they held, whatever the filters: which are theirs to see is settled per
    // session, and the program's periods are formed without all of those.
    let everything = store::Scope {
        instructor: Some(teacher.clone()),
        ..store::Scope::default()
    };
    let all_sessions = store::sessions_of(db, &everything).await?;
    let visible: HashMap<i64, &store::Taught> = all_sessions
        .iter()
        .filter(|t| t.responses >= min && released(state, t, !own, now))
        .map(|t| (t.id, t))
        .collect();
    let in_window = |t: &store::Taught| {
        cx.scope.course_id.is_none_or(|c| c == t.course_id)
            && (cx.scope.from.is_empty() || t.month >= cx.scope.from)
            && (cx.scope.to.is_empty() || t.month <= cx.scope.to)
    };
    let per_session = store::by_session(db, &everything, &keys).await?;
    // (session's month, row) of the visible sessions.
    let visible_rows: Vec<(&store::Taught, &Row)> = per_session
        .iter()
        .filter_map(|r| Some((*visible.get(&r.label.parse::<i64>().ok()?)?, r)))
        .collect();
    let by_month = |pick: &dyn Fn(&store::Taught) -> bool| -> Vec<Row> {
        visible_rows
            .iter()
            .filter(|(t, _)| pick(t))
            .map(|(t, r)| Row {
                label: t.month.clone(),
                ..(*r).clone()
            })
            .collect()
    };
    let months = by_month(&|t| in_window(t));
    let mine = by_key(&months);
    let own_sizes = super::periods::sizes(&by_month(&|_| true), &keys);
    let program_window = store::Scope {
        from: cx.scope.from.clone(),
        to: cx.scope.to.clone(),
        ..store::Scope::default()
    };
    let coverage = super::periods::coverage(state, cx, &program_window, &own_sizes).await?;
    let program_scope = coverage.scope(&store::Scope::default());
    let program = by_key(&store::program(db, &program_scope, &keys).await?);
    let covered: std::collections::HashSet<&String> = coverage.months.iter().collect();
    let own_in_program = by_key(&by_month(&|t| covered.contains(&t.month)));
    let empty = Vec::new();
    let questions: Vec<QuestionView> = cx
        .questions
        .iter()
        .map(|q| {
            let p = program.get(&q.key).unwrap_or(&empty);
            let rest = stats::without(p, own_in_program.get(&q.key).unwrap_or(&empty));
            question_view(
                q,
                mine.get(&q.key).unwrap_or(&empty),
                p,
                min,
                cx.rules.comparison_minimum,
                Some(&rest),
            )
        })
        .collect();
    let q = cx.question();
    let ranked = ranking(
        state,
        cx,
        &program_scope,
        program.get(&q.key).unwrap_or(&empty),
    )
    .await?;
    let who = who_of(teacher);
    let (percentile, ranking_note) = match ranked.ranked.iter().find(|r| r.who == who) {
        Some(r) => (
            Some(r.percentile),
            format!(
                "On \u{201c}{}\u{201d} you are at the {:.0}th percentile of the {} ranked instructors.",
                q.prompt,
                r.percentile,
                ranked.ranked.len()
            ),
        ),
        None => (
            None,
            match ranked.unranked.iter().find(|u| u.who == who) {
                Some(u) => format!("Not ranked on \u{201c}{}\u{201d}: {}.", q.prompt, u.reason),
                None => format!(
                    "Not ranked on \u{201c}{}\u{201d}: no sessions held in this period.",
                    q.prompt
                ),
            },
        ),
    };
    let taught_rows: Vec<store::Taught> = all_sessions
        .iter()
        .filter(|t| in_window(t))
        .cloned()
        .collect();
    let shown_sessions: Vec<i64> = taught_rows
        .iter()
        .filter(|t| visible.contains_key(&t.id))
        .map(|t| t.id)
        .collect();
    // The rate over the sessions with attendance recorded, of the chosen department if any.
    let held = store::teaching(db, &scope, true).await?;
    let (answered, attendees) = held
        .iter()
        .find(|t| t.teacher() == *teacher)
        .map_or((0, 0), |t| (t.responses, t.attended));
    let tz = state.config.time_zone;
    let date = |at: i64, zone: &str| {
        let z: chrono_tz::Tz = zone.parse().unwrap_or(tz);
        crate::sessions::schedule::moment(at, z)
    };
    let taught: Vec<TaughtRow> = taught_rows
        .iter()
        .map(|t| TaughtRow {
            id: t.id,
            title: t.title.clone(),
            course: t.course_title.clone(),
            date: date(t.starts_at, &t.time_zone),
            // Until the roster is saved the rate would be a guess: "no attendance recorded".
            rate: rate(
                t.responses,
                if t.recorded() { t.attended } else { 0 },
                &cx.rules,
            ),
        })
        .collect();
    // A page number past any real one would overflow the offset below: refuse it.
    if page > MAX_COMMENT_PAGE {
        return Err(AppError::Request(format!(
            "there is no page {page} of comments"
        )));
    }
    let page = page.max(1);
    let (comments, comments_total) = comment_views(
        state,
        cx,
        &taught_rows,
        &shown_sessions,
        per_page,
        (page - 1).saturating_mul(per_page),
    )
    .await?;
    let trend = trend_rows(q, &months, min);
    let qv = questions.iter().find(|v| v.key == q.key).cloned();
    let norm = qv
        .as_ref()
        .map(|v| v.norm.clone())
        .unwrap_or(Shown::Suppressed {
            responses: 0,
            minimum: min,
        });
    let name = display(teacher, &names);
    let trend_chart = trend_chart(
        "own-trend",
        &format!("{name} by month: {}", q.prompt),
        q,
        &trend,
        &norm,
    );
    let (_, segment_labels) = labels(q);
    let distribution_chart = match &qv {
        Some(v) => charts::stacked_chart(
            "distribution",
            &format!("How people answered: {}", q.prompt),
            "The share of each answer, for this instructor and for the whole program. The same counts are in the table beside.",
            &segment_labels,
            &[
                charts::StackRow {
                    label: name.clone(),
                    counts: blank_if_empty(&v.counts, segment_labels.len()),
                },
                charts::StackRow {
                    label: "Program".into(),
                    counts: blank_if_empty(&v.program_counts, segment_labels.len()),
                },
            ],
        ),
        None => String::new(),
    };
    Ok(InstructorView {
        filters: cx.filters.clone(),
        choices: cx.choices.clone(),
        rules: cx.rules_view(),
        who,
        name,
        own,
        sessions: taught_rows.len() as i64,
        rate: rate(answered, attendees, &cx.rules),
        questions,
        percentile,
        ranking_note,
        trend,
        taught,
        comments,
        comments_total,
        page,
        per_page: COMMENTS_PER_PAGE,
        trend_chart,
        distribution_chart,
        coverage: format!(
            "{}: {} of {} sessions held, those released (the feedback form closed{}) with at \
             least {min} answers each; the others are left out, never shown inside a total. \
             Program: {}",
            if own { "Your figures" } else { "Figures" },
            shown_sessions.len(),
            taught_rows.len(),
            if own {
                ", and a day for moderation"
            } else {
                ""
            },
            coverage.note
        ),
    })
}

/// A chart row's counts, or zeros to draw nothing when the figure is not shown.
fn blank_if_empty(counts: &[i64], len: usize) -> Vec<i64> {
    if counts.is_empty() {
        vec![0; len]
    } else {
        counts.to_vec()
    }
}

/// Whose page `who` asks for, refused unless it is the person's own or they manage training.
pub fn whose(user: &crate::accounts::User, who: &str) -> AppResult<(Teacher, bool)> {
    use crate::accounts::permissions::Permission;
    let me = Teacher::User(user.id);
    let teacher = if who.trim().is_empty() {
        me.clone()
    } else {
        teacher_of(who.trim()).ok_or_else(|| AppError::not_found("There is no such instructor."))?
    };
    let own = teacher == me;
    if !own && !user.role.can(Permission::ManageTraining) {
        tracing::warn!(
            user_id = user.id,
            "refused: another instructor's benchmarks"
        );
        return Err(AppError::Forbidden);
    }
    Ok((teacher, own))
}

/// Comments on the `visible` sessions (released, with enough answers that nobody stands out),
/// newest first; hidden comments are never included.
async fn comment_views(
    state: &AppState,
    cx: &Context,
    taught: &[store::Taught],
    visible: &[i64],
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<CommentView>, i64)> {
    let (rows, total) = store::comments(&state.db, visible, limit, offset).await?;
    let zones: HashMap<i64, &str> = taught
        .iter()
        .map(|t| (t.id, t.time_zone.as_str()))
        .collect();
    let fallback = state.config.time_zone;
    let views = rows
        .into_iter()
        .map(|c| {
            let tz = zones
                .get(&c.session_id)
                .and_then(|z| z.parse().ok())
                .unwrap_or(fallback);
            CommentView {
                session: c.session_id,
                date: crate::sessions::schedule::moment(c.starts_at, tz),
                session_title: c.session_title,
                question: cx
                    .prompts
                    .get(&c.question_key)
                    .cloned()
                    .unwrap_or(c.question_key),
                text: c.comment,
            }
        })
        .collect();
    Ok((views, total))
}

/// Every comment an instructor's page may show, for the CSV.
pub async fn all_comments(
    state: &AppState,
    cx: &Context,
    teacher: &Teacher,
    own: bool,
) -> AppResult<Vec<CommentView>> {
    Ok(view_of(state, cx, teacher, own, 1, i64::MAX / 2)
        .await?
        .comments)
}
