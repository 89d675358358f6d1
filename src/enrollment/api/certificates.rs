//! Certificates: viewing one, the public verification, and revoking.

use crate::enrollment::{CertificateView, Verification};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::enrollment::certificates,
    crate::server::context::{self, answer_to, load},
};

#[server(endpoint = "learning/certificate")]
pub async fn certificate(code: String) -> Result<CertificateView, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        certificates::view(&state, &user, &code).await
    }
    .await;
    load(result)
}

/// The public check of a certificate: no sign-in, and nothing beyond the certificate itself.
#[server(endpoint = "verify")]
pub async fn verify(code: String) -> Result<Verification, AppError> {
    let result = async {
        let state = context::state()?;
        certificates::verification(&state, &code).await
    }
    .await;
    load(result)
}

#[server(endpoint = "learning/certificate/revoke")]
pub async fn revoke_certificate(code: String, reason: String) -> Result<(), AppError> {
    let result = async {
        let state = context::state()?;
        let admin = auth::require(&state, Permission::ManageUsers).await?;
        let code = certificates::revoke(&state, &admin, &code, &reason).await?;
        Ok((
            "The certificate is revoked. Its verification page now says so.".to_string(),
            format!("/certificates/{code}"),
        ))
    }
    .await;
    answer_to(result)
}
