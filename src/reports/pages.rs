//! Department report pages: the city side by side (`/reports`), one department
//! (`/reports/departments/:code`) and its people (`/reports/departments/:code/people`). Every
//! table has its CSV; every chart its table.

use super::api;
use super::{CourseLine, DepartmentLine, PeopleReport, STATUSES};
use crate::accounts::User;
use crate::accounts::guard::{Guard, or_refusal};
use crate::accounts::permissions::Permission;
use crate::text::percent_encode;
use crate::ui::pager;
use crate::ui::{DataTable, DownloadLink};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.0} %"))
}

/// `/reports`: every department side by side (trainers and administrators).
#[component]
pub fn CityReportPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| api::city_figures());
    view! {
        <Title text="Department reports — Service Academy"/>
        <Guard need=Permission::ManageTraining children=move |_user: User| view! {
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/trainer">"Training"</a></nav>
            <h1>"Departments side by side"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |r| view! {
                        <p class="lead">{format!("Enrolments, completion and session attendance of every department's active people, as of {}. Overdue: the due date has passed and the course is not completed.", r.as_of)}</p>
                        <p><DownloadLink class="button" href="/reports/departments.csv">"Download this table (CSV)"</DownloadLink>" "
                           <DownloadLink class="button" href="/reports/people.csv">"Download everyone's standing in every course (CSV)"</DownloadLink></p>
                        <figure class="chart" inner_html=r.chart.clone()></figure>
                        <LineTable caption="Departments" lines=r.departments.clone() total=Some(r.total.clone()) linked=true/>
                    }.into_any())
                })}
            </Suspense>
        }/>
    }
}

#[component]
fn LineTable(
    caption: &'static str,
    lines: Vec<DepartmentLine>,
    total: Option<DepartmentLine>,
    linked: bool,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="empty">"No departments yet. An administrator adds them, or imports the HR roster, under Administration."</p> }.into_any();
    }
    let row = move |l: DepartmentLine, head: bool| {
        let name = if linked && !l.code.is_empty() && !head {
            view! { <a href=format!("/reports/departments/{}", percent_encode(&l.code))>{l.name.clone()}</a> }.into_any()
        } else {
            view! { <span>{l.name.clone()}</span> }.into_any()
        };
        view! {
            <tr class:total=head>
                <th scope="row">{name}{(!l.code.is_empty()).then(|| format!(" ({})", l.code))}</th>
                <td class="num">{l.people}</td>
                <td class="num">{l.enrolled}</td>
                <td class="num">{l.assigned}</td>
                <td class="num">{l.completed}</td>
                <td class="num">{l.overdue}</td>
                <td class="num">{pct(l.completion())}</td>
                <td class="num">{l.attended}</td>
                <td class="num">{l.no_shows}</td>
                <td class="num">{pct(l.attendance())}</td>
            </tr>
        }
    };
    view! {
        <DataTable caption=caption columns=vec!["Department", "People", "Enrolled", "Assigned", "Completed", "Overdue", "Completion", "Sessions attended", "No-shows", "Attendance"] id=format!("{}-table", caption.to_lowercase().replace(' ', "-")) visible_caption=true>
            <tbody>{lines.into_iter().map(|l| row(l, false)).collect_view()}</tbody>
            {total.map(|t| view! { <tfoot>{row(t, true)}</tfoot> })}
        </DataTable>
    }
    .into_any()
}

fn code_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("code").unwrap_or_default()
}

/// `/reports/departments/:code`: one department with those under it.
#[component]
pub fn DepartmentReportPage() -> impl IntoView {
    let code = code_param();
    let data = Resource::new(code, api::department_figures);
    view! {
        <Title text="Department report — Service Academy"/>
        <Guard need=Permission::Learn children=move |_user: User| view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |r| {
                        let c = percent_encode(&r.department.code);
                        view! {
                            <nav class="breadcrumbs" aria-label="Breadcrumb">
                                {r.city.then(|| view! { <a href="/reports">"All departments"</a> })}
                            </nav>
                            <h1>{format!("{} ({})", r.department.name, r.department.code)}</h1>
                            <p class="lead">{format!("As of {}. {} active people; {} of {} enrolments completed ({}), {} overdue.", r.as_of, r.total.people, r.total.completed, r.total.enrolled, pct(r.total.completion()), r.total.overdue)}</p>
                            <p>
                                <a class="button primary" href=format!("/reports/departments/{c}/people")>"People"</a>" "
                                <a class="button" href="/assignments">"Assign a course"</a>" "
                                <DownloadLink class="button" href=format!("/reports/departments/{c}/courses.csv")>"Courses (CSV)"</DownloadLink>" "
                                <DownloadLink class="button" href=format!("/reports/departments/{c}/people.csv")>"Everyone's standing (CSV)"</DownloadLink>
                            </p>
                            {(!r.divisions.is_empty()).then(|| view! {
                                <LineTable caption="Departments under it" lines=r.divisions.clone() total=Some(r.total.clone()) linked=true/>
                            })}
                            <h2>"Courses"</h2>
                            <figure class="chart" inner_html=r.chart.clone()></figure>
                            <CourseTable courses=r.courses.clone() code=r.department.code.clone()/>
                            <h2>"Sessions"</h2>
                            <p>{format!("Session places of its people: {} attended (on time or late), {} no-shows — attendance {}.", r.total.attended, r.total.no_shows, pct(r.total.attendance()))}</p>
                        }.into_any()
                    })
                })}
            </Suspense>
        }/>
    }
}

