//! Shared components: the page layout and navigation, notices, page guards, status pages and
//! form fields. Domain pages compose these; nothing here knows about SQL.

pub mod forms;
pub mod guard;
pub mod layout;
pub mod notice;
pub mod status;

use crate::accounts::User;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in person as the pages see it; refetched after every form submission.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Result<Option<User>, AppError>>);

pub fn use_current_user() -> Resource<Result<Option<User>, AppError>> {
    expect_context::<CurrentUser>().0
}

/// Resources that should refresh after any form submission use this as (part of) their source.
pub fn form_tick() -> u64 {
    expect_context::<notice::FlashTick>().0.get()
}
