//! The roster diff: the changes that make the stored people match the HR file (created,
//! updated, deactivated), keyed on employee id; pure, applied in SQL by `store::imports::apply`.

use super::departures;
use super::roster::{HEADER, Problem, Row, problem, show};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What is stored now for a person (keyed by employee id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub employee_id: String,
    pub name: String,
    pub email: String,
    pub department: String,
    pub job_title: String,
    pub manager_id: Option<String>,
    pub active: bool,
    /// The roster created the account or listed it before (see `departures`).
    pub from_roster: bool,
    /// The stored role name (`employee`, `instructor`, `trainer`, `admin`).
    pub role: String,
    /// An administrator deactivated them, and that holds against the file.
    pub deactivated_by_admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Create(Row),
    /// `fields`: names of the fields that differ, in header order.
    Update {
        row: Row,
        fields: Vec<String>,
    },
    Deactivate {
        employee_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    /// People left as they are on purpose, with the reason, for an administrator to review.
    pub review: Vec<super::departures::Review>,
}

/// The changes that make the stored people match `rows`. With `full`, active stored people
/// missing from `rows` are deactivated (only pass it when [`parse`] reported no problems).
/// Rows with an unknown department or manager, or another stored person's email, are skipped.
pub fn plan(
    rows: &[Row],
    existing: &[Existing],
    departments: &[String],
    full: bool,
) -> (Plan, Vec<Problem>) {
    let stored: HashMap<_, _> = existing.iter().map(|e| (&*e.employee_id, e)).collect();
    let in_file: HashMap<_, _> = rows.iter().map(|r| &*r.employee_id).zip(0..).collect();
    let lower: Vec<_> = existing.iter().map(|e| e.email.to_lowercase()).collect();
    let emails: HashMap<_, _> = lower.iter().zip(existing).collect();
    let mut problems = Vec::new();
    let mut bad = |row: &Row, message: String| {
        problems.push(problem(row.line, message));
        true
    };
    let mut skip = vec![false; rows.len()];
    let known = |d: &str| departments.iter().any(|k| k.eq_ignore_ascii_case(d));
    for (row, skip) in rows.iter().zip(skip.iter_mut()) {
        if !known(&row.department) {
            let dept = show(&row.department);
            *skip = bad(row, format!("department {dept} is not a known code."));
        }
        let owner = emails.get(&row.email.to_lowercase());
        if let Some(owner) = owner.filter(|e| e.employee_id != row.employee_id) {
            let (email, owner) = (show(&row.email), show(&owner.employee_id));
            *skip = bad(row, format!("email {email} is already used by {owner}."));
        }
    }
    // A manager must exist once the plan is applied, so rejections can cascade.
    let mut changed = true;
    while changed {
        changed = false;
        for (i, row) in rows.iter().enumerate() {
            let Some(manager) = row.manager_id.as_deref().filter(|_| !skip[i]) else {
                continue;
            };
            let why = match in_file.get(manager) {
                Some(&j) if skip[j] => "refers to a row that was rejected",
                None if !stored.contains_key(manager) => "is neither in the file nor stored",
                _ => continue,
            };
            let message = format!("manager_id {} {why}.", show(manager));
            (skip[i], changed) = (bad(row, message), true);
        }
    }
    let mut result = Plan::default();
    for (row, _) in rows.iter().zip(&skip).filter(|(_, skip)| !**skip) {
        let Some(old) = stored.get(row.employee_id.as_str()) else {
            result.changes.push(Change::Create(row.clone()));
            continue;
        };
        let mut row = row.clone();
        result
            .review
            .extend(departures::keep_deactivated(old, &mut row));
        result.review.extend(departures::keep_active(old, &mut row));
        let differs = [
            old.name != row.name,
            old.email != row.email,
            old.department != row.department,
            old.job_title != row.job_title,
            old.manager_id != row.manager_id,
            old.active != row.active,
        ];
        let fields = HEADER.split(',').skip(1).zip(differs).filter(|(_, d)| *d);
        let fields: Vec<_> = fields.map(|(name, _)| name.to_string()).collect();
        // Listed by HR now: the roster manages them from here on (`store::imports::apply` records it).
        match fields.is_empty() && old.from_roster {
            true => result.unchanged += 1,
            false => result.changes.push(Change::Update { row, fields }),
        }
    }
    if full {
        let mut gone: Vec<_> = existing.iter().filter(|e| e.active).collect();
        gone.retain(|e| !in_file.contains_key(&*e.employee_id));
        gone.sort_by(|a, b| a.employee_id.cmp(&b.employee_id));
        for person in gone {
            match departures::absent(person) {
                Ok(()) => result.changes.push(Change::Deactivate {
                    employee_id: person.employee_id.clone(),
                }),
                Err(review) => result.review.push(review),
            }
        }
    }
    problems.sort_by_key(|p| p.line);
    (result, problems)
}

#[cfg(test)]
mod tests {
    use super::super::roster::parse;
    use super::*;

    fn line(p: &Problem) -> String {
        format!("{}: {}", p.line, p.message)
    }

    fn stored(r: &Row) -> Existing {
        Existing {
            employee_id: r.employee_id.clone(),
            name: r.name.clone(),
            email: r.email.clone(),
            department: r.department.clone(),
            job_title: r.job_title.clone(),
            manager_id: r.manager_id.clone(),
            active: r.active,
            from_roster: true,
            role: "employee".into(),
            deactivated_by_admin: false,
        }
    }

    fn describe((plan, problems): &(Plan, Vec<Problem>)) -> String {
        let changes = plan.changes.iter().map(|change| match change {
            Change::Create(row) => format!("create {}", row.employee_id),
            Change::Update { row, fields } => format!("update {} {fields:?}", row.employee_id),
            Change::Deactivate { employee_id } => format!("deactivate {employee_id}"),
        });
        let mut out: Vec<_> = changes.collect();
        out.push(format!("unchanged {}", plan.unchanged));
        out.extend(problems.iter().map(line));
        out.join("\n")
    }

    const STORED: &str = "E1,Ann,ann@x.org,IT,Boss,,\nE2,Robert,bob@x.org,IT,,E1,n\nZ1,Zed,zed@x.org,IT,,,\nA0,Old,old@x.org,IT,,,\nA1,Gone,gone@x.org,IT,,,no";
    const FILE: &str = "E1,Ann,ann@x.org,IT,Boss,,\nE2,Bob,bob@x.org,IT,,E1,\nE3,Cy,cy@x.org,HR,,E2,\nE4,Di,di@x.org,XX,,,\nE5,Ed,ed@x.org,IT,,E4,\nE6,Fi,fi@x.org,IT,,E9,\nE7,Gu,ZED@x.org,IT,,,";
    const PROBLEMS: &str = "unchanged 1\n5: department \"XX\" is not a known code.\n6: manager_id \"E4\" refers to a row that was rejected.
7: manager_id \"E9\" is neither in the file nor stored.\n8: email \"zed@x.org\" is already used by \"Z1\".";

    #[test]
    fn plan_changes_references_and_idempotence() {
        let rows = parse(format!("{HEADER}\n{FILE}").as_bytes(), 99).rows;
        let stored_rows = parse(format!("{HEADER}\n{STORED}").as_bytes(), 99).rows;
        let mut existing: Vec<_> = stored_rows.iter().map(stored).collect();
        let departments = ["it".to_string(), "HR".to_string()];
        let (update, create) = ("update E2 [\"name\", \"active\"]", "create E3");
        let partial = plan(&rows, &existing, &departments, false);
        let expected = format!("{update}\n{create}\n{PROBLEMS}");
        assert_eq!(describe(&partial), expected);
        let full = plan(&rows, &existing, &departments, true);
        let deactivate = "deactivate A0\ndeactivate Z1";
        let expected = format!("{update}\n{create}\n{deactivate}\n{PROBLEMS}");
        assert_eq!(describe(&full), expected);
        for change in &full.0.changes {
            match change {
                Change::Create(row) => existing.push(stored(row)),
                Change::Update { row, .. } => existing[1] = stored(row),
                Change::Deactivate { employee_id } => {
                    let person = existing.iter_mut().find(|e| &e.employee_id == employee_id);
                    person.expect("stored").active = false;
                }
            }
        }
        let again = describe(&plan(&rows, &existing, &departments, true));
        assert_eq!(again, PROBLEMS.replace("unchanged 1", "unchanged 3"));
    }
}
