//! Classroom seminars through the API: the seminars and sessions the caller may see,
//! a learner's own registrations, registering for a session and cancelling.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::seminars::listing::{self, MyRegistration, SeminarView};
use crate::seminars::registration::{self, CancelError, Cancelled, RegisterError, Registration};
use crate::seminars::{Mailing, NotifyError};
use crate::web::auth::Principal;
use crate::web::paging::{Limits, PageParams, respond_keyed, respond_positions};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_seminars))
        .routes(routes!(my_seminars))
        .routes(routes!(register, cancel))
}

/// The seminars with the sessions the caller may see (a learner: those of their
/// municipality's region), each with seats taken, waiting list and the caller's own
/// registration; by seminar id, a page at a time (`limit` 1 to 500, default 100; the
/// `Link` header names the next page).
#[utoipa::path(get, path = "/api/v1/seminars", tag = "seminars",
    params(("limit" = Option<u64>, Query, description = "seminars per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Vec<SeminarView>, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub async fn list_seminars(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let seminars = listing::for_viewer(state.db(), &principal.user).await?;
    respond_keyed(&uri, seminars, |s| s.id, &paging, Limits::SHORT)
}

/// The caller's registrations (seated or on the waiting list, with the place in line),
/// a page at a time (`limit` 1 to 500, default 100; the `Link` header names the next
/// page).
#[utoipa::path(get, path = "/api/v1/me/seminars", tag = "seminars",
    params(("limit" = Option<u64>, Query, description = "registrations per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Vec<MyRegistration>, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub async fn my_seminars(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let mine = listing::mine(state.db(), principal.user.id).await?;
    respond_positions(&uri, mine, &paging, Limits::SHORT)
}

fn notify_error(err: NotifyError) -> AppError {
    match err {
        NotifyError::Db(db) => db.into(),
        NotifyError::Mail(mail) => AppError::Internal(mail),
    }
}

/// Registers the caller for a session: a seat while seats remain (the confirmation
/// e-mail carries the `.ics`), else a place on the waiting list.
#[utoipa::path(post, path = "/api/v1/seminars/sessions/{id}/registration", tag = "seminars",
    params(("id" = i32, Path)),
    responses((status = 201, body = Registration), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<(StatusCode, Json<Registration>)> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    let done = registration::register(state.db(), mail, id, principal.user.id)
        .await
        .map_err(|err| match err {
            RegisterError::NotFound => AppError::NotFound,
            RegisterError::NotEligible { .. } => AppError::Validation {
                field: Some("session".into()),
                message: err.to_string(),
            },
            RegisterError::DeadlinePassed { .. } | RegisterError::AlreadyRegistered => {
                AppError::Conflict {
                    field: Some("session".into()),
                    message: err.to_string(),
                }
            }
            RegisterError::Db(db) => db.into(),
            RegisterError::Notify(notify) => notify_error(notify),
        })?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Cancels the caller's registration for a session; a freed seat goes to the first
/// in line, who is told by e-mail. Refused after the deadline.
#[utoipa::path(delete, path = "/api/v1/seminars/sessions/{id}/registration", tag = "seminars",
    params(("id" = i32, Path)),
    responses((status = 200, body = Cancelled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Json<Cancelled>> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    let done = registration::cancel(state.db(), mail, id, principal.user.id)
        .await
        .map_err(|err| match err {
            CancelError::NotFound | CancelError::NotRegistered => AppError::NotFound,
            CancelError::DeadlinePassed { .. } => AppError::Conflict {
                field: Some("session".into()),
                message: err.to_string(),
            },
            CancelError::Db(db) => db.into(),
            CancelError::Notify(notify) => notify_error(notify),
        })?;
    Ok(Json(done))
}
