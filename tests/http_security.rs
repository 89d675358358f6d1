//! The HTTP layer's defences over real HTTP: body limits checked before a body is read, the
//! security headers (a nonce policy every inline script matches), and the forged-write guard.

mod common;

use academy::accounts::Role;
use common::{Page, TestApp};
use std::io::{Read, Write};

/// Sends `head` (a request announcing a large body), then 1 KB of it, and returns the status
/// line the server answers with within 5 seconds — `None` if it waits for the rest instead.
async fn answer_before_body(app: &TestApp, head: String) -> Option<String> {
    let addr = app.base.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        s.write_all(head.as_bytes()).unwrap();
        let _ = s.write_all(&[b'a'; 1024]);
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).ok()?;
        let text = String::from_utf8_lossy(&buf[..n]).to_string();
        text.lines().next().map(str::to_string)
    })
    .await
    .unwrap()
}

fn head(app: &TestApp, path: &str, cookie: &str, kind: &str, length: u64) -> String {
    let host = app.base.trim_start_matches("http://");
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nAccept: text/html\r\n\
         Cookie: {cookie}\r\nContent-Type: {kind}\r\nContent-Length: {length}\r\n\r\n",
        app.base
    )
}

#[tokio::test]
async fn an_anonymous_huge_body_is_refused_from_its_headers_without_being_read() {
    let app = TestApp::start().await;
    let form = "application/x-www-form-urlencoded";
    for (path, kind) in [
        ("/admin/roster/invitations", form),
        ("/admin/roster/upload", "multipart/form-data; boundary=x"),
        ("/admin/roster/1/import", form),
        ("/api/admin/users/create", form),
        ("/api/accounts/sign-in", form),
    ] {
        let status = answer_before_body(&app, head(&app, path, "", kind, 256 << 20))
            .await
            .unwrap_or_else(|| panic!("{path}: no answer before the body"));
        assert!(
            ["401", "403", "413"].iter().any(|c| status.contains(c)),
            "{path}: {status}"
        );
    }
}

#[tokio::test]
async fn an_over_limit_form_from_a_signed_in_administrator_gets_413_saying_why() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-1").await;
    let long = "x".repeat(300 * 1024);
    let res = admin
        .post_form(
            "/api/admin/users/create",
            "/admin/users",
            &[
                ("employee_id", "X-1"),
                ("name", &long),
                ("email", "x1@city.test"),
                ("department", ""),
                ("role", "employee"),
            ],
        )
        .await;
    assert_eq!(res.status, 413, "{}", res.body);
    res.assert_contains("too large");
    res.assert_contains("at most 256 KB");
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    // A body of unknown length (chunked) is counted as it arrives.
    let cookie = format!(
        "{}={}",
        academy::accounts::session::COOKIE,
        admin.cookie(academy::accounts::session::COOKIE).unwrap()
    );
    let host = app.base.trim_start_matches("http://").to_string();
    let base = app.base.clone();
    let status = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(&host).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let body = format!("name={}", "x".repeat(256 * 1024));
        let req = format!(
            "POST /api/admin/users/create HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\n\
             Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(req.as_bytes());
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n])
            .lines()
            .next()
            .map(str::to_string)
    })
    .await
    .unwrap();
    assert!(
        status.as_deref().is_some_and(|s| s.contains("413")),
        "{status:?}"
    );
    assert_eq!(
        academy::accounts::store::count_users(&app.state.db)
            .await
            .unwrap(),
        1,
        "nothing was created"
    );
}

/// The nonce a page's policy names, after checking the policy allows no other inline script.
fn nonce_of(page: &Page) -> String {
    let csp = page.header("content-security-policy");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_else(|| panic!("no script-src in {csp:?}"));
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    let start = script_src.find("'nonce-").expect("a nonce") + 7;
    let end = script_src[start..].find('\'').unwrap() + start;
    script_src[start..end].to_string()
}

/// Every `<script` tag of the page carries exactly the policy's nonce.
fn assert_scripts_carry(page: &Page, nonce: &str) {
    let tags: Vec<&str> = page
        .body
        .match_indices("<script")
        .map(|(i, _)| &page.body[i..i + page.body[i..].find('>').unwrap()])
        .collect();
    assert!(!tags.is_empty(), "the page has its hydration script");
    for tag in tags {
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{tag}");
    }
}

