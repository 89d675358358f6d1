//! The administrator's department pages: departments and their customer service officers
//! (`/admin/departments`), and the HR roster upload with its dry run (`/admin/roster`).

use super::api::{self, AddOfficer, RemoveOfficer, SaveDepartment};
use super::{DepartmentEntry, RosterPage, RosterRun};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::ui::forms::form_action;
use crate::ui::{DataTable, form_tick};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/admin/roster`: upload the HR export, dry run first.
#[component]
pub fn AdminRosterPage() -> impl IntoView {
    let query = use_query_map();
    let run = move || {
        query
            .read()
            .get("run")
            .and_then(|r| r.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(
        move || (run(), form_tick()),
        |(run, _)| api::roster_runs(run),
    );
    view! {
        <Title text="Roster import — Service Academy"/>
        <Guard need=Permission::ManageUsers children=move |_user: User| view! {
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/admin/departments">"Departments"</a></nav>
            <h1>"Import the HR roster"</h1>
            <p class="lead">"Upload the HR export as CSV with the header employee_id, name, email, department, job_title, manager_id, active. People are matched on employee id: new people are created (they set a password from a link you send them), changes are applied, and nobody is deleted."</p>
            <form method="post" action="/admin/roster/upload" enctype="multipart/form-data" class="stacked-form" id="roster-form">
                <div class="field">
                    <label for="file">"HR export (CSV, at most 50 MB)"<span class="required" aria-hidden="true">" *"</span></label>
                    <input id="file" name="file" type="file" accept=".csv,text/csv" required=true/>
                </div>
                <p><input type="checkbox" id="dry_run" name="dry_run" value="on" checked=true/>" "<label for="dry_run">"Dry run: show what would change, change nothing"</label></p>
                <p><input type="checkbox" id="full" name="full" value="on"/>" "<label for="full">"This is the whole roster: deactivate the employees it manages who are missing from it (administrators, trainers, instructors and accounts made in the academy are listed for review instead)"</label></p>
                <p><input type="checkbox" id="strict" name="strict" value="on"/>" "<label for="strict">"Strict: import nothing if any row has a problem"</label></p>
                <button type="submit" class="button primary">"Upload"</button>
            </form>
            <h2>"Set-password links"</h2>
            <p>"People the roster creates have no password. Download a one-time link for each of them (valid 14 days; a new download replaces older links) and send it with your usual mail merge."</p>
            <form method="post" action="/admin/roster/invitations" class="search-form">
                <label for="invite-department">"Department code (empty: everyone without a password)"</label>
                <input id="invite-department" name="department" maxlength=32/>
                <button type="submit" class="button">"Download links (CSV)"</button>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |p| view! { <Runs p=p/> })
                })}
            </Suspense>
        }/>
    }
}

fn kind(r: &RosterRun) -> String {
    let mut k = if r.dry_run {
        "Dry run"
    } else if r.applied {
        "Import"
    } else {
        "Refused"
    }
    .to_string();
    if r.full_roster {
        k.push_str(", whole roster");
    }
    if r.strict {
        k.push_str(", strict");
    }
    k
}

#[component]
fn Runs(p: RosterPage) -> impl IntoView {
    let chosen = p.chosen.map(|(r, at)| {
        let importable = r.dry_run && r.kept;
        view! {
            <section class="card" id="roster-report">
                <h2>{format!("{} of {} — {at}", kind(&r), r.file_name)}</h2>
                <p>{format!("{} new, {} changed, {} deactivated, {} unchanged, {} rows with problems.", r.created, r.updated, r.deactivated, r.unchanged, r.problems)}</p>
                <pre class="report">{r.report.clone()}</pre>
                {importable.then(|| view! {
                    <form method="post" action=format!("/admin/roster/{}/import", r.id)>
                        <button type="submit" class="button primary">"Import these changes"</button>
                    </form>
                })}
            </section>
        }
    });
    view! {
        {chosen}
        <h2>"Recent imports"</h2>
        {if p.runs.is_empty() {
            view! { <p class="empty">"No roster has been imported yet."</p> }.into_any()
        } else {
            view! {
                <DataTable caption="Recent imports" columns=vec!["When", "File", "Kind", "New", "Changed", "Deactivated", "Problems", "By"]>
                    <tbody>
                        {p.runs.into_iter().map(|(r, at)| view! {
                            <tr>
                                <td><a href=format!("/admin/roster?run={}", r.id)>{at}</a></td>
                                <td>{r.file_name.clone()}</td>
                                <td>{kind(&r)}</td>
                                <td class="num">{r.created}</td>
                                <td class="num">{r.updated}</td>
                                <td class="num">{r.deactivated}</td>
                                <td class="num">{r.problems}</td>
                                <td>{r.imported_by.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </DataTable>
            }.into_any()
        }}
    }
}

/// `/admin/departments`: departments, divisions and their customer service officers.
#[component]
pub fn AdminDepartmentsPage() -> impl IntoView {
    let data = Resource::new(form_tick, |_| api::departments_admin());
    let save = form_action::<SaveDepartment>();
    let add = form_action::<AddOfficer>();
    view! {
        <Title text="Departments — Service Academy"/>
        <Guard need=Permission::ManageUsers children=move |_user: User| view! {
            <h1>"Departments"</h1>
            <p class="lead">"Each department may have customer service officers: they see their department's reports (and those of the departments under it) and assign its people to courses."</p>
            <p><a class="button" href="/admin/roster">"Import the HR roster"</a>" "<a class="button" href="/reports">"Department reports"</a></p>
            <div class="cards">
                <article class="card">
                    <h2>"Add or rename a department"</h2>
                    <ActionForm action=save attr:class="stacked-form">
                        <div class="field"><label for="code">"Code"</label><input id="code" name="code" required=true maxlength=32/></div>
                        <div class="field"><label for="name">"Name"</label><input id="name" name="name" required=true maxlength=120/></div>
                        <div class="field"><label for="parent">"Part of (code, optional)"</label><input id="parent" name="parent" maxlength=32/></div>
                        <button type="submit" class="button primary">"Save department"</button>
                    </ActionForm>
                </article>
                <article class="card">
                    <h2>"Add an officer"</h2>
                    <ActionForm action=add attr:class="stacked-form">
                        <div class="field"><label for="officer-code">"Department code"</label><input id="officer-code" name="code" required=true maxlength=32/></div>
                        <div class="field"><label for="officer-employee">"Employee id"</label><input id="officer-employee" name="employee_id" required=true maxlength=64/></div>
                        <button type="submit" class="button primary">"Add officer"</button>
                    </ActionForm>
                </article>
            </div>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |d| view! { <DepartmentTable departments=d/> })
                })}
            </Suspense>
        }/>
    }
}

#[component]
fn DepartmentTable(departments: Vec<DepartmentEntry>) -> impl IntoView {
    let remove = form_action::<RemoveOfficer>();
    if departments.is_empty() {
        return view! { <p class="empty">"No departments yet. Add one above, or import the HR roster (its departments must exist first)."</p> }.into_any();
    }
    view! {
        <DataTable caption="Departments" columns=vec!["Department", "Part of", "People", "Officers"] id="departments-table">
            <tbody>
                {departments.into_iter().map(|d| {
                    let code = d.code.clone();
                    view! {
                        <tr>
                            <th scope="row"><a href=format!("/reports/departments/{}", d.code)>{format!("{} ({})", d.name, d.code)}</a></th>
                            <td>{d.parent.clone().unwrap_or_default()}</td>
                            <td class="num">{d.people}</td>
                            <td>
                                {if d.officers.is_empty() { Some(view! { <span>"None"</span> }) } else { None }}
                                {d.officers.into_iter().map(|(e, n)| {
                                    let code = code.clone();
                                    view! {
                                        <ActionForm action=remove attr:class="row-form">
                                            <input type="hidden" name="code" value=code/>
                                            <input type="hidden" name="employee_id" value=e.clone()/>
                                            <span>{format!("{n} ({e}) ")}</span>
                                            <button type="submit" class="button small secondary">"Remove"</button>
                                        </ActionForm>
                                    }
                                }).collect_view()}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </DataTable>
    }
    .into_any()
}
