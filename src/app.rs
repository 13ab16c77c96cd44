//! Application state and the server's life cycle: start, serve, shut down gracefully.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::web::i18n::Catalog;
use crate::web::templates::Templates;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The configuration this instance started with.
    config: Config,
    /// The database pool (SQLite or PostgreSQL).
    db: DatabaseConnection,
    /// The template environment with the message catalogue.
    templates: Templates,
    /// When the instance started.
    started: Instant,
}

impl AppState {
    /// Builds the state from a configuration and an open, migrated database.
    pub fn new(config: Config, db: DatabaseConnection) -> anyhow::Result<Self> {
        let catalog = Catalog::load().context("cannot load the message catalogue")?;
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                db,
                templates: Templates::new(catalog),
                started: Instant::now(),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The database pool.
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// The template environment.
    pub fn templates(&self) -> &Templates {
        &self.inner.templates
    }

    /// How long the instance has been running.
    pub fn uptime(&self) -> std::time::Duration {
        self.inner.started.elapsed()
    }
}

/// Opens and migrates the database, then builds the state: what `serve` does before
/// it listens.
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    AppState::new(config, db)
}

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
    let db = state.db().clone();
    axum::serve(listener, crate::web::router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .context("HTTP server failed")?;
    tracing::info!("HTTP server stopped; closing the database");
    db.close().await.context("closing the database")?;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