#[component]
fn CourseTable(courses: Vec<CourseLine>, code: String) -> impl IntoView {
    if courses.is_empty() {
        return view! { <p class="empty">"Nobody here is enrolled in a course yet. Assign one to the department."</p> }.into_any();
    }
    let c = percent_encode(&code);
    view! {
        <DataTable caption="Courses" columns=vec!["Course", "Enrolled", "Assigned", "Completed", "Overdue", "Completion"] id="courses-table">
            <tbody>
                {courses.into_iter().map(|l| view! {
                    <tr>
                        <th scope="row"><a href=format!("/reports/departments/{c}/people?course={}", percent_encode(&l.slug))>{l.title.clone()}</a></th>
                        <td class="num">{l.enrolled}</td>
                        <td class="num">{l.assigned}</td>
                        <td class="num">{l.completed}</td>
                        <td class="num">{l.overdue}</td>
                        <td class="num">{pct(l.completion())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </DataTable>
    }
    .into_any()
}

/// `/reports/departments/:code/people`: the people behind the numbers.
#[component]
pub fn DepartmentPeoplePage() -> impl IntoView {
    let code = code_param();
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            code(),
            q.get("course").unwrap_or_default(),
            q.get("status").unwrap_or_default(),
            q.get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1),
        )
    };
    let data = Resource::new(args, |(code, course, status, page)| {
        api::department_people(code, course, status, page)
    });
    view! {
        <Title text="People of a department — Service Academy"/>
        <Guard need=Permission::Learn children=move |_user: User| view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    or_refusal(data.await, |r| view! { <PeopleView r=r/> })
                })}
            </Suspense>
        }/>
    }
}

#[component]
fn PeopleView(r: PeopleReport) -> impl IntoView {
    let c = percent_encode(&r.code);
    let chosen = !r.course.is_empty();
    let base = format!(
        "/reports/departments/{c}/people?course={}&status={}",
        percent_encode(&r.course),
        percent_encode(&r.status)
    );
    let course = r.course.clone();
    let status = r.status.clone();
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href=format!("/reports/departments/{c}")>{r.name.clone()}</a></nav>
        <h1>{format!("People of {} ({})", r.name, r.code)}</h1>
        <form method="get" class="filters" action=format!("/reports/departments/{c}/people")>
            <div class="field">
                <label for="course">"Course"</label>
                <select id="course" name="course">
                    <option value="">"All courses"</option>
                    {r.courses.iter().map(|(slug, title)| view! { <option value=slug.clone() selected=*slug == course>{title.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="status">"Standing"</label>
                <select id="status" name="status">
                    {STATUSES.iter().map(|(k, label)| view! { <option value=*k selected=*k == status>{*label}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Show"</button>
        </form>
        <p class="count">{format!("{} {}", r.total, if r.total == 1 { "person" } else { "people" })}</p>
        {if r.people.is_empty() {
            view! { <p class="empty">"Nobody matches."</p> }.into_any()
        } else {
            view! {
                <DataTable caption="People" columns={ let mut c = vec!["Name", "Employee id", "Department", "Job title", "Enrolled", "Completed", "Overdue"]; if chosen { c.push("In this course"); } c } id="people-table">
                    <tbody>
                        {r.people.into_iter().map(|p| view! {
                            <tr>
                                <th scope="row"><a href=format!("/transcript?employee={}", percent_encode(&p.employee_id))>{p.name}</a></th>
                                <td>{p.employee_id}</td>
                                <td>{p.department}</td>
                                <td>{p.job_title}</td>
                                <td class="num">{p.enrolled}</td>
                                <td class="num">{p.completed}</td>
                                <td class="num">{p.overdue}</td>
                                {chosen.then(|| view! { <td>{p.standing}</td> })}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </DataTable>
            }.into_any()
        }}
        {pager(base, r.page, r.pages)}
        <p><DownloadLink class="button" href=format!("/reports/departments/{c}/people.csv?course={}&status={}", percent_encode(&r.course), percent_encode(&r.status))>"These people's standing in every course (CSV)"</DownloadLink></p>
    }
}
