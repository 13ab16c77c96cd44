//! Recording progress events with group commit. Requests hand their event to one
//! writer task and wait; the writer takes every event that has arrived meanwhile,
//! writes them in one transaction and answers each request only after the commit.
//! Under load, one fsync covers many events; alone, an event is written at once.

use std::collections::{BTreeMap, BTreeSet, HashSet};
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

type Reply = oneshot::Sender<Result<Vec<Recorded>, String>>;

/// Events written in one transaction, at most (a request's events are never split, so
/// a transaction may exceed it by one request's worth).
const MAX_BATCH: usize = 512;

/// Events in one INSERT statement: keeps the bound parameters (8 per row at most)
/// under SQLite's limit of 32,766.
const ROWS_PER_STATEMENT: usize = 1024;

/// Hands events to the writer task; cheap to clone.
#[derive(Clone)]
pub struct Recorder {
    tx: mpsc::Sender<(Vec<ProgressEvent>, Reply)>,
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
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((events, reply))
            .await
            .map_err(|_| anyhow::anyhow!("the progress writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the progress writer dropped the events"))?
            .map_err(|e| anyhow::anyhow!("recording progress failed: {e}"))
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
                    let _ = reply.send(Err(err.to_string()));
                }
            }
        }
    }
}

/// Writes a batch in one transaction with a fixed number of statements whatever its
/// size (up to [`ROWS_PER_STATEMENT`] events): the lock of the learners' course
/// roll-ups, the look-up of client ids already recorded, one multi-row INSERT of the
/// new events, one multi-row upsert of per-lesson progress aggregated over them, the
/// completion check of the modules a `completed` touched, and the roll-ups' refresh.
pub async fn write_batch(
    db: &DatabaseConnection,
    catalog: &Catalog,
    events: &[&ProgressEvent],
) -> Result<Vec<Recorded>, DbErr> {
    // A concurrent writer (another instance on PostgreSQL) may record the same client
    // id between the look-up and the INSERT only for another course, whose roll-up
    // row this transaction does not lock; the INSERT then counts fewer rows than
    // expected and the batch is written again from the start.
    for _ in 0..3 {
        match try_write_batch(db, catalog, events).await {
            Err(Attempt::Raced) => continue,
            Err(Attempt::Db(e)) => return Err(e),
            Ok(outcomes) => return Ok(outcomes),
        }
    }
    Err(DbErr::Custom(
        "progress events kept racing with another writer".into(),
    ))
}

enum Attempt {
    Raced,
    Db(DbErr),
}

impl From<DbErr> for Attempt {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

async fn try_write_batch(
    db: &DatabaseConnection,
    catalog: &Catalog,
    events: &[&ProgressEvent],
) -> Result<Vec<Recorded>, Attempt> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let pairs: Vec<(i32, String)> = events
        .iter()
        .map(|e| (e.user_id, e.course_id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    super::rollup::lock(&txn, &pairs).await?;

    // 1. Events: new unless their client id was recorded before or earlier in the batch.
    let known = recorded_ids(&txn, events).await?;
    let mut seen: HashSet<(i32, &str)> = HashSet::new();
    let outcomes: Vec<Recorded> = events
        .iter()
        .map(|e| match &e.client_id {
            None => Recorded::New,
            Some(id) if known.contains(&(e.user_id, id.clone())) => Recorded::Duplicate,
            Some(id) if seen.insert((e.user_id, id.as_str())) => Recorded::New,
            Some(_) => Recorded::Duplicate,
        })
        .collect();
    let fresh: Vec<&ProgressEvent> = events
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| **o == Recorded::New)
        .map(|(e, _)| *e)
        .collect();
    let mut written = 0;
    for chunk in fresh.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO progress_events (user_id, lesson_id, event, seconds, client_id, recorded_at) VALUES ",
        );
        push_placeholders(&mut sql, chunk.len(), 6);
        sql.push_str(" ON CONFLICT (user_id, client_id) DO NOTHING");
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 6);
        for event in chunk {
            values.extend([
                event.user_id.into(),
                event.lesson_id.clone().into(),
                event.kind.as_str().into(),
                event.seconds.into(),
                event.client_id.clone().into(),
                now.into(),
            ]);
        }
        written += txn
            .execute_raw(statement(&txn, sql, values))
            .await?
            .rows_affected();
    }
    if written != fresh.len() as u64 {
        txn.rollback().await?;
        return Err(Attempt::Raced);
    }

    // 2. Per-lesson progress, aggregated over the new events.
    let mut per_lesson: BTreeMap<(i32, &str), (&ProgressEvent, i32, bool)> = BTreeMap::new();
    for event in &fresh {
        let entry = per_lesson
            .entry((event.user_id, event.lesson_id.as_str()))
            .or_insert((event, 0, false));
        entry.1 += event.seconds;
        entry.2 |= event.kind == EventKind::Completed;
    }
    let lessons: Vec<_> = per_lesson.values().collect();
    for chunk in lessons.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO lesson_progress (user_id, lesson_id, course_id, module_id, started_at, completed_at, seconds, last_event_at) VALUES ",
        );
        push_placeholders(&mut sql, chunk.len(), 8);
        sql.push_str(
            " ON CONFLICT (user_id, lesson_id) DO UPDATE SET \
               seconds = lesson_progress.seconds + excluded.seconds, \
               last_event_at = excluded.last_event_at, \
               completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at)",
        );
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 8);
        for (event, seconds, completed) in chunk {
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
        txn.execute_raw(statement(&txn, sql, values)).await?;
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

/// The (learner, client id) pairs of the batch already in `progress_events`: few or
/// none, so the look-up returns almost nothing (the INSERT returns nothing either).
async fn recorded_ids(
    txn: &impl ConnectionTrait,
    events: &[&ProgressEvent],
) -> Result<HashSet<(i32, String)>, DbErr> {
    let keys: BTreeSet<(i32, &str)> = events
        .iter()
        .filter_map(|e| e.client_id.as_deref().map(|id| (e.user_id, id)))
        .collect();
    let keys: Vec<_> = keys.into_iter().collect();
    let mut known = HashSet::new();
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        let mut sql =
            String::from("SELECT e.user_id, e.client_id FROM progress_events e JOIN (VALUES ");
        push_placeholders(&mut sql, chunk.len(), 2);
        sql.push_str(") v ON e.user_id = v.column1 AND e.client_id = v.column2");
        let values: Vec<sea_orm::Value> = chunk
            .iter()
            .flat_map(|(user, id)| [(*user).into(), (*id).to_string().into()])
            .collect();
        for row in txn.query_all_raw(statement(txn, sql, values)).await? {
            known.insert((row.try_get("", "user_id")?, row.try_get("", "client_id")?));
        }
    }
    Ok(known)
}

/// `($1, $2), ($3, $4), …`: `rows` tuples of `columns` numbered placeholders.
fn push_placeholders(sql: &mut String, rows: usize, columns: usize) {
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", row * columns + column + 1));
        }
        sql.push(')');
    }
}

fn statement(db: &impl ConnectionTrait, sql: String, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}
