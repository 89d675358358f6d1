//! Accounts over real HTTP: sign-in good and bad, throttling, sign-out, expiry, tampering,
//! password change, and the administrator's user management with its refusals.

mod common;

use academy::accounts::Role;
use common::{PASSWORD, TestApp};

#[tokio::test]
async fn health_check_reports_the_database() {
    let app = TestApp::start().await;
    let page = app.browser().get("/healthz").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("\"status\":\"ok\""), "{}", page.body);
}

#[tokio::test]
async fn anonymous_visitors_are_welcomed_and_offered_sign_in() {
    let app = TestApp::start().await;
    let page = app.browser().get("/").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Customer-service training for the people who serve our city");
    page.assert_contains("href=\"/sign-in\"");
}

#[tokio::test]
async fn an_employee_signs_in_with_email_or_employee_id_and_sees_their_dashboard() {
    let app = TestApp::start().await;
    let user = app.user(Role::Employee, "E-1001").await;
    let b = app.browser();
    let res = b.sign_in(&user.email.to_uppercase(), PASSWORD).await;
    assert_eq!(res.status, 302);
    assert_eq!(res.location.as_deref(), Some("/"));
    let cookie = res
        .set_cookies
        .iter()
        .find(|c| c.starts_with("academy_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "no Secure flag over plain http: {cookie}"
    );
    let home = b.get("/").await;
    home.assert_contains("Welcome, Employee");
    home.assert_contains("Welcome, Employee E-1001.");

    let b2 = app.browser();
    assert_eq!(b2.sign_in("E-1001", PASSWORD).await.status, 302);
    b2.get("/").await.assert_contains("My learning");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_clear_message() {
    let app = TestApp::start().await;
    app.user(Role::Employee, "E-1").await;
    for login in ["e-1@city.test", "nobody@city.test"] {
        let b = app.browser();
        let res = b.sign_in(login, "not the password").await;
        assert_eq!(res.status, 302, "sent back to the form");
        assert_eq!(
            res.location.as_deref(),
            Some("/sign-in"),
            "back to a clean address"
        );
        assert!(b.cookie("academy_session").is_none());
        let page = b.get("/sign-in").await;
        page.assert_contains("That email or employee id and password do not match an account.");
        page.assert_contains("role=\"alert\"");
        // The notice is shown once.
        assert!(
            !b.get("/sign-in")
                .await
                .body
                .contains("do not match an account")
        );
    }
}

#[tokio::test]
async fn empty_and_overlong_sign_in_fields_are_refused() {
    let app = TestApp::start().await;
    let b = app.browser();
    b.sign_in("", "").await;
    b.get("/sign-in")
        .await
        .assert_contains("Enter your email or employee id, and your password.");
    let long = "x".repeat(5000);
    b.sign_in(&long, "pw").await;
    b.get("/sign-in")
        .await
        .assert_contains("too long to be right");
    let res = b
        .call("/api/accounts/sign-in", &[("login", ""), ("password", "")])
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
}

#[tokio::test]
async fn repeated_failures_make_the_account_wait_even_with_the_right_password() {
    let app = TestApp::start().await;
    let user = app.user(Role::Employee, "E-7").await;
    let b = app.browser();
    for _ in 0..5 {
        b.sign_in(&user.email, "wrong password!").await;
    }
    let res = b
        .call(
            "/api/accounts/sign-in",
            &[("login", &user.email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(
        res.body
            .contains("Too many failed sign-ins for this account"),
        "{}",
        res.body
    );
    // A short, growing wait rather than a lock-out (see tests/signin_throttle.rs): with ten
    // failures it is 64 seconds, long enough for this test however slow the machine.
    app.run(
        "INSERT INTO sign_in_failures (account, address, at) SELECT account, address, at \
         FROM sign_in_failures WHERE account = 'user:' || CAST($1 AS TEXT)",
        &[user.id],
    )
    .await;
    b.sign_in(&user.email, PASSWORD).await;
    b.get("/sign-in")
        .await
        .assert_contains("Please wait 2 minutes and try again");
    assert!(b.cookie("academy_session").is_none());
}

#[tokio::test]
async fn many_failures_from_one_address_are_throttled_across_accounts() {
    let app = TestApp::start_with(|c| c.max_failures_per_address = 3).await;
    let b = app.browser();
    for i in 0..3 {
        b.sign_in(&format!("guess{i}@city.test"), "guess").await;
    }
    let res = b
        .call(
            "/api/accounts/sign-in",
            &[("login", "other@city.test"), ("password", "x")],
        )
        .await;
    assert_eq!(res.status, 429);
    assert!(res.body.contains("from this computer"), "{}", res.body);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Employee, "E-2").await;
    let token = b.cookie("academy_session").unwrap();
    let res = b.post_form("/api/accounts/sign-out", "/", &[]).await;
    assert_eq!(res.status, 302);
    assert!(
        b.cookie("academy_session").is_none(),
        "the browser forgets the cookie"
    );
    b.get("/").await.assert_contains("You have signed out.");
    // Replaying the old cookie does not bring the session back.
    let replay = app.browser();
    replay.set_cookie("academy_session", &token);
    replay
        .get("/")
        .await
        .assert_contains("Browse the course catalog");
    assert_eq!(replay.get("/account").await.status, 302);
}

#[tokio::test]
async fn an_idle_session_expires_and_the_person_is_told_why() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Employee, "E-3").await;
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .await;
    let page = b.visit("/account").await;
    page.assert_contains("Sign in");
    page.assert_contains("Your session expired, so you were signed out.");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 0, "the expired session is deleted");
}

#[tokio::test]
async fn a_session_past_its_absolute_limit_ends_even_when_active() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Employee, "E-4").await;
    app.exec("UPDATE sessions SET expires_at = expires_at - 13 * 3600")
        .await;
    let res = b.get("/account").await;
    assert_eq!(res.status, 302);
    assert!(res.location.unwrap().starts_with("/sign-in"));
}

