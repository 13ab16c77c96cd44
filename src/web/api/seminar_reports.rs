//! Seminar reports through the API: the report of one session for the staff who run
//! it, and the learners of the caller's cohort who completed a course's remote part
//! but never attended its seminars, a page at a time.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::reports::Scope;
use crate::reports::seminars::{self as never_attended, Page};
use crate::seminars::report::{self, SessionReport};
use crate::web::auth::Principal;
use crate::web::paging::respond;
use crate::web::seminar_query::NeverAttendedQuery;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session_report))
        .routes(routes!(never_attended_report))
}

/// The report of a session the caller runs (an admin every session, a tutor those of
/// the regions of their cohort): the seated learners with their mark for each
/// half-day (`present`, `absent`, `unmarked`), the attendance rate (present cells over
/// seated learners × half-days whose attendance was taken; `null` before any), the
/// no-shows once the last day has passed, the waiting list in order and the number of
/// cancellations. 404 for a session that does not exist or that the caller does not
/// run.
#[utoipa::path(get, path = "/api/v1/seminars/sessions/{id}/report", tag = "seminars",
    params(("id" = i32, Path)),
    responses((status = 200, body = SessionReport), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn session_report(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Json<SessionReport>> {
    report::visible(state.db(), &principal.user, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// The learners of the caller's cohort enrolled in a course (default: the first) who
/// completed every module of it but were never present at a half-day of its
/// seminars, by learner id, each with their registration for a session not over yet
/// (`upcoming`, `null` if none). `limit` (1–500, default 50) learners from the one
/// after `after`; the answer's `next_after` is the `after` of the next page (`null`
/// on the last).
#[utoipa::path(get, path = "/api/v1/reports/seminars/never-attended", tag = "reports",
    params(
        ("course" = Option<String>, Query), ("region" = Option<String>, Query),
        ("municipality" = Option<String>, Query), ("sector" = Option<String>, Query),
        ("limit" = Option<u64>, Query, description = "1 to 500, default 50"),
        ("after" = Option<i32>, Query, description = "the last learner id of the previous page"),
    ),
    responses((status = 200, body = Page, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn never_attended_report(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<NeverAttendedQuery>,
) -> AppResult<Response> {
    let course = q.course(&state)?;
    let (after, limit) = (q.after()?, q.limit()?);
    let scope = Scope::of(principal.role, &principal.scopes);
    let page = never_attended::page(
        state.db(),
        &course,
        &scope,
        &q.filters(&course),
        after,
        limit,
    )
    .await?;
    let next = page.next_after.map(|n| n.to_string());
    Ok(respond(&uri, page, next.as_deref()))
}
