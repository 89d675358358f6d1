//! Who an assignment is for, checked against what the person assigning may reach, and the due
//! date a latecomer gets. Pure.

use crate::departments::tree::Reach;
use chrono::{Days, NaiveDate};

/// People who join after the due date get this many days from the day they are reached.
pub const LATECOMER_DAYS: u64 = 30;
/// A list may name at most this many people.
pub const MAX_LIST: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Department,
    Division,
    JobTitle,
    List,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        Some(match text {
            "department" => Kind::Department,
            "division" => Kind::Division,
            "job-title" => Kind::JobTitle,
            "list" => Kind::List,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Department => "department",
            Kind::Division => "division",
            Kind::JobTitle => "job-title",
            Kind::List => "list",
        }
    }
}

/// A checked target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    /// The department (or division); for a job title, the department it is limited to.
    pub department: Option<String>,
    pub job_title: String,
    pub employee_ids: Vec<String>,
}

/// Why a target is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A department the person assigning does not reach: a forged form.
    Elsewhere(String),
    /// A field to fix.
    Invalid(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Elsewhere(d) => write!(f, "You may not assign courses in the department {d}."),
            Refusal::Invalid(m) => f.write_str(m),
        }
    }
}

impl From<&str> for Refusal {
    fn from(m: &str) -> Self {
        Refusal::Invalid(m.to_string())
    }
}

impl From<String> for Refusal {
    fn from(m: String) -> Self {
        Refusal::Invalid(m)
    }
}

/// Checks the form's fields. Officers must keep to their departments: a department or division
/// they reach, a job title within one of them; the people of a list are checked by the caller.
pub fn target(
    kind: &str,
    department: &str,
    job_title: &str,
    list: &str,
    reach: &Reach,
) -> Result<Target, Refusal> {
    let kind = Kind::parse(kind.trim())
        .ok_or("Choose who the course is for: a department, a division, a job title or a list.")?;
    let department = Some(department.trim().to_uppercase()).filter(|d| !d.is_empty());
    let job_title = job_title.trim().to_string();
    if let Some(d) = &department
        && !reach.covers(d)
        && kind != Kind::List
    {
        return Err(Refusal::Elsewhere(d.clone()));
    }
    let mut employee_ids = Vec::new();
    match kind {
        Kind::Department | Kind::Division => {
            if department.is_none() {
                return Err("Choose the department.".into());
            }
        }
        Kind::JobTitle => {
            if job_title.is_empty() || job_title.chars().count() > 120 {
                return Err("Give the job title (at most 120 characters).".into());
            }
            if department.is_none() && reach != &Reach::City {
                return Err(
                    "Choose which of your departments the job title is assigned in.".into(),
                );
            }
        }
        Kind::List => {
            employee_ids = crate::accounts::ids::distinct_employee_ids(list);
            if employee_ids.is_empty() {
                return Err("List the employee ids, one per line or separated by commas.".into());
            }
            if employee_ids.len() > MAX_LIST {
                return Err(format!(
                    "That list has {} people; a list may have at most {MAX_LIST}. Assign a \
                     department or a job title instead.",
                    employee_ids.len()
                )
                .into());
            }
        }
    }
    Ok(Target {
        kind,
        department: if kind == Kind::List { None } else { department },
        job_title: if kind == Kind::JobTitle {
            job_title
        } else {
            String::new()
        },
        employee_ids,
    })
}

/// The longest employee-id list the form takes, in bytes, before it is even read.
pub const MAX_LIST_TEXT: usize = 200_000;

pub fn list_fits(list: &str) -> Result<(), &'static str> {
    if list.len() > MAX_LIST_TEXT {
        return Err("That list is too long.");
    }
    Ok(())
}

/// An employee id of a list, as the accounts know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Unknown,
    Inactive,
    /// An active account: its user id and department code.
    Active {
        id: i64,
        department: Option<String>,
    },
}

/// The user ids of a list's people, when every one of them has an active account the person
/// assigning reaches; otherwise what is wrong, naming the first ten.
pub fn list_people(
    ids: &[String],
    account: impl Fn(&str) -> Listed,
    reach: &Reach,
) -> Result<Vec<i64>, String> {
    let mut people = Vec::new();
    let mut problems = Vec::new();
    for id in ids {
        match account(id) {
            Listed::Unknown => problems.push(format!("No account has employee id {id}.")),
            Listed::Inactive => problems.push(format!("{id}'s account is deactivated.")),
            Listed::Active { department, .. }
                if !department.as_deref().is_some_and(|d| reach.covers(d))
                    && reach != &Reach::City =>
            {
                problems.push(format!("{id} is not in your departments."))
            }
            Listed::Active { id, .. } => people.push(id),
        }
    }
    if problems.is_empty() {
        return Ok(people);
    }
    let more = problems.len().saturating_sub(10);
    problems.truncate(10);
    if more > 0 {
        problems.push(format!("…and {more} more."));
    }
    Err(format!("Nothing was assigned. {}", problems.join(" ")))
}

/// The due date: a date from today on, at most five years ahead.
pub fn due(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "Give the due date as a date, for example 2026-12-31.".to_string())?;
    if day < today {
        return Err("The due date has already passed. Choose a later date.".into());
    }
    if day > today + Days::new(5 * 366) {
        return Err("The due date is more than five years away. Choose an earlier date.".into());
    }
    Ok(day)
}

