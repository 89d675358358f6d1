//! Builds the benchmarking views from the tallies: reads through `store`, judges through the
//! pure `stats`, and draws through `ui::charts`. Used by the pages and the CSV downloads alike,
//! so a download always holds the numbers the page shows.

use super::stats::{self, Estimate, Rules};
use super::store::{self, Row, Scope, Teacher};
use super::*;
use crate::error::{AppError, AppResult};
use crate::feedback::definition::{self, Question, QuestionKind};
use crate::server::state::AppState;
use crate::ui::charts;
use std::collections::{BTreeMap, HashMap};

/// What every view needs: the rules, the benchmarked questions and the scope of the filters.
pub struct Context {
    pub rules: Rules,
    pub questions: Vec<Question>,
    pub filters: Filters,
    pub scope: Scope,
    pub choices: Choices,
    courses: Vec<(i64, String, String)>,
    /// Prompts of every question of the default form, comments' included.
    pub(super) prompts: HashMap<String, String>,
}

impl Context {
    pub(super) fn question(&self) -> &Question {
        self.questions
            .iter()
            .find(|q| q.key == self.filters.question)
            .unwrap_or(&self.questions[0])
    }

    pub(super) fn keys(&self) -> Vec<String> {
        self.questions.iter().map(|q| q.key.clone()).collect()
    }

    pub fn rules_view(&self) -> RulesView {
        RulesView {
            comparison_minimum: self.rules.comparison_minimum,
            own_minimum: self.rules.own_minimum,
            group_sessions: self.rules.group_sessions,
            low_rate_percent: (self.rules.low_rate * 100.0).round() as i64,
        }
    }
}

/// Checks the filters and resolves them; a wrong value is a message, not an empty page.
pub async fn context(state: &AppState, mut filters: Filters) -> AppResult<Context> {
    let db = &state.db;
    let all = default_questions(state).await?;
    let prompts = all
        .iter()
        .map(|q| (q.key.clone(), q.prompt.clone()))
        .collect();
    let questions: Vec<Question> = all
        .into_iter()
        .filter(|q| {
            matches!(
                q.kind,
                QuestionKind::Likert { .. } | QuestionKind::Recommend { .. }
            )
        })
        .collect();
    if questions.is_empty() {
        return Err(AppError::invalid(
            "The default feedback form has no scale questions to compare.",
        ));
    }
    let courses: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, title FROM courses ORDER BY title")
            .fetch_all(db)
            .await?;
    let mut scope = Scope::default();
    filters.course = filters.course.trim().to_string();
    if !filters.course.is_empty() {
        let found = courses.iter().find(|(_, slug, _)| *slug == filters.course);
        scope.course_id = Some(
            found
                .ok_or_else(|| {
                    AppError::invalid(format!("There is no course {:?}.", filters.course))
                })?
                .0,
        );
    }
    for (name, month) in [("From", &mut filters.from), ("To", &mut filters.to)] {
        *month = month.trim().to_string();
        if !month.is_empty() && !is_month(month) {
            return Err(AppError::invalid(format!(
                "{name} must be a month written as YYYY-MM, like 2026-03 (got {month:?})."
            )));
        }
    }
    if !filters.from.is_empty() && !filters.to.is_empty() && filters.from > filters.to {
        return Err(AppError::invalid("From must not be after To."));
    }
    scope.from = filters.from.clone();
    scope.to = filters.to.clone();
    filters.department = filters.department.trim().chars().take(120).collect();
    scope.department = filters.department.clone();
    if !["", "in-house", "guest"].contains(&filters.kind.as_str()) {
        return Err(AppError::invalid(
            "Instructors must be all, in-house or guest.",
        ));
    }
    if !questions.iter().any(|q| q.key == filters.question) {
        filters.question = questions
            .iter()
            .find(|q| q.key == "overall")
            .unwrap_or(&questions[0])
            .key
            .clone();
    }
    let choices = Choices {
        courses: courses
            .iter()
            .map(|(_, s, t)| (s.clone(), t.clone()))
            .collect(),
        departments: store::departments(db).await?,
        questions: questions
            .iter()
            .map(|q| (q.key.clone(), q.prompt.clone()))
            .collect(),
    };
    let config = &state.config;
    Ok(Context {
        rules: Rules {
            comparison_minimum: i64::from(config.comparison_minimum),
            own_minimum: i64::from(config.results_minimum),
            low_rate: 0.5,
            group_sessions: i64::from(config.comparison_sessions),
        },
        questions,
        filters,
        scope,
        choices,
        courses,
        prompts,
    })
}

fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(s[5..].parse::<u32>(), Ok(1..=12))
}

/// The questions of the academy's default form; its scales are the common ground every session
/// shares, so they are what is compared.
async fn default_questions(state: &AppState) -> AppResult<Vec<Question>> {
    let family: Option<i64> = sqlx::query_scalar(
        "SELECT family FROM feedback_forms WHERE is_default = 1 ORDER BY id LIMIT 1",
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(family) = family else {
        return Ok(Vec::new());
    };
    let Some(form) = crate::feedback::store::current(&state.db, family).await? else {
        return Ok(Vec::new());
    };
    Ok(definition::parse(&form.definition).unwrap_or_default())
}

fn is_net(q: &Question) -> bool {
    matches!(q.kind, QuestionKind::Recommend { .. })
}

/// The counts a question is judged on: as answered for a mean, or mapped to −100/0/100 for a
/// net score, so one t interval serves both.
pub(super) fn metric(q: &Question, counts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    if is_net(q) {
        stats::as_net_values(counts)
    } else {
        counts.to_vec()
    }
}

pub(super) fn figure(e: &Estimate) -> Figure {
    Figure {
        n: e.n,
        value: e.mean,
        low: e.interval.map(|i| i.0),
        high: e.interval.map(|i| i.1),
    }
}

fn shown(q: &Question, counts: &[(i64, i64)], minimum: i64) -> Shown {
    let n: i64 = counts.iter().map(|(_, n)| n).sum();
    match stats::shown(n, minimum, || stats::estimate(&metric(q, counts))) {
        stats::Shown::Value(e) => Shown::Value(figure(&e)),
        stats::Shown::Suppressed { responses, minimum } => Shown::Suppressed { responses, minimum },
    }
}

pub(super) fn labels(q: &Question) -> (Vec<i64>, Vec<String>) {
    let (from, to) = q.kind.range().unwrap_or((1, 5));
    let (low, high) = match &q.kind {
        QuestionKind::Likert { low, high } | QuestionKind::Recommend { low, high } => {
            (low.clone(), high.clone())
        }
        _ => (String::new(), String::new()),
    };
    let values: Vec<i64> = (from..=to).collect();
    let names = values
        .iter()
        .map(|v| match *v {
            v if v == from && !low.is_empty() => format!("{v} ({low})"),
            v if v == to && !high.is_empty() => format!("{v} ({high})"),
            v => v.to_string(),
        })
        .collect();
    (values, names)
}

/// Counts per key from grouped rows.
pub(super) fn by_key(rows: &[Row]) -> HashMap<String, Vec<(i64, i64)>> {
    let mut map: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for r in rows {
        map.entry(r.question_key.clone())
            .or_default()
            .push((r.value, r.n));
    }
    map
}

pub(super) fn rate(responses: i64, attendees: i64, rules: &Rules) -> RateView {
    let r = stats::rate(responses, attendees, rules);
    RateView {
        responses: r.responses,
        attendees: r.attendees,
        percent: r.percent,
        low: r.low,
    }
}

pub(super) fn verdict_word(v: &stats::Verdict) -> &'static str {
    match v {
        stats::Verdict::Above => "above",
        stats::Verdict::Below => "below",
        stats::Verdict::NoClearDifference => "no clear difference",
    }
}

