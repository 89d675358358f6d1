//! A progress bar that reads the same to everyone: a drawn bar, its number in text, and the
//! progressbar role for screen readers.

use leptos::prelude::*;

#[component]
pub fn ProgressBar(percent: u8, #[prop(into)] label: String) -> impl IntoView {
    let percent = percent.min(100);
    view! {
        <div class="progress">
            <div
                class="progress-track"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=percent.to_string()
            >
                <span class="progress-fill" style=format!("width: {percent}%")></span>
            </div>
            <span class="progress-text">{format!("{percent} %")}</span>
        </div>
    }
}
