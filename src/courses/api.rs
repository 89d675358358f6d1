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

#[server(endpoint = "courses/course")]
pub async fn course(slug: String) -> Result<CourseView, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        state
            .library
            .current()
            .course_view(&slug)
            .ok_or_else(|| AppError::not_found("There is no such course."))
    }
    .await;
    load(result)
}

#[server(endpoint = "courses/lesson")]
pub async fn lesson(course: String, lesson: String) -> Result<LessonView, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        state
            .library
            .current()
            .lesson_view(&course, &lesson)
            .ok_or_else(|| AppError::not_found("There is no such lesson."))
    }
    .await;
    load(result)
}

#[server(endpoint = "courses/check")]
pub async fn knowledge_check(slug: String) -> Result<CheckView, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        state
            .library
            .current()
            .check_view(&slug)
            .ok_or_else(|| AppError::not_found("This course has no knowledge check."))
    }
    .await;
    load(result)
}

#[server(endpoint = "courses/case-studies")]
pub async fn case_studies() -> Result<Vec<CaseStudyLink>, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        Ok(state.library.current().case_studies())
    }
    .await;
    load(result)
}

#[server(endpoint = "courses/case-study")]
pub async fn case_study(slug: String) -> Result<CaseStudyView, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        state
            .library
            .current()
            .case_study(&slug)
            .ok_or_else(|| AppError::not_found("There is no such case study."))
    }
    .await;
    load(result)
}

#[server(endpoint = "courses/glossary")]
pub async fn glossary() -> Result<Vec<GlossaryTerm>, AppError> {
    let result = async {
        let state = context::state()?;
        auth::require(&state, Permission::ReadCourses).await?;
        Ok(state.library.current().glossary())
    }
    .await;
    load(result)
}
