//! One instructor's figures: their own page, or a trainer's view of it — every question against
//! the program norm, where they stand on the ranking question, their trend, sessions and
//! comments. Built from the same helpers as the dashboard (`figures.rs`).

use super::figures::{
    Context, by_key, display, labels, question_view, ranking, rate, teacher_of, trend_chart,
    trend_rows, who_of,
};
use super::store::{self, Teacher};
use super::*;
use crate::error::{AppError, AppResult};
use crate::server::AppState;
use crate::ui::charts;
use std::collections::HashMap;

/// Comments per page on an instructor's page.
pub const COMMENTS_PER_PAGE: i64 = 20;
/// Two million comments; any higher page number is a made-up address.
const MAX_COMMENT_PAGE: i64 = 100_000;
/// Sessions listed on an instructor's page (the most recent; the CSV has all).
pub const SESSIONS_ON_PAGE: usize = 20;

/// One instructor's page: their figures at the own-view minimum, the program norm beside each,
/// where they stand on the ranking question, their trend, sessions and comments.
pub async fn instructor(
    state: &AppState,
    cx: &Context,
    teacher: &Teacher,
    own: bool,
    page: i64,
) -> AppResult<InstructorView> {
    let db = &state.db;
    let names = match teacher {
        Teacher::User(id) => store::names(db, &[*id]).await?,
        Teacher::Guest(..) => HashMap::new(),
    };
    if let Teacher::User(id) = teacher
        && !names.contains_key(id)
    {
        return Err(AppError::not_found("There is no such instructor."));
    }
    let keys = cx.keys();
    let mut scope = cx.scope.clone();
    scope.instructor = Some(teacher.clone());
    let months = store::by_month(db, &scope, &keys).await?;
    let mine = by_key(&months);
    let program_rows = store::program(db, &cx.scope, &keys).await?;
    let program = by_key(&program_rows);
    let min = cx.rules.own_minimum;
    let empty = Vec::new();
    let questions: Vec<QuestionView> = cx
        .questions
        .iter()
        .map(|q| {
            question_view(
                q,
                mine.get(&q.key).unwrap_or(&empty),
                program.get(&q.key).unwrap_or(&empty),
                min,
                cx.rules.comparison_minimum,
                true,
            )
        })
        .collect();
    let q = cx.question();
    let ranked = ranking(state, cx, program.get(&q.key).unwrap_or(&empty)).await?;
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
    let taught_rows = store::sessions_of(db, &scope).await?;
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
            rate: rate(t.responses, t.attended * t.recorded, &cx.rules),
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
        own,
        COMMENTS_PER_PAGE,
        (page - 1) * COMMENTS_PER_PAGE,
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
                    counts: if v.figure.value().is_some() {
                        v.counts.clone()
                    } else {
                        vec![0; v.counts.len()]
                    },
                },
                charts::StackRow {
                    label: "Program".into(),
                    counts: v.program_counts.clone(),
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
    })
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

/// Comments on the sessions, newest first. Instructors read comments only of sessions with
/// enough answers that nobody stands out; hidden comments are never included.
async fn comment_views(
    state: &AppState,
    cx: &Context,
    taught: &[store::Taught],
    own: bool,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<CommentView>, i64)> {
    let visible: Vec<i64> = taught
        .iter()
        .filter(|t| !own || t.responses >= cx.rules.own_minimum)
        .map(|t| t.id)
        .collect();
    let (rows, total) = store::comments(&state.db, &visible, limit, offset).await?;
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
    let mut scope = cx.scope.clone();
    scope.instructor = Some(teacher.clone());
    let taught = store::sessions_of(&state.db, &scope).await?;
    Ok(comment_views(state, cx, &taught, own, i64::MAX / 2, 0)
        .await?
        .0)
}
