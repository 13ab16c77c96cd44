//! Liveness (`/healthz`) and readiness (`/readyz`) on the site, and the metrics
//! (`/metrics`), which are served on a listener of their own (`metrics.bind`, loopback
//! by default): what the server counts is for the operators, not for the Internet.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// The router of the metrics listener: `GET /metrics`, and 404 for anything else.
pub fn metrics_router() -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .fallback(|| async { StatusCode::NOT_FOUND })
}

/// Liveness answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: &'static str,
}

/// Readiness answer, with the state of each dependency.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// `ok` or `failing`, per dependency.
    pub checks: Checks,
}

/// The dependencies `/readyz` checks.
#[derive(Serialize, ToSchema)]
pub struct Checks {
    /// The database answers a query.
    pub database: &'static str,
    /// The search index has been built and can be searched.
    pub index: &'static str,
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// How long `/readyz` waits for the database before it says it is failing.
const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The instance can serve requests: its database answers and its index is built.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "A dependency is failing", body = Readiness),
    ))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    // A probe answers within its own short time: a database out of reach would
    // otherwise hold it for the pool's whole acquire timeout.
    let database_ok = tokio::time::timeout(READY_TIMEOUT, state.database_ready())
        .await
        .unwrap_or(false);
    let index_ok = state.search().built_from().is_some();
    let ok = |good: bool| if good { "ok" } else { "failing" };
    let body = Readiness {
        status: if database_ok && index_ok {
            "ready"
        } else {
            "unavailable"
        },
        checks: Checks {
            database: ok(database_ok),
            index: ok(index_ok),
        },
    };
    let status = if database_ok && index_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

/// Prometheus metrics: HTTP requests and latency by route, connections, process
/// metrics.
pub async fn metrics() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::telemetry::render_metrics(),
    )
}
