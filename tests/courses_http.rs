//! Course pages over real HTTP: catalog search and filters, course, lesson, case studies,
//! glossary, access rules, hostile Markdown rendered inert, retirement of removed lessons.

mod common;

use academy::accounts::Role;
use common::{TestApp, copy_dir};
use std::path::PathBuf;

fn real_courses() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/courses"))
}

#[tokio::test]
async fn anonymous_visitors_browse_the_catalog_with_search_filters_and_sort() {
    let app = TestApp::start().await;
    let b = app.browser();
    let all = b.get("/courses").await;
    assert_eq!(all.status, 200);
    all.assert_contains("9 of 9 courses");
    all.assert_contains("Who Is Our Customer");
    let found = b.get("/courses?q=311").await;
    found.assert_contains("1 of 9 courses");
    found.assert_contains("href=\"/courses/service-requests-311-911\"");
    let filtered = b.get("/courses?topic=Open+data&audience=all-staff").await;
    filtered.assert_contains("href=\"/courses/open-data-as-service\"");
    assert!(
        !filtered
            .body
            .contains("href=\"/courses/front-line-talent\"")
    );
    let none = b.get("/courses?q=zebra+crossing").await;
    none.assert_contains("No course matches.");
    let longest = b.get("/courses?sort=longest").await;
    let first = longest.body.find("class=\"card course-card\"").unwrap();
    let departmental = longest
        .body
        .find("Building a Departmental")
        .unwrap_or(usize::MAX);
    assert!(departmental > first, "sorted output lists courses");
}

#[tokio::test]
async fn a_private_catalog_asks_anonymous_visitors_to_sign_in() {
    let app = TestApp::start_with(|c| c.public_catalog = false).await;
    let res = app.browser().get("/courses").await;
    assert_eq!(res.status, 302);
    assert_eq!(res.location.as_deref(), Some("/sign-in?next=/courses"));
    let (b, _) = app.signed_in(Role::Employee, "E-1").await;
    assert_eq!(b.get("/courses").await.status, 200);
}

#[tokio::test]
async fn course_lesson_case_study_and_glossary_pages_need_sign_in() {
    let app = TestApp::start().await;
    let anon = app.browser();
    for path in [
        "/courses/who-is-our-customer",
        "/courses/who-is-our-customer/citizens-as-customers",
        "/case-studies",
        "/case-studies/riverside-terminal-market",
        "/glossary",
    ] {
        let res = anon.get(path).await;
        assert_eq!(res.status, 302, "{path}");
        assert!(
            res.location.unwrap().starts_with("/sign-in?next="),
            "{path}"
        );
    }
    for api in [
        "/api/courses/course",
        "/api/courses/glossary",
        "/api/courses/case-studies",
    ] {
        assert_eq!(
            anon.call(api, &[("slug", "who-is-our-customer")])
                .await
                .status,
            401,
            "{api}"
        );
    }
}

#[tokio::test]
async fn a_course_page_shows_its_lessons_and_hides_the_answers() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Employee, "E-2").await;
    let page = b.get("/courses/who-is-our-customer").await;
    assert_eq!(page.status, 200);
    page.assert_contains("<h1>Who Is Our Customer?</h1>");
    page.assert_contains("href=\"/courses/who-is-our-customer/citizens-as-customers\"");
    page.assert_contains("Start the first lesson");
    page.assert_contains("pass mark 80 %");
    page.assert_contains("Upcoming sessions");
    let loaded = app.state.library.current();
    let check = loaded
        .course("who-is-our-customer")
        .unwrap()
        .check
        .clone()
        .unwrap();
    for q in &check.questions {
        for o in q.options.iter().filter(|o| o.correct) {
            assert!(
                !page.body.contains(&o.text),
                "a correct answer leaked: {}",
                o.text
            );
        }
    }
    assert_eq!(b.get("/courses/no-such-course").await.status, 404);
}

