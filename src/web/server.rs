//! The HTTP server's life cycle: listen (the site, and the metrics apart), serve until
//! told to stop, let in-flight requests finish, then stop the background jobs and
//! close the database.

use std::future::Future;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::connections::{self, Limits};
use crate::app::AppState;
use crate::jobs::Jobs;

/// Where the server listens.
pub struct Listeners {
    /// The site: pages and the API.
    pub http: TcpListener,
    /// `GET /metrics`, apart from the site; None serves no metrics.
    pub metrics: Option<TcpListener>,
}

/// Serves HTTP on `listener`, and the metrics on the configured `metrics.bind`, until
/// `shutdown` completes; then lets in-flight requests finish and closes the database
/// pool.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let metrics = match state
        .config()
        .metrics
        .address()
        .map_err(anyhow::Error::msg)?
    {
        Some(address) => Some(TcpListener::bind(address).await.with_context(|| {
            format!("cannot listen for metrics on {address} (metrics.bind; empty disables it)")
        })?),
        None => None,
    };
    let listeners = Listeners {
        http: listener,
        metrics,
    };
    serve_on(state, listeners, shutdown).await
}

/// Serves on listeners already bound (tests bind port 0), until `shutdown` completes.
pub async fn serve_on(
    state: AppState,
    listeners: Listeners,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    crate::telemetry::metrics_handle();
    let address = listeners.http.local_addr()?;
    tracing::info!(%address, base_url = %state.config().base_url(), "serving HTTP");
    let limits = Limits::from(&state.config().server);
    let (stop_tx, stop) = watch::channel(false);
    let jobs = Jobs::start(&state).await?;
    let metrics = match listeners.metrics {
        Some(listener) => {
            let address = listener.local_addr()?;
            tracing::info!(%address, "serving metrics");
            let served = connections::serve(
                listener,
                super::health::metrics_router(),
                limits,
                stop.clone(),
            );
            Some(tokio::spawn(served))
        }
        None => None,
    };
    let site = connections::serve(listeners.http, super::router(state.clone()), limits, stop);
    let signal = async move {
        shutdown.await;
        stop_tx.send_replace(true);
    };
    let (served, ()) = tokio::join!(site, signal);
    if let Some(metrics) = metrics {
        metrics.await.context("metrics server panicked")??;
    }
    jobs.stop().await;
    served.context("HTTP server failed")?;
    tracing::info!("HTTP server stopped");
    state.close().await
}