/// One question of a group against the program: `rest` (the program without the group, when
/// the view compares) adds the verdict. Counts of a figure not shown are left out, not just
/// undrawn: they would be the suppressed answers themselves.
pub(super) fn question_view(
    q: &Question,
    group: &[(i64, i64)],
    program: &[(i64, i64)],
    minimum: i64,
    norm_minimum: i64,
    rest: Option<&[(i64, i64)]>,
) -> QuestionView {
    let (values, labels) = labels(q);
    let count = |c: &[(i64, i64)], v: i64| c.iter().filter(|(x, _)| *x == v).map(|(_, n)| n).sum();
    let figure = shown(q, group, minimum);
    let norm = shown(q, program, norm_minimum);
    let verdict = match rest {
        Some(rest) if figure.value().is_some() => {
            let mine = stats::estimate(&metric(q, group));
            let rest = stats::estimate(&metric(q, rest));
            match (mine, rest) {
                (Some(a), Some(b)) => verdict_word(&stats::verdict(&a, &b)).to_string(),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    let counts_of = |shown: &Shown, c: &[(i64, i64)]| match shown {
        Shown::Value(_) => values.iter().map(|v| count(c, *v)).collect(),
        Shown::Suppressed { .. } => Vec::new(),
    };
    QuestionView {
        key: q.key.clone(),
        prompt: q.prompt.clone(),
        kind: q.kind.name().to_string(),
        labels,
        counts: counts_of(&figure, group),
        program_counts: counts_of(&norm, program),
        figure,
        norm,
        verdict,
    }
}

/// "u12" for an account, "g:Name|Organisation" for a guest.
pub fn who_of(t: &Teacher) -> String {
    match t {
        Teacher::User(id) => format!("u{id}"),
        Teacher::Guest(name, org) => format!("g:{name}|{org}"),
    }
}

pub fn teacher_of(who: &str) -> Option<Teacher> {
    if let Some(id) = who.strip_prefix('u') {
        return id.parse().ok().map(Teacher::User);
    }
    let rest = who.strip_prefix("g:")?;
    let (name, org) = rest.split_once('|').unwrap_or((rest, ""));
    Some(Teacher::Guest(name.to_string(), org.to_string()))
}

pub(super) fn display(t: &Teacher, names: &HashMap<i64, (String, String)>) -> String {
    match t {
        Teacher::User(id) => names
            .get(id)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| format!("Account {id}")),
        Teacher::Guest(name, org) if org.is_empty() => format!("{name} (guest)"),
        Teacher::Guest(name, org) => format!("{name}, {org} (guest)"),
    }
}

fn axis_of(q: &Question) -> charts::Axis {
    if is_net(q) {
        charts::Axis {
            from: -100.0,
            to: 100.0,
            step: 50.0,
            label: "Net score".into(),
        }
    } else {
        charts::Axis {
            from: 1.0,
            to: 5.0,
            step: 1.0,
            label: "Mean (1–5)".into(),
        }
    }
}

fn number(q: &Question, v: f64) -> String {
    if is_net(q) {
        format!("{v:+.0}")
    } else {
        format!("{v:.2}")
    }
}

pub(super) fn trend_rows(q: &Question, rows: &[Row], minimum: i64) -> Vec<TrendRow> {
    let mut months: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.question_key == q.key) {
        months
            .entry(r.label.clone())
            .or_default()
            .push((r.value, r.n));
    }
    months
        .into_iter()
        .map(|(month, counts)| TrendRow {
            figure: shown(q, &counts, minimum),
            month,
        })
        .collect()
}

pub(super) fn trend_chart(
    id: &str,
    title: &str,
    q: &Question,
    trend: &[TrendRow],
    norm: &Shown,
) -> String {
    let points: Vec<charts::TrendPoint> = trend
        .iter()
        .map(|t| {
            let f = t.figure.value();
            charts::TrendPoint {
                label: t.month.clone(),
                mean: f.map(|f| f.value),
                low: f.and_then(|f| f.low),
                high: f.and_then(|f| f.high),
            }
        })
        .collect();
    let norm_label = norm
        .value()
        .map(|f| (f.value, format!("Program {}", number(q, f.value))));
    let desc = format!(
        "{} by month, with its 95 % interval as a band; months with too few answers are gaps. \
         The same numbers are in the table beside.",
        q.prompt
    );
    charts::trend_chart(
        id,
        title,
        &desc,
        &points,
        &axis_of(q),
        norm_label.as_ref().map(|(v, l)| (*v, l.as_str())),
    )
}

/// The trainers' dashboard under the filters: over the released periods the filters may show.
pub async fn dashboard(state: &AppState, cx: &Context) -> AppResult<Dashboard> {
    let db = &state.db;
    let keys = cx.keys();
    let coverage = super::periods::coverage(state, cx, &cx.scope, &BTreeMap::new()).await?;
    let scope = coverage.scope(&cx.scope);
    let program = by_key(&store::program(db, &scope, &keys).await?);
    let held = store::teaching(db, &scope, false).await?;
    let (sessions, attendees, answered) = held
        .first()
        .map_or((0, 0, 0), |t| (t.sessions, t.attended, t.responses));
    let min = cx.rules.comparison_minimum;
    let empty = Vec::new();
    let questions: Vec<QuestionView> = cx
        .questions
        .iter()
        .map(|q| {
            let p = program.get(&q.key).unwrap_or(&empty);
            question_view(q, p, p, min, min, None)
        })
        .collect();
    let q = cx.question();
    let p = program.get(&q.key).unwrap_or(&empty);
    // The chosen question's view is one of the program's, computed above.
    let question = questions
        .iter()
        .find(|v| v.key == q.key)
        .cloned()
        .unwrap_or_else(|| question_view(q, p, p, min, min, None));
    let ranked = super::ranking::ranking(state, cx, &scope, p).await?;
    let by_course = store::by_course(db, &scope, std::slice::from_ref(&q.key)).await?;
    let mut per_course: HashMap<String, (i64, Vec<(i64, i64)>)> = HashMap::new();
    for r in &by_course {
        let e = per_course.entry(r.label.clone()).or_default();
        if r.question_key == RESPONSES {
            e.0 += r.n;
        } else {
            e.1.push((r.value, r.n));
        }
    }
    let mut courses: Vec<CourseRow> = cx
        .courses
        .iter()
        .filter_map(|(id, slug, title)| {
            let (responses, counts) = per_course.get(&id.to_string())?;
            Some(CourseRow {
                slug: slug.clone(),
                title: title.clone(),
                responses: *responses,
                figure: shown(q, counts, min),
            })
        })
        .collect();
    // Side by side the courses make up the program: a small one must not be its remainder.
    let sizes: Vec<i64> = courses.iter().map(|c| c.responses).collect();
    for (c, show) in courses
        .iter_mut()
        .zip(super::disclosure::partition_shown(&sizes, min))
    {
        if !show && let Shown::Value(f) = &c.figure {
            c.figure = Shown::Suppressed {
                responses: f.n,
                minimum: min,
            };
        }
    }
    courses.sort_by(|a, b| {
        let v = |c: &CourseRow| c.figure.value().map_or(f64::NEG_INFINITY, |f| f.value);
        v(b).total_cmp(&v(a)).then_with(|| a.title.cmp(&b.title))
    });
    // By period, not by month: a month of too few answers beside its shown neighbours would be
    // the window's total minus theirs.
    let months = store::by_month(db, &scope, std::slice::from_ref(&q.key)).await?;
    let trend = trend_rows(q, &coverage.by_period(&months), min);
    let rows: Vec<charts::IntervalRow> = ranked
        .ranked
        .iter()
        .map(|r| charts::IntervalRow {
            label: r.name.clone(),
            href: Some(format!(
                "/benchmarks/instructor?who={}&{}",
                crate::text::percent_encode(&r.who),
                cx.filters.query()
            )),
            mean: r.figure.value,
            low: r.figure.low.unwrap_or(r.figure.value),
            high: r.figure.high.unwrap_or(r.figure.value),
            note: format!("n={}", r.figure.n),
        })
        .collect();
    let norm = question
        .norm
        .value()
        .map(|f| (f.value, format!("Program {}", number(q, f.value))));
    let ranking_chart = charts::interval_chart(
        "ranking",
        &format!("Instructors ranked by: {}", q.prompt),
        &format!(
            "Each row is an instructor with at least {min} answers and {} sessions: the dot is \
             the {}, the line its 95 % interval; the dashed line is the program. Overlapping \
             lines mean the difference may be chance. The same numbers are in the table below.",
            cx.rules.group_sessions,
            if is_net(q) { "net score" } else { "mean" }
        ),
        &rows,
        &axis_of(q),
        norm.as_ref().map(|(v, l)| (*v, l.as_str())),
    );
    let trend_chart = trend_chart(
        "program-trend",
        &format!("Program by month: {}", q.prompt),
        q,
        &trend,
        &question.norm,
    );
    Ok(Dashboard {
        filters: cx.filters.clone(),
        choices: cx.choices.clone(),
        rules: cx.rules_view(),
        sessions,
        rate: rate(answered, attendees, &cx.rules),
        questions,
        question,
        ranking: ranked.ranked,
        unranked: ranked.unranked,
        courses,
        trend,
        ranking_chart,
        trend_chart,
        coverage: coverage.note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_checked_strictly() {
        assert!(is_month("2026-03"));
        assert!(is_month("2025-12"));
        for bad in [
            "2026-13", "2026-00", "2026-3", "26-03-01", "2026/03", "abcd-ef", "",
        ] {
            assert!(!is_month(bad), "{bad}");
        }
    }

    #[test]
    fn instructors_round_trip_through_their_route_parameter() {
        for t in [
            Teacher::User(42),
            Teacher::Guest("Maria Lopez".into(), "Grand Hotel".into()),
            Teacher::Guest("Solo".into(), String::new()),
        ] {
            assert_eq!(teacher_of(&who_of(&t)), Some(t.clone()));
        }
        assert_eq!(teacher_of("u12x"), None);
        assert_eq!(teacher_of("x12"), None);
    }
}
