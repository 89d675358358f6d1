//! A transcript: every course a person was ever enrolled in, with its outcome, and the link to
//! the same rows as CSV. One's own, or someone else's for trainers and officers.

use crate::accounts::guard::or_refusal;
use crate::enrollment::api::{self};
use crate::ui::{DataTable, DownloadLink};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TranscriptPage() -> impl IntoView {
    let query = use_query_map();
    let employee = move || query.read().get("employee").unwrap_or_default();
    let data = Resource::new(employee, api::transcript_of);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |t| {
                    let csv = if t.own { "/transcript.csv".to_string() } else { format!("/transcript.csv?employee={}", crate::text::percent_encode(&t.person.employee_id)) };
                    let heading = if t.own { "My transcript".to_string() } else { format!("Transcript: {}", t.person.name) };
                    view! {
                        <Title text=format!("{heading} — Service Academy")/>
                        <h1>{heading}</h1>
                        <dl class="details">
                            <dt>"Name"</dt><dd>{t.person.name.clone()}</dd>
                            <dt>"Employee id"</dt><dd>{t.person.employee_id.clone()}</dd>
                            <dt>"Department"</dt><dd>{if t.person.department.is_empty() { "—".to_string() } else { t.person.department.clone() }}</dd>
                        </dl>
                        <p><DownloadLink class="button" href=csv>"Download as CSV"</DownloadLink></p>
                        {if t.rows.is_empty() {
                            view! { <p class="empty">"No enrolments yet."</p> }.into_any()
                        } else {
                            view! {
                                <DataTable caption="Courses" columns=vec!["Course", "Status", "Enrolled", "Due", "Completed", "Progress", "Best check score", "Certificate"]>
                                    <tbody>
                                        {t.rows.into_iter().map(|r| view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/courses/{}", r.course_slug)>{r.course_title.clone()}</a></th>
                                                <td>{r.status_label()}</td>
                                                <td>{r.enrolled_on.clone()}</td>
                                                <td>{r.due_on.clone().unwrap_or_default()}</td>
                                                <td>{r.completed_on.clone().map(|d| format!("{d} (v{})", r.completed_version.unwrap_or_default())).unwrap_or_default()}</td>
                                                <td>{format!("{} of {} lessons", r.lessons_done, r.lessons_total)}</td>
                                                <td>{r.best_score.map(|b| format!("{b} %")).unwrap_or_default()}</td>
                                                <td>{r.certificate.clone().map(|c| view! { <a href=format!("/certificates/{c}")>{c.clone()}</a> })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </DataTable>
                            }.into_any()
                        }}
                    }.into_any()
                })
            })}
        </Suspense>
    }
}