#[tokio::test]
async fn a_lesson_page_has_contents_glossary_terms_and_previous_next() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Employee, "E-3").await;
    let page = b
        .get("/courses/who-is-our-customer/external-customers")
        .await;
    assert_eq!(page.status, 200);
    page.assert_contains("Lesson 2 of 4");
    page.assert_contains("aria-label=\"On this page\"");
    page.assert_contains("class=\"term-link\" href=\"/glossary#");
    page.assert_contains("role=\"tooltip\"");
    page.assert_contains("Glossary terms in this lesson");
    page.assert_contains(
        "rel=\"prev\" href=\"/courses/who-is-our-customer/citizens-as-customers\"",
    );
    page.assert_contains("rel=\"next\" href=\"/courses/who-is-our-customer/internal-customers\"");
    assert_eq!(
        b.get("/courses/who-is-our-customer/no-such-lesson")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn case_studies_and_the_glossary_are_listed_for_signed_in_people() {
    let app = TestApp::start().await;
    let (b, _) = app.signed_in(Role::Instructor, "I-1").await;
    let list = b.get("/case-studies").await;
    list.assert_contains("href=\"/case-studies/riverside-terminal-market\"");
    let study = b.get("/case-studies/riverside-terminal-market").await;
    study.assert_contains("Discussion questions");
    study.assert_contains("Related courses");
    let glossary = b.get("/glossary").await;
    glossary.assert_contains("aria-label=\"Glossary by letter\"");
    glossary.assert_contains("Voice of the Customer");
    assert_eq!(b.get("/case-studies/nope").await.status, 404);
}

#[tokio::test]
async fn hostile_markdown_renders_inert_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("courses");
    copy_dir(&real_courses(), &lib);
    let lesson = lib.join("who-is-our-customer/01-citizens-as-customers.md");
    let mut text = std::fs::read_to_string(&lesson).unwrap();
    text.push_str(concat!(
        "\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n",
        "[click](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(2)\">y</a>\n\n",
        "<iframe src=\"https://evil.example\"></iframe>\n\n<svg onload=alert(3)>\n\n",
        "[data](data:text/html;base64,PHNjcmlwdD4=)\n"
    ));
    std::fs::write(&lesson, text).unwrap();
    let course = lib.join("who-is-our-customer/course.md");
    let front = std::fs::read_to_string(&course).unwrap().replacen(
        "title: ",
        "title: <script>alert('title')</script> ",
        1,
    );
    std::fs::write(&course, front).unwrap();
    let app = TestApp::start_with(|c| c.courses_dir = lib.clone()).await;
    let (b, _) = app.signed_in(Role::Employee, "E-4").await;
    for path in [
        "/courses",
        "/courses/who-is-our-customer",
        "/courses/who-is-our-customer/citizens-as-customers",
    ] {
        let page = b.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        let main = page.body.split("<main").nth(1).unwrap();
        for bad in [
            "<script>alert",
            "onerror=",
            "javascript:",
            "JaVaScRiPt:",
            "evil.example",
            "onload=",
            "data:text/html",
        ] {
            assert!(!main.contains(bad), "{bad} got through on {path}");
        }
    }
    b.get("/courses")
        .await
        .assert_contains("&lt;script&gt;alert");
}

#[tokio::test]
async fn a_broken_library_stops_the_server_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("courses");
    copy_dir(&real_courses(), &lib);
    let course = lib.join("open-data-as-service/course.md");
    let text = std::fs::read_to_string(&course)
        .unwrap()
        .replacen("version: 1", "version: one", 1);
    std::fs::write(&course, text).unwrap();
    std::fs::write(
        lib.join("open-data-as-service/02-from-spreadsheet-to-portal.md"),
        "no front matter\n",
    )
    .unwrap();
    let config = academy::config::Config {
        database_url: format!("sqlite://{}/a.db", dir.path().display()),
        courses_dir: lib,
        ..Default::default()
    };
    let err = academy::server::router::prepare(config)
        .await
        .err()
        .expect("refused to start");
    assert!(
        err.contains("courses/open-data-as-service/course.md:"),
        "{err}"
    );
    assert!(
        err.contains(
            "courses/open-data-as-service/02-from-spreadsheet-to-portal.md:1: missing front matter"
        ),
        "{err}"
    );
    assert!(
        !dir.path().join("a.db").exists(),
        "nothing was created before the library was valid"
    );
}

#[tokio::test]
async fn a_lesson_removed_from_disk_is_retired_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("courses");
    copy_dir(&real_courses(), &lib);
    let app = TestApp::start_with(|c| c.courses_dir = lib.clone()).await;
    let before = academy::courses::store::lessons_of(&app.state.db, "who-is-our-customer")
        .await
        .unwrap();
    assert_eq!(before.len(), 4);
    let ids: Vec<i64> = before.iter().map(|l| l.id).collect();
    // An author removes the last lesson and the links that pointed to it.
    std::fs::remove_file(lib.join("who-is-our-customer/04-mapping-your-customers.md")).unwrap();
    for e in std::fs::read_dir(lib.join("who-is-our-customer")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let unlinked = text.replace("](04-mapping-your-customers.md)", "](course.md)");
        std::fs::write(&path, unlinked).unwrap();
    }
    let reloaded = academy::courses::Library::load(&lib).unwrap();
    reloaded.sync(&app.state.db).await.unwrap();
    let after = academy::courses::store::lessons_of(&app.state.db, "who-is-our-customer")
        .await
        .unwrap();
    assert_eq!(after.len(), 4, "the lesson is kept for learners' history");
    assert_eq!(
        after
            .iter()
            .filter(|l| l.retired == 1)
            .map(|l| l.slug.as_str())
            .collect::<Vec<_>>(),
        ["mapping-your-customers"]
    );
    let mut after_ids: Vec<i64> = after.iter().map(|l| l.id).collect();
    after_ids.sort();
    assert_eq!(after_ids, ids, "ids are stable across a resync");
}

