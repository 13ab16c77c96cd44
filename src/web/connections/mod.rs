//! The accept loop: every connection is served by hyper and watched for the limits of
//! `[server]`, so that slow or idle clients cannot hold the server.
//!
//! - A client that has begun a request must send its headers within the header
//!   timeout; a connection with no request in progress is closed after the idle
//!   timeout; a client that stops reading an answer for the idle timeout is cut off.
//! - At most `max_connections` are open at once. Past the cap, a new connection
//!   replaces the one that has been idle (no request in progress, nothing left to
//!   send) the longest; when none is idle, it waits in the queue for one to close. So
//!   thousands of half-open connections cannot keep a real client out.
//!
//! hyper's own header timer is not used: it also runs while a kept-alive connection
//! waits for its next request, which would make the idle timeout the header timeout.
//! The watch counts from the first byte of a request instead.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::config;

mod tracking;

use tracking::{Busy, Registry, TrackedBody, Watch, WatchedIo};

/// The limits every connection is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From the first byte of a request to the end of its headers.
    pub header_timeout: Duration,
    /// With no request in progress, or with an answer the client does not read.
    pub idle_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

impl From<&config::Server> for Limits {
    fn from(server: &config::Server) -> Self {
        Self {
            header_timeout: Duration::from_secs(server.header_timeout_seconds.into()),
            idle_timeout: Duration::from_secs(server.idle_timeout_seconds.into()),
            max_connections: usize::try_from(server.max_connections).unwrap_or(usize::MAX),
        }
    }
}

/// Serves `app` on `listener` until `stop` turns true; then stops accepting, lets
/// every request in progress finish (idle connections close at once) and returns
/// when the last connection has closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> io::Result<()> {
    let max = limits.max_connections.min(Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let open = Arc::new(Registry::default());
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    // Our watch keeps the time (see the module documentation).
    builder.http1().header_read_timeout(None);
    let builder = Arc::new(builder);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or a connection reset before it was
                    // accepted: wait a moment rather than spin.
                    tracing::warn!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = stopped(&mut stop) => break,
        };
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                if open.evict_idlest() {
                    metrics::counter!("http_connections_evicted_total").increment(1);
                }
                tokio::select! {
                    slot = slots.clone().acquire_owned() => match slot {
                        Ok(slot) => slot,
                        Err(_) => break,
                    },
                    () = stopped(&mut stop) => break,
                }
            }
        };
        stream.set_nodelay(true).ok();
        let watch = open.add();
        let task = Connection {
            stream,
            remote,
            app: app.clone(),
            limits,
            watch,
            builder: builder.clone(),
            stop: stop.clone(),
        };
        let open = open.clone();
        tokio::spawn(async move {
            let id = task.watch.id;
            task.run().await;
            open.remove(id);
            drop(slot);
        });
    }
    drop(listener);
    // Every slot back means every connection closed.
    let _all = slots
        .acquire_many(u32::try_from(max).unwrap_or(u32::MAX))
        .await;
    Ok(())
}

/// Resolves when `stop` turns true (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is dropped here, not held across awaits.
    let _ = stop.wait_for(|stop| *stop).await.map(|_| ());
}

/// One accepted connection and what it needs to be served.
struct Connection {
    stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: Limits,
    watch: Arc<Watch>,
    builder: Arc<auto::Builder<TokioExecutor>>,
    stop: watch::Receiver<bool>,
}

impl Connection {
    /// Serves the connection until it ends, times out, is evicted or the server stops.
    async fn run(mut self) {
        metrics::gauge!("http_connections_open").increment(1.0);
        let io = TokioIo::new(WatchedIo::new(self.stream, self.watch.clone()));
        let (app, remote, watch) = (self.app, self.remote, self.watch.clone());
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            let busy = Busy::start(watch.clone());
            let app = app.clone();
            async move {
                let response = app.oneshot(request.map(Body::new)).await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| Body::new(TrackedBody::new(body, busy))),
                )
            }
        });
        let connection = self.builder.serve_connection(io, service).into_owned();
        tokio::pin!(connection);
        let mut stopping = false;
        loop {
            let deadline = self.watch.deadline(&self.limits);
            let expired = async {
                match deadline {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(err) = result {
                        tracing::debug!(error = %err, "connection ended with an error");
                    }
                    break;
                }
                _ = self.watch.changed.notified() => {
                    if self.watch.evicted.load(Ordering::Acquire) {
                        if self.watch.quiet() {
                            break;
                        }
                        if !stopping {
                            // A request began meanwhile: close after its answer.
                            stopping = true;
                            connection.as_mut().graceful_shutdown();
                        }
                    }
                }
                _ = expired => {
                    if let Some(reason) = self.watch.expired(&self.limits) {
                        metrics::counter!("http_connections_timed_out_total", "reason" => reason)
                            .increment(1);
                        tracing::debug!(%remote, reason, "closing a connection");
                        break;
                    }
                }
                () = stopped(&mut self.stop), if !stopping => {
                    stopping = true;
                    if self.watch.quiet() {
                        break;
                    }
                    // Finish the request in progress, then close.
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
        metrics::gauge!("http_connections_open").decrement(1.0);
    }
}