#[tokio::test]
async fn a_tampered_cookie_counts_as_signed_out() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Admin, "A-1").await;
    let mut token = b.cookie("academy_session").unwrap();
    token.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    let forged = app.browser();
    forged.set_cookie("academy_session", &token);
    assert_eq!(forged.get("/admin/users").await.status, 302);
    forged.set_cookie("academy_session", "<script>alert(1)</script>");
    let page = forged.get("/").await;
    assert_eq!(page.status, 200);
    assert!(
        forged.cookie("academy_session").is_none(),
        "the bad cookie is cleared"
    );
}

#[tokio::test]
async fn every_admin_route_refuses_anyone_but_an_administrator() {
    let app = TestApp::start().await;
    let target = app.user(Role::Employee, "E-9").await;
    let id = target.id.to_string();
    let anonymous = app.browser();
    let mut others = vec![];
    for (role, eid) in [
        (Role::Employee, "E-10"),
        (Role::Instructor, "I-10"),
        (Role::Trainer, "T-10"),
    ] {
        others.push((role, app.signed_in(role, eid).await.0));
    }
    // The page: anonymous visitors are sent to sign in, signed-in non-admins get a 403 page.
    let res = anonymous.get("/admin/users").await;
    assert_eq!(res.status, 302);
    assert_eq!(res.location.as_deref(), Some("/sign-in?next=/admin/users"));
    // …and back to the same page, query and all.
    let res = anonymous.get("/admin/users?q=Ada&page=2").await;
    assert_eq!(
        res.location.as_deref(),
        Some("/sign-in?next=/admin/users%3Fq%3DAda%26page%3D2")
    );
    for (role, b) in &others {
        let res = b.get("/admin/users").await;
        assert_eq!(res.status, 403, "{role:?}");
        res.assert_contains("You do not have access to this page");
        assert!(
            !res.body.contains("E-9@city.test"),
            "no user data leaks to {role:?}"
        );
    }
    // The server functions behind it.
    let calls: [(&str, Vec<(&str, &str)>); 4] = [
        ("/api/admin/users/list", vec![("search", ""), ("page", "1")]),
        (
            "/api/admin/users/create",
            vec![
                ("employee_id", "X-1"),
                ("name", "X"),
                ("email", "x@city.test"),
                ("department", ""),
                ("role", "admin"),
            ],
        ),
        (
            "/api/admin/users/update",
            vec![("user_id", &id), ("role", "admin"), ("active", "on")],
        ),
        ("/api/admin/users/reset-password", vec![("user_id", &id)]),
    ];
    for (path, fields) in &calls {
        assert_eq!(
            anonymous.call(path, fields).await.status,
            401,
            "anonymous {path}"
        );
        for (role, b) in &others {
            let res = b.call(path, fields).await;
            assert_eq!(res.status, 403, "{role:?} {path}: {}", res.body);
        }
    }
    let after = academy::accounts::store::find_user(&app.state.db, target.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.role, Role::Employee, "nothing changed");
    let count = academy::accounts::store::count_users(&app.state.db)
        .await
        .unwrap();
    assert_eq!(count, 4, "no account was created");
}

