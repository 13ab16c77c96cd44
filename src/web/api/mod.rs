//! The JSON API under `/api/v1`. Each area contributes an `OpenApiRouter`, so its
//! routes and their OpenAPI description come from the same code.

mod attendance;
mod certificates;
mod certificates_public;
mod courses;
mod errata;
mod library;
mod people;
pub mod progress;
mod reports;
pub mod search;
mod security;
mod seminar_reports;
mod seminars;
mod seminars_admin;
pub mod session;
mod tokens;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// Every API route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(courses::router())
        .merge(reports::router())
        .merge(library::router())
        .merge(search::router())
        .merge(security::router())
        .merge(session::router())
        .merge(people::router())
        .merge(progress::router())
        .merge(errata::router())
        .merge(seminars::router())
        .merge(attendance::router())
        .merge(seminar_reports::router())
        .merge(seminars_admin::router())
        .merge(tokens::router())
        .merge(certificates_public::router())
        .merge(certificates::router())
}
