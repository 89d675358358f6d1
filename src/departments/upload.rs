//! The administrator's roster upload: a plain multipart form post (works without JavaScript),
//! then a redirect to the run's report. A dry run keeps its file so "Import these changes"
//! applies exactly what was reviewed.

use super::{import, store};
use crate::accounts::auth::SignedIn;
use crate::accounts::permissions::{Permission, authorize};
use crate::error::{AppError, AppResult};
use crate::server::context::flash_cookie;
use crate::server::limits::UPLOAD_BYTES as HARD_LIMIT;
use crate::server::state::AppState;
use crate::ui::notice::FlashKind;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/roster/upload", post(upload))
        .route("/admin/roster/{run}/import", post(import_kept))
        .route("/admin/roster/invitations", post(invitations))
        .layer(DefaultBodyLimit::max(HARD_LIMIT))
        .route_layer(axum::middleware::from_fn(administrators_only))
}

/// Who is asking comes before any of the body is read: the extractors of these routes read
/// forms and files, so everyone but an administrator is answered from the headers alone.
async fn administrators_only(
    Extension(who): Extension<SignedIn>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match authorize(who.0.as_ref(), Permission::ManageUsers) {
        Ok(_) => next.run(req).await,
        // The body is left unread.
        Err(e) => crate::server::limits::close_after(req.version(), e.into_response()),
    }
}

/// A redirect with a notice for the next page.
fn see_other(state: &AppState, to: &str, kind: FlashKind, message: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, to.to_string()),
            (
                header::SET_COOKIE,
                flash_cookie(kind, message, state.config.secure_cookies),
            ),
        ],
    )
        .into_response()
}

struct Upload {
    file_name: String,
    bytes: Vec<u8>,
    /// The whole size, when it was over the limit (the rest was not kept).
    oversize: Option<usize>,
    dry_run: bool,
    strict: bool,
    full: bool,
}

async fn read_form(mut form: Multipart) -> AppResult<Upload> {
    let mut up = Upload {
        file_name: String::new(),
        bytes: Vec::new(),
        oversize: None,
        dry_run: false,
        strict: false,
        full: false,
    };
    let broken = |_| {
        AppError::invalid(
            "The upload was cut off or is too large. Try again with the HR export (CSV).",
        )
    };
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                up.file_name = field.file_name().unwrap_or("").chars().take(200).collect();
                let mut size = 0;
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    size += chunk.len();
                    if size <= import::MAX_BYTES {
                        up.bytes.extend_from_slice(&chunk);
                    } else {
                        up.bytes.clear();
                        up.oversize = Some(size);
                    }
                }
            }
            name @ ("dry_run" | "strict" | "full") => {
                let on = field.text().await.map_err(broken)? == "on";
                match name {
                    "dry_run" => up.dry_run = on,
                    "strict" => up.strict = on,
                    _ => up.full = on,
                }
            }
            _ => {}
        }
    }
    Ok(up)
}

async fn upload(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    form: Multipart,
) -> Response {
    let admin = match authorize(who.0.as_ref(), Permission::ManageUsers) {
        Ok(a) => a.clone(),
        Err(e) => return e.into_response(),
    };
    let up = match read_form(form).await {
        Ok(up) => up,
        Err(e) => return see_other(&state, "/admin/roster", FlashKind::Error, &e.to_string()),
    };
    if let Some(size) = up.oversize {
        let message = format!(
            "The file is {:.0} MB; a roster may be at most {} MB. Nothing was imported: is it the right file?",
            size as f64 / 1_048_576.0,
            import::MAX_BYTES / 1_048_576
        );
        return see_other(&state, "/admin/roster", FlashKind::Error, &message);
    }
    if up.file_name.is_empty() && up.bytes.is_empty() {
        return see_other(
            &state,
            "/admin/roster",
            FlashKind::Error,
            "Choose the HR export (a CSV file) to upload.",
        );
    }
    let opts = import::Options {
        dry_run: up.dry_run,
        strict: up.strict,
        full: up.full,
        file_name: up.file_name,
        by: admin.employee_id.clone(),
        today: crate::calendar::today(state.config.time_zone),
    };
    finish(
        &state,
        import::run(&state.db, &up.bytes, &opts).await,
        opts.dry_run,
    )
}

/// Imports the file a dry run kept, with the dry run's options.
async fn import_kept(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Path(run): Path<i64>,
) -> Response {
    let admin = match authorize(who.0.as_ref(), Permission::ManageUsers) {
        Ok(a) => a.clone(),
        Err(e) => return e.into_response(),
    };
    let result =
        async {
            let dry = store::imports::run(&state.db, run)
                .await?
                .ok_or_else(|| AppError::not_found("There is no such import."))?;
            let body = store::imports::take_body(&state.db, run).await?.ok_or_else(|| {
            AppError::invalid(
                "That dry run was already imported, or kept no file. Upload the file again.",
            )
        })?;
            let opts = import::Options {
                dry_run: false,
                strict: dry.strict,
                full: dry.full_roster,
                file_name: dry.file_name,
                by: admin.employee_id.clone(),
                today: crate::calendar::today(state.config.time_zone),
            };
            import::run(&state.db, body.as_bytes(), &opts).await
        }
        .await;
    finish(&state, result, false)
}

fn finish(state: &AppState, result: AppResult<import::Report>, dry_run: bool) -> Response {
    match result {
        Ok(report) => {
            let (kind, message) = if report.applied {
                let mut m = format!(
                    "Imported: {} new, {} changed, {} deactivated.",
                    report.created, report.updated, report.deactivated
                );
                if report.reached > 0 {
                    m.push_str(&format!(
                        " {} enrolments made by assignments.",
                        report.reached
                    ));
                }
                (FlashKind::Success, m)
            } else if dry_run {
                (
                    FlashKind::Success,
                    "Dry run done: nothing changed. Review the report below.".to_string(),
                )
            } else {
                (
                    FlashKind::Error,
                    "Nothing was imported: see the report below.".to_string(),
                )
            };
            see_other(
                state,
                &format!("/admin/roster?run={}", report.run),
                kind,
                &message,
            )
        }
        Err(e) => see_other(state, "/admin/roster", FlashKind::Error, &e.to_string()),
    }
}

/// Issues one-time set-password links for every active person without a password (or those
/// of one department) and downloads them as CSV, for HR to send out. Earlier unused links of
/// the same people stop working.
async fn invitations(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Response {
    let result = async {
        let admin = authorize(who.0.as_ref(), Permission::ManageUsers)?.clone();
        let department = form
            .get("department")
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty());
        let base = state.config.public_base();
        let invitation = crate::accounts::links::Invitation {
            department: department.as_deref(),
            by: Some(admin.id),
            days: crate::accounts::links::DEFAULT_DAYS,
            base: &base,
            today: crate::calendar::today(state.config.time_zone),
        };
        let invited = crate::accounts::links::invite(&state.db, &invitation).await?;
        if invited.issued == 0 {
            return Err(AppError::invalid(
                "Everyone active already has a password: no links to send.",
            ));
        }
        tracing::info!(
            admin_id = admin.id,
            links = invited.issued,
            "set-password links issued"
        );
        Ok(crate::server::download::attachment(
            "text/csv; charset=utf-8",
            "set-password-links.csv".into(),
            invited.csv,
        ))
    }
    .await;
    result.unwrap_or_else(|e| match e {
        AppError::Invalid(_) => {
            see_other(&state, "/admin/roster", FlashKind::Error, &e.to_string())
        }
        e => e.into_response(),
    })
}
