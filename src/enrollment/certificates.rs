//! Certificates as people see them: their holder and trainers (with revoking for
//! administrators) and the public verification page. The codes themselves: `certificate.rs`.

use super::{CertificateView, Verification, certificate, store};
use crate::accounts::User;
use crate::accounts::permissions::Permission;
use crate::error::AppError;
use crate::server::state::AppState;

fn missing() -> AppError {
    AppError::not_found("There is no certificate with this code.")
}

/// The certificate a typed-in code names; `missing` says what to answer when none does.
async fn find(
    state: &AppState,
    code: &str,
    missing: impl Fn() -> AppError,
) -> Result<store::CertificateRow, AppError> {
    let code = certificate::normalize(code).ok_or_else(&missing)?;
    store::certificate(&state.db, &code)
        .await?
        .ok_or_else(missing)
}

/// A certificate for its holder, trainers and administrators.
pub async fn view(state: &AppState, user: &User, code: &str) -> Result<CertificateView, AppError> {
    let z = find(state, code, missing).await?;
    if z.user_id != user.id && !user.role.can(Permission::ManageTraining) {
        return Err(AppError::Forbidden);
    }
    let c = crate::courses::store::by_id(&state.db, z.course_id)
        .await?
        .ok_or(AppError::Internal)?;
    let tz = state.config.time_zone;
    Ok(CertificateView {
        // On paper the address must be whole: the public URL, or where the academy listens.
        verify_url: format!("{}/verify/{}", state.config.public_base(), z.code),
        code: z.code,
        learner_name: z.learner_name,
        course_title: z.course_title,
        course_slug: c.slug,
        course_version: z.course_version as u32,
        issued_on: crate::calendar::label_of(z.issued_at, tz),
        revoked_on: z.revoked_at.map(|t| crate::calendar::label_of(t, tz)),
        revoked_reason: z.revoked_reason,
        can_revoke: user.role.can(Permission::ManageUsers),
    })
}

/// The public check of a certificate: nothing beyond the certificate itself.
pub async fn verification(state: &AppState, code: &str) -> Result<Verification, AppError> {
    let missing = || {
        AppError::not_found(
            "No certificate has this code. Check it against the printed certificate.",
        )
    };
    let z = find(state, code, missing).await?;
    let tz = state.config.time_zone;
    Ok(Verification {
        code: z.code,
        learner_name: z.learner_name,
        course_title: z.course_title,
        course_version: z.course_version as u32,
        issued_on: crate::calendar::label_of(z.issued_at, tz),
        revoked_on: z.revoked_at.map(|t| crate::calendar::label_of(t, tz)),
    })
}

/// Revokes a certificate for a reason kept for audit; returns its canonical code.
pub async fn revoke(
    state: &AppState,
    admin: &User,
    code: &str,
    reason: &str,
) -> Result<String, AppError> {
    let reason = certificate::revocation_reason(reason).map_err(AppError::invalid)?;
    let code = find(state, code, missing).await?.code;
    if !store::revoke(&state.db, &code, admin.id, reason).await? {
        return Err(AppError::Conflict(
            "This certificate was already revoked.".into(),
        ));
    }
    tracing::info!(admin_id = admin.id, code = %code, "certificate revoked");
    Ok(code)
}
