//! The home page (a welcome for visitors, a dashboard for the signed-in) and the instructor's and
//! trainer's areas.

use crate::accounts::guard::{Decision, Guard, Waiting, decide, refusal};
use crate::accounts::permissions::Permission;
use crate::accounts::{Role, User};
use crate::enrollment::pages::MyLearning;
use crate::error::AppError;
use crate::sessions::pages::{MySessions, TeachingList};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let decision = decide(|user| match user {
        None => Err(AppError::Unauthenticated),
        Some(u) if u.must_change_password => Err(AppError::PasswordChangeRequired),
        Some(u) => Ok(u.clone()),
    });
    view! {
        {move || match decision.get() {
            Decision::Show(u) => view! { <Dashboard user=u/> }.into_any(),
            Decision::Wait => view! { <Waiting/> }.into_any(),
            Decision::Refuse(AppError::Unauthenticated) => view! { <Welcome/> }.into_any(),
            Decision::Refuse(e) => refusal(e),
        }}
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <Title text="Service Academy"/>
        <section class="hero">
            <h1>"Service Academy"</h1>
            <p class="lead">
                "Customer-service training for the people who serve our city: short courses, "
                "instructor-led sessions, and your feedback after every one."
            </p>
            <p>
                <a class="button primary" href="/sign-in">"Sign in"</a>" "
                <a class="button" href="/courses">"Browse the course catalog"</a>
            </p>
        </section>
    }
}

#[component]
fn Dashboard(user: User) -> impl IntoView {
    let first_name = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    let role = user.role;
    view! {
        <Title text="Dashboard — Service Academy"/>
        <section>
            <h1>{format!("Welcome, {first_name}")}</h1>
            <p class="lead">{format!("You are signed in as {}.", role.label())}</p>
            <MySessions/>
            <MyLearning/>
            <MyDepartments/>
            <div class="cards">
                {role.can(Permission::Teach).then(|| view! {
                    <article class="card">
                        <h2>"Teaching"</h2>
                        <p>"Your sessions and what attendees said about them."</p>
                        <p><a href="/teaching">"Open your teaching area"</a></p>
                    </article>
                })}
                {role.can(Permission::ManageTraining).then(|| view! {
                    <article class="card">
                        <h2>"Training program"</h2>
                        <p>"Schedule sessions, enrol people, and review feedback."</p>
                        <p><a href="/trainer">"Open the training area"</a></p>
                    </article>
                })}
                {(role == Role::Admin).then(|| view! {
                    <article class="card">
                        <h2>"Administration"</h2>
                        <p>"Create accounts, change roles, deactivate people who have left; departments, their officers and the HR roster."</p>
                        <p><a href="/admin/users">"Manage users"</a>" · "<a href="/admin/departments">"Departments"</a>" · "<a href="/admin/roster">"Import the HR roster"</a></p>
                    </article>
                })}
            </div>
        </section>
    }
}

#[component]
pub fn TeachingPage() -> impl IntoView {
    view! {
        <Title text="Teaching — Service Academy"/>
        <Guard need=Permission::Teach children=|_user: User| view! {
            <section>
                <h1>"Teaching"</h1>
                <p class="lead">
                    "Sessions you teach, with their roster, check-in code and, afterwards, what "
                    "attendees said. Results appear once enough people have answered."
                </p>
                <p><a class="button" href="/teaching/benchmarks">"My feedback against the program"</a></p>
                <TeachingList/>
            </section>
        }/>
    }
}

#[component]
pub fn TrainerPage() -> impl IntoView {
    view! {
        <Title text="Training — Service Academy"/>
        <Guard need=Permission::ManageTraining children=|_user: User| view! {
            <section>
                <h1>"Training program"</h1>
                <div class="cards">
                    <article class="card">
                        <h2>"Enrol people"</h2>
                        <p>"Enrol one person, a list, or a whole department in a course, with a due date."</p>
                        <p><a href="/trainer/enrol">"Enrol people"</a></p>
                    </article>
                    <article class="card">
                        <h2>"Departments"</h2>
                        <p>"Assign courses to departments, divisions, job titles or lists; every department's completion side by side."</p>
                        <p><a href="/assignments">"Assignments"</a>" · "<a href="/reports">"Department reports"</a></p>
                    </article>
                    <article class="card">
                        <h2>"Look up a transcript"</h2>
                        <form method="get" action="/transcript" class="search-form">
                            <label for="employee">"Employee id"</label>
                            <input id="employee" name="employee" required=true maxlength=64/>
                            <button type="submit" class="button">"Open transcript"</button>
                        </form>
                    </article>
                </div>
                <div class="cards">
                    <article class="card">
                        <h2>"Sessions"</h2>
                        <p>"Schedule instructor-led sessions, manage rosters and waitlists, read feedback."</p>
                        <p><a href="/trainer/sessions">"All sessions"</a>" · "<a href="/trainer/sessions/new">"Schedule a session"</a></p>
                    </article>
                    <article class="card">
                        <h2>"Feedback forms"</h2>
                        <p>"The questions attendees answer after each session, per course or per session."</p>
                        <p><a href="/trainer/forms">"Feedback forms"</a></p>
                    </article>
                    <article class="card">
                        <h2>"Instructor benchmarks"</h2>
                        <p>"Each instructor, course and the program compared, with confidence intervals, trends and comments."</p>
                        <p><a href="/trainer/benchmarks">"Instructor benchmarks"</a></p>
                    </article>
                </div>
                <p><a href="/courses">"Review the course catalog"</a></p>
            </section>
        }/>
    }
}

/// A customer service officer's departments, with their reports and assignments.
#[component]
fn MyDepartments() -> impl IntoView {
    let mine = Resource::new(|| (), |_| crate::reports::api::my_departments());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                mine.await.ok().filter(|d| !d.is_empty()).map(|departments| view! {
                    <article class="card" id="my-departments">
                        <h2>"Your departments"</h2>
                        <p>"You are a customer service officer of:"</p>
                        <ul>
                            {departments.into_iter().map(|(code, name)| view! {
                                <li><a href=format!("/reports/departments/{code}")>{format!("{name} ({code})")}</a></li>
                            }).collect_view()}
                        </ul>
                        <p><a href="/assignments">"Assign courses to your people"</a></p>
                    </article>
                })
            })}
        </Suspense>
    }
}
