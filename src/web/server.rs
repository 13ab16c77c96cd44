//! The HTTP server's life cycle: listen, serve until told to stop, let in-flight
//! requests finish, then stop the background jobs and close the database.

use std::future::Future;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app::AppState;
use crate::jobs::Jobs;

/// Serves HTTP on `listener` until `shutdown` completes, then lets in-flight requests
/// finish and closes the database pool.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    crate::telemetry::metrics_handle();
    let address = listener.local_addr()?;
    tracing::info!(%address, base_url = %state.config().base_url(), "serving HTTP");
    let jobs = Jobs::start(&state).await?;
    let app =
        super::router(state.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .context("HTTP server failed");
    jobs.stop().await;
    served?;
    tracing::info!("HTTP server stopped");
    state.close().await
}