#[tokio::test]
async fn the_trainer_and_teaching_areas_check_roles_on_the_server() {
    let app = TestApp::start().await;
    let cases = [
        ("/trainer", Role::Employee, 403),
        ("/trainer", Role::Instructor, 403),
        ("/trainer", Role::Trainer, 200),
        ("/trainer", Role::Admin, 200),
        ("/teaching", Role::Employee, 403),
        ("/teaching", Role::Instructor, 200),
        ("/teaching", Role::Trainer, 200),
    ];
    for (i, (path, role, status)) in cases.into_iter().enumerate() {
        let (b, _) = app.signed_in(role, &format!("U-{i}")).await;
        assert_eq!(b.get(path).await.status, status, "{role:?} on {path}");
    }
    for path in ["/trainer", "/teaching", "/account", "/admin/users"] {
        assert_eq!(
            app.browser().get(path).await.status,
            302,
            "anonymous on {path}"
        );
    }
}

#[tokio::test]
async fn an_admin_creates_an_account_whose_holder_must_choose_a_password() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-2").await;
    let res = admin
        .post_form(
            "/api/admin/users/create",
            "/admin/users",
            &[
                ("employee_id", "E-500"),
                ("name", "Rosa Diaz"),
                ("email", "Rosa.Diaz@City.test"),
                ("department", "Licenses & Inspections"),
                ("role", "instructor"),
            ],
        )
        .await;
    assert_eq!(res.status, 302);
    let page = admin.get("/admin/users").await;
    page.assert_contains("Account created for Rosa Diaz. Their one-time password is ");
    page.assert_contains("rosa.diaz@city.test");
    let one_time = page
        .body
        .split("Their one-time password is ")
        .nth(1)
        .unwrap()[..19]
        .to_string();

    let rosa = app.browser();
    let res = rosa.sign_in("rosa.diaz@city.test", &one_time).await;
    assert_eq!(res.location.as_deref(), Some("/account?first=1"));
    // Until she chooses a password, other pages send her back, and server functions refuse.
    assert_eq!(
        rosa.get("/teaching").await.location.as_deref(),
        Some("/account?first=1")
    );
    rosa.get("/account?first=1")
        .await
        .assert_contains("Please choose your own password");
    let res = rosa
        .post_form(
            "/api/accounts/password",
            "/account",
            &[
                ("current", &one_time),
                ("new_password", "rosa's own passphrase"),
                ("confirm", "rosa's own passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status, 302);
    rosa.get("/account")
        .await
        .assert_contains("Your password has been changed.");
    assert_eq!(rosa.get("/teaching").await.status, 200);
    // The one-time password no longer works.
    assert_eq!(
        app.browser()
            .sign_in("E-500", &one_time)
            .await
            .location
            .as_deref(),
        Some("/sign-in")
    );
}

#[tokio::test]
async fn bad_account_input_is_refused_with_every_problem_named() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-3").await;
    let res = admin
        .call(
            "/api/admin/users/create",
            &[
                ("employee_id", ""),
                ("name", ""),
                ("email", "nope"),
                ("department", ""),
                ("role", "superuser"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    for msg in [
        "Employee id is required.",
        "Name is required.",
        "is not a valid email address.",
        "Unknown role",
    ] {
        assert!(res.body.contains(msg), "{msg} in {}", res.body);
    }
    // A taken email or employee id is a conflict naming which.
    app.user(Role::Employee, "E-42").await;
    let res = admin
        .call(
            "/api/admin/users/create",
            &[
                ("employee_id", "E-43"),
                ("name", "Dup"),
                ("email", "e-42@city.test"),
                ("department", ""),
                ("role", "employee"),
            ],
        )
        .await;
    assert_eq!(res.status, 409);
    assert!(
        res.body
            .contains("An account with the email e-42@city.test already exists."),
        "{}",
        res.body
    );
    // A forged role on update changes nothing.
    let victim = app.user(Role::Employee, "E-44").await;
    let id = victim.id.to_string();
    let res = admin
        .call(
            "/api/admin/users/update",
            &[("user_id", &id), ("role", "root"), ("active", "on")],
        )
        .await;
    assert_eq!(res.status, 422);
    // A malformed form is refused before anything runs.
    let res = admin
        .call(
            "/api/admin/users/update",
            &[("user_id", "not-a-number"), ("role", "admin")],
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = TestApp::start().await;
    let (admin, me) = app.signed_in(Role::Admin, "A-4").await;
    let id = me.id.to_string();
    let res = admin
        .call(
            "/api/admin/users/update",
            &[("user_id", &id), ("role", "trainer"), ("active", "on")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body
            .contains("cannot remove your own administrator role"),
        "{}",
        res.body
    );
    let res = admin
        .call(
            "/api/admin/users/update",
            &[("user_id", &id), ("role", "admin")],
        )
        .await;
    assert_eq!(res.status, 422, "deactivating oneself is refused too");
}

#[tokio::test]
async fn deactivating_someone_signs_them_out_and_keeps_them_out() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-5").await;
    let (emp, user) = app.signed_in(Role::Employee, "E-50").await;
    let id = user.id.to_string();
    let res = admin
        .post_form(
            "/api/admin/users/update",
            "/admin/users",
            &[("user_id", &id), ("role", "employee")],
        )
        .await;
    assert_eq!(res.status, 302);
    admin
        .get("/admin/users")
        .await
        .assert_contains("Saved changes to Employee E-50.");
    assert_eq!(
        emp.get("/account").await.status,
        302,
        "their session is gone"
    );
    // The right password gets the wrong-password answer: it must not confirm a guess.
    emp.sign_in("E-50", PASSWORD).await;
    let page = emp.get("/sign-in").await;
    page.assert_contains("do not match an account");
    page.assert_contains("If your account was deactivated, ask an academy administrator.");
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_signs_out_other_computers() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E-60").await;
    let other = app.browser();
    other.sign_in(&user.email, PASSWORD).await;
    let res = b
        .call(
            "/api/accounts/password",
            &[
                ("current", "wrong"),
                ("new_password", "another long phrase"),
                ("confirm", "another long phrase"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    let res = b
        .call(
            "/api/accounts/password",
            &[
                ("current", PASSWORD),
                ("new_password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert!(res.body.contains("at least 10 characters"), "{}", res.body);
    let res = b
        .call(
            "/api/accounts/password",
            &[
                ("current", PASSWORD),
                ("new_password", "another long phrase"),
                ("confirm", "another long phrase"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        b.get("/account").await.status,
        200,
        "this computer stays signed in"
    );
    assert_eq!(
        other.get("/account").await.status,
        302,
        "the other computer is signed out"
    );
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-6").await;
    let res = reqwest::Client::new()
        .post(format!("{}/api/admin/users/create", app.base))
        .header(
            "cookie",
            format!(
                "academy_session={}",
                admin.cookie("academy_session").unwrap()
            ),
        )
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(common::encode_form(&[
            ("employee_id", "X-9"),
            ("name", "X"),
            ("email", "x9@city.test"),
            ("department", ""),
            ("role", "admin"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("sent from another website")
    );
    assert_eq!(
        academy::accounts::store::count_users(&app.state.db)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn the_user_list_searches_and_pages() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-7").await;
    for i in 0..55 {
        app.user(Role::Employee, &format!("P-{i:03}")).await;
    }
    let first = admin.get("/admin/users").await;
    first.assert_contains("Showing 1–50 of 56 accounts");
    first.assert_contains("Page 1 of 2");
    let second = admin.get("/admin/users?page=2").await;
    second.assert_contains("Showing 51–56 of 56 accounts");
    let found = admin.get("/admin/users?q=p-054").await;
    found.assert_contains("Showing 1–1 of 1 accounts");
    admin
        .get("/admin/users?q=%25_nobody")
        .await
        .assert_contains("No accounts match your search.");
}

#[tokio::test]
async fn unknown_pages_are_a_real_404() {
    let app = TestApp::start().await;
    let page = app.browser().get("/no/such/page").await;
    assert_eq!(page.status, 404);
    page.assert_contains("Page not found");
}

#[tokio::test]
async fn an_unreachable_database_is_one_clear_sentence() {
    let config = academy::config::Config {
        database_url: "postgres://academy:secret@127.0.0.1:1/academy".into(),
        courses_dir: std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/courses")),
        ..Default::default()
    };
    let err = academy::server::router::prepare(config)
        .await
        .err()
        .expect("refused");
    assert!(
        err.starts_with("cannot open the database postgres://academy:****@127.0.0.1:1/academy"),
        "{err}"
    );
    assert!(!err.contains("secret"));
}

#[tokio::test]
async fn an_unwritable_database_location_is_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let config = academy::config::Config {
        database_url: format!("sqlite://{}/academy.db", file.display()),
        courses_dir: std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/courses")),
        ..Default::default()
    };
    let err = academy::server::router::prepare(config)
        .await
        .err()
        .expect("refused");
    assert!(
        err.starts_with("cannot create the database folder"),
        "{err}"
    );
}
