//! Search API: lessons, law articles and glossary terms.

use axum::extract::{OriginalUri, RawQuery, State};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::search::{Answer, Facets, Hit};
use crate::web::paging::respond;
use crate::web::search_params::{SearchParams, next_cursor, run};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

/// A page of search results.
#[derive(Serialize, ToSchema)]
pub struct SearchAnswer {
    /// Hits over all pages.
    pub total: usize,
    /// This page's hits, best first.
    pub hits: Vec<Hit>,
    /// The answer card: the top article when it clearly wins (first page only); the
    /// lessons citing it are those of the search's catalog.
    pub answer: Option<Answer>,
    /// Counts by kind, course, module and act.
    pub facets: Facets,
    /// Hits skipped.
    pub offset: usize,
    /// Page size.
    pub limit: usize,
    /// Cursor of the next page (pass it as `after`); `null` on the last page. The
    /// `Link` header (`rel="next"`) carries the same page's address.
    pub next: Option<String>,
}

/// Searches lessons, articles and glossary terms. Any `q` gives results or an empty
/// list; an article named by a citation comes first. With `lang=de`, the lessons
/// translated into German are searched and shown in German. A page at a time: `limit`
/// hits (1 to 50, default 10) from the cursor `after` (the previous answer's `next`).
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(SearchParams),
    responses((status = 200, body = SearchAnswer,
            headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))),
        (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let params = SearchParams::from_query(raw.as_deref());
    let request = params.to_request().map_err(AppError::BadRequest)?;
    let (offset, limit) = (request.offset, request.limit);
    let results = run(&state, request).await?;
    let next = next_cursor(offset, limit, results.total);
    let link = next.clone();
    let answer = SearchAnswer {
        total: results.total,
        hits: results.hits,
        answer: results.answer,
        facets: results.facets,
        offset,
        limit,
        next,
    };
    Ok(respond(&uri, answer, link.as_deref()))
}
