//! Who may do what: the one table of permissions by role. Server functions and page guards ask
//! here; nothing else compares roles.

use super::{Role, User};
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read courses, lessons, case studies and the glossary.
    ReadCourses,
    /// See one's own learning, enrol, take checks.
    Learn,
    /// The instructor's area: own sessions and own feedback.
    Teach,
    /// The trainer's area: schedule sessions, enrol others, see program results.
    ManageTraining,
    /// The administrator's area: create users, change roles, deactivate.
    ManageUsers,
}

impl Role {
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ReadCourses | Learn => true,
            Teach => matches!(self, Role::Instructor | Role::Trainer | Role::Admin),
            ManageTraining => matches!(self, Role::Trainer | Role::Admin),
            ManageUsers => self == Role::Admin,
        }
    }
}

/// Decides a request: anonymous people are asked to sign in, inactive accounts and missing
/// permissions are refused, and a pending password change comes before anything else.
pub fn authorize(user: Option<&User>, permission: Permission) -> Result<&User, AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    if !user.active {
        return Err(AppError::Unauthenticated);
    }
    if user.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    if user.role.can(permission) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> User {
        User {
            id: 1,
            employee_id: "E1".into(),
            name: "Pat".into(),
            email: "pat@city.gov".into(),
            department: String::new(),
            role,
            active: true,
            must_change_password: false,
        }
    }

    #[test]
    fn only_admins_manage_users() {
        for role in Role::ALL {
            assert_eq!(
                role.can(Permission::ManageUsers),
                role == Role::Admin,
                "{role:?}"
            );
        }
    }

    #[test]
    fn trainers_manage_training_but_instructors_do_not() {
        assert!(Role::Trainer.can(Permission::ManageTraining));
        assert!(Role::Admin.can(Permission::ManageTraining));
        assert!(!Role::Instructor.can(Permission::ManageTraining));
        assert!(!Role::Employee.can(Permission::Teach));
    }

    #[test]
    fn anonymous_people_are_asked_to_sign_in() {
        assert_eq!(
            authorize(None, Permission::Learn),
            Err(AppError::Unauthenticated)
        );
    }

    #[test]
    fn an_employee_is_refused_the_admin_area() {
        assert_eq!(
            authorize(Some(&user(Role::Employee)), Permission::ManageUsers),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn a_pending_password_change_comes_first() {
        let mut admin = user(Role::Admin);
        admin.must_change_password = true;
        assert_eq!(
            authorize(Some(&admin), Permission::ManageUsers),
            Err(AppError::PasswordChangeRequired)
        );
    }

    #[test]
    fn a_deactivated_account_counts_as_signed_out() {
        let mut admin = user(Role::Admin);
        admin.active = false;
        assert_eq!(
            authorize(Some(&admin), Permission::Learn),
            Err(AppError::Unauthenticated)
        );
    }
}
