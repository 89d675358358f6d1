//! What every benchmarking view starts from: the filters checked and resolved into a scope, the
//! compared questions of the default form, the honesty rules in force and the filter choices.

use super::stats::Rules;
use super::store::Scope;
use super::*;
use crate::courses::store::CourseName;
use crate::error::{AppError, AppResult};
use crate::feedback::definition::{self, Question, QuestionKind};
use crate::server::state::AppState;
use std::collections::HashMap;

/// What every view needs: the rules, the benchmarked questions and the scope of the filters.
pub struct Context {
    pub rules: Rules,
    pub questions: Vec<Question>,
    pub filters: Filters,
    pub scope: Scope,
    pub choices: Choices,
    pub(super) courses: Vec<CourseName>,
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
    let courses = crate::courses::store::names(db).await?;
    let mut scope = Scope::default();
    filters.course = filters.course.trim().to_string();
    if !filters.course.is_empty() {
        let found = courses.iter().find(|c| c.slug == filters.course);
        scope.course_id = Some(
            found
                .ok_or_else(|| {
                    AppError::invalid(format!("There is no course {:?}.", filters.course))
                })?
                .id,
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
            .map(|c| (c.slug.clone(), c.title.clone()))
            .collect(),
        departments: crate::departments::store::names_of_people(db).await?,
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
    let Some(form) = crate::feedback::store::default_form(&state.db).await? else {
        return Ok(Vec::new());
    };
    Ok(definition::parse(&form.definition).unwrap_or_default())
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
}
