//! Search API: lessons, law articles and glossary terms.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::search::{Answer, Facets, Hit};
use crate::web::search_params::{SearchParams, run};

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
}

/// Searches lessons, articles and glossary terms. Any `q` gives results or an empty
/// list; an article named by a citation comes first. With `lang=de`, the lessons
/// translated into German are searched and shown in German.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(SearchParams),
    responses((status = 200, body = SearchAnswer), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> AppResult<Json<SearchAnswer>> {
    let params = SearchParams::from_query(raw.as_deref());
    let request = params.to_request().map_err(AppError::BadRequest)?;
    let (offset, limit) = (request.offset, request.limit);
    let results = run(&state, request).await?;
    Ok(Json(SearchAnswer {
        total: results.total,
        hits: results.hits,
        answer: results.answer,
        facets: results.facets,
        offset,
        limit,
    }))
}
