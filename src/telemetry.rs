//! Logging (tracing) and metrics (Prometheus text).
//!
//! Metrics go to one process-wide recorder installed on first use, so that several
//! app instances in one test process share it instead of fighting over the global.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

/// Installs the tracing subscriber; the filter comes from `AULA_LOG` or `RUST_LOG`.
pub fn init_tracing() {
    let filter = std::env::var("AULA_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,tantivy=warn".into());
    // A second call (tests) finds a subscriber already set; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Latency buckets in seconds: from sub-millisecond API calls to slow exports.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide Prometheus handle.
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                LATENCY_BUCKETS,
            )
            .expect("static bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder is already installed, which we never do.
        let _ = metrics::set_global_recorder(recorder);
        metrics_process::Collector::default().describe();
        metrics::describe_counter!("http_requests_total", "HTTP requests by route and status");
        metrics::describe_gauge!("http_connections_open", "HTTP connections open");
        metrics::describe_counter!(
            "http_connections_evicted_total",
            "Idle HTTP connections closed to make room for a new one at the cap"
        );
        metrics::describe_counter!(
            "http_connections_timed_out_total",
            "HTTP connections closed by a timeout: headers, idle or stalled"
        );
        metrics::describe_histogram!(
            "http_request_duration_seconds",
            metrics::Unit::Seconds,
            "HTTP request latency by route"
        );
        handle
    })
}

/// Renders every metric, refreshing the process metrics first.
pub fn render_metrics() -> String {
    let handle = metrics_handle();
    metrics_process::Collector::default().collect();
    handle.render()
}

/// Middleware: counts requests and records their latency, labelled from closed sets
/// only, so that no client can create new series: the method (an unknown one is
/// `OTHER`), the route template (never the raw path; `unmatched` when no route
/// matched) and the status.
pub async fn track_http(request: Request, next: Next) -> Response {
    metrics_handle();
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| UNMATCHED.into());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [
        ("method", method.to_string()),
        ("route", route),
        ("status", status),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(started.elapsed().as_secs_f64());
    response
}

/// The route label of a request no route matched.
pub const UNMATCHED: &str = "unmatched";

/// The method label: the standard methods by name, any other as `OTHER`.
pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "OTHER",
    }
}
