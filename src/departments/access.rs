//! Who may see and act on which departments: trainers and administrators the whole city, a
//! customer service officer their departments and the departments under them, nobody else.

use super::store;
use super::tree::{Reach, Tree};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// The department tree, from the stored departments.
pub async fn tree(db: &Db) -> AppResult<Tree> {
    let all = store::all(db).await?;
    Ok(Tree::new(all.into_iter().map(|d| (d.code, d.parent))))
}

/// The codes of department `code` and every department under it; an unknown code is refused.
pub async fn department_and_under(db: &Db, code: &str) -> AppResult<Vec<String>> {
    let tree = tree(db).await?;
    if !tree.contains(code) {
        return Err(AppError::invalid(format!("There is no department {code}.")));
    }
    Ok(tree.with_descendants(code).into_iter().collect())
}

/// What `user` reaches, with the tree it was worked out on.
pub async fn reach(db: &Db, user: &User) -> AppResult<(Reach, Tree)> {
    let tree = tree(db).await?;
    if user.role.can(Permission::ManageTraining) {
        return Ok((Reach::City, tree));
    }
    let codes = store::officer_codes(db, user.id).await?;
    Ok((Reach::officer_of(&tree, &codes), tree))
}

/// Like `reach`, refusing people who reach no department.
pub async fn require_reach(db: &Db, user: &User) -> AppResult<(Reach, Tree)> {
    let (reach, tree) = reach(db, user).await?;
    if reach.is_nothing() {
        tracing::warn!(
            user_id = user.id,
            "refused: not an officer of any department"
        );
        return Err(AppError::Forbidden);
    }
    Ok((reach, tree))
}

/// Refuses (403) a department outside `reach`; an unknown one is 404 for those who may see
/// every department, and 403 for officers (who learn nothing of other departments).
pub fn require_department(reach: &Reach, tree: &Tree, code: &str, user: &User) -> AppResult<()> {
    if reach.covers(code) && (tree.contains(code) || code.is_empty()) {
        return Ok(());
    }
    if *reach == Reach::City {
        return Err(AppError::not_found(format!(
            "There is no department {code}."
        )));
    }
    tracing::warn!(
        user_id = user.id,
        department = code,
        "refused: another department"
    );
    Err(AppError::Forbidden)
}
