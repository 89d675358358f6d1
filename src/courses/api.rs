//! Server functions of courses: read-only views of the loaded library. Signed-in people may read
//! everything; anonymous visitors see the catalog only (unless `ACADEMY_PUBLIC_CATALOG=false`).

use super::{
    CaseStudyLink, CaseStudyView, CatalogView, CheckView, CourseView, GlossaryTerm, LessonView,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::catalog::{Query, Sort},
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, load},
};

#[server(endpoint = "courses/catalog")]
pub async fn catalog(
    text: String,
    topic: String,
    audience: String,
    sort: String,
) -> Result<CatalogView, AppError> {
    let result = async {
        let state = context::state()?;
        if !state.config.public_catalog {
            auth::require(&state, Permission::ReadCourses).await?;
        }
        let query = Query {
            text: text.chars().take(200).collect(),
            topic,
            audience,
            sort: Sort::parse(&sort),
        };
        Ok(state.library.current().catalog(&query))
    }
    .await;
    load(result)
}

/// Answers a read of the library for a signed-in person: a missing item is a 404 with `missing`.
#[cfg(feature = "ssr")]
async fn read<T>(
    missing: &str,
    view: impl FnOnce(&super::library::Loaded) -> Option<T>,
) -> Result<T, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        view(&state.library.current()).ok_or_else(|| AppError::not_found(missing))
    }
    .await;
    load(result)
}

#[server(endpoint = "courses/course")]
pub async fn course(slug: String) -> Result<CourseView, AppError> {
    read("There is no such course.", |lib| lib.course_view(&slug)).await
}

#[server(endpoint = "courses/lesson")]
pub async fn lesson(course: String, lesson: String) -> Result<LessonView, AppError> {
    read("There is no such lesson.", |lib| {
        lib.lesson_view(&course, &lesson)
    })
    .await
}

#[server(endpoint = "courses/check")]
pub async fn knowledge_check(slug: String) -> Result<CheckView, AppError> {
    read("This course has no knowledge check.", |lib| {
        lib.check_view(&slug)
    })
    .await
}

#[server(endpoint = "courses/case-studies")]
pub async fn case_studies() -> Result<Vec<CaseStudyLink>, AppError> {
    read("", |lib| Some(lib.case_studies())).await
}

#[server(endpoint = "courses/case-study")]
pub async fn case_study(slug: String) -> Result<CaseStudyView, AppError> {
    read("There is no such case study.", |lib| lib.case_study(&slug)).await
}

#[server(endpoint = "courses/glossary")]
pub async fn glossary() -> Result<Vec<GlossaryTerm>, AppError> {
    read("", |lib| Some(lib.glossary())).await
}
