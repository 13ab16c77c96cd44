//! Certificates through the API, for the staff: the list (an admin's: all; a tutor's:
//! their cohort's) a page after a cursor, one certificate with its history, the ZIP of
//! an edition (streamed), and for admins (scope `certificates:write`) issuing by hand,
//! revoking and reissuing with a corrected name.

use axum::Json;
use axum::body::Body;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::certificates::actions::ActionError;
use crate::certificates::admin::{self, Detail, EventLine, ManualError, Query, Row};
use crate::certificates::{ModuleLine, Status};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;
use crate::web::paging::respond;

/// Certificates per page when no `limit` is given.
const DEFAULT_LIMIT: u64 = 20;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, issue))
        .routes(routes!(archive))
        .routes(routes!(one))
        .routes(routes!(revoke))
        .routes(routes!(reissue))
}

/// A page of certificates.
#[derive(Serialize, ToSchema)]
pub struct CertificatePage {
    /// The certificates, by id.
    pub items: Vec<Row>,
    /// The `after` of the next page; null on the last page.
    pub next: Option<i32>,
}

/// A module as printed.
#[derive(Serialize, ToSchema)]
pub struct ModuleBody {
    /// Title.
    pub title: String,
    /// Estimated minutes.
    pub minutes: u32,
}

impl From<ModuleLine> for ModuleBody {
    fn from(m: ModuleLine) -> Self {
        Self {
            title: m.title,
            minutes: m.minutes,
        }
    }
}

/// One certificate: what its paper says, its state and its history.
#[derive(Serialize, ToSchema)]
pub struct CertificateBody {
    /// Public code.
    pub code: String,
    /// `valid`, `revoked` or `replaced`.
    pub status: String,
    /// The learner's account id.
    pub user_id: i32,
    /// The holder's e-mail address.
    pub holder_email: String,
    /// The holder's name as printed.
    pub holder_name: String,
    /// The holder's municipality as printed.
    pub holder_municipality: Option<String>,
    /// Course id.
    pub course_id: String,
    /// Course title as printed.
    pub course_title: String,
    /// Edition number.
    pub edition: i32,
    /// Edition title as printed.
    pub edition_title: String,
    /// Modules as printed.
    pub modules: Vec<ModuleBody>,
    /// Minutes of remote training.
    pub remote_minutes: u32,
    /// Minutes of classroom attended.
    pub classroom_minutes: u32,
    /// The day the course was completed (Europe/Rome).
    pub completed_on: NaiveDate,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// Why an admin issued it by hand.
    pub issue_reason: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked.
    pub revocation_reason: Option<String>,
    /// The certificate that replaced it.
    pub replaced_by: Option<String>,
    /// The certificate it replaced.
    pub replaces: Option<String>,
    /// The PDF (for the holder and admins).
    pub pdf_url: String,
    /// The public verification page.
    pub verify_url: String,
    /// What was done to it, oldest first.
    pub events: Vec<EventLine>,
}

impl CertificateBody {
    fn new(d: Detail, base_url: &str) -> Self {
        let r = d.record;
        let c = r.certificate;
        let base = base_url.trim_end_matches('/');
        Self {
            pdf_url: format!("{base}/attestati/{}.pdf", c.code),
            verify_url: crate::certificates::Certificate::verify_url(base, &c.code),
            code: c.code,
            status: d.status.to_string(),
            user_id: r.user_id,
            holder_email: d.holder_email,
            holder_name: c.holder_name,
            holder_municipality: c.holder_municipality,
            course_id: c.course_id,
            course_title: c.course_title,
            edition: d.edition,
            edition_title: c.edition_title,
            modules: c.modules.into_iter().map(ModuleBody::from).collect(),
            remote_minutes: c.remote_minutes,
            classroom_minutes: c.classroom_minutes,
            completed_on: c.completed_on,
            issued_at: c.issued_at,
            issue_reason: r.issue_reason,
            revoked_at: r.revoked_at,
            revocation_reason: r.revocation_reason,
            replaced_by: r.replaced_by,
            replaces: r.replaces,
            events: d.events,
        }
    }
}

