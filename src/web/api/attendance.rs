//! Seminar attendance through the API, for the staff who run a session (an admin:
//! any; a tutor: those of their cohort's regions; any other session is a 404): the
//! sheet with every seated learner's marks, setting marks all or none, importing a
//! CSV sign-in sheet with its per-row report, and the history of changes by cursor.

use std::collections::HashSet;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::seminars::attendance::{Half, Mark, MarkError, Source};
use crate::seminars::attendance_history::{self, HistoryChunk};
use crate::seminars::attendance_import::{self, ImportError, Report};
use crate::seminars::attendance_sheet::{self, Sheet};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;
use crate::web::paging::respond;

/// Most marks one request may set.
pub const MAX_MARKS: usize = 10_000;
/// Changes per stretch of history when no `limit` is given.
const DEFAULT_LIMIT: u64 = 100;
/// Most changes per stretch of history.
const MAX_LIMIT: u64 = 500;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_attendance, put_attendance))
        .routes(routes!(import_attendance))
        .routes(routes!(attendance_history))
}

/// The attendance sheet of a session: every seated learner with the mark of each
/// half-day (`present` null: not taken yet).
#[utoipa::path(get, path = "/api/v1/seminars/sessions/{id}/attendance", tag = "seminars",
    params(("id" = i32, Path)),
    responses((status = 200, body = Sheet), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_attendance(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Json<Sheet>> {
    attendance_sheet::sheet(state.db(), &principal.user, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// One mark to set.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MarkBody {
    /// The learner (seated in the session).
    pub user_id: i32,
    /// The day, from 1.
    pub day: i32,
    /// `am` or `pm`.
    pub half: String,
    /// Present (true) or absent (false).
    pub present: bool,
}

/// Marks to set, all or none.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MarksBody {
    /// The marks (at most 10,000; one per learner, day and half).
    pub marks: Vec<MarkBody>,
}

/// What setting marks changed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MarksSet {
    /// Marks whose value changed (a mark given the value it had is not a change and
    /// leaves no history).
    pub changed: usize,
}

fn invalid(field: String, message: impl Into<String>) -> AppError {
    AppError::Validation {
        field: Some(field),
        message: message.into(),
    }
}

/// Reads the marks of a body, naming the first wrong one (`marks[3].half`).
fn marks_of(body: &MarksBody) -> Result<Vec<Mark>, AppError> {
    if body.marks.len() > MAX_MARKS {
        return Err(invalid(
            "marks".into(),
            format!("al massimo {MAX_MARKS} segni per richiesta"),
        ));
    }
    let mut seen = HashSet::new();
    let mut marks = Vec::with_capacity(body.marks.len());
    for (i, mark) in body.marks.iter().enumerate() {
        let half = match mark.half.as_str() {
            "am" => Half::Morning,
            "pm" => Half::Afternoon,
            _ => {
                return Err(invalid(
                    format!("marks[{i}].half"),
                    format!("segno {i}: mezza giornata non valida, am o pm"),
                ));
            }
        };
        if !seen.insert((mark.user_id, mark.day, half)) {
            return Err(invalid(
                format!("marks[{i}]"),
                format!(
                    "segno {i}: ripete il discente {}, giorno {}, {} di un segno precedente",
                    mark.user_id,
                    mark.day,
                    half.as_str()
                ),
            ));
        }
        marks.push(Mark {
            user_id: mark.user_id,
            day: mark.day,
            half,
            present: mark.present,
        });
    }
    Ok(marks)
}

/// Sets marks of a session, all or none: a learner not seated or a day out of range
/// refuses the whole request (422, naming the mark). Every change is kept in the
/// history with source `api`.
#[utoipa::path(put, path = "/api/v1/seminars/sessions/{id}/attendance", tag = "seminars",
    params(("id" = i32, Path)), request_body = MarksBody,
    responses((status = 200, body = MarksSet), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_attendance(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<MarksBody>,
) -> AppResult<Json<MarksSet>> {
    let marks = marks_of(&body)?;
    let catalog = state.catalog();
    let changed = attendance_sheet::set_as(
        state.db(),
        &catalog,
        &principal.user,
        id,
        &marks,
        Source::Api,
    )
    .await
    .map_err(|err| {
        let message = err.to_string();
        match err {
            MarkError::NotFound => AppError::NotFound,
            MarkError::Db(db) => db.into(),
            MarkError::NotSeated { user_id } => {
                let i = marks.iter().position(|m| m.user_id == user_id);
                invalid(
                    i.map_or("marks".into(), |i| format!("marks[{i}].user_id")),
                    i.map_or(message.clone(), |i| format!("segno {i}: {message}")),
                )
            }
            MarkError::NoSuchDay { day, .. } => {
                let i = marks.iter().position(|m| m.day == day);
                invalid(
                    i.map_or("marks".into(), |i| format!("marks[{i}].day")),
                    i.map_or(message.clone(), |i| format!("segno {i}: {message}")),
                )
            }
        }
    })?;
    Ok(Json(MarksSet { changed }))
}

/// Imports a CSV sign-in sheet (`Content-Type: text/csv`; header
/// `email,day,half,present`, `,` or `;`): the good rows are stored together, the
/// others refused; the answer reports every row (its line, and why it was refused).
#[utoipa::path(post, path = "/api/v1/seminars/sessions/{id}/attendance/import",
    tag = "seminars", params(("id" = i32, Path)),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = Report), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_attendance(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Json<Report>> {
    if attendance_sheet::info(state.db(), &principal.user, id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !matches!(essence, "text/csv" | "text/plain" | "application/csv") {
        return Err(AppError::UnsupportedMediaType(
            "il corpo deve essere il foglio CSV (Content-Type: text/csv)".into(),
        ));
    }
    let catalog = state.catalog();
    attendance_import::import(state.db(), &catalog, &principal.user, id, &body)
        .await
        .map(Json)
        .map_err(|err| match err {
            ImportError::NotFound => AppError::NotFound,
            ImportError::Db(db) => db.into(),
            ImportError::TooLarge => AppError::PayloadTooLarge {
                limit: attendance_import::MAX_BYTES,
            },
            err @ ImportError::Changed(_) => AppError::Conflict {
                field: None,
                message: err.to_string(),
            },
            err => AppError::Validation {
                field: Some("file".into()),
                message: err.to_string(),
            },
        })
}

/// The history of a session's marks, newest first: `limit` changes (1 to 500,
/// default 100) older than the change `after` (the `next` of the previous answer).
#[utoipa::path(get, path = "/api/v1/seminars/sessions/{id}/attendance/history",
    tag = "seminars",
    params(("id" = i32, Path), ("limit" = Option<u32>, Query), ("after" = Option<i32>, Query)),
    responses((status = 200, body = HistoryChunk, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn attendance_history(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
    OriginalUri(uri): OriginalUri,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default())
            .map_err(|_| AppError::BadRequest("parametri illeggibili nella query string".into()))?;
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
    let limit = match value("limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "limit non valido: indica un numero da 1 a {MAX_LIMIT}"
                ))
            })?,
    };
    let after = match value("after") {
        None => None,
        Some(raw) => Some(raw.parse::<i32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
            AppError::BadRequest(
                "after non valido: indica l'id di una modifica (il campo next)".into(),
            )
        })?),
    };
    let chunk = attendance_history::history_after(state.db(), &principal.user, id, after, limit)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = chunk.next.map(|n| n.to_string());
    Ok(respond(&uri, chunk, next.as_deref()))
}
