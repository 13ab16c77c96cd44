//! The home page: what Aula is and where to start.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use crate::app::AppState;
use crate::error::AppResult;
use crate::web::auth::Viewer;

/// Routes of this page.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

async fn home(State(state): State<AppState>, viewer: Viewer) -> AppResult<Html<String>> {
    super::render(&state, &viewer, "home/index.html", context! {})
}
