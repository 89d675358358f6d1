//! The trainer's enrol form (`/trainer/enrol`): a course, a list of people and/or a
//! department, and an optional due date.

use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::enrollment::api::{self, EnrolPeople};
use crate::ui::forms::form_action;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TrainerEnrolPage() -> impl IntoView {
    view! {
        <Title text="Enrol people — Service Academy"/>
        <Guard need=Permission::ManageTraining children=|_user: User| view! { <EnrolForm/> }/>
    }
}

#[component]
fn EnrolForm() -> impl IntoView {
    let choices = Resource::new(|| (), |_| api::enrolment_choices());
    let action = form_action::<EnrolPeople>();
    view! {
        <section>
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/trainer">"Training"</a></nav>
            <h1>"Enrol people in a course"</h1>
            <p class="lead">"Enrol one person, a list, or a whole department. People already enrolled are left as they are (a new due date replaces theirs)."</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(choices.await, |c| view! {
                        <ActionForm action=action attr:class="stacked-form">
                            <div class="field">
                                <label for="course">"Course"<span class="required" aria-hidden="true">" *"</span></label>
                                <select id="course" name="course" required=true>
                                    {c.courses.into_iter().map(|(slug, title)| view! { <option value=slug>{title}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="employee_ids">"Employee ids"</label>
                                <p class="hint" id="employee_ids-hint">"One per line, or separated by commas."</p>
                                <textarea id="employee_ids" name="employee_ids" rows=5 aria-describedby="employee_ids-hint"></textarea>
                            </div>
                            <div class="field">
                                <label for="department">"…and/or everyone in a department"</label>
                                <select id="department" name="department">
                                    <option value="">"No department"</option>
                                    {c.departments.into_iter().map(|d| { let shown = d.clone(); view! { <option value=d>{shown}</option> } }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="due_on">"Due date (optional)"</label>
                                <input id="due_on" name="due_on" type="date"/>
                            </div>
                            <button type="submit" class="button primary">"Enrol"</button>
                        </ActionForm>
                    }.into_any())
                })}
            </Suspense>
        </section>
    }
}
