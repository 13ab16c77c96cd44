//! The HTTP layer: adapts requests to the capabilities of Aula and renders answers.
//! `pages/` serves HTML, `api/` serves JSON; both share the layers assembled here.

pub mod api;
pub mod assets;
pub mod auth;
pub mod charts;
pub mod connections;
pub mod errors;
pub mod extract;
pub mod health;
pub mod input;
pub mod lesson_access;
pub mod multipart;
pub mod pages;
pub mod paging;
pub mod redirect;
pub mod report_query;
pub mod search_params;
pub mod seminar_query;
pub mod server;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

pub use server::{Listeners, serve, serve_on};

pub use crate::config::BODY_LIMIT;

/// Longest time a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Content-Security-Policy of every response: no inline scripts or styles, no third
/// parties; violations are reported to the API so they show up in the logs.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
form-action 'self'; report-uri /api/v1/csp-reports";

/// `Strict-Transport-Security` of every response when the site is served over HTTPS
/// (the configured base URL is `https://`): browsers then refuse plain HTTP for a year.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The OpenAPI description of the JSON API; each area adds its paths.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Aula API",
        description = "JSON API of Aula, learning management for legal-administrative training.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(crate::error::ErrorBody, crate::error::ErrorDetail)),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "security", description = "Browser security reports"),
        (name = "courses", description = "Courses, modules and lessons"),
        (name = "library", description = "The legal library: acts and articles"),
        (name = "session", description = "Signing in and out"),
        (name = "people", description = "Users, editions, eligibility and enrolments"),
        (name = "progress", description = "Learner progress and quizzes"),
        (name = "errata", description = "Errors reported in lessons and articles"),
        (name = "certificates", description = "Certificates: public verification and the learner's own"),
    )
)]
struct ApiDoc;

/// Builds the whole application: routes, OpenAPI document and middleware.
pub fn router(state: AppState) -> Router {
    let (routes, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(api::router())
        .split_for_parts();
    let openapi_json = std::sync::Arc::new(openapi);

    let routes = routes
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = openapi_json.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(pages::router())
        .merge(assets::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ));
    with_layers(routes, state)
}

/// Wraps `routes` (already behind [`auth::authenticate`]) in the layers every
/// response goes through: control characters refused, body limits, metrics,
/// timeouts, panic recovery, error rendering, compression, security and cache
/// headers, request ids and tracing. Public so tests can check the layers around routes of their own.
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    let hsts = state
        .config()
        .secure_cookies()
        .then(|| HeaderValue::from_static(HSTS));
    let app = routes
        .fallback(errors::not_found)
        .layer(middleware::from_fn(input::reject_control_characters))
        .layer(middleware::from_fn(errors::reject_oversized))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(crate::telemetry::track_http));

    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|request: &Request<_>| {
                        let id = request
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            id = %id,
                            method = %request.method(),
                            path = %request.uri().path(),
                        )
                    })
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(security_header(header::CONTENT_SECURITY_POLICY, CSP))
            .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
            .layer(security_header(header::REFERRER_POLICY, "same-origin"))
            // Answers carry personal data (and forms their CSRF token): no cache,
            // shared or the browser's, keeps them; the assets set their own lifetime.
            .layer(security_header(header::CACHE_CONTROL, "no-store"))
            .layer(SetResponseHeaderLayer::overriding(
                header::STRICT_TRANSPORT_SECURITY,
                move |_: &axum::http::Response<_>| hsts.clone(),
            ))
            .layer(CompressionLayer::new())
            .layer(middleware::from_fn_with_state(
                state.clone(),
                errors::render_errors,
            ))
            .layer(CatchPanicLayer::custom(errors::panic_response))
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                REQUEST_TIMEOUT,
            )),
    )
    .with_state(state)
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
