//! Reports API: the learners of the caller's cohort with their progress, as JSON or
//! (with `Accept: text/csv` or the `.csv` path) streamed CSV.

use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::reports::export::Format;
use crate::reports::keyset::LearnerKey;
use crate::reports::{self, LearnerRow, Order, Scope};
use crate::web::auth::Principal;
use crate::web::paging::{Limits, PageParams, respond};
use crate::web::report_query::{ReportQuery, attachment};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(learners_report))
        .routes(routes!(learners_csv))
}

/// The learners of the caller's cohort enrolled in a course (default: the first),
/// filtered by region, municipality (ISTAT code) and sector, a page at a time:
/// `limit` learners (1 to 1000, default 100) after the cursor `after`; the `Link`
/// header (`rel="next"`) gives the next page's address, absent on the last page.
/// `Accept: text/csv` gives every row as CSV, streamed.
#[utoipa::path(get, path = "/api/v1/reports/learners", tag = "reports",
    params(
        ("course" = Option<String>, Query), ("region" = Option<String>, Query),
        ("municipality" = Option<String>, Query), ("sector" = Option<String>, Query),
        ("sort" = Option<String>, Query, description = "name, progress, progress-asc, activity, activity-asc"),
        ("limit" = Option<u64>, Query, description = "learners per page, 1 to 1000, default 100"),
        ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header"),
    ),
    responses((status = 200, body = Vec<LearnerRow>,
            headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn learners_report(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<ReportQuery>,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let wants_csv = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"));
    if wants_csv {
        return csv(&state, &principal, &q).await;
    }
    let filters = q.filters(&state);
    let scope = Scope::of(principal.role, &principal.scopes);
    let order = Order::parse(q.sort.as_deref().unwrap_or(""));
    let limit = paging.limit(Limits::LEARNERS)?;
    let after = paging
        .after()
        .map(|cursor| LearnerKey::from_cursor(cursor, order))
        .transpose()?;
    let page = reports::tables::learner_keyset_page(
        state.db(),
        &state.catalog(),
        (&scope, &filters),
        order,
        (after.as_ref(), limit),
        (principal.user.id, "/api/v1/reports/learners"),
    )
    .await?;
    Ok(respond(&uri, page.items, page.next.as_deref()))
}

/// The learners report as CSV.
#[utoipa::path(get, path = "/api/v1/reports/learners.csv", tag = "reports",
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody)))]
pub async fn learners_csv(
    State(state): State<AppState>,
    principal: Principal,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    csv(&state, &principal, &q).await
}

async fn csv(state: &AppState, principal: &Principal, q: &ReportQuery) -> AppResult<Response> {
    let filters = q.filters(state);
    let scope = Scope::of(principal.role, &principal.scopes);
    let order = Order::parse(q.sort.as_deref().unwrap_or(""));
    let ids =
        reports::learners::ids_query(state.db().get_database_backend(), &scope, &filters, None);
    let kind = crate::privacy::access_log::Kind::Export;
    crate::privacy::access_log::record_query(
        state.db(),
        principal.user.id,
        &ids,
        kind,
        "/api/v1/reports/learners.csv",
    )
    .await?;
    let table = (&scope, &filters);
    let body = reports::tables::learner_file(
        state.db(),
        &state.catalog(),
        Format::Csv,
        table,
        None,
        order,
    );
    Ok(attachment(
        Format::Csv,
        &format!("learners-{}", filters.course),
        body,
    ))
}