/// The due date of someone reached on `today`: the assignment's, or for a latecomer after it
/// has passed, `LATECOMER_DAYS` from today.
pub fn due_for(assigned: NaiveDate, today: NaiveDate) -> NaiveDate {
    if assigned < today {
        today + Days::new(LATECOMER_DAYS)
    } else {
        assigned
    }
}

/// The target in words, for the list.
pub fn describe(kind: Kind, department: Option<&str>, job_title: &str, people: i64) -> String {
    let dept = department.unwrap_or("");
    match kind {
        Kind::Department => format!("Department: {dept}"),
        Kind::Division => format!("Division: {dept} and the departments under it"),
        Kind::JobTitle if dept.is_empty() => format!("Job title: {job_title} (city-wide)"),
        Kind::JobTitle => format!("Job title: {job_title} in {dept}"),
        Kind::List => format!(
            "A list of {people} {}",
            if people == 1 { "person" } else { "people" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn officer() -> Reach {
        Reach::Departments(BTreeSet::from(["PW".to_string(), "PW-ROADS".to_string()]))
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_officer_assigns_only_in_their_departments() {
        assert!(target("department", "pw-roads", "", "", &officer()).is_ok());
        let refused = target("department", "LIB", "", "", &officer())
            .unwrap_err()
            .to_string();
        assert_eq!(refused, "You may not assign courses in the department LIB.");
        let no_dept = target("job-title", "", "Clerk", "", &officer())
            .unwrap_err()
            .to_string();
        assert!(no_dept.contains("which of your departments"), "{no_dept}");
        let t = target("job-title", "", "Clerk", "", &Reach::City).unwrap();
        assert_eq!((t.department, t.job_title.as_str()), (None, "Clerk"));
    }

    #[test]
    fn a_list_is_split_deduplicated_and_bounded() {
        let t = target("list", "", "", "E2, E1\nE2;E3", &officer()).unwrap();
        assert_eq!(t.employee_ids, ["E1", "E2", "E3"]);
        assert!(target("list", "", "", " \n", &officer()).is_err());
        let long: Vec<String> = (0..=MAX_LIST).map(|i| format!("E{i}")).collect();
        let refused = target("list", "", "", &long.join(","), &Reach::City)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("at most 5000"), "{refused}");
    }

    #[test]
    fn an_unknown_kind_is_refused() {
        assert!(target("everyone", "PW", "", "", &Reach::City).is_err());
    }

    #[test]
    fn due_dates_are_checked() {
        let today = day("2026-11-24");
        assert_eq!(due("2026-12-31", today), Ok(day("2026-12-31")));
        assert!(
            due("2026-11-23", today)
                .unwrap_err()
                .contains("already passed")
        );
        assert!(
            due("31/12/2026", today)
                .unwrap_err()
                .contains("for example")
        );
        assert!(due("2040-01-01", today).unwrap_err().contains("five years"));
    }

    #[test]
    fn a_latecomer_gets_thirty_days_once_the_due_date_has_passed() {
        let today = day("2026-11-24");
        assert_eq!(due_for(day("2026-12-01"), today), day("2026-12-01"));
        assert_eq!(due_for(day("2026-11-01"), today), day("2026-12-24"));
    }

    #[test]
    fn targets_read_as_words() {
        assert_eq!(describe(Kind::List, None, "", 1), "A list of 1 person");
        assert_eq!(
            describe(Kind::JobTitle, Some("PW"), "Clerk", 0),
            "Job title: Clerk in PW"
        );
    }

    #[test]
    fn a_list_is_assigned_only_when_everyone_on_it_may_be() {
        let ids: Vec<String> = ["A1", "B2"].map(String::from).to_vec();
        let roads = |id: &str| Listed::Active {
            id: if id == "A1" { 1 } else { 2 },
            department: Some("PW-ROADS".into()),
        };
        assert_eq!(list_people(&ids, roads, &officer()), Ok(vec![1, 2]));
        let elsewhere = |_: &str| Listed::Active {
            id: 3,
            department: Some("FIN".into()),
        };
        assert_eq!(list_people(&ids, elsewhere, &Reach::City), Ok(vec![3, 3]));
        assert_eq!(
            list_people(&ids, elsewhere, &officer()).unwrap_err(),
            "Nothing was assigned. A1 is not in your departments. B2 is not in your departments."
        );
        let gone = |id: &str| {
            if id == "A1" {
                Listed::Unknown
            } else {
                Listed::Inactive
            }
        };
        assert_eq!(
            list_people(&ids, gone, &Reach::City).unwrap_err(),
            "Nothing was assigned. No account has employee id A1. B2's account is deactivated."
        );
        let many: Vec<String> = (0..12).map(|n| format!("X{n:02}")).collect();
        let told = list_people(&many, |_| Listed::Unknown, &Reach::City).unwrap_err();
        assert!(
            told.ends_with("No account has employee id X09. …and 2 more."),
            "{told}"
        );
    }

    #[test]
    fn an_overlong_list_is_refused_before_it_is_read() {
        assert_eq!(list_fits(&"A,".repeat(1000)), Ok(()));
        assert_eq!(
            list_fits(&"A".repeat(MAX_LIST_TEXT + 1)),
            Err("That list is too long.")
        );
    }
}
