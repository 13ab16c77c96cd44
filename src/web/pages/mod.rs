//! HTML pages. Handlers are short: gather what the page shows, render its template.

mod home;

use axum::Router;
use axum::response::Html;
use serde::Serialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};

/// Every page route.
pub fn router() -> Router<AppState> {
    Router::new().merge(home::router())
}

/// Renders a page template; a template error is a 500 with its cause logged.
pub fn render<S: Serialize>(state: &AppState, name: &str, ctx: S) -> AppResult<Html<String>> {
    state
        .templates()
        .render(name, ctx)
        .map(Html)
        .map_err(|err| AppError::Internal(anyhow::anyhow!("template {name}: {err:#}")))
}
