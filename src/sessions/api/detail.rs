//! One session's page, as the signed-in person sees it.

use crate::error::AppError;
use crate::sessions::SessionDetail;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::accounts::auth,
    crate::accounts::permissions::Permission,
    crate::server::context::{self, load},
    crate::sessions::detail,
};

#[server(endpoint = "sessions/detail")]
pub async fn session_page(id: i64) -> Result<SessionDetail, AppError> {
    let result = async {
        let state = context::state()?;
        let user = auth::require(&state, Permission::ReadCourses).await?;
        detail::detail(&state, &user, id).await
    }
    .await;
    load(result)
}
