//! The data table every list page draws: a scrolling wrapper, a caption (for screen readers
//! only unless asked), column headers in a `<thead>`; the page gives the body rows.

use leptos::prelude::*;

/// `<div class="table-wrap"><table class="data-table">` with its caption and column headers;
/// `children` are the table's `<tbody>` (and `<tfoot>`, if any).
#[component]
pub fn DataTable(
    /// What the table lists, read out before it.
    #[prop(into)]
    caption: String,
    /// The column headers, in order.
    columns: Vec<&'static str>,
    /// The table's id (pages and tests address some tables by it).
    #[prop(optional, into)]
    id: Option<String>,
    /// Show the caption to everyone, not only to screen readers.
    #[prop(optional)]
    visible_caption: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table" id=id>
                <caption class=(!visible_caption).then_some("visually-hidden")>{caption}</caption>
                <thead>
                    <tr>
                        {columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                {children()}
            </table>
        </div>
    }
}
