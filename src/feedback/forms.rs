//! Trainers' feedback forms: the overview, the editor, saving (a form with answers gets a new
//! version) and each course's choice of form. Used by the server functions of `api.rs`.

use super::{FormEditor, FormSummary, FormsOverview, definition, store};
use crate::error::AppError;
use crate::server::state::AppState;

/// Every form family at its newest version, and which form each course uses.
pub async fn overview(state: &AppState) -> Result<FormsOverview, AppError> {
    let mut forms = Vec::new();
    for f in store::families(&state.db).await? {
        forms.push(FormSummary {
            family: f.family,
            version: f.version,
            title: f.title.clone(),
            questions: definition::parse(&f.definition)
                .map(|q| q.len())
                .unwrap_or(0),
            answered: store::answered(&state.db, f.id).await?,
            is_default: f.is_default,
        });
    }
    Ok(FormsOverview {
        forms,
        courses: store::course_choices(&state.db).await?,
    })
}

/// A family's newest version to edit, or a new form starting from the default one.
pub async fn editor(state: &AppState, family: Option<i64>) -> Result<FormEditor, AppError> {
    let Some(f) = family else {
        return Ok(FormEditor {
            family: None,
            version: 1,
            title: String::new(),
            definition: definition::DEFAULT_FORM.to_string(),
            answered: false,
        });
    };
    let form = store::current(&state.db, f)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such form."))?;
    Ok(FormEditor {
        family: Some(f),
        version: form.version,
        answered: store::answered(&state.db, form.id).await?,
        title: form.title,
        definition: form.definition,
    })
}

/// Checks and saves a form; returns what the trainer is told and where they go next.
pub async fn save(
    state: &AppState,
    trainer: i64,
    family: Option<i64>,
    title: &str,
    definition: &str,
) -> Result<(String, String), AppError> {
    let title: String = title.trim().chars().take(200).collect();
    if title.is_empty() {
        return Err(AppError::invalid("Give the form a title."));
    }
    if definition.len() > 20_000 {
        return Err(AppError::invalid(
            "The form is too long (at most 40 questions).",
        ));
    }
    definition::parse(definition).map_err(|errors| {
        AppError::invalid(
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let (form, new_version) = store::save(&state.db, family, &title, definition, trainer).await?;
    Ok((
        if new_version {
            format!(
                "This form already has answers, so your changes are saved as version {}. Earlier answers keep version {}.",
                form.version,
                form.version - 1
            )
        } else {
            format!("{} is saved.", form.title)
        },
        format!("/trainer/forms/{}", form.family),
    ))
}

/// Sets the form a course's sessions use ("" for the default); returns what the trainer is
/// told and where they go next.
pub async fn choose_for_course(
    state: &AppState,
    course: &str,
    form: &str,
) -> Result<(String, String), AppError> {
    let c = crate::courses::store::by_slug(&state.db, course)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such course."))?;
    let family = match form.trim() {
        "" => None,
        f => {
            let f: i64 = f
                .parse()
                .map_err(|_| AppError::invalid("Choose a form from the list."))?;
            store::current(&state.db, f)
                .await?
                .ok_or_else(|| AppError::invalid("Choose a form from the list."))?;
            Some(f)
        }
    };
    store::set_course_form(&state.db, c.id, family).await?;
    Ok((
        format!(
            "{} now uses {}.",
            c.title,
            if family.is_some() {
                "the chosen form"
            } else {
                "the default form"
            }
        ),
        "/trainer/forms".to_string(),
    ))
}
