//! Certificates' public and personal pages: `/verify/{code}` (what the QR code on the
//! paper opens: valid, revoked on a date, replaced by another code, or unknown, with
//! only what is needed to compare it with the paper), `/verify` (type a code, or
//! upload the PDF or the credential to check its signature against the register),
//! the public keys at `/.well-known/jwks.json`, and the files of a certificate at
//! `/attestati/CODE.pdf` and `/attestati/CODE.json` for whoever may have them.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use fluent_bundle::FluentValue;
use minijinja::context;
use serde::Deserialize;

use crate::app::AppState;
use crate::certificates::downloads::{self, FileVerdict, Kind, MAX_UPLOAD};
use crate::certificates::issue;
use crate::error::{AppError, AppResult};
use crate::web::auth::{Principal, Viewer};
use crate::web::{multipart, redirect};

/// Routes of these pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verify", get(verify_form).post(verify_upload))
        .route("/verify/{code}", get(verify_code))
        .route("/.well-known/jwks.json", get(jwks))
        // matchit cannot match `{code}.pdf` in one segment: the extension is parsed.
        .route("/attestati/{file}", get(download))
}

/// `?code=` of the `/verify` form.
#[derive(Deserialize)]
struct CodeQuery {
    code: Option<String>,
}

/// Renders `/verify`: the two forms, and the verdict on a file or an error.
fn render_form(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    verdict: Option<&FileVerdict>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let page = super::render(
        state,
        viewer,
        "certificates/check.html",
        context! {
            code, verdict, error, max_kib => MAX_UPLOAD / 1024,
        },
    )?;
    Ok((status, page).into_response())
}

/// `GET /verify`: the forms; with `?code=`, on to the code's page.
async fn verify_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<CodeQuery>,
) -> AppResult<Response> {
    let typed = q.code.unwrap_or_default();
    if typed.trim().is_empty() {
        return render_form(&state, &viewer, "", None, None, StatusCode::OK);
    }
    let code = downloads::normalise_code(&typed);
    if issue::is_code(&code) {
        return Ok(redirect::to(&format!("/verify/{code}")));
    }
    let error = message(&state, viewer.lang, "verify-code-malformed", &[]);
    render_form(
        &state,
        &viewer,
        &typed,
        None,
        Some(error),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// `GET /verify/{code}`: what the register says of a code (404 when nothing).
async fn verify_code(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let verification = downloads::verification(state.db(), &code).await?;
    let status = if verification.is_known() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let page = super::render(
        &state,
        &viewer,
        "certificates/verify.html",
        context! { v => verification },
    )?;
    Ok((status, page).into_response())
}

/// The file of the upload form (field `file`), or the message to show instead.
fn uploaded_file(
    state: &AppState,
    lang: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<u8>, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = multipart::boundary(content_type) else {
        return Err(AppError::UnsupportedMediaType(message(
            state,
            lang,
            "verify-upload-multipart",
            &[],
        )));
    };
    let parts = multipart::parse(body, &boundary).map_err(AppError::BadRequest)?;
    parts
        .into_iter()
        .find(|p| p.name == "file" && p.filename.is_some() && !p.data.is_empty())
        .map(|p| p.data)
        .ok_or_else(|| AppError::BadRequest(message(state, lang, "verify-upload-none", &[])))
}

/// A message of the catalogue.
fn message(state: &AppState, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    state.templates().messages().message(lang, key, args)
}

/// `POST /verify`: checks the PDF or the credential sent with the form.
async fn verify_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let file = match uploaded_file(&state, viewer.lang, &headers, &body) {
        Ok(file) => file,
        Err(err) => {
            let status = err.status();
            return render_form(&state, &viewer, "", None, Some(err.to_string()), status);
        }
    };
    if file.len() > MAX_UPLOAD {
        let kib = FluentValue::from(MAX_UPLOAD / 1024);
        let error = message(
            &state,
            viewer.lang,
            "verify-upload-too-large",
            &[("kib", kib)],
        );
        return render_form(
            &state,
            &viewer,
            "",
            None,
            Some(error),
            StatusCode::PAYLOAD_TOO_LARGE,
        );
    }
    let verdict = downloads::check_file(state.db(), &file).await?;
    let status = if verdict.is_unreadable() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_form(&state, &viewer, "", Some(&verdict), None, status)
}

/// `GET /.well-known/jwks.json`: the public keys that sign the credentials.
async fn jwks(State(state): State<AppState>) -> AppResult<Response> {
    let document = state.jwks().await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/jwk-set+json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            // Anyone may verify a credential, from any site.
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        document.as_ref().clone(),
    )
        .into_response())
}

/// `GET /attestati/{CODE}.pdf` and `.json`: the holder's file, also for their tutors
/// and admins; 404 for anyone else, as for a code that does not exist.
async fn download(
    State(state): State<AppState>,
    principal: Principal,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let (code, kind) = Kind::of_file(&file).ok_or(AppError::NotFound)?;
    let Some(download) = downloads::document(
        state.db(),
        state.issuing(),
        &principal.user,
        &principal.scopes,
        &code,
        kind,
    )
    .await?
    else {
        return Err(AppError::NotFound);
    };
    let filename = download.filename();
    let content_type = download.content_type();
    let printer = state.clone();
    let bytes = tokio::task::spawn_blocking(move || download.bytes(printer.issuing()))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("printing a certificate: {e}")))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("printing a certificate: {e}")))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("file name {filename}: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response())
}
