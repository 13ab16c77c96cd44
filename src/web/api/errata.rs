//! Errors reported in the content, through the API: report one on a lesson or an
//! article, and list one's own reports with their answers.

use axum::Json;
use axum::extract::{OriginalUri, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::errata::queue::ReportView;
use crate::errata::{self, ReportError, Submission, TargetKind};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;
use crate::web::paging::{Limits, PageParams, respond_positions};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(my_reports, create_report))
}

/// A new report: the lesson or the article (exactly one), what is wrong, and
/// optionally the passage.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewErrorReport {
    /// The lesson (`course/module/lesson`).
    #[schema(example = "immigrazione-servizi-comunali/semplificazione/permesso-di-soggiorno")]
    pub lesson: Option<String>,
    /// The library article (`act/art-<label>`).
    #[schema(example = "dlgs-286-1998/art-5")]
    pub article: Option<String>,
    /// What is wrong: 20 to 4000 characters.
    pub description: String,
    /// The passage, up to 1000 characters.
    #[serde(default)]
    pub quote: Option<String>,
}

/// The caller's own reports, newest first, with the answers received; a page at a time
/// (`limit` 1 to 500, default 100; the `Link` header names the next page).
#[utoipa::path(get, path = "/api/v1/error-reports", tag = "errata",
    params(("limit" = Option<u64>, Query, description = "reports per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Vec<ReportView>, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
pub async fn my_reports(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let reports = errata::queue::mine(
        state.db(),
        &state.catalog(),
        &state.library(),
        principal.user.id,
    )
    .await?;
    respond_positions(&uri, reports, &paging, Limits::SHORT)
}

/// Reports an error in a lesson or an article; at most 5 an hour per account.
#[utoipa::path(post, path = "/api/v1/error-reports", tag = "errata",
    request_body = NewErrorReport,
    responses((status = 201, body = ReportView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_report(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<NewErrorReport>,
) -> AppResult<(StatusCode, Json<ReportView>)> {
    let (kind, id) = match (&body.lesson, &body.article) {
        (Some(lesson), None) => (TargetKind::Lesson, lesson.as_str()),
        (None, Some(article)) => (TargetKind::Article, article.as_str()),
        _ => {
            return Err(AppError::Validation {
                field: Some("lesson".into()),
                message: "indica la lezione (lesson) oppure l'articolo (article) segnalato, \
                          uno dei due"
                    .into(),
            });
        }
    };
    let (catalog, library) = (state.catalog(), state.library());
    let submission = Submission {
        kind,
        id,
        description: &body.description,
        quote: body.quote.as_deref().unwrap_or_default(),
    };
    let new_id = errata::report(
        state.db(),
        &catalog,
        &library,
        principal.user.id,
        submission,
    )
    .await
    .map_err(|err| match err {
        ReportError::NotFound => AppError::NotFound,
        ReportError::Invalid(invalid) => AppError::Validation {
            field: Some(invalid.field.into()),
            message: invalid.message,
        },
        ReportError::Throttled => AppError::TooManyRequests,
        ReportError::Db(db) => db.into(),
    })?;
    let view = errata::queue::detail(state.db(), &catalog, &library, new_id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("report {new_id} vanished")))?;
    Ok((StatusCode::CREATED, Json(view)))
}
