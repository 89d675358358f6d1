//! Certificates: the printable certificate (with revoking for administrators) and the public
//! verification page.

use crate::accounts::guard::or_refusal;
use crate::enrollment::api::{self, RevokeCertificate};
use crate::ui::form_tick;
use crate::ui::forms::form_action;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(move || (code(), form_tick()), |(c, _)| api::certificate(c));
    let revoke = form_action::<RevokeCertificate>();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                or_refusal(data.await, |z| view! {
                    <Title text=format!("Certificate — {} — Service Academy", z.course_title)/>
                    {z.revoked_on.clone().map(|on| view! {
                        <p class="notice notice-error" role="alert">{format!("This certificate was revoked on {on}. Reason: {}", z.revoked_reason)}</p>
                    })}
                    <article class="certificate" class:revoked=z.revoked_on.is_some() aria-label="Certificate of completion">
                        <p class="certificate-org">"City of Service · Service Academy"</p>
                        <h1>"Certificate of completion"</h1>
                        <p>"This certifies that"</p>
                        <p class="certificate-name">{z.learner_name.clone()}</p>
                        <p>"has completed the course"</p>
                        <p class="certificate-course">{z.course_title.clone()}</p>
                        <p>{format!("on {} (course version {}).", z.issued_on, z.course_version)}</p>
                        <p class="certificate-code">"Verification code: "<strong>{z.code.clone()}</strong></p>
                        <p class="certificate-verify">{format!("Check it at {}", z.verify_url)}</p>
                    </article>
                    <p class="actions no-print">
                        <a class="button" href=format!("/verify/{}", z.code)>"Open the public verification page"</a>" "
                        <a class="button" href=format!("/courses/{}", z.course_slug)>"Back to the course"</a>
                    </p>
                    <p class="hint no-print">"Print this page, or save it as PDF from your browser's print dialog."</p>
                    {(z.can_revoke && z.revoked_on.is_none()).then(|| view! {
                        <details class="panel no-print">
                            <summary>"Revoke this certificate"</summary>
                            <ActionForm action=revoke attr:class="stacked-form">
                                <input type="hidden" name="code" value=z.code.clone()/>
                                <div class="field">
                                    <label for="reason">"Reason (kept for audit)"</label>
                                    <input id="reason" name="reason" required=true maxlength=500/>
                                </div>
                                <button type="submit" class="button danger">"Revoke certificate"</button>
                            </ActionForm>
                        </details>
                    })}
                }.into_any())
            })}
        </Suspense>
    }
}

/// The public verification page: `/verify/<code>`, or `/verify?code=` from its own form.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params
            .read()
            .get("code")
            .or_else(|| query.read().get("code"))
            .unwrap_or_default()
    };
    let data = Resource::new(code, |c| async move {
        if c.trim().is_empty() {
            None
        } else {
            Some(api::verify(c).await)
        }
    });
    view! {
        <Title text="Verify a certificate — Service Academy"/>
        <h1>"Verify a certificate"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Checking…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    None => ().into_any(),
                    Some(Ok(v)) => match v.revoked_on.clone() {
                        Some(on) => view! {
                            <section class="panel verify-result verify-revoked" role="status">
                                <h2>"This certificate was revoked"</h2>
                                <p>{format!("Certificate {} for {} was revoked on {on}. It is no longer valid.", v.code, v.course_title)}</p>
                            </section>
                        }.into_any(),
                        None => view! {
                            <section class="panel verify-result verify-valid" role="status">
                                <h2>"This certificate is valid"</h2>
                                <dl class="details">
                                    <dt>"Issued to"</dt><dd>{v.learner_name.clone()}</dd>
                                    <dt>"Course"</dt><dd>{format!("{} (version {})", v.course_title, v.course_version)}</dd>
                                    <dt>"Completed on"</dt><dd>{v.issued_on.clone()}</dd>
                                    <dt>"Code"</dt><dd>{v.code.clone()}</dd>
                                </dl>
                            </section>
                        }.into_any(),
                    },
                    Some(Err(e)) => {
                        #[cfg(feature = "ssr")]
                        crate::server::context::set_status(e.status());
                        view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
        <form method="get" action="/verify" class="search-form">
            <label for="code">"Verification code (as printed on the certificate)"</label>
            <input id="code" name="code" maxlength=40 placeholder="XXXX-XXXX-XXXX"/>
            <button type="submit" class="button">"Verify"</button>
        </form>
        <p class="hint">"This page confirms a certificate only: it shows nothing else about the person."</p>
    }
}
