//! Recording progress events with group commit. Requests hand their event to one
//! writer task and wait; the writer takes every event that has arrived meanwhile,
//! writes them in one transaction and answers each request only after the commit.
//! Under load, one fsync covers many events; alone, an event is written at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// Writes a batch in one transaction with a fixed number of statements whatever its
/// size: the lock of the learners' course roll-ups, one multi-row INSERT of the events
/// (duplicates of an earlier client id skipped, the inserted ones returned), one
/// multi-row upsert of per-lesson progress aggregated over the new events, the
/// completion check of the modules a `completed` touched, and the roll-ups' refresh.
pub async fn write_batch(
    db: &DatabaseConnection,
    catalog: &Catalog,
    events: &[&ProgressEvent],
) -> Result<Vec<Recorded>, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let now = Utc::now();
    let pairs: Vec<(i32, String)> = events
        .iter()
        .map(|e| (e.user_id, e.course_id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    super::rollup::lock(&txn, &pairs).await?;

    // 1. Events. Only rows actually inserted come back from RETURNING.
    let mut sql = String::from(
        "INSERT INTO progress_events (user_id, lesson_id, event, seconds, client_id, recorded_at) VALUES ",
    );
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(events.len() * 6);
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        let n = i * 6;
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${})",
            n + 1,
            n + 2,
            n + 3,
            n + 4,
            n + 5,
            n + 6
        ));
        values.extend([
            event.user_id.into(),
            event.lesson_id.clone().into(),
            event.kind.as_str().into(),
            event.seconds.into(),
            event.client_id.clone().into(),
            now.into(),
        ]);
    }
    sql.push_str(" ON CONFLICT (user_id, client_id) DO NOTHING RETURNING user_id, client_id");
    let inserted = txn
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut fresh: HashMap<(i32, String), usize> = HashMap::new();
    for row in &inserted {
        let user: i32 = row.try_get("", "user_id")?;
        if let Some(id) = row.try_get::<Option<String>>("", "client_id")? {
            *fresh.entry((user, id)).or_default() += 1;
        }
    }

    // Which events are new: every event without a client id, and the first event of
    // each client id that came back.
    let mut outcomes = Vec::with_capacity(events.len());
    for event in events {
        let new = match &event.client_id {
            None => true,
            Some(id) => match fresh.get_mut(&(event.user_id, id.clone())) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    true
                }
                _ => false,
            },
        };
        outcomes.push(if new {
            Recorded::New
        } else {
            Recorded::Duplicate
        });
    }

    // 2. Per-lesson progress, aggregated over the new events.
    let mut per_lesson: BTreeMap<(i32, &str), (&ProgressEvent, i32, bool)> = BTreeMap::new();
    for (event, outcome) in events.iter().zip(&outcomes) {
        if *outcome == Recorded::Duplicate {
            continue;
        }
        let entry = per_lesson
            .entry((event.user_id, event.lesson_id.as_str()))
            .or_insert((event, 0, false));
        entry.1 += event.seconds;
        entry.2 |= event.kind == EventKind::Completed;
    }
    if !per_lesson.is_empty() {
        let mut sql = String::from(
            "INSERT INTO lesson_progress (user_id, lesson_id, course_id, module_id, started_at, completed_at, seconds, last_event_at) VALUES ",
        );
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(per_lesson.len() * 8);
        for (i, (event, seconds, completed)) in per_lesson.values().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let n = i * 8;
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8
            ));
            values.extend([
                event.user_id.into(),
                event.lesson_id.clone().into(),
                event.course_id.clone().into(),
                event.module_id.clone().into(),
                now.into(),
                completed.then_some(now).into(),
                (*seconds).into(),
                now.into(),
            ]);
        }
        sql.push_str(
            " ON CONFLICT (user_id, lesson_id) DO UPDATE SET \
               seconds = lesson_progress.seconds + excluded.seconds, \
               last_event_at = excluded.last_event_at, \
               completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at)",
        );
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }

    // 3. Completions of the modules a new `completed` event touched.
    let to_check: BTreeSet<(i32, &str, &str)> = per_lesson
        .values()
        .filter(|(_, _, completed)| *completed)
        .map(|(e, _, _)| (e.user_id, e.course_id.as_str(), e.module_id.as_str()))
        .collect();
    for (user_id, course_id, module_id) in to_check {
        if let Some(course) = catalog.course(course_id) {
            super::completion::check(&txn, user_id, course, module_id).await?;
        }
    }
    if !per_lesson.is_empty() {
        super::rollup::refresh(&txn, super::rollup::Rows::Pairs(&pairs)).await?;
    }
    txn.commit().await?;
    Ok(outcomes)
}
