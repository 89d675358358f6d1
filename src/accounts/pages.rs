//! Account pages: sign in, your account (password change), and the administrator's user list
//! with create, role change, deactivation and password reset.

use super::api::{CreateUser, ResetPassword, UpdateUser, list_users};
use super::permissions::Permission;
use super::{Role, User};
use crate::accounts::current_user::use_auth_forms;
use crate::accounts::current_user::use_current_user;
use crate::accounts::guard::{Decision, Guard, Waiting, decide, or_refusal, refusal};
use crate::error::AppError;
use crate::ui::forms::{Field, form_action, reset_after_success};
use crate::ui::{DataTable, form_tick};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = use_auth_forms().sign_in;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let user = use_current_user();
    view! {
        <Title text="Sign in — Service Academy"/>
        <section class="narrow">
            <h1>"Sign in"</h1>
            {move || user.get().map(|u| view! {
                <p class="notice notice-info">"You are signed in as "{u.name}". "<a href="/">"Go to your dashboard"</a>"."</p>
            })}
            <ActionForm action=action attr:class="stacked-form">
                <input type="hidden" name="next" value=next/>
                <Field label="Email or employee id" name="login" autocomplete="username" required=true maxlength=254/>
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true maxlength=1024/>
                <button type="submit" class="button primary">"Sign in"</button>
            </ActionForm>
            <p class="hint">"Forgot your password? Ask an academy administrator to reset it."</p>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    // Whoever is signed in, even with a password still to choose: this is where they choose it.
    let decision = decide(|user| user.cloned().ok_or(AppError::Unauthenticated));
    let query = use_query_map();
    let first = move || query.read().get("first").is_some();
    view! {
        <Title text="Your account — Service Academy"/>
        {move || match decision.get() {
            Decision::Show(u) => view! { <AccountDetails user=u first=first()/> }.into_any(),
            Decision::Wait => view! { <Waiting/> }.into_any(),
            Decision::Refuse(e) => refusal(e),
        }}
    }
}

#[component]
fn AccountDetails(user: User, first: bool) -> impl IntoView {
    let action = use_auth_forms().change_password;
    let pending = user.must_change_password;
    view! {
        <section class="narrow">
            <h1>"Your account"</h1>
            {(pending || first).then(|| view! {
                <p class="notice notice-info" role="status">
                    "Welcome! Please choose your own password before you continue. "
                    "The one you were given works only once."
                </p>
            })}
            <dl class="details">
                <dt>"Name"</dt><dd>{user.name.clone()}</dd>
                <dt>"Email"</dt><dd>{user.email.clone()}</dd>
                <dt>"Employee id"</dt><dd>{user.employee_id.clone()}</dd>
                <dt>"Department"</dt><dd>{if user.department.is_empty() { "—".to_string() } else { user.department.clone() }}</dd>
                <dt>"Role"</dt><dd>{user.role.label()}</dd>
            </dl>
            <h2>"Change your password"</h2>
            <ActionForm action=action attr:class="stacked-form">
                <Field label="Current password" name="current" kind="password" autocomplete="current-password" required=true maxlength=1024/>
                <Field label="New password" name="new_password" kind="password" autocomplete="new-password" required=true maxlength=128
                    hint="At least 10 characters. A short sentence is easy to remember and hard to guess."/>
                <Field label="New password again" name="confirm" kind="password" autocomplete="new-password" required=true maxlength=128/>
                <button type="submit" class="button primary">"Change password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <Title text="Users — Service Academy"/>
        <Guard need=Permission::ManageUsers children=move |me: User| view! { <UserAdmin me=me/> }/>
    }
}

