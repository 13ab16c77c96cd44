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

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use http_body::Frame;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::config;

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
        let io = TokioIo::new(WatchedIo {
            inner: self.stream,
            watch: self.watch.clone(),
        });
        let (app, remote, watch) = (self.app, self.remote, self.watch.clone());
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            let busy = Busy::start(watch.clone());
            let app = app.clone();
            async move {
                let response = app.oneshot(request.map(Body::new)).await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| Body::new(TrackedBody { body, _busy: busy })),
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

/// What the watch knows of a connection.
#[derive(Debug)]
struct State {
    /// Requests whose answer has not been sent whole.
    in_flight: usize,
    /// Bytes handed to the socket since the last completed flush.
    unflushed: bool,
    /// Since when the socket refuses more of an answer (the client is not reading).
    write_blocked_since: Option<Instant>,
    /// When the first byte of a request arrived, while none was in progress.
    head_since: Option<Instant>,
    /// Since when no request has been in progress.
    idle_since: Instant,
}

/// The shared view of one connection: its state, and a bell to ring on changes.
#[derive(Debug)]
struct Watch {
    id: u64,
    state: Mutex<State>,
    changed: Notify,
    evicted: AtomicBool,
}

impl Watch {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves consistent counters behind.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// No request in progress and nothing left to send: closing loses nothing.
    fn quiet(&self) -> bool {
        let state = self.state();
        state.in_flight == 0 && !state.unflushed
    }

    /// When the connection is due to close unless something happens first.
    fn deadline(&self, limits: &Limits) -> Option<Instant> {
        let state = self.state();
        if let Some(since) = state.write_blocked_since {
            return Some(since + limits.idle_timeout);
        }
        if state.in_flight > 0 || state.unflushed {
            return None;
        }
        Some(match state.head_since {
            Some(since) => since + limits.header_timeout,
            None => state.idle_since + limits.idle_timeout,
        })
    }

    /// Why the connection must close now, if it must.
    fn expired(&self, limits: &Limits) -> Option<&'static str> {
        let now = Instant::now();
        let state = self.state();
        if state
            .write_blocked_since
            .is_some_and(|since| now >= since + limits.idle_timeout)
        {
            return Some("stalled");
        }
        if state.in_flight > 0 || state.unflushed {
            return None;
        }
        match state.head_since {
            Some(since) if now >= since + limits.header_timeout => Some("headers"),
            Some(_) => None,
            None if now >= state.idle_since + limits.idle_timeout => Some("idle"),
            None => None,
        }
    }

    fn update(&self, change: impl FnOnce(&mut State) -> bool) {
        let rang = change(&mut self.state());
        if rang {
            self.changed.notify_one();
        }
    }
}

/// The connections open, oldest first.
#[derive(Default)]
struct Registry {
    next_id: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Watch>>>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Arc<Watch>>> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn add(&self) -> Arc<Watch> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let watch = Arc::new(Watch {
            id,
            state: Mutex::new(State {
                in_flight: 0,
                unflushed: false,
                write_blocked_since: None,
                head_since: None,
                idle_since: Instant::now(),
            }),
            changed: Notify::new(),
            evicted: AtomicBool::new(false),
        });
        self.lock().insert(id, watch.clone());
        watch
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Asks the oldest quiet connection to close; false when none is quiet.
    fn evict_idlest(&self) -> bool {
        let open = self.lock();
        let idlest = open
            .values()
            .find(|w| !w.evicted.load(Ordering::Acquire) && w.quiet());
        match idlest {
            Some(watch) => {
                watch.evicted.store(true, Ordering::Release);
                watch.changed.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Held while a request is in progress: from its headers to the end of its answer.
struct Busy(Arc<Watch>);

impl Busy {
    fn start(watch: Arc<Watch>) -> Self {
        watch.update(|state| {
            state.in_flight += 1;
            state.head_since = None;
            false
        });
        Self(watch)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.update(|state| {
            state.in_flight = state.in_flight.saturating_sub(1);
            if state.in_flight == 0 {
                state.idle_since = Instant::now();
            }
            true
        });
    }
}

/// An answer's body that keeps its request counted as in progress until it ends.
struct TrackedBody {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for TrackedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling the watch when a request begins to arrive and how writing goes.
struct WatchedIo {
    inner: TcpStream,
    watch: Arc<Watch>,
}

impl WatchedIo {
    fn wrote(&self, result: &Poll<io::Result<usize>>) {
        match result {
            Poll::Ready(Ok(n)) if *n > 0 => self.watch.update(|state| {
                state.unflushed = true;
                state.write_blocked_since = None;
                false
            }),
            Poll::Pending => self.watch.update(|state| {
                let first = state.write_blocked_since.is_none();
                if first {
                    state.write_blocked_since = Some(Instant::now());
                }
                first
            }),
            Poll::Ready(_) => {}
        }
    }
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.watch.update(|state| {
                let starts = state.in_flight == 0 && state.head_since.is_none();
                if starts {
                    state.head_since = Some(Instant::now());
                }
                starts
            });
        }
        result
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.wrote(&result);
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.wrote(&result);
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.inner).poll_flush(cx);
        if matches!(result, Poll::Ready(Ok(()))) {
            self.watch.update(|state| {
                let was = state.unflushed;
                state.unflushed = false;
                was && state.in_flight == 0
            });
        }
        result
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