/// The pairs of a query string; unreadable ones are a 400.
fn pairs(query: Option<&str>) -> AppResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(query.unwrap_or_default())
        .map_err(|_| AppError::BadRequest("parametri illeggibili nella query string".into()))
}

/// The value of `name`, trimmed (an empty value counts as none).
fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// `edition`: an edition number from 1, or none.
fn edition_of(pairs: &[(String, String)]) -> AppResult<Option<i32>> {
    value(pairs, "edition")
        .map(|raw| {
            raw.parse::<i32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                AppError::BadRequest("edition non valido: indica il numero dell'edizione".into())
            })
        })
        .transpose()
}

/// The certificates the caller may see, a page at a time by id: an admin's are all,
/// a tutor's those of the learners of their cohort. Filters: `edition` (number),
/// `status` (`valid`, `revoked`, `replaced`); `limit` from 1 to 200 (default 20);
/// `after` the `next` of the previous page. An unknown edition is a 404.
#[utoipa::path(get, path = "/api/v1/certificates", tag = "certificates",
    params(("edition" = Option<i32>, Query), ("status" = Option<String>, Query),
        ("after" = Option<i32>, Query), ("limit" = Option<u32>, Query)),
    responses((status = 200, body = CertificatePage, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let pairs = pairs(query.as_deref())?;
    let status = value(&pairs, "status")
        .map(|raw| {
            Status::parse(raw).ok_or_else(|| {
                AppError::BadRequest("status non valido: valid, revoked o replaced".into())
            })
        })
        .transpose()?;
    let limit = match value(&pairs, "limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=admin::MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "limit non valido: indica un numero da 1 a {}",
                    admin::MAX_LIMIT
                ))
            })?,
    };
    let after = match value(&pairs, "after") {
        None => 0,
        Some(raw) => raw.parse::<i32>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            AppError::BadRequest(
                "after non valido: indica il campo next della pagina precedente".into(),
            )
        })?,
    };
    let query = Query {
        edition: edition_of(&pairs)?,
        status,
        search: None,
    };
    let listing = admin::list(state.db(), &principal.user, &query, after, limit)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = listing.next_after.map(|n| n.to_string());
    let body = CertificatePage {
        items: listing.rows,
        next: listing.next_after,
    };
    Ok(respond(&uri, body, next.as_deref()))
}

/// One certificate with its history. A tutor sees those of the learners of their
/// cohort; any other is a 404.
#[utoipa::path(get, path = "/api/v1/certificates/{code}", tag = "certificates",
    params(("code" = String, Path, description = "The certificate's code")),
    responses((status = 200, body = CertificateBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
) -> AppResult<Json<CertificateBody>> {
    let detail = admin::detail_for(state.db(), &principal.user, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(CertificateBody::new(
        detail,
        &state.config().base_url(),
    )))
}

/// A certificate to issue by hand.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueBody {
    /// The learner's e-mail address.
    pub email: String,
    /// The course.
    #[schema(example = "immigrazione-servizi-comunali")]
    pub course_id: String,
    /// Why (1 to 500 characters; kept in the history).
    pub reason: String,
}

