//! Status pages: not found, forbidden, and a generic error view. On the server they also set the
//! HTTP status of the response, so a refused page is a real 403, a missing one a real 404.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// On the server, the status the page is served with (the framework's response options).
fn set_status(_status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(_status),
    ) {
        res.set_status(code);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page not found — Service Academy"/>
        <section class="status-page">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p><a href="/">"Go to your dashboard"</a>" or "<a href="/courses">"browse the course catalog"</a>"."</p>
        </section>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! {
        <Title text="Not allowed — Service Academy"/>
        <section class="status-page">
            <h1>"You do not have access to this page"</h1>
            <p>"Your account's role does not include this part of the academy. If you think it should, ask an academy administrator."</p>
            <p><a href="/">"Go to your dashboard"</a></p>
        </section>
    }
}

/// Shows an error from a server function in words a person can act on.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_status(error.status());
    match error {
        AppError::Forbidden => view! { <Forbidden/> }.into_any(),
        AppError::NotFound(_) => view! { <NotFound/> }.into_any(),
        other => view! {
            <section class="status-page">
                <h1>"Something went wrong"</h1>
                <p role="alert">{other.to_string()}</p>
            </section>
        }
        .into_any(),
    }
}
