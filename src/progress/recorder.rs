//! Recording progress events with group commit. Requests hand their event to one
//! writer task and wait; the writer takes every event that has arrived meanwhile,
//! writes them in one transaction and answers each request only after the commit.
//! Under load, one fsync covers many events; alone, an event is written at once.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use super::{EventKind, ProgressEvent};
use crate::content::Catalog;

/// What happened to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Written (and committed).
    New,
    /// Already recorded earlier under the same client id: nothing written.
    Duplicate,
}

type Reply = oneshot::Sender<Result<Recorded, String>>;

/// Largest batch written in one transaction.
const MAX_BATCH: usize = 512;

/// Hands events to the writer task; cheap to clone.
#[derive(Clone)]
pub struct Recorder {
    tx: mpsc::Sender<(ProgressEvent, Reply)>,
}

impl Recorder {
    /// Starts the writer task.
    pub fn spawn(db: DatabaseConnection, catalog: Arc<RwLock<Arc<Catalog>>>) -> Self {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(writer(db, catalog, rx));
        Self { tx }
    }

    /// Records an event; returns once it is durable.
    pub async fn record(&self, event: ProgressEvent) -> anyhow::Result<Recorded> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((event, reply))
            .await
            .map_err(|_| anyhow::anyhow!("the progress writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the progress writer dropped the event"))?
            .map_err(|e| anyhow::anyhow!("recording progress failed: {e}"))
    }
}

async fn writer(
    db: DatabaseConnection,
    catalog: Arc<RwLock<Arc<Catalog>>>,
    mut rx: mpsc::Receiver<(ProgressEvent, Reply)>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let current = catalog
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        let events: Vec<&ProgressEvent> = batch.iter().map(|(e, _)| e).collect();
        let result = write_batch(&db, &current, &events).await;
        match result {
            Ok(outcomes) => {
                for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(err) => {
                tracing::error!(error = %err, events = batch.len(), "progress batch failed; nothing of it was written");
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(err.to_string()));
                }
            }
        }
    }
}

/// Writes a batch in one transaction: events, per-lesson progress, completions.
pub async fn write_batch(
    db: &DatabaseConnection,
    catalog: &Catalog,
    events: &[&ProgressEvent],
) -> Result<Vec<Recorded>, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let now = Utc::now();
    let mut outcomes = Vec::with_capacity(events.len());
    let mut to_check: BTreeSet<(i32, String, String)> = BTreeSet::new();
    for event in events {
        let inserted = txn
            .execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO progress_events (user_id, lesson_id, event, seconds, client_id, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, client_id) DO NOTHING",
                [
                    event.user_id.into(),
                    event.lesson_id.clone().into(),
                    event.kind.as_str().into(),
                    event.seconds.into(),
                    event.client_id.clone().into(),
                    now.into(),
                ],
            ))
            .await?
            .rows_affected();
        if inserted == 0 {
            outcomes.push(Recorded::Duplicate);
            continue;
        }
        let completed_at = (event.kind == EventKind::Completed).then_some(now);
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO lesson_progress (user_id, lesson_id, course_id, module_id, started_at, completed_at, seconds, last_event_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (user_id, lesson_id) DO UPDATE SET \
               seconds = lesson_progress.seconds + excluded.seconds, \
               last_event_at = excluded.last_event_at, \
               completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at)",
            [
                event.user_id.into(),
                event.lesson_id.clone().into(),
                event.course_id.clone().into(),
                event.module_id.clone().into(),
                now.into(),
                completed_at.into(),
                event.seconds.into(),
                now.into(),
            ],
        ))
        .await?;
        if event.kind == EventKind::Completed {
            to_check.insert((
                event.user_id,
                event.course_id.clone(),
                event.module_id.clone(),
            ));
        }
        outcomes.push(Recorded::New);
    }
    for (user_id, course_id, module_id) in to_check {
        if let Some(course) = catalog.course(&course_id) {
            super::completion::check(&txn, user_id, course, &module_id).await?;
        }
    }
    txn.commit().await?;
    Ok(outcomes)
}
