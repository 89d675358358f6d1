//! Transcripts: one's own, or, for trainers and officers, someone else's.

use crate::enrollment::Transcript;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::enrollment::transcripts,
    crate::server::context::{self, load},
};

/// A transcript: with no `employee` id, the signed-in person's own; anyone else's needs a
/// trainer (instructors cannot see them).
#[server(endpoint = "learning/transcript")]
pub async fn transcript_of(#[server(default)] employee: String) -> Result<Transcript, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::Learn).await?;
        transcripts::transcript(&state, &user, &employee).await
    }
    .await;
    load(result)
}
