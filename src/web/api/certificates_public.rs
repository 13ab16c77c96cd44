//! Certificates through the API: the public verification of a code or of a file (for
//! whoever was shown a certificate: an employer, another administration), and the
//! learner's own certificates with the links to their files.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::certificates::downloads::{self, Entry, MAX_UPLOAD};
use crate::certificates::verify::{self, FileCheck, Lookup};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::auth::Principal;
use crate::web::paging::{Limits, PageParams, respond};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify_code))
        .routes(routes!(verify_file))
        .routes(routes!(my_certificates))
}

/// What a code says (the shape of `status` and the fields; documentation only).
/// `status` is `valid`, `revoked`, `replaced` or `unknown`; for `unknown` no other
/// field is present.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CertificateLookup {
    /// `valid`, `revoked`, `replaced` or `unknown`.
    #[schema(example = "valid")]
    status: String,
    /// The code.
    #[schema(example = "AULA-7K3M-Q9X2-HF4T")]
    code: Option<String>,
    /// The holder's name, to compare with the paper.
    holder_name: Option<String>,
    /// The course.
    course_title: Option<String>,
    /// The edition.
    edition_title: Option<String>,
    /// Day the course was completed.
    completed_on: Option<chrono::NaiveDate>,
    /// When the certificate was issued.
    issued_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was revoked (revoked only).
    revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The code of the certificate that replaced it (replaced only).
    replaced_by: Option<String>,
}

/// What a checked file turned out to be (documentation only). `outcome` is
/// `unreadable` (with `reason`), `bad_signature` (with `reason`), `no_record` (with
/// `code`: well signed, but no certificate has that code here), `mismatch` (with
/// `record` and the differing `fields`) or `genuine` (with `record`, whose `status`
/// says whether it still holds, and the `kid` of the key that signed it).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CertificateFileCheck {
    /// `unreadable`, `bad_signature`, `no_record`, `mismatch` or `genuine`.
    #[schema(example = "genuine")]
    outcome: String,
    /// Why it is unreadable, or why the signature fails.
    reason: Option<String>,
    /// The code a well-signed credential carries (`no_record`).
    code: Option<String>,
    /// The record (`mismatch`, `genuine`).
    record: Option<CertificateLookup>,
    /// The fields that differ from the record (`mismatch`): `holder_name`,
    /// `course_title`, `completed_on`, `issued_at`, `credential`.
    fields: Option<Vec<String>>,
    /// The key that signed it (`genuine`).
    kid: Option<String>,
}

/// The public verification of a certificate's code (as typed: case and spaces do not
/// matter). 404, with `{"status": "unknown"}`, when no certificate has it.
#[utoipa::path(get, path = "/api/v1/verify/{code}", tag = "certificates",
    params(("code" = String, Path, example = "AULA-7K3M-Q9X2-HF4T")),
    responses((status = 200, body = CertificateLookup),
        (status = 404, description = "No certificate has this code", body = CertificateLookup)))]
pub async fn verify_code(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let lookup = verify::by_code(state.db(), &downloads::normalise_code(&code)).await?;
    let status = match lookup {
        Lookup::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::OK,
    };
    Ok((status, Json(lookup)).into_response())
}

/// Checks a certificate's file sent as the raw body: the PDF, the credential's JSON
/// or the bare JWS. Every verdict, including an unreadable file, is a 200 whose
/// `outcome` says it; an empty body is a 400, one over 1 MiB a 413.
#[utoipa::path(post, path = "/api/v1/verify", tag = "certificates",
    request_body(content = String, content_type = "application/octet-stream",
        description = "The PDF, the credential's JSON or the bare JWS"),
    responses((status = 200, body = CertificateFileCheck), (status = 400, body = ErrorBody),
        (status = 413, body = ErrorBody)))]
pub async fn verify_file(State(state): State<AppState>, body: Bytes) -> AppResult<Json<FileCheck>> {
    if body.is_empty() {
        return Err(AppError::BadRequest(
            "manca il file: invia il PDF, il JSON o il JWS come corpo della richiesta".into(),
        ));
    }
    if body.len() > MAX_UPLOAD {
        return Err(AppError::PayloadTooLarge { limit: MAX_UPLOAD });
    }
    Ok(Json(verify::file(state.db(), &body).await?))
}

/// The caller's certificates.
#[derive(Serialize, ToSchema)]
pub struct MyCertificates {
    /// Newest first; replaced and revoked ones included, with their state.
    pub certificates: Vec<Entry>,
}

/// The learner's own certificates, with the links to their PDF, their credential and
/// their public page; a page at a time (`limit` 1 to 500, default 100; the `Link`
/// header names the next page).
#[utoipa::path(get, path = "/api/v1/me/certificates", tag = "certificates",
    params(("limit" = Option<u64>, Query, description = "certificates per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = MyCertificates, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn my_certificates(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let all = downloads::for_learner(state.db(), principal.user.id).await?;
    let limit = paging.limit(Limits::SHORT)?;
    let page = crate::paging::slice(
        all.into_iter().enumerate(),
        |(i, _)| *i,
        paging.after(),
        limit,
    )?;
    let next = page.next.clone();
    let body = MyCertificates {
        certificates: page.map(|(_, entry)| entry).items,
    };
    Ok(respond(&uri, body, next.as_deref()))
}
