//! The watch of each connection: what is in progress on it (requests, bytes to send,
//! the head of a request arriving), kept up to date by the socket and the service, so
//! the connection's task knows when a limit is passed and the accept loop which
//! connection is idle.

use std::collections::BTreeMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use http_body::Frame;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::Limits;

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
pub(super) struct Watch {
    /// Its place among the connections open (lower: older).
    pub(super) id: u64,
    state: Mutex<State>,
    /// Rung when a deadline may have moved closer, or the connection is evicted.
    pub(super) changed: Notify,
    /// The accept loop asked the connection to make room.
    pub(super) evicted: AtomicBool,
}

impl Watch {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves consistent counters behind.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// No request in progress and nothing left to send: closing loses nothing.
    pub(super) fn quiet(&self) -> bool {
        let state = self.state();
        state.in_flight == 0 && !state.unflushed
    }

    /// When the connection is due to close unless something happens first.
    pub(super) fn deadline(&self, limits: &Limits) -> Option<Instant> {
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
    pub(super) fn expired(&self, limits: &Limits) -> Option<&'static str> {
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
pub(super) struct Registry {
    next_id: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Watch>>>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Arc<Watch>>> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a new connection.
    pub(super) fn add(&self) -> Arc<Watch> {
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

    /// Forgets a closed connection.
    pub(super) fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Asks the oldest quiet connection to close; false when none is quiet.
    pub(super) fn evict_idlest(&self) -> bool {
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
pub(super) struct Busy(Arc<Watch>);

impl Busy {
    /// A request of the connection of `watch` begins (its headers have arrived).
    pub(super) fn start(watch: Arc<Watch>) -> Self {
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
pub(super) struct TrackedBody {
    body: Body,
    _busy: Busy,
}

impl TrackedBody {
    /// `body`, with the request counted in progress until it ends.
    pub(super) fn new(body: Body, busy: Busy) -> Self {
        Self { body, _busy: busy }
    }
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
pub(super) struct WatchedIo {
    inner: TcpStream,
    watch: Arc<Watch>,
}

impl WatchedIo {
    /// `inner`, reporting to `watch`.
    pub(super) fn new(inner: TcpStream, watch: Arc<Watch>) -> Self {
        Self { inner, watch }
    }

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