/// A copy of the library with one image beside a course (the real library has none).
fn library_with_an_image() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("courses");
    copy_dir(&real_courses(), &lib);
    std::fs::create_dir_all(lib.join("open-data-as-service/images")).unwrap();
    std::fs::write(
        lib.join("open-data-as-service/images/portal.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    (dir, lib)
}

#[tokio::test]
async fn course_images_are_served_with_cache_headers_and_nothing_else_is() {
    let (_dir, lib) = library_with_an_image();
    let app = TestApp::start_with(|c| c.courses_dir = lib.clone()).await;
    let http = reqwest::Client::new();
    let res = http
        .get(format!(
            "{}/course-assets/open-data-as-service/images/portal.svg",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    for bad in [
        "open-data-as-service/images/course.md",
        "open-data-as-service/images/..%2Fcourse.md",
        "nope/images/portal.svg",
    ] {
        let res = http
            .get(format!("{}/course-assets/{bad}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404, "{bad}");
    }
}

#[tokio::test]
async fn behind_a_private_catalog_course_images_are_for_signed_in_people_only() {
    let (_dir, lib) = library_with_an_image();
    let app = TestApp::start_with(|c| {
        c.courses_dir = lib.clone();
        c.public_catalog = false;
    })
    .await;
    let image = "/course-assets/open-data-as-service/images/portal.svg";
    let visitor = app.browser().get(image).await;
    assert_eq!(visitor.status, 401, "{}", visitor.body);
    assert!(!visitor.body.contains("<svg"));
    let (b, _) = app.signed_in(Role::Employee, "E-1").await;
    let seen = b.get(image).await;
    assert_eq!(seen.status, 200);
    assert!(seen.body.contains("<svg"));
    // A shared cache must not pass it on to someone who is not signed in.
    assert_eq!(seen.header("cache-control"), "private, max-age=86400");
}

#[tokio::test]
async fn behind_https_course_images_know_the_host_prefixed_session_cookie_only() {
    let (_dir, lib) = library_with_an_image();
    let app = TestApp::start_with(|c| {
        c.courses_dir = lib.clone();
        c.public_catalog = false;
        c.secure_cookies = true;
    })
    .await;
    let image = "/course-assets/open-data-as-service/images/portal.svg";
    let (b, _) = app.signed_in(Role::Employee, "E-2").await;
    let seen = b.get(image).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    let token = b.cookie("__Host-academy_session").unwrap();
    let planted = app.browser();
    planted.set_cookie("academy_session", &token);
    assert_eq!(
        planted.get(image).await.status,
        401,
        "a cookie without the prefix (one a subdomain could plant) is not a session"
    );
}

#[tokio::test]
async fn a_changed_course_file_is_reloaded_and_a_broken_change_keeps_the_last_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("courses");
    copy_dir(&real_courses(), &lib);
    let app = TestApp::start_with(|c| c.courses_dir = lib.clone()).await;
    let (b, _) = app.signed_in(Role::Employee, "E-5").await;
    let library = app.state.library.clone();
    let db = app.state.db.clone();
    common::on_server(async move { library.watch(db) }).await;

    // A valid edit shows up without a restart.
    let lesson = lib.join("who-is-our-customer/01-citizens-as-customers.md");
    let original = std::fs::read_to_string(&lesson).unwrap();
    let title_line = original
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap()
        .to_string();
    std::fs::write(
        &lesson,
        original.replacen(&title_line, "title: Citizens Come First", 1),
    )
    .unwrap();
    let mut seen = false;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        if b.get("/courses/who-is-our-customer/citizens-as-customers")
            .await
            .body
            .contains("<h1>Citizens Come First</h1>")
        {
            seen = true;
            break;
        }
    }
    assert!(seen, "the edited title appeared without a restart");

    // A broken edit is refused: the last good version keeps being served.
    std::fs::write(&lesson, "no front matter at all\n").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let page = b
        .get("/courses/who-is-our-customer/citizens-as-customers")
        .await;
    assert_eq!(page.status, 200);
    page.assert_contains("<h1>Citizens Come First</h1>");
}

#[tokio::test]
async fn the_knowledge_check_preview_shows_questions_but_never_answers() {
    let app = TestApp::start().await;
    assert_eq!(
        app.browser()
            .get("/courses/who-is-our-customer/check")
            .await
            .status,
        302
    );
    let (b, _) = app.signed_in(Role::Employee, "E-6").await;
    let page = b.get("/courses/who-is-our-customer/check").await;
    assert_eq!(page.status, 200);
    let loaded = app.state.library.current();
    let check = loaded
        .course("who-is-our-customer")
        .unwrap()
        .check
        .clone()
        .unwrap();
    for q in &check.questions {
        assert!(
            page.body.contains(&q.prompt),
            "question shown: {}",
            q.prompt
        );
        let explanation = q
            .explanation_html
            .split('>')
            .nth(1)
            .unwrap_or("")
            .split('<')
            .next()
            .unwrap_or("");
        if explanation.len() > 20 {
            assert!(
                !page.body.contains(explanation),
                "an explanation leaked: {explanation}"
            );
        }
    }
    let call = b
        .call("/api/courses/check", &[("slug", "who-is-our-customer")])
        .await;
    assert_eq!(call.status, 200);
    assert!(
        !call.body.contains("\"correct\"") && !call.body.contains("\"explanation_html\""),
        "answers never reach the browser: {}",
        call.body
    );
    assert_eq!(b.get("/courses/no-such-course/check").await.status, 404);
}
