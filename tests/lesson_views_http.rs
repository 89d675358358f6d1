//! Reading a lesson never writes once its first opening is recorded (issue #17): a page view
//! may not queue for SQLite's single write lock, nor for PostgreSQL's lock on the table.

mod common;

use academy::accounts::Role;
use common::{Browser, TestApp, on_server};
use std::time::Duration;

const COURSE: &str = "who-is-our-customer";

/// Holds what every write to `lesson_progress` needs — SQLite's write lock, or on PostgreSQL a
/// lock on the table that any INSERT (even one that inserts nothing) waits for — until the
/// returned sender is used or dropped. Reads go on meanwhile.
async fn hold_progress_writes(app: &TestApp) -> tokio::sync::oneshot::Sender<()> {
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (held, is_held) = tokio::sync::oneshot::channel::<()>();
    let db = app.state.db.clone();
    tokio::spawn(on_server(async move {
        let mut tx = academy::db::begin_write(&db).await.expect("a write lock");
        let lock = if academy::db::is_postgres(&tx) {
            "LOCK TABLE lesson_progress IN EXCLUSIVE MODE"
        } else {
            // BEGIN IMMEDIATE has the lock; a write makes sure of it.
            "UPDATE lesson_progress SET user_id = user_id WHERE 1 = 0"
        };
        sqlx::query(lock)
            .execute(&mut *tx)
            .await
            .expect("lock lesson_progress");
        let _ = held.send(());
        let _ = released.await;
        let _ = tx.rollback().await;
    }));
    is_held.await.expect("the lock is held");
    release
}

async fn opened(app: &TestApp, user_id: i64) -> i64 {
    app.number(
        "SELECT COUNT(*) FROM lesson_progress WHERE user_id = $1 AND opened_at IS NOT NULL",
        user_id,
    )
    .await
}

/// The lesson page, or a failure if it took longer than a writer would wait for the lock.
async fn view_quickly(b: &Browser, slug: &str) -> common::Page {
    tokio::time::timeout(
        Duration::from_secs(3),
        b.get(&format!("/courses/{COURSE}/{slug}")),
    )
    .await
    .expect("a lesson already opened is served without waiting for the write lock")
}

#[tokio::test]
async fn a_lesson_opened_before_is_read_without_taking_the_write_lock() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E3001").await;
    let enrolled = b
        .post_form(
            "/api/learning/enrol",
            &format!("/courses/{COURSE}"),
            &[("course", COURSE)],
        )
        .await;
    assert_eq!(enrolled.status, 302, "{}", enrolled.body);
    let slugs: Vec<String> = {
        let lib = app.state.library.current();
        let course = lib.course(COURSE).unwrap();
        course.lessons.iter().map(|l| l.slug.clone()).collect()
    };
    assert_eq!(opened(&app, user.id).await, 0);

    // The first view records the opening.
    let first = b.get(&format!("/courses/{COURSE}/{}", slugs[0])).await;
    assert_eq!(first.status, 200);
    first.assert_contains("Mark as done");
    assert_eq!(opened(&app, user.id).await, 1);

    // Later views are reads only: they are served in full while every write waits.
    let release = hold_progress_writes(&app).await;
    for _ in 0..2 {
        let again = view_quickly(&b, &slugs[0]).await;
        assert_eq!(again.status, 200, "{}", again.body);
        again.assert_contains("Mark as done");
        again.assert_contains("0 of 4 lessons done");
    }
    drop(release);
    assert_eq!(opened(&app, user.id).await, 1, "still one opening recorded");

    // Another lesson's first view is still recorded, and a lesson marked done reads as done.
    let second = b.get(&format!("/courses/{COURSE}/{}", slugs[1])).await;
    assert_eq!(second.status, 200);
    assert_eq!(opened(&app, user.id).await, 2);
    let e = app
        .number("SELECT id FROM enrollments WHERE user_id = $1", user.id)
        .await;
    let done = b
        .call(
            "/api/learning/done",
            &[("enrollment", &e.to_string()), ("lesson", &slugs[1])],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let release = hold_progress_writes(&app).await;
    let read = view_quickly(&b, &slugs[1]).await;
    drop(release);
    read.assert_contains("You have marked this lesson as done.");
    read.assert_contains("1 of 4 lessons done");
}

#[tokio::test]
async fn a_lesson_page_offers_nothing_to_people_not_enrolled_and_records_nothing() {
    let app = TestApp::start().await;
    let (b, user) = app.signed_in(Role::Employee, "E3002").await;
    let slug = {
        let lib = app.state.library.current();
        lib.course(COURSE).unwrap().lessons[0].slug.clone()
    };
    let page = b.get(&format!("/courses/{COURSE}/{slug}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Mark as done"));
    assert_eq!(opened(&app, user.id).await, 0);
    // A lesson the course does not have is a 404, and records nothing either.
    let missing = b.get(&format!("/courses/{COURSE}/no-such-lesson")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(opened(&app, user.id).await, 0);
}
