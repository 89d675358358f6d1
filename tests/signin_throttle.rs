//! The sign-in throttle over real HTTP (issue 15): parallel guesses, growing delays instead of
//! lock-outs, the client address behind proxies, the password-change check, deactivated accounts.

mod common;

use academy::accounts::Role;
use common::{PASSWORD, TestApp};

/// A server-function sign-in as the hydrated app sends it, through a proxy that says who the
/// client is (`X-Forwarded-For`).
async fn sign_in_via_proxy(app: &TestApp, login: &str, forwarded_for: &str) -> u16 {
    let body = common::encode_form(&[("login", login), ("password", "a wrong guess")]);
    reqwest::Client::new()
        .post(format!("{}/api/accounts/sign-in", app.base))
        .header("accept", "application/json")
        .header("origin", &app.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded_for)
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn parallel_wrong_guesses_cannot_all_get_past_the_account_throttle() {
    let app = TestApp::start_with(|c| c.max_failures_per_address = 1000).await;
    let user = app.user(Role::Employee, "E-P1").await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..16 {
        let (b, email) = (app.browser(), user.email.clone());
        guesses.spawn(async move {
            let guess = format!("guess number {i}");
            let res = b
                .call(
                    "/api/accounts/sign-in",
                    &[("login", &email), ("password", &guess)],
                )
                .await;
            res.status
        });
    }
    let statuses = guesses.join_all().await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 16, "{statuses:?}");
    assert!(
        checked <= 5,
        "only the 5 free guesses may be checked, however parallel: {statuses:?}"
    );
    let failures = app
        .number(
            "SELECT COUNT(*) FROM sign_in_failures WHERE account = 'user:' || CAST($1 AS TEXT)",
            user.id,
        )
        .await;
    assert_eq!(
        failures, checked as i64,
        "refused attempts are not counted as failures"
    );
}

#[tokio::test]
async fn password_checks_run_at_most_one_per_core_at_a_time() {
    let app = TestApp::start_with(|c| c.max_failures_per_address = 1000).await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..24 {
        let b = app.browser();
        guesses.spawn(async move {
            let login = format!("nobody{i}@city.test");
            b.call(
                "/api/accounts/sign-in",
                &[("login", &login), ("password", "a guess")],
            )
            .await
            .status
        });
    }
    let statuses = guesses.join_all().await;
    assert!(statuses.iter().all(|s| *s == 422), "{statuses:?}");
    let peak = academy::accounts::password::peak_concurrent_hashes();
    let cap = academy::accounts::password::concurrent_hashes();
    assert!(peak >= 1 && peak <= cap, "peak {peak}, cap {cap}");
}

#[tokio::test]
async fn a_guessed_at_account_makes_its_holder_wait_seconds_not_a_quarter_of_an_hour() {
    let app = TestApp::start().await;
    let user = app.user(Role::Employee, "E-D1").await;
    let attacker = app.browser();
    for _ in 0..5 {
        let res = attacker
            .call(
                "/api/accounts/sign-in",
                &[("login", &user.email), ("password", "wrong password!")],
            )
            .await;
        assert_eq!(res.status, 422, "{}", res.body);
    }
    let holder = app.browser();
    let res = holder
        .call(
            "/api/accounts/sign-in",
            &[("login", &user.email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(
        res.body.contains("second"),
        "a wait in seconds: {}",
        res.body
    );
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let res = holder.sign_in(&user.email, PASSWORD).await;
    assert_eq!(
        res.location.as_deref(),
        Some("/"),
        "signed in after the short wait"
    );
}

#[tokio::test]
async fn behind_a_proxy_forged_left_hops_of_x_forwarded_for_earn_no_fresh_attempts() {
    let app = TestApp::start_with(|c| {
        c.trusted_proxies = 1;
        c.max_failures_per_address = 3;
    })
    .await;
    for i in 0..3 {
        let forged = format!("198.51.100.{i}, 203.0.113.7");
        let login = format!("guess{i}@city.test");
        assert_eq!(sign_in_via_proxy(&app, &login, &forged).await, 422);
    }
    assert_eq!(
        sign_in_via_proxy(&app, "other@city.test", "198.51.100.99, 203.0.113.7").await,
        429,
        "the hop our proxy wrote is the client, whatever the client put before it"
    );
    assert_eq!(
        sign_in_via_proxy(&app, "other@city.test", "203.0.113.8").await,
        422,
        "another client is not throttled"
    );
}

#[tokio::test]
async fn checking_the_current_password_on_a_password_change_is_throttled_too() {
    let app = TestApp::start_with(|c| c.max_failures_per_address = 1000).await;
    let (b, _) = app.signed_in(Role::Employee, "E-C1").await;
    let change = |current: &'static str| {
        let b = &b;
        async move {
            b.call(
                "/api/accounts/password",
                &[
                    ("current", current),
                    ("new_password", "another long phrase"),
                    ("confirm", "another long phrase"),
                ],
            )
            .await
        }
    };
    for _ in 0..5 {
        assert_eq!(change("a wrong guess").await.status, 422);
    }
    let res = change(PASSWORD).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(res.body.contains("Too many failed"), "{}", res.body);
}

#[tokio::test]
async fn a_deactivated_account_gets_the_wrong_password_answer_even_with_the_right_password() {
    let app = TestApp::start().await;
    let user = app.user(Role::Employee, "E-X1").await;
    app.run("UPDATE users SET active = 0 WHERE id = $1", &[user.id])
        .await;
    let right = app
        .browser()
        .call(
            "/api/accounts/sign-in",
            &[("login", &user.email), ("password", PASSWORD)],
        )
        .await;
    let wrong = app
        .browser()
        .call(
            "/api/accounts/sign-in",
            &[("login", &user.email), ("password", "not the password")],
        )
        .await;
    assert_eq!((right.status, &right.body), (wrong.status, &wrong.body));
    assert!(
        right.body.contains("do not match an account"),
        "{}",
        right.body
    );
    assert!(
        !right.body.contains("has been deactivated"),
        "{}",
        right.body
    );
}
