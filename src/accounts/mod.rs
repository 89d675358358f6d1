//! Accounts: people and their roles, sign-in with server-side sessions, throttling of failed
//! sign-ins, and the permission checks every server function and page goes through.

#[cfg(feature = "ssr")]
pub mod admin;
pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod current_user;
pub mod guard;
pub mod ids;
pub mod pages;
pub mod permissions;
pub mod throttle;
pub mod validation;

#[cfg(feature = "ssr")]
pub mod attempts;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod signin;
#[cfg(feature = "ssr")]
pub mod store;

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// What a person may do in the academy. Ordered from least to most trusted, but permissions are
/// decided in `permissions.rs`, not by comparing roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Employee,
    Instructor,
    Trainer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Employee, Role::Instructor, Role::Trainer, Role::Admin];

    /// The stored and submitted name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Instructor => "instructor",
            Role::Trainer => "trainer",
            Role::Admin => "admin",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Employee => "Employee",
            Role::Instructor => "Instructor",
            Role::Trainer => "Trainer",
            Role::Admin => "Administrator",
        }
    }

    /// Parses a submitted role; a forged or unknown value is refused by name.
    pub fn parse(value: &str) -> Result<Role, AppError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == value.trim())
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "Unknown role {:?}: choose employee, instructor, trainer or admin.",
                    crate::text::truncate(value, 40)
                ))
            })
    }
}

/// A person as the rest of the academy sees them: never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub employee_id: String,
    pub name: String,
    pub email: String,
    pub department: String,
    pub role: Role,
    pub active: bool,
    pub must_change_password: bool,
}

/// A person as transcripts and rosters name them: who, and where they work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub employee_id: String,
    pub department: String,
}

/// What an administrator gets back after creating an account or resetting a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    pub user_name: String,
    pub password: String,
    /// How many hours it works.
    pub hours: u64,
}

/// One page of the administrator's user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<User>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
    }

    #[test]
    fn a_forged_role_is_refused_by_name() {
        let err = Role::parse("superuser").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Unknown role \"superuser\": choose employee, instructor, trainer or admin."
        );
    }
}
