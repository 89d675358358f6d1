//! The demo city's people: its departments with codes, as the HR roster has them, and its
//! employees, instructors and trainer, with names drawn from short lists.

use super::{DOMAIN, Rng, insert_rows};
use crate::db::{Cell, Db};
use crate::departments::rules::code_from_name;

pub(super) const DEPARTMENTS: [&str; 24] = [
    "311 Call Center",
    "Aviation",
    "Buildings",
    "City Clerk",
    "Community Development",
    "Consumer Protection",
    "Cultural Affairs",
    "Emergency Management",
    "Family Services",
    "Finance",
    "Fire",
    "Health",
    "Housing",
    "Human Resources",
    "Innovation and Technology",
    "Law",
    "Libraries",
    "Parks and Recreation",
    "Planning",
    "Police",
    "Public Works",
    "Revenue",
    "Streets and Sanitation",
    "Transportation",
];
const FIRST: [&str; 16] = [
    "Alex", "Bea", "Carlos", "Dana", "Eli", "Fatima", "Grace", "Hiro", "Imani", "Jonah", "Kai",
    "Lena", "Marco", "Nia", "Omar", "Priya",
];
const LAST: [&str; 16] = [
    "Adams", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim", "Jensen",
    "Kim", "Lopez", "Murphy", "Nguyen", "Okafor", "Patel",
];

/// Creates the demo departments; a department that exists already (real, with its own name)
/// is left as it is.
pub(super) async fn seed_departments(db: &Db) -> Result<(), String> {
    let existing: std::collections::HashSet<String> =
        crate::departments::store::codes_and_names(db)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(code, _)| code)
            .collect();
    for dept in DEPARTMENTS {
        let code = code_from_name(dept);
        if existing.contains(&code) {
            continue;
        }
        crate::departments::store::save_department(db, &code, dept, None)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A random person's name.
pub(super) fn name(rng: &mut Rng) -> String {
    format!("{} {}", FIRST[rng.below(16)], LAST[rng.below(16)])
}

/// One demo account, as [`insert`] takes it: in a random demo department, signing in with
/// `hash` if given.
pub(super) fn person(
    id: &str,
    name: &str,
    role: &str,
    hash: Option<&str>,
    rng: &mut Rng,
    now: i64,
) -> Vec<Cell> {
    vec![
        Cell::Text(id.into()),
        Cell::Text(name.into()),
        Cell::Text(format!("{}@{DOMAIN}", id.to_lowercase())),
        Cell::Text(code_from_name(DEPARTMENTS[rng.below(DEPARTMENTS.len())])),
        Cell::Text(role.into()),
        Cell::Int(1),
        hash.map_or(Cell::NullText, |h| Cell::Text(h.into())),
        Cell::Int(0),
        Cell::Int(now),
        Cell::Int(now),
    ]
}

/// Inserts accounts made by [`person`].
pub(super) async fn insert(db: &Db, people: &[Vec<Cell>]) -> Result<(), String> {
    insert_rows(
        db,
        "INSERT INTO users (employee_id, name, email, department_code, role, active, \
         password_hash, must_change_password, created_at, updated_at)",
        10,
        people,
    )
    .await
}

/// The employees D000001… (the first signs in with `hash`).
pub(super) async fn seed_employees(
    db: &Db,
    count: usize,
    rng: &mut Rng,
    hash: &str,
    now: i64,
) -> Result<(), String> {
    let mut users = Vec::with_capacity(count);
    for i in 1..=count {
        let name = name(rng);
        let id = format!("D{i:06}");
        users.push(person(
            &id,
            &name,
            "employee",
            (i == 1).then_some(hash),
            rng,
            now,
        ));
    }
    insert(db, &users).await
}
