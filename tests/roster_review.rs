//! What a roster import must not do, through the administrator's upload over real HTTP (issue
//! 15): deactivate accounts it does not manage (administrators, trainers, hand-made accounts),
//! or undo an administrator's deliberate deactivation. Both are listed in the import's report.

mod common;

use academy::accounts::Role;
use academy::departments::store;
use common::{Browser, TestApp, on_server};

const HEADER: &str = "employee_id,name,email,department,job_title,manager_id,active\n";

/// Imports `csv` (not a dry run) and returns the report page.
async fn import(admin: &Browser, csv: &str, full: bool) -> common::Page {
    let fields: &[(&str, &str)] = if full { &[("full", "on")] } else { &[] };
    let done = admin
        .post_file(
            "/admin/roster/upload",
            "/admin/roster",
            ("hr.csv", csv.as_bytes()),
            fields,
        )
        .await;
    let location = done
        .location
        .clone()
        .unwrap_or_else(|| panic!("{}", done.body));
    admin.visit(&location).await
}

async fn active(app: &TestApp, employee_id: &'static str) -> i64 {
    let sql = match employee_id {
        "A1" => "SELECT active FROM users WHERE employee_id = 'A1' AND $1 = $1",
        "T1" => "SELECT active FROM users WHERE employee_id = 'T1' AND $1 = $1",
        "H1" => "SELECT active FROM users WHERE employee_id = 'H1' AND $1 = $1",
        "P001" => "SELECT active FROM users WHERE employee_id = 'P001' AND $1 = $1",
        _ => "SELECT active FROM users WHERE employee_id = 'P002' AND $1 = $1",
    };
    app.number(sql, 0).await
}

async fn departments(app: &TestApp) {
    let db = app.state.db.clone();
    on_server(async move { store::save_department(&db, "PW", "Public Works", None).await })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_full_roster_leaves_administrators_trainers_and_hand_made_accounts_for_review() {
    let app = TestApp::start().await;
    departments(&app).await;
    // The only administrator, a trainer and an employee, all made in the academy.
    let (admin, _) = app.signed_in(Role::Admin, "A1").await;
    let (trainer, _) = app.signed_in(Role::Trainer, "T1").await;
    app.user(Role::Employee, "H1").await;
    let both = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         P002,Rae Kim,rae.kim@city.test,PW,Driver,,yes\n"
    );
    import(&admin, &both, false)
        .await
        .assert_contains("Imported: 2 new");
    // HR's whole roster now lists Pat only: Rae left. Nobody else is in HR's file.
    let only_pat = format!("{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n");
    let page = import(&admin, &only_pat, true).await;
    page.assert_contains("1 deactivated");
    page.assert_contains("Left as they are, for an administrator to review in Users (3):");
    page.assert_contains("A1: not in the file, but the account was made in the academy");
    page.assert_contains("H1: not in the file, but the account was made in the academy");
    page.assert_contains("T1: not in the file, but the account was made in the academy");
    assert_eq!(
        active(&app, "P002").await,
        0,
        "the roster's own leaver goes"
    );
    for kept in ["A1", "T1", "H1"] {
        assert_eq!(active(&app, kept).await, 1, "{kept} is left alone");
    }
    assert_eq!(
        admin.get("/admin/roster").await.status,
        200,
        "the only administrator is still signed in"
    );
    assert_eq!(trainer.get("/trainer").await.status, 200);
}

#[tokio::test]
async fn a_trainer_the_roster_once_listed_is_reviewed_not_deactivated_when_missing() {
    let app = TestApp::start().await;
    departments(&app).await;
    let (admin, _) = app.signed_in(Role::Admin, "A1").await;
    let trainer = app.user(Role::Trainer, "T1").await;
    let with_trainer = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         T1,{},{},PW,Trainer,,yes\n",
        trainer.name, trainer.email
    );
    import(&admin, &with_trainer, false).await;
    let page = import(
        &admin,
        &format!("{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n"),
        true,
    )
    .await;
    page.assert_contains("T1: not in the file, but they are a trainer");
    page.assert_contains("0 deactivated");
    assert_eq!(active(&app, "T1").await, 1);
    // Nor does a file that lists them as inactive deactivate them.
    let inactive = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         T1,{},{},PW,Trainer,,no\n",
        trainer.name, trainer.email
    );
    import(&admin, &inactive, true)
        .await
        .assert_contains("T1: inactive in the file, but they are a trainer");
    assert_eq!(active(&app, "T1").await, 1);
}

#[tokio::test]
async fn an_administrators_deactivation_sticks_across_roster_imports() {
    let app = TestApp::start().await;
    departments(&app).await;
    let (admin, _) = app.signed_in(Role::Admin, "A1").await;
    let both = format!(
        "{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n\
         P002,Rae Kim,rae.kim@city.test,PW,Driver,,yes\n"
    );
    import(&admin, &both, false).await;
    let rae = app
        .number(
            "SELECT id FROM users WHERE employee_id = 'P002' AND $1 = $1",
            0,
        )
        .await
        .to_string();
    let update = |active: bool| {
        let (admin, rae) = (&admin, rae.clone());
        async move {
            let mut fields = vec![("user_id", rae.as_str()), ("role", "employee")];
            if active {
                fields.push(("active", "on"));
            }
            let res = admin.call("/api/admin/users/update", &fields).await;
            assert_eq!(res.status, 200, "{}", res.body);
        }
    };
    update(false).await;
    // HR still lists Rae as active, in a partial and in a full roster: she stays deactivated.
    for full in [false, true] {
        let page = import(&admin, &both, full).await;
        page.assert_contains(
            "P002: active in the file, but an administrator deactivated them: they stay \
             deactivated until an administrator reactivates them",
        );
        assert_eq!(active(&app, "P002").await, 0, "full roster: {full}");
    }
    // Once the administrator reactivates her, the roster manages her again as usual.
    update(true).await;
    let page = import(
        &admin,
        &format!("{HEADER}P001,Pat Lee,pat.lee@city.test,PW,Clerk,,yes\n"),
        true,
    )
    .await;
    page.assert_contains("1 deactivated");
    assert_eq!(active(&app, "P002").await, 0);
    assert_eq!(active(&app, "P001").await, 1);
}
