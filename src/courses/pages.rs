//! Course pages (temporary skeleton).
use leptos::prelude::*;
#[component]
pub fn CatalogPage() -> impl IntoView {
    view! { <h1>"Courses"</h1> }
}
#[component]
pub fn CoursePage() -> impl IntoView {
    view! { <h1>"Course"</h1> }
}
#[component]
pub fn LessonPage() -> impl IntoView {
    view! { <h1>"Lesson"</h1> }
}
#[component]
pub fn CaseStudiesPage() -> impl IntoView {
    view! { <h1>"Case studies"</h1> }
}
#[component]
pub fn CaseStudyPage() -> impl IntoView {
    view! { <h1>"Case study"</h1> }
}
#[component]
pub fn GlossaryPage() -> impl IntoView {
    view! { <h1>"Glossary"</h1> }
}
