//! Who is signed in, as the pages see it: the person the server rendered the page for, asked
//! again after every form, and *settling* while a form that changes who it is has not come back.

use super::User;
use super::api::{ChangePassword, SetPasswordWithLink, SignIn, SignOut, current_user};
use crate::ui::forms::form_action;
use crate::ui::notice::FlashTick;
use leptos::prelude::*;

/// The signed-in person. The server resolves it once per request (before rendering) and hands it
/// to the browser with the page; the browser asks again after every form submission. Read
/// synchronously: no page waits on it, and no two boundaries share it.
///
/// `settling` is true from the moment a form that changes who is signed in is submitted until
/// the browser knows the answer. Such a form's reply redirects (to the page a person signed in
/// for, to `/account?first=1`, to `/`) before the browser has asked who is signed in now, so the
/// next page meets the *previous* person; while settling, pages wait instead of refusing them.
#[derive(Clone, Copy)]
pub struct CurrentUser {
    pub set: RwSignal<Option<User>>,
    pub get: Memo<Option<User>>,
    pub settling: Signal<bool>,
}

/// The forms that change who is signed in. Their actions belong to the app, not to the page
/// that shows the form: that page is usually gone (the answer redirects) before the answer is in.
#[derive(Clone, Copy)]
pub struct AuthForms {
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub change_password: ServerAction<ChangePassword>,
    pub set_password: ServerAction<SetPasswordWithLink>,
}

pub fn use_current_user() -> Memo<Option<User>> {
    expect_context::<CurrentUser>().get
}

/// True while who is signed in is changing (see [`CurrentUser`]); false outside the app.
pub fn use_settling() -> Signal<bool> {
    use_context::<CurrentUser>()
        .map(|c| c.settling)
        .unwrap_or_else(|| Signal::derive(|| false))
}

pub fn use_auth_forms() -> AuthForms {
    expect_context::<AuthForms>()
}

/// On the server: the person the `identify` middleware resolved for this request.
fn request_user() -> Option<User> {
    #[cfg(feature = "ssr")]
    {
        super::auth::signed_in().and_then(|s| s.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Provides [`CurrentUser`] and [`AuthForms`] for the whole app. Needs the [`FlashTick`].
pub fn provide_current_user() {
    let tick = expect_context::<FlashTick>().0;
    let first = SharedValue::new(request_user).into_inner();
    let set = RwSignal::new(first);
    let forms = AuthForms {
        sign_in: form_action(),
        sign_out: form_action(),
        change_password: form_action(),
        set_password: form_action(),
    };
    let pending = [
        forms.sign_in.pending(),
        forms.sign_out.pending(),
        forms.change_password.pending(),
        forms.set_password.pending(),
    ];
    let in_flight = Memo::new(move |_| pending.iter().any(|p| p.get()));
    // Set when such a form starts (long before its answer can arrive), cleared only once the
    // browser has asked who is signed in after the last of them came back.
    let awaiting = RwSignal::new(false);
    Effect::watch(
        move || in_flight.get(),
        move |now, _, _| {
            if *now {
                awaiting.set(true);
            }
        },
        false,
    );
    // After every form submission, ask who is signed in now.
    let asked = StoredValue::new(0u64);
    Effect::watch(
        move || tick.get(),
        move |_, _, _| {
            let this = asked.get_value() + 1;
            asked.set_value(this);
            leptos::task::spawn_local(async move {
                if let Ok(user) = current_user().await {
                    set.set(user);
                }
                // The person first, then the end of settling: a page that was waiting decides
                // on the new person, never on the old one.
                if asked.get_value() == this && !in_flight.get_untracked() {
                    awaiting.set(false);
                }
            })
        },
        false,
    );
    provide_context(CurrentUser {
        set,
        get: Memo::new(move |_| set.get()),
        settling: Signal::derive(move || in_flight.get() || awaiting.get()),
    });
    provide_context(forms);
}
