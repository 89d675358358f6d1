//! Set-password links, one-time passwords and the session cookie over real HTTP (issue 15): a
//! link dies with a reset and ends old sessions; one-time passwords hide from scripts and
//! expire; behind https the session cookie is `__Host-` prefixed.

mod common;

use academy::accounts::Role;
use common::{Browser, PASSWORD, TestApp, on_server};

/// The set-password links CSV for everyone, downloaded as an administrator does.
async fn invitations(admin: &Browser) -> common::Page {
    admin
        .post_form(
            "/admin/roster/invitations",
            "/admin/roster",
            &[("department", "")],
        )
        .await
}

/// Issues set-password links as an administrator does, and returns the token of `employee_id`.
async fn link_token(admin: &Browser, employee_id: &str) -> String {
    let csv = invitations(admin).await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let line = csv
        .body
        .lines()
        .find(|l| l.starts_with(&format!("{employee_id},")))
        .unwrap_or_else(|| panic!("a link for {employee_id}: {}", csv.body));
    line.split("token=").nth(1).unwrap()[..43].to_string()
}

async fn set_with_link(b: &Browser, token: &str, password: &str) -> common::Page {
    b.call(
        "/api/accounts/link/set",
        &[
            ("token", token),
            ("new_password", password),
            ("confirm", password),
        ],
    )
    .await
}

#[tokio::test]
async fn a_set_password_link_stops_working_once_an_administrator_resets_the_password() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-L1").await;
    let (_, person) = app.crowd("L", 1).await.pop().unwrap();
    let token = link_token(&admin, &person.employee_id).await;
    let id = person.id.to_string();
    let reset = admin
        .call("/api/admin/users/reset-password", &[("user_id", &id)])
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let visitor = app.browser();
    visitor
        .visit(&format!("/set-password?token={token}"))
        .await
        .assert_contains("This link does not work");
    let res = set_with_link(&visitor, &token, "someone else's phrase").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("has a password now"), "{}", res.body);
}

#[tokio::test]
async fn choosing_a_password_with_a_link_ends_every_session_of_the_account() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-L2").await;
    let (earlier, person) = app.crowd("M", 1).await.pop().unwrap();
    assert_eq!(earlier.get("/account").await.status, 200);
    let token = link_token(&admin, &person.employee_id).await;
    let chosen = "a long walk by the river";
    let res = set_with_link(&app.browser(), &token, chosen).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        earlier.get("/account").await.status,
        302,
        "a session from before the password was chosen is over"
    );
    let signed = app.browser().sign_in(&person.employee_id, chosen).await;
    assert_eq!(signed.location.as_deref(), Some("/"));
    // A second link for the same account is not issued: it has a password now.
    let csv = invitations(&admin).await;
    assert!(!csv.body.contains(&person.employee_id), "{}", csv.body);
}

#[tokio::test]
async fn one_time_passwords_travel_only_in_a_short_lived_http_only_notice() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-O1").await;
    let created = admin
        .post_form(
            "/api/admin/users/create",
            "/admin/users",
            &[
                ("employee_id", "E-O2"),
                ("name", "Olu Obi"),
                ("email", "olu.obi@city.test"),
                ("department", "Revenue"),
                ("role", "employee"),
            ],
        )
        .await;
    let olu = app.number(
        "SELECT id FROM users WHERE employee_id = 'E-O2' AND $1 = $1",
        0,
    );
    let reset = admin
        .call(
            "/api/admin/users/reset-password",
            &[("user_id", &olu.await.to_string())],
        )
        .await;
    for res in [created, reset] {
        let notice = res
            .set_cookies
            .iter()
            .find(|c| c.starts_with("academy_flash="))
            .expect("the notice cookie");
        assert!(notice.contains("; HttpOnly"), "{notice}");
        let after = notice.split("Max-Age=").nth(1).unwrap();
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let max_age: u64 = digits.parse().unwrap();
        assert!(max_age <= 60, "{notice}");
    }
    admin
        .get("/admin/users")
        .await
        .assert_contains("it works for 72 hours");
}

#[tokio::test]
async fn the_first_administrators_printed_one_time_password_expires() {
    let app = TestApp::start().await;
    let state = app.state.clone();
    let printed =
        on_server(async move { academy::server::router::bootstrap_first_admin(&state).await })
            .await
            .unwrap()
            .expect("an empty database gets its first administrator");
    assert!(printed.contains("it works until"), "{printed}");
    assert!(printed.contains("72 hours"), "{printed}");
    let password = printed.split("password: ").nth(1).unwrap()[..19].to_string();
    let expires = app
        .number(
            "SELECT password_expires_at - $1 FROM users WHERE employee_id = 'admin'",
            academy::db::now(),
        )
        .await;
    assert!((72 * 3600 - 60..=72 * 3600).contains(&expires), "{expires}");

    app.exec("UPDATE users SET password_expires_at = 1 WHERE employee_id = 'admin'")
        .await;
    let late = app.browser();
    let res = late.sign_in("admin", &password).await;
    assert_eq!(res.location.as_deref(), Some("/sign-in"));
    late.get("/sign-in")
        .await
        .assert_contains("This one-time password has expired");
    assert!(late.cookie("academy_session").is_none());

    app.run(
        "UPDATE users SET password_expires_at = $1 WHERE employee_id = 'admin'",
        &[academy::db::now() + 3600],
    )
    .await;
    let res = app.browser().sign_in("admin", &password).await;
    assert_eq!(res.location.as_deref(), Some("/account?first=1"));
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_host_prefixed_and_the_plain_name_is_ignored() {
    let app = TestApp::start_with(|c| c.secure_cookies = true).await;
    let user = app.user(Role::Employee, "E-H1").await;
    let b = app.browser();
    let res = b.sign_in(&user.email, PASSWORD).await;
    assert_eq!(res.status, 302);
    let cookie = res
        .set_cookies
        .iter()
        .find(|c| c.starts_with("__Host-academy_session="))
        .unwrap_or_else(|| panic!("{:?}", res.set_cookies));
    assert!(
        cookie.contains("; Secure") && cookie.contains("; Path=/;") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert_eq!(b.get("/account").await.status, 200);
    let token = b.cookie("__Host-academy_session").unwrap();
    let planted = app.browser();
    planted.set_cookie("academy_session", &token);
    assert_eq!(
        planted.get("/account").await.status,
        302,
        "a cookie without the prefix (one a subdomain could plant) is not a session"
    );
    b.call("/api/accounts/sign-out", &[]).await;
    assert!(b.cookie("__Host-academy_session").is_none());
    assert_eq!(b.get("/account").await.status, 302);
}
