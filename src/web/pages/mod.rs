//! HTML pages. Handlers are short: gather what the page shows, render its template.

mod account;
mod admin;
mod attendance;
mod certificates;
mod certificates_admin;
mod courses;
mod errata;
mod errata_admin;
mod home;
pub mod language;
mod learning;
mod library;
mod privacy;
mod privacy_admin;
mod search;
mod seminar_approvals;
mod seminar_reports;
mod seminars;
mod seminars_admin;
pub mod tutor;
mod unsubscribe;

use axum::Router;
use axum::response::Html;
use serde::Serialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::web::auth::Viewer;

/// Every page route.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(language::router())
        .merge(courses::router())
        .merge(library::router())
        .merge(search::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(tutor::router())
        .merge(unsubscribe::router())
        .merge(learning::router())
        .merge(errata::router())
        .merge(errata_admin::router())
        .merge(seminars::router())
        .merge(attendance::router())
        .merge(seminar_reports::router())
        .merge(seminars_admin::router())
        .merge(seminar_approvals::router())
        .merge(certificates::router())
        .merge(certificates_admin::router())
        .merge(privacy::router())
        .merge(privacy_admin::router())
}

/// Records in the access log that the signed-in `viewer` saw (or exported) the data of
/// `learners` through `target` (`privacy::access_log`).
pub(super) async fn log_access(
    state: &AppState,
    viewer: i32,
    learners: impl IntoIterator<Item = i32>,
    kind: crate::privacy::access_log::Kind,
    target: &str,
) -> AppResult<()> {
    let learners: Vec<i32> = learners.into_iter().collect();
    crate::privacy::access_log::record(state.db(), viewer, &learners, kind, target).await?;
    Ok(())
}

/// Renders a page template for `viewer` (the layout shows who is signed in and
/// forms carry the CSRF token); a template error is a 500 with its cause logged.
pub fn render<S: Serialize>(
    state: &AppState,
    viewer: &Viewer,
    name: &str,
    ctx: S,
) -> AppResult<Html<String>> {
    let ctx = minijinja::context! { viewer => viewer, csrf_token => viewer.csrf_token, lang => viewer.lang, ..minijinja::Value::from_serialize(&ctx) };
    state
        .templates()
        .render(name, ctx)
        .map(Html)
        .map_err(|err| AppError::Internal(anyhow::anyhow!("template {name}: {err:#}")))
}