/// Issues by hand the certificate of a course to a learner enrolled in it (whether or
/// not they completed it). A mistake is a 422 naming the field (`email`,
/// `course_id`, `reason`); a learner who holds one already is a 409 naming its code.
#[utoipa::path(post, path = "/api/v1/certificates", tag = "certificates",
    request_body = IssueBody,
    responses((status = 201, body = CertificateBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<IssueBody>,
) -> AppResult<(StatusCode, Json<CertificateBody>)> {
    let detail = admin::issue_and_detail(
        state.db(),
        &state.catalog(),
        &body.email,
        &body.course_id,
        principal.user.id,
        &body.reason,
    )
    .await
    .map_err(|err| match err {
        ManualError::Fields(ref errors) => AppError::Validation {
            field: errors.first().map(|e| {
                match e.field {
                    "course" => "course_id",
                    other => other,
                }
                .to_string()
            }),
            message: err.to_string(),
        },
        ManualError::AlreadyIssued(_) => AppError::Conflict {
            field: None,
            message: err.to_string(),
        },
        ManualError::Db(db) => db.into(),
    })?;
    Ok((
        StatusCode::CREATED,
        Json(CertificateBody::new(detail, &state.config().base_url())),
    ))
}

fn action_error(err: ActionError) -> AppError {
    match err {
        ActionError::NotFound => AppError::NotFound,
        ActionError::NotValid(_) => AppError::Conflict {
            field: None,
            message: err.to_string(),
        },
        ActionError::Reason => AppError::Validation {
            field: Some("reason".into()),
            message: err.to_string(),
        },
        ActionError::Name => AppError::Validation {
            field: Some("name".into()),
            message: err.to_string(),
        },
        ActionError::Db(db) => db.into(),
    }
}

/// A revocation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeBody {
    /// Why (1 to 500 characters; kept in the history).
    pub reason: String,
}

/// Revokes a valid certificate: its code then answers "revoked" with the date. One
/// already revoked or replaced is a 409.
#[utoipa::path(post, path = "/api/v1/certificates/{code}/revoke", tag = "certificates",
    params(("code" = String, Path, description = "The certificate's code")),
    request_body = RevokeBody,
    responses((status = 200, body = CertificateBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<RevokeBody>,
) -> AppResult<Json<CertificateBody>> {
    let detail = admin::revoke_and_detail(state.db(), principal.user.id, &code, &body.reason)
        .await
        .map_err(action_error)?;
    Ok(Json(CertificateBody::new(
        detail,
        &state.config().base_url(),
    )))
}

/// A reissue.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReissueBody {
    /// The corrected name (1 to 200 characters); absent: the account's current name.
    #[serde(default)]
    pub name: Option<String>,
    /// Why (1 to 500 characters; kept in the history).
    pub reason: String,
}

/// Replaces a valid certificate with a new one carrying the corrected name; the old
/// code then answers "replaced by" the new one, and the learner is told. Answers the
/// new certificate. One already revoked or replaced is a 409.
#[utoipa::path(post, path = "/api/v1/certificates/{code}/reissue", tag = "certificates",
    params(("code" = String, Path, description = "The certificate's code")),
    request_body = ReissueBody,
    responses((status = 201, body = CertificateBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reissue(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ReissueBody>,
) -> AppResult<(StatusCode, Json<CertificateBody>)> {
    let detail = admin::reissue_and_detail(
        state.db(),
        principal.user.id,
        &code,
        body.name.as_deref(),
        &body.reason,
    )
    .await
    .map_err(action_error)?;
    Ok((
        StatusCode::CREATED,
        Json(CertificateBody::new(detail, &state.config().base_url())),
    ))
}

/// The valid certificates the caller may download (an admin: all; a tutor: their
/// cohort's) of edition `edition` (or of all), as one ZIP of PDFs, streamed. An
/// unknown edition is a 404.
#[utoipa::path(get, path = "/api/v1/certificates/archive", tag = "certificates",
    params(("edition" = Option<i32>, Query)),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn archive(
    State(state): State<AppState>,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let edition = edition_of(&pairs(query.as_deref())?)?;
    let stream = admin::archive(state.db(), state.archiver(), &principal.user, edition)
        .await?
        .ok_or(AppError::NotFound)?;
    let stem = match edition {
        Some(n) => format!("attestati-edizione-{n}"),
        None => "attestati".to_string(),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::web::report_query::content_disposition(&stem, "zip"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
