//! The assignments page: assign a course to a department, division, job title or list, and the
//! assignments already made, with how far their people are.

use super::api::{self, AssignCourse, WithdrawAssignment};
use super::{AssignmentView, AssignmentsPage};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::ui::forms::form_action;
use crate::ui::{DataTable, form_tick, pager};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/assignments`: trainers (the whole city) and customer service officers (their departments).
#[component]
pub fn AssignmentsPageView() -> impl IntoView {
    view! {
        <Title text="Assignments — Service Academy"/>
        <Guard need=Permission::Learn children=|_user: User| view! { <Assignments/> }/>
    }
}

#[component]
fn Assignments() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let data = Resource::new(
        move || (page(), form_tick()),
        |(page, _)| api::assignment_overview(page),
    );
    view! {
        <section>
            <h1>"Assignments"</h1>
            <p class="lead">"Assign a course with a due date. Everyone it is for is enrolled now, and people who join or move in later are enrolled when the roster brings them (with 30 days if the due date has passed). Reminders appear on their dashboards as the date nears."</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |d| view! { <AssignForm d=d.clone()/><AssignmentList d=d/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AssignForm(d: AssignmentsPage) -> impl IntoView {
    let action = form_action::<AssignCourse>();
    let c = d.choices;
    let city = c.city;
    view! {
        <h2>"Assign a course"</h2>
        <ActionForm action=action attr:class="stacked-form" attr:id="assign-form">
            <div class="field">
                <label for="course">"Course"<span class="required" aria-hidden="true">" *"</span></label>
                <select id="course" name="course" required=true>
                    {c.courses.into_iter().map(|(slug, title)| view! { <option value=slug>{title}</option> }).collect_view()}
                </select>
            </div>
            <fieldset class="field">
                <legend>"For"</legend>
                <p><input type="radio" id="kind-department" name="kind" value="department" checked=true/>" "<label for="kind-department">"A department"</label></p>
                <p><input type="radio" id="kind-division" name="kind" value="division"/>" "<label for="kind-division">"A division: the department and every department under it"</label></p>
                <p><input type="radio" id="kind-job-title" name="kind" value="job-title"/>" "<label for="kind-job-title">"A job title"</label></p>
                <p><input type="radio" id="kind-list" name="kind" value="list"/>" "<label for="kind-list">"A list of people"</label></p>
            </fieldset>
            <div class="field">
                <label for="department">"Department or division"</label>
                <p class="hint" id="department-hint">{if city { "For a job title, leave empty to assign it city-wide." } else { "For a job title, the department it is assigned in." }}</p>
                <select id="department" name="department" aria-describedby="department-hint">
                    <option value="">"—"</option>
                    {c.departments.into_iter().map(|(code, name)| view! { <option value=code.clone()>{format!("{name} ({code})")}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="job_title">"Job title"</label>
                <input id="job_title" name="job_title" list="job-titles" maxlength=120/>
                <datalist id="job-titles">
                    {c.job_titles.into_iter().map(|t| view! { <option value=t/> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="employee_ids">"Employee ids (for a list)"</label>
                <p class="hint" id="employee_ids-hint">"One per line, or separated by commas."</p>
                <textarea id="employee_ids" name="employee_ids" rows=4 aria-describedby="employee_ids-hint"></textarea>
            </div>
            <div class="field">
                <label for="due_on">"Due date"<span class="required" aria-hidden="true">" *"</span></label>
                <input id="due_on" name="due_on" type="date" required=true/>
            </div>
            <button type="submit" class="button primary">"Assign"</button>
        </ActionForm>
    }
}

#[component]
fn AssignmentList(d: AssignmentsPage) -> impl IntoView {
    let withdraw = form_action::<WithdrawAssignment>();
    if d.assignments.is_empty() {
        return view! {
            <h2>"Assignments made"</h2>
            <p class="empty">"No assignments yet. Assign a course above."</p>
        }
        .into_any();
    }
    let row = move |a: AssignmentView| {
        let rate = if a.enrolled > 0 {
            format!("{:.0} %", a.completed as f64 * 100.0 / a.enrolled as f64)
        } else {
            "—".into()
        };
        view! {
            <tr class:inactive=!a.live>
                <th scope="row"><a href=format!("/courses/{}", a.course_slug)>{a.course_title.clone()}</a></th>
                <td>{a.target.clone()}</td>
                <td>{a.due_on.clone()}</td>
                <td class="num">{a.enrolled}</td>
                <td class="num">{a.completed}</td>
                <td class="num">{rate}</td>
                <td>{format!("{}, {}", a.set_by, a.set_on)}</td>
                <td>
                    {if a.can_withdraw {
                        view! {
                            <ActionForm action=withdraw attr:class="row-form">
                                <input type="hidden" name="assignment" value=a.id/>
                                <button type="submit" class="button small secondary">"Withdraw"</button>
                            </ActionForm>
                        }.into_any()
                    } else if !a.live {
                        view! { <span>"Withdrawn"</span> }.into_any()
                    } else {
                        view! { <span>"Live"</span> }.into_any()
                    }}
                </td>
            </tr>
        }
    };
    view! {
        <h2>"Assignments made"</h2>
        <DataTable caption="Assignments" columns=vec!["Course", "For", "Due", "Enrolled", "Completed", "Rate", "Set by", "Status"] id="assignments">
            <tbody>{d.assignments.into_iter().map(row).collect_view()}</tbody>
        </DataTable>
        {pager("/assignments".into(), d.page, d.pages)}
    }
    .into_any()
}
