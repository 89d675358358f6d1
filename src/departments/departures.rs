//! What a full roster may do to people missing from it, and to people an administrator
//! deactivated: pure rules, so that the HR file never overrides the academy's own decisions.

use super::plan::Existing;
use super::roster::Row;
use serde::{Deserialize, Serialize};

/// Someone the import did not touch on purpose, for an administrator to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub employee_id: String,
    pub why: String,
}

/// A full roster deactivates an active person missing from it only when the roster manages
/// them (it created them, or they appeared in an earlier file) and they are a plain employee.
/// Accounts made in the academy (the first administrator, trainers, instructors created by
/// hand) and anyone with a role above employee are listed for review instead: a missing row
/// must never lock out an administrator or bypass the last-administrator guard.
pub fn absent(person: &Existing) -> Result<(), Review> {
    let why = if !person.from_roster {
        "not in the file, but the account was made in the academy, not by the roster: \
         deactivate it by hand if they left"
            .to_string()
    } else if person.role != "employee" {
        format!(
            "not in the file, but they are {}: deactivate them by hand if they left",
            role_phrase(&person.role)
        )
    } else {
        return Ok(());
    };
    Err(Review {
        employee_id: person.employee_id.clone(),
        why,
    })
}

fn role_phrase(role: &str) -> &'static str {
    match role {
        "admin" => "an administrator",
        "trainer" => "a trainer",
        "instructor" => "an instructor",
        _ => "more than an employee",
    }
}

/// A file that lists someone as active does not undo an administrator's deactivation: the row
/// is applied with the person kept inactive, and the import says so.
pub fn keep_deactivated(old: &Existing, row: &mut Row) -> Option<Review> {
    if !(old.deactivated_by_admin && !old.active && row.active) {
        return None;
    }
    row.active = false;
    Some(Review {
        employee_id: row.employee_id.clone(),
        why: "active in the file, but an administrator deactivated them: they stay \
              deactivated until an administrator reactivates them"
            .into(),
    })
}

/// Nor does a file that marks someone above an employee inactive deactivate them (that would
/// bypass the last-administrator guard): they stay active, listed for review.
pub fn keep_active(old: &Existing, row: &mut Row) -> Option<Review> {
    if !(old.active && !row.active && old.role != "employee") {
        return None;
    }
    row.active = true;
    Some(Review {
        employee_id: row.employee_id.clone(),
        why: format!(
            "inactive in the file, but they are {}: deactivate them by hand if they left",
            role_phrase(&old.role)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::plan::{Change, Plan, plan};
    use super::*;

    fn person(id: &str, role: &str, from_roster: bool) -> Existing {
        Existing {
            employee_id: id.into(),
            name: format!("Person {id}"),
            email: format!("{}@x.org", id.to_lowercase()),
            department: "IT".into(),
            job_title: String::new(),
            manager_id: None,
            active: true,
            from_roster,
            role: role.into(),
            deactivated_by_admin: false,
        }
    }

    fn row(p: &Existing) -> Row {
        Row {
            line: 2,
            employee_id: p.employee_id.clone(),
            name: p.name.clone(),
            email: p.email.clone(),
            department: p.department.clone(),
            job_title: p.job_title.clone(),
            manager_id: None,
            active: true,
        }
    }

    fn deactivated(p: &Plan) -> Vec<&str> {
        let ids = p.changes.iter().filter_map(|c| match c {
            Change::Deactivate { employee_id } => Some(employee_id.as_str()),
            _ => None,
        });
        ids.collect()
    }

    #[test]
    fn a_full_roster_deactivates_only_the_employees_it_manages() {
        let stored = [
            person("admin", "admin", false),
            person("T1", "trainer", false),
            person("A2", "admin", true),
            person("I1", "instructor", true),
            person("E1", "employee", true),
            person("E2", "employee", true),
            person("M1", "employee", false),
        ];
        let file = [row(&stored[5])];
        let (p, problems) = plan(&file, &stored, &["IT".to_string()], true);
        assert!(problems.is_empty());
        assert_eq!(deactivated(&p), ["E1"]);
        let reviewed: Vec<_> = p.review.iter().map(|r| r.employee_id.as_str()).collect();
        assert_eq!(reviewed, ["A2", "I1", "M1", "T1", "admin"]);
        assert!(
            p.review[0].why.contains("an administrator"),
            "{:?}",
            p.review
        );
        assert!(
            p.review[2].why.contains("made in the academy"),
            "{:?}",
            p.review
        );
    }

    #[test]
    fn a_partial_import_reviews_nobody_missing() {
        let stored = [
            person("admin", "admin", false),
            person("E1", "employee", true),
        ];
        let (p, _) = plan(&[], &stored, &["IT".to_string()], false);
        assert!(p.changes.is_empty() && p.review.is_empty());
    }

    #[test]
    fn a_file_cannot_deactivate_an_administrator_it_lists_as_inactive() {
        let admin = person("A2", "admin", true);
        let mut gone = row(&admin);
        gone.active = false;
        let (p, _) = plan(&[gone.clone()], &[admin], &["IT".to_string()], true);
        assert!(p.changes.is_empty(), "{:?}", p.changes);
        assert_eq!(p.unchanged, 1);
        assert!(
            p.review[0]
                .why
                .contains("inactive in the file, but they are an administrator")
        );
        let employee = person("E1", "employee", true);
        gone.employee_id = "E1".into();
        let (p, _) = plan(&[gone], &[employee], &["IT".to_string()], true);
        assert!(matches!(&p.changes[..], [Change::Update { row, .. }] if !row.active));
    }

    #[test]
    fn an_administrators_deactivation_survives_a_file_that_says_active() {
        let mut held = person("E1", "employee", true);
        (held.active, held.deactivated_by_admin) = (false, true);
        let mut file_row = row(&held);
        file_row.job_title = "Clerk".into();
        let (p, _) = plan(&[file_row], &[held.clone()], &["IT".to_string()], true);
        match &p.changes[..] {
            [Change::Update { row, fields }] => {
                assert!(!row.active, "kept deactivated");
                assert_eq!(fields, &["job_title"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p.review.len(), 1);
        assert!(p.review[0].why.contains("stay deactivated"));
        // Deactivated by the roster itself (HR said no): the file may bring them back.
        held.deactivated_by_admin = false;
        let (p, _) = plan(&[row(&held)], &[held], &["IT".to_string()], true);
        assert!(p.review.is_empty());
        assert!(matches!(&p.changes[..], [Change::Update { row, .. }] if row.active));
    }
}
