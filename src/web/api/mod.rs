//! The JSON API under `/api/v1`. Each area contributes an `OpenApiRouter`, so its
//! routes and their OpenAPI description come from the same code.

mod security;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// Every API route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(security::router())
}
