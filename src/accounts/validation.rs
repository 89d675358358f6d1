//! Checks on what people type into account forms: every problem is reported at once, in words
//! the person can act on, and nothing overlong or malformed reaches the database.

use super::Role;
use crate::error::AppError;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A new account, checked and normalised (trimmed, email lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub employee_id: String,
    pub name: String,
    pub email: String,
    pub department: String,
    pub role: Role,
}

pub fn new_user(
    employee_id: &str,
    name: &str,
    email: &str,
    department: &str,
    role: &str,
) -> Result<NewUser, AppError> {
    let mut problems = Vec::new();
    let employee_id = employee_id.trim();
    if employee_id.is_empty() {
        problems.push("Employee id is required.".to_string());
    } else if employee_id.chars().count() > 32
        || !employee_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        problems.push(
            "Employee id may use letters, digits, '-', '_' and '.', up to 32 characters."
                .to_string(),
        );
    }
    let name = name.trim();
    if name.is_empty() {
        problems.push("Name is required.".to_string());
    } else if name.chars().count() > 120 {
        problems.push("Name must be at most 120 characters.".to_string());
    }
    let email = email.trim().to_lowercase();
    if let Err(p) = check_email(&email) {
        problems.push(p);
    }
    let department = department.trim();
    if department.chars().count() > 120 {
        problems.push("Department must be at most 120 characters.".to_string());
    }
    let role = match Role::parse(role) {
        Ok(r) => Some(r),
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    };
    match (problems.is_empty(), role) {
        (true, Some(role)) => Ok(NewUser {
            employee_id: employee_id.to_string(),
            name: name.to_string(),
            email,
            department: department.to_string(),
            role,
        }),
        _ => Err(AppError::Invalid(problems.join(" "))),
    }
}

fn check_email(email: &str) -> Result<(), String> {
    if email.is_empty() {
        return Err("Email is required.".into());
    }
    if email.len() > 254 {
        return Err("Email must be at most 254 characters.".into());
    }
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"',;".contains(c))
            && !domain.contains('@')
    });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{:?} is not a valid email address.",
            crate::text::truncate(email, 60)
        ))
    }
}

/// The password rule: long enough to resist guessing, short enough to hash, and not a copy of
/// something printed on the person's badge.
pub fn new_password(password: &str, confirm: &str, identifiers: &[&str]) -> Result<(), AppError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(format!(
            "Choose a password of at least {MIN_PASSWORD_CHARS} characters."
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(format!(
            "Choose a password of at most {MAX_PASSWORD_CHARS} characters."
        )));
    }
    if password != confirm {
        return Err(AppError::invalid("The two new passwords do not match."));
    }
    let lower = password.to_lowercase();
    if identifiers
        .iter()
        .any(|id| !id.is_empty() && lower == id.to_lowercase())
    {
        return Err(AppError::invalid(
            "Your password cannot be your email address or employee id.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_user_is_normalised() {
        let u = new_user(
            " E-100 ",
            " Ana Ruiz ",
            " Ana.Ruiz@City.GOV ",
            "Revenue",
            "trainer",
        )
        .unwrap();
        assert_eq!(u.email, "ana.ruiz@city.gov");
        assert_eq!(u.employee_id, "E-100");
        assert_eq!(u.role, Role::Trainer);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = new_user("", "", "not-an-email", "", "employee")
            .unwrap_err()
            .to_string();
        assert!(err.contains("Employee id is required."), "{err}");
        assert!(err.contains("Name is required."), "{err}");
        assert!(
            err.contains("\"not-an-email\" is not a valid email address."),
            "{err}"
        );
    }

    #[test]
    fn overlong_fields_are_refused() {
        let long = "x".repeat(500);
        let err = new_user(&long, &long, "a@b.co", &long, "employee")
            .unwrap_err()
            .to_string();
        assert!(err.contains("up to 32 characters"), "{err}");
        assert!(
            err.contains("Name must be at most 120 characters."),
            "{err}"
        );
        assert!(
            err.contains("Department must be at most 120 characters."),
            "{err}"
        );
    }

    #[test]
    fn email_addresses_with_markup_are_refused() {
        assert!(new_user("E1", "A", "<script>@x.org", "", "employee").is_err());
        assert!(new_user("E1", "A", "a@localhost", "", "employee").is_err());
    }

    #[test]
    fn passwords_must_be_long_matching_and_not_the_email() {
        assert!(new_password("short", "short", &[]).is_err());
        assert_eq!(
            new_password("long enough pw", "long enough pX", &[])
                .unwrap_err()
                .to_string(),
            "The two new passwords do not match."
        );
        assert!(new_password("pat@city.gov", "pat@city.gov", &["pat@city.gov"]).is_err());
        assert!(new_password("a long passphrase", "a long passphrase", &["pat@city.gov"]).is_ok());
        let huge = "p".repeat(200);
        assert!(new_password(&huge, &huge, &[]).is_err());
    }
}
