//! API tokens through the API: created from a signed-in browser session (the access
//! table refuses tokens here), listed and revoked by administrators.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::api_tokens::{self, NewToken, TokenError, TokenInfo};
use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;
use crate::web::paging::{Limits, PageParams, respond_positions};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_token, list_tokens))
        .routes(routes!(revoke_token))
}

/// A token to create for the signed-in account.
#[derive(Deserialize, ToSchema)]
pub struct NewTokenBody {
    /// What it is for.
    #[serde(default)]
    pub name: String,
    /// Scopes: `content:read`, `progress:read`, `progress:write`, `people:read`,
    /// `reports:read`, `attendance:write`, `seminars:write`, `certificates:write`, `admin` (only
    /// those the account's role can use).
    pub scopes: Vec<String>,
    /// Days until it expires (1 to 365; default 90).
    #[serde(default)]
    pub days: Option<u32>,
}

/// A created token: its secret is in this answer only.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token as lists show it.
    #[serde(flatten)]
    pub info: TokenInfo,
    /// The secret, for `Authorization: Bearer`; never shown again.
    pub token: String,
}

/// Creates a token acting as the signed-in account, within the scopes its role can
/// use. Needs a browser session: a token cannot create tokens.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "session", request_body = NewTokenBody,
    responses((status = 201, body = CreatedToken), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> AppResult<Response> {
    let new = NewToken {
        name: body.name,
        scopes: body.scopes,
        days: body.days,
    };
    let (info, secret) = match api_tokens::create(state.db(), &principal.user, new).await {
        Ok(created) => created,
        Err(TokenError::Invalid { field, message }) => {
            return Err(AppError::Validation {
                field: Some(field.into()),
                message,
            });
        }
        Err(TokenError::Db(e)) => return Err(e.into()),
    };
    let body = CreatedToken {
        info,
        token: secret,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The tokens (never a secret), newest first, a page at a time (`limit` 1 to 500,
/// default 100; the `Link` header names the next page).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "session",
    params(("limit" = Option<u64>, Query, description = "tokens per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = [TokenInfo], headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let tokens = api_tokens::list(state.db()).await?;
    respond_positions(&uri, tokens, &paging, Limits::SHORT)
}

/// Revokes a token; 404 if there is no active token with that id.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "session", params(("id" = i32, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    if api_tokens::revoke(state.db(), id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
