//! Form pieces: labelled fields with hints, and server actions that refresh the page's notice and
//! data when they return. Every form is a real `<form>` that also posts without JavaScript.

use super::notice::FlashTick;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// A server action whose completion refreshes the notice area and every resource keyed on
/// `form_tick()`.
pub fn form_action<S>() -> ServerAction<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    if let Some(FlashTick(tick)) = use_context::<FlashTick>() {
        Effect::watch(
            move || action.version().get(),
            move |_, _, _| tick.update(|t| *t += 1),
            false,
        );
    }
    action
}

/// Empties `form` (back to its initial values) each time `action` succeeds. Without JavaScript
/// the answer is a fresh page anyway; with it, the page stays and would keep what was typed —
/// an easy duplicate.
pub fn reset_after_success<S>(action: ServerAction<S>, form: NodeRef<leptos::html::Form>)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let (version, value) = (action.version(), action.value());
    Effect::watch(
        move || version.get(),
        move |_, _, _| {
            let succeeded = value.with_untracked(|v| matches!(v, Some(Ok(_))));
            #[cfg(feature = "hydrate")]
            if succeeded && let Some(form) = form.get_untracked() {
                form.reset();
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (succeeded, form);
        },
        false,
    );
}

/// A labelled input. `id` defaults to `name`; pass one when a page has several such forms.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] id: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = 200)] maxlength: u32,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    let hint_id = hint.map(|_| format!("{id}-hint"));
    view! {
        <div class="field">
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                value=value
                aria-describedby=hint_id.clone()
            />
        </div>
    }
}