#[component]
fn UserAdmin(me: User) -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let users = Resource::new(
        move || (search(), page(), form_tick()),
        |(q, p, _)| list_users(q, p),
    );
    let create = form_action::<CreateUser>();
    // With JavaScript on the page stays; the form starts empty for the next person.
    let create_form = NodeRef::new();
    reset_after_success(create, create_form);
    view! {
        <section>
            <h1>"Users"</h1>
            <details class="panel" open=false>
                <summary>"Create an account"</summary>
                <ActionForm action=create node_ref=create_form attr:class="grid-form">
                    <Field label="Employee id" name="employee_id" required=true maxlength=32/>
                    <Field label="Name" name="name" autocomplete="off" required=true maxlength=120/>
                    <Field label="Email" name="email" kind="email" autocomplete="off" required=true maxlength=254/>
                    <Field label="Department" name="department" maxlength=120/>
                    <div class="field">
                        <label for="new-role">"Role"</label>
                        <select id="new-role" name="role">
                            {Role::ALL.into_iter().map(|r| view! {
                                <option value=r.as_str() selected=r == Role::Employee>{r.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <p class="hint">"A one-time password is shown once after you create the account."</p>
                    <button type="submit" class="button primary">"Create account"</button>
                </ActionForm>
            </details>
            <form method="get" action="/admin/users" class="search-form" role="search">
                <label for="user-search">"Search by name, email or employee id"</label>
                <input id="user-search" type="search" name="q" value=search maxlength=100/>
                <button type="submit" class="button">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        or_refusal(users.await, |p| view! { <UserTable page=p me=me search=search()/> })
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn UserTable(page: super::UserPage, me: User, search: String) -> impl IntoView {
    let update = form_action::<UpdateUser>();
    let reset = form_action::<ResetPassword>();
    let pages = i64::from(crate::text::page_count(
        page.total as u64,
        page.per_page as u64,
    ));
    let first = (page.page - 1) * page.per_page + 1;
    let last = (first + page.users.len() as i64 - 1).max(0);
    let link = move |p: i64| {
        let q: String = search
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("/admin/users?q={q}&page={p}")
    };
    if page.users.is_empty() {
        return view! { <p class="empty">"No accounts match your search."</p> }.into_any();
    }
    view! {
        <p class="count">{format!("Showing {first}–{last} of {} accounts", page.total)}</p>
        <DataTable caption="Accounts" columns=vec!["Name", "Employee id", "Email", "Department", "Role and status", "Password"]>
            <tbody>
                {page.users.into_iter().map(|u| {
                    let is_me = u.id == me.id;
                    let role_id = format!("role-{}", u.id);
                    let active_id = format!("active-{}", u.id);
                    view! {
                        <tr class:inactive=!u.active>
                            <th scope="row">{u.name.clone()}{is_me.then_some(" (you)")}</th>
                            <td>{u.employee_id.clone()}</td>
                            <td>{u.email.clone()}</td>
                            <td>{u.department.clone()}</td>
                            <td>
                                <ActionForm action=update attr:class="row-form">
                                    <input type="hidden" name="user_id" value=u.id/>
                                    <label class="visually-hidden" for=role_id.clone()>{format!("Role of {}", u.name)}</label>
                                    <select id=role_id name="role">
                                        {Role::ALL.into_iter().map(|r| view! {
                                            <option value=r.as_str() selected=r == u.role>{r.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    <input type="checkbox" id=active_id.clone() name="active" value="on" checked=u.active/>
                                    <label for=active_id>"Active"</label>
                                    <button type="submit" class="button small">"Save"</button>
                                </ActionForm>
                            </td>
                            <td>
                                <ActionForm action=reset attr:class="row-form">
                                    <input type="hidden" name="user_id" value=u.id/>
                                    <button type="submit" class="button small secondary">"Reset password"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </DataTable>
        <nav class="pagination" aria-label="Pages of accounts">
            {(page.page > 1).then(|| view! { <a href=link(page.page - 1) rel="prev">"← Previous"</a> })}
            <span>{format!("Page {} of {pages}", page.page)}</span>
            {(page.page < pages).then(|| view! { <a href=link(page.page + 1) rel="next">"Next →"</a> })}
        </nav>
    }
    .into_any()
}

/// `/set-password?token=…`: people created by the HR roster choose their first password.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let holder = Resource::new(token, super::api::password_link);
    let action = use_auth_forms().set_password;
    view! {
        <Title text="Choose your password — Service Academy"/>
        <section class="narrow">
            <h1>"Choose your password"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match holder.await {
                        Ok(name) => view! {
                            <p>{format!("Welcome, {name}. Choose the password you will sign in with. This link works once.")}</p>
                            <ActionForm action=action attr:class="stacked-form">
                                <input type="hidden" name="token" value=token()/>
                                <Field label="New password" name="new_password" kind="password" autocomplete="new-password" required=true maxlength=128
                                    hint="At least 10 characters. A short sentence is easy to remember and hard to guess."/>
                                <Field label="New password again" name="confirm" kind="password" autocomplete="new-password" required=true maxlength=128/>
                                <button type="submit" class="button primary">"Set my password"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
