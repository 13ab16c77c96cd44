//! Recording progress events with group commit. Requests hand their events (one, or a
//! batch that stays whole) to one writer task and wait; the writer takes every event
//! that has arrived meanwhile, writes them in one transaction ([`write_batch`]) and
//! answers each request only after the commit. Under load, one fsync covers many
//! events; alone, an event is written at once.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

use super::ProgressEvent;
use super::batch::write_batch;
use super::learner::LessonStatus;
use crate::accounts::cache::TtlCache;
use crate::content::Catalog;

pub use super::batch::Recorded;

/// The writer's answer; the error is the database's own, so a caller can tell an
/// outage (answered 503) from a bug.
type Reply = oneshot::Sender<Result<Vec<Recorded>, sea_orm::DbErr>>;

/// Events written in one transaction, at most (a request's events are never split, so
/// a transaction may exceed it by one request's worth). Large enough to take every
/// event 64 clients sending batches of 100 have in flight: raising it from 512 took
/// the progress benchmark from 15× to 21× its baseline on SQLite.
const MAX_BATCH: usize = 4096;

/// How long a learner's status of a lesson is reused without asking the database (a
/// change recorded through another instance shows within this time; one recorded
/// here at once).
const STATUS_TTL: Duration = Duration::from_secs(5);

/// Hands events to the writer task, and remembers the lesson statuses pages ask for;
/// cheap to clone.
#[derive(Clone)]
pub struct Recorder {
    tx: mpsc::Sender<(Vec<ProgressEvent>, Reply)>,
    statuses: Arc<TtlCache<(i32, String), LessonStatus>>,
}

impl Recorder {
    /// Starts the writer task.
    pub fn spawn(db: DatabaseConnection, catalog: Arc<RwLock<Arc<Catalog>>>) -> Self {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(writer(db, catalog, rx));
        Self {
            tx,
            statuses: Arc::new(TtlCache::new(STATUS_TTL)),
        }
    }

    /// A learner's status of a lesson: from memory when asked in the last few seconds
    /// and nothing was recorded for it here since, otherwise one lookup by key.
    pub async fn lesson_status(
        &self,
        db: &DatabaseConnection,
        user_id: i32,
        lesson_id: &str,
    ) -> Result<LessonStatus, sea_orm::DbErr> {
        let key = (user_id, lesson_id.to_string());
        if let Some(status) = self.statuses.get(&key) {
            return Ok(status);
        }
        let status = super::learner::lesson_status(db, user_id, lesson_id).await?;
        self.statuses.put(key, status);
        Ok(status)
    }

    /// Records an event; returns once it is durable.
    pub async fn record(&self, event: ProgressEvent) -> anyhow::Result<Recorded> {
        let outcomes = self.record_all(vec![event]).await?;
        outcomes
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("the progress writer answered nothing"))
    }

    /// Records several events in one transaction, all or none; returns once they are
    /// durable, with one outcome per event in the same order.
    pub async fn record_all(&self, events: Vec<ProgressEvent>) -> anyhow::Result<Vec<Recorded>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let touched: Vec<(i32, String)> = events
            .iter()
            .map(|e| (e.user_id, e.lesson_id.clone()))
            .collect();
        // Forgotten before and after: a page read in between may store the old status.
        let forget = |statuses: &TtlCache<(i32, String), LessonStatus>| {
            for key in &touched {
                statuses.remove(key);
            }
        };
        forget(&self.statuses);
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((events, reply))
            .await
            .map_err(|_| anyhow::anyhow!("the progress writer has stopped"))?;
        let recorded = answer
            .await
            .map_err(|_| anyhow::anyhow!("the progress writer dropped the events"))?
            .map_err(|e| anyhow::Error::new(e).context("recording progress failed"));
        forget(&self.statuses);
        recorded
    }
}

async fn writer(
    db: DatabaseConnection,
    catalog: Arc<RwLock<Arc<Catalog>>>,
    mut rx: mpsc::Receiver<(Vec<ProgressEvent>, Reply)>,
) {
    while let Some(first) = rx.recv().await {
        // Every request that has arrived meanwhile joins the batch, up to MAX_BATCH.
        let mut total = first.0.len();
        let mut units = vec![first];
        while total < MAX_BATCH {
            match rx.try_recv() {
                Ok(unit) => {
                    total += unit.0.len();
                    units.push(unit);
                }
                Err(_) => break,
            }
        }
        let current = catalog
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        let events: Vec<&ProgressEvent> = units.iter().flat_map(|(e, _)| e).collect();
        match write_batch(&db, &current, &events).await {
            Ok(outcomes) => {
                let mut outcomes = outcomes.into_iter();
                for (unit, reply) in units {
                    let _ = reply.send(Ok(outcomes.by_ref().take(unit.len()).collect()));
                }
            }
            Err(err) => {
                tracing::error!(error = %err, events = total, "progress batch failed; nothing of it was written");
                for (_, reply) in units {
                    let _ = reply.send(Err(err.clone()));
                }
            }
        }
    }
}