#[tokio::test]
async fn every_page_names_a_fresh_nonce_that_each_of_its_inline_scripts_carries() {
    let app = TestApp::start().await;
    let visitor = app.browser();
    let first = visitor.get("/sign-in").await;
    let second = visitor.get("/sign-in").await;
    assert_eq!(first.status, 200);
    let nonce = nonce_of(&first);
    assert!(nonce.len() >= 16, "{nonce}");
    assert_ne!(nonce, nonce_of(&second), "a nonce is used once");
    assert_scripts_carry(&first, &nonce);
    assert!(first.header("permissions-policy").contains("camera=()"));
    assert_eq!(first.header("x-frame-options"), "DENY");

    let (b, _) = app.signed_in(Role::Trainer, "T-1").await;
    for path in ["/", "/courses", "/trainer/sessions", "/no-such-page"] {
        let page = b.get(path).await;
        let nonce = nonce_of(&page);
        assert_scripts_carry(&page, &nonce);
        assert_eq!(page.header("cache-control"), "no-store", "{path}");
    }
    let api = b.call("/api/accounts/me", &[]).await;
    assert_eq!(api.status, 200);
    assert_eq!(api.header("cache-control"), "no-store");
    assert!(
        api.header("content-security-policy")
            .contains("default-src 'self'")
    );
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_academy_is_reached_over_https() {
    let plain = TestApp::start().await;
    assert_eq!(
        plain
            .browser()
            .get("/sign-in")
            .await
            .header("strict-transport-security"),
        ""
    );
    let public =
        TestApp::start_with(|c| c.public_url = Some("https://academy.city.test".into())).await;
    assert!(
        public
            .browser()
            .get("/sign-in")
            .await
            .header("strict-transport-security")
            .starts_with("max-age=")
    );
    let proxied = TestApp::start_with(|c| c.trusted_proxies = 1).await;
    let http = reqwest::Client::new();
    let ask = |proto: &'static str| {
        http.get(format!("{}/sign-in", proxied.base))
            .header("x-forwarded-proto", proto)
            .send()
    };
    let https = ask("https").await.unwrap();
    assert!(https.headers().contains_key("strict-transport-security"));
    let http_only = ask("http").await.unwrap();
    assert!(
        !http_only
            .headers()
            .contains_key("strict-transport-security")
    );
}

const NEW_ADMIN: &[(&str, &str)] = &[
    ("employee_id", "X-9"),
    ("name", "Mallory"),
    ("email", "x9@city.test"),
    ("department", ""),
    ("role", "admin"),
];

#[tokio::test]
async fn a_session_cookie_alone_cannot_make_an_administrator_or_any_other_write() {
    let app = TestApp::start().await;
    let (admin, _) = app.signed_in(Role::Admin, "A-6").await;
    let own = app.base.as_bytes().to_vec();
    let mut not_text = own.clone();
    not_text.push(0xff);
    let referer = format!("{}/admin/users", app.base).into_bytes();
    for (what, headers) in [
        ("neither Origin nor Referer", vec![]),
        (
            "a forged Origin",
            vec![("origin", b"https://evil.example".to_vec())],
        ),
        ("an opaque Origin", vec![("origin", b"null".to_vec())]),
        ("an Origin that is not text", vec![("origin", not_text)]),
        (
            "a foreign Origin beside our own Referer",
            vec![
                ("origin", b"https://evil.example".to_vec()),
                ("referer", referer.clone()),
            ],
        ),
    ] {
        let headers: Vec<(&str, &[u8])> = headers.iter().map(|(k, v)| (*k, v.as_slice())).collect();
        let res = admin
            .post_raw("/api/admin/users/create", &headers, NEW_ADMIN)
            .await;
        assert_eq!(res.status, 403, "{what}: {}", res.body);
        assert!(res.body.contains("refused"), "{what}: {}", res.body);
        // The refusal carries the security headers like any answer.
        assert!(
            res.header("content-security-policy")
                .contains("frame-ancestors")
        );
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(
            academy::accounts::store::count_users(&app.state.db)
                .await
                .unwrap(),
            1,
            "{what}: no account was created"
        );
    }
    // The other writes the review named: enrol, register, cancel, set-password links.
    for path in [
        "/api/learning/enrol",
        "/api/sessions/register",
        "/api/sessions/cancel",
        "/api/admin/users/reset-password",
        "/api/accounts/sign-out",
    ] {
        let res = admin.post_raw(path, &[], &[("course", "x")]).await;
        assert_eq!(res.status, 403, "{path}: {}", res.body);
        res.assert_contains("did not say which page sent it");
    }
    // The same writes from our own page (a Referer alone is enough) go through.
    let res = admin
        .post_raw(
            "/api/admin/users/create",
            &[("referer", &referer), ("accept", b"text/html")],
            NEW_ADMIN,
        )
        .await;
    assert_eq!(res.status, 302, "{}", res.body);
    let res = admin
        .post_raw("/api/accounts/sign-out", &[("origin", &own)], &[])
        .await;
    assert!(res.status < 400, "{}", res.body);
    assert_eq!(
        academy::accounts::store::count_users(&app.state.db)
            .await
            .unwrap(),
        2
    );
}
