//! Library API: acts and articles.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::paging::{Limits, PageParams, respond_positions};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_acts))
        .routes(routes!(get_article))
}

/// An act of the library.
#[derive(Serialize, ToSchema)]
pub struct ActSummary {
    /// `dlgs-286-1998`.
    pub id: String,
    /// Official title.
    pub title: String,
    /// Number of articles.
    pub articles: i32,
    /// The act on Normattiva, by URN (none when no URN names it).
    #[schema(
        example = "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286"
    )]
    pub normattiva_url: Option<String>,
}

/// An article.
#[derive(Serialize, ToSchema)]
pub struct ArticleBody {
    /// `dlgs-286-1998/art-5`.
    pub id: String,
    /// Act id.
    pub act: String,
    /// Article number as displayed (`5`, `29-bis`).
    pub number: String,
    /// Rubrica.
    pub heading: Option<String>,
    /// Plain text, commi numbered.
    pub text: String,
    /// The article on Normattiva, by the URN of its act (none when no URN names it).
    #[schema(
        example = "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art5"
    )]
    pub normattiva_url: Option<String>,
}

/// The acts of the library, a page at a time (`limit` 1 to 500, default 100; the
/// `Link` header names the next page).
#[utoipa::path(get, path = "/api/v1/library/acts", tag = "library",
    params(("limit" = Option<u64>, Query, description = "acts per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Vec<ActSummary>, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody)))]
pub async fn list_acts(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let acts = state
        .library()
        .acts()
        .iter()
        .map(|a| ActSummary {
            id: a.id.clone(),
            title: a.title.clone(),
            articles: a.articles,
            normattiva_url: a.normattiva_url.clone(),
        })
        .collect();
    respond_positions(&uri, acts, &paging, Limits::SHORT)
}

/// One article; `article` is `art-<label>` as in article ids.
#[utoipa::path(get, path = "/api/v1/library/{act}/{article}", tag = "library",
    params(("act" = String, Path, example = "dlgs-286-1998"), ("article" = String, Path, example = "art-5")),
    responses((status = 200, body = ArticleBody), (status = 404, body = ErrorBody)))]
pub async fn get_article(
    State(state): State<AppState>,
    Path((act, article)): Path<(String, String)>,
) -> AppResult<Json<ArticleBody>> {
    let library = state.library();
    let page = library
        .article(&format!("{act}/{article}"))
        .ok_or(AppError::NotFound)?;
    Ok(Json(ArticleBody {
        text: page.text.clone(),
        id: page.view.id.clone(),
        act: page.view.act.clone(),
        number: page.view.label.clone(),
        heading: page.view.heading.clone(),
        normattiva_url: page.view.normattiva_url.clone(),
    }))
}
