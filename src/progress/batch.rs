//! One batch of progress events written in one transaction, all or nothing, with a
//! fixed number of statements whatever its size.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement, Value,
};

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

/// Rows in one SQLite statement: keeps the bound parameters of a VALUES list (8 per
/// row at most) under SQLite's limit of 32,766.
const ROWS_PER_STATEMENT: usize = 1024;

/// Writes a batch in one transaction: the lock of the learners' course roll-ups, the
/// INSERT of the new events and of their days of activity (`activity.rs`), the upsert
/// of per-lesson progress aggregated over them, the completion check of the modules a
/// `completed` touched, and the roll-ups' refresh.
///
/// Duplicates of an earlier batch are rare (a retried request, two tabs sending the
/// same queue), so the first attempt assumes there are none: the INSERT skips
/// conflicting rows, and if it wrote fewer than expected the transaction is rolled
/// back and written again after looking up the client ids already recorded. The
/// careful attempt can still count fewer rows when a concurrent writer (another
/// instance on PostgreSQL) records the same client id for another course, whose
/// roll-up row this transaction does not lock; it is then tried again.
pub async fn write_batch(
    db: &DatabaseConnection,
    catalog: &Catalog,
    events: &[&ProgressEvent],
) -> Result<Vec<Recorded>, DbErr> {
    let mut careful = false;
    for _ in 0..4 {
        match try_write_batch(db, catalog, events, careful).await {
            Err(Attempt::Conflict) => careful = true,
            Err(Attempt::Db(e)) => return Err(e),
            Ok(outcomes) => return Ok(outcomes),
        }
    }
    Err(DbErr::Custom(
        "progress events kept conflicting with another writer".into(),
    ))
}

enum Attempt {
    /// The INSERT skipped a client id recorded earlier.
    Conflict,
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
    careful: bool,
) -> Result<Vec<Recorded>, Attempt> {
    let txn = crate::db::tx::begin_write(db).await?;
    let now = Utc::now();
    let pairs: Vec<(i32, String)> = events
        .iter()
        .map(|e| (e.user_id, e.course_id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    super::rollup::lock(&txn, &pairs).await?;

    // 1. Events: new unless their client id was recorded before or earlier in the batch.
    let known = if careful {
        recorded_ids(&txn, events).await?
    } else {
        HashSet::new()
    };
    let outcomes = outcomes(events, &known);
    let fresh: Vec<&ProgressEvent> = events
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| **o == Recorded::New)
        .map(|(e, _)| *e)
        .collect();
    let written = insert_events(&txn, &fresh, now).await?;
    if written != fresh.len() as u64 {
        txn.rollback().await?;
        return Err(Attempt::Conflict);
    }
    let active: Vec<(i32, &str)> = fresh
        .iter()
        .map(|e| (e.user_id, e.lesson_id.as_str()))
        .collect();
    super::activity::record(&txn, &active, now).await?;

    // 2. Per-lesson progress, aggregated over the new events, with the reading time
    //    the server's clock allows instead of the time they claim.
    let mut per_lesson = per_lesson(&fresh);
    let claimed = per_lesson
        .iter()
        .map(|((user, lesson), (_, seconds, _))| ((*user, lesson.to_string()), *seconds))
        .collect();
    let credits = super::reading::credit_batch(&txn, &claimed, now).await?;
    for ((user, lesson), (_, seconds, _)) in per_lesson.iter_mut() {
        *seconds = credits
            .get(&(*user, lesson.to_string()))
            .copied()
            .unwrap_or(0);
    }
    upsert_lessons(&txn, &per_lesson, now).await?;

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

/// What each event of the batch is: a duplicate when its client id is `known` or came
/// earlier in the batch.
fn outcomes(events: &[&ProgressEvent], known: &HashSet<(i32, String)>) -> Vec<Recorded> {
    let mut seen: HashSet<(i32, &str)> = HashSet::new();
    events
        .iter()
        .map(|e| match &e.client_id {
            None => Recorded::New,
            Some(id) if known.contains(&(e.user_id, id.clone())) => Recorded::Duplicate,
            Some(id) if seen.insert((e.user_id, id.as_str())) => Recorded::New,
            Some(_) => Recorded::Duplicate,
        })
        .collect()
}

/// Inserts the new events, skipping client ids already recorded; returns how many it
/// wrote.
async fn insert_events(
    txn: &DatabaseTransaction,
    fresh: &[&ProgressEvent],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let rows = fresh.iter().map(|e| {
        vec![
            e.user_id.into(),
            e.lesson_id.clone().into(),
            e.kind.as_str().into(),
            e.seconds.into(),
            e.client_id.clone().into(),
            now.into(),
        ]
    });
    let mut written = 0;
    for relation in Relation::split(txn, EVENT_COLUMNS, rows) {
        let statement = relation.statement(
            "INSERT INTO progress_events (user_id, lesson_id, event, seconds, client_id, recorded_at) \
             SELECT v.user_id, v.lesson_id, v.event, v.seconds, v.client_id, v.recorded_at FROM ",
            " WHERE true ON CONFLICT (user_id, client_id) DO NOTHING",
        );
        written += txn.execute_raw(statement).await?.rows_affected();
    }
    Ok(written)
}

/// New events summed per learner and lesson: the first event, seconds, and whether
/// one of them completes the lesson.
fn per_lesson<'e>(
    fresh: &[&'e ProgressEvent],
) -> BTreeMap<(i32, &'e str), (&'e ProgressEvent, i32, bool)> {
    let mut per_lesson: BTreeMap<(i32, &str), (&ProgressEvent, i32, bool)> = BTreeMap::new();
    for event in fresh {
        let entry = per_lesson
            .entry((event.user_id, event.lesson_id.as_str()))
            .or_insert((event, 0, false));
        entry.1 += event.seconds;
        entry.2 |= event.kind == EventKind::Completed;
    }
    per_lesson
}

/// Upserts per-lesson progress: credited seconds added, completion kept once reached.
async fn upsert_lessons(
    txn: &DatabaseTransaction,
    per_lesson: &BTreeMap<(i32, &str), (&ProgressEvent, i32, bool)>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = per_lesson.values().map(|(e, seconds, completed)| {
        vec![
            e.user_id.into(),
            e.lesson_id.clone().into(),
            e.course_id.clone().into(),
            e.module_id.clone().into(),
            now.into(),
            completed.then_some(now).into(),
            (*seconds).into(),
            now.into(),
        ]
    });
    for relation in Relation::split(txn, LESSON_COLUMNS, rows) {
        let statement = relation.statement(
            "INSERT INTO lesson_progress (user_id, lesson_id, course_id, module_id, started_at, completed_at, seconds, last_event_at) \
             SELECT v.user_id, v.lesson_id, v.course_id, v.module_id, v.started_at, v.completed_at, v.seconds, v.last_event_at FROM ",
            " WHERE true ON CONFLICT (user_id, lesson_id) DO UPDATE SET \
               seconds = lesson_progress.seconds + excluded.seconds, \
               last_event_at = excluded.last_event_at, \
               completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at)",
        );
        txn.execute_raw(statement).await?;
    }
    Ok(())
}

const EVENT_COLUMNS: &[(&str, &str)] = &[
    ("user_id", "integer"),
    ("lesson_id", "text"),
    ("event", "text"),
    ("seconds", "integer"),
    ("client_id", "text"),
    ("recorded_at", "timestamptz"),
];

const LESSON_COLUMNS: &[(&str, &str)] = &[
    ("user_id", "integer"),
    ("lesson_id", "text"),
    ("course_id", "text"),
    ("module_id", "text"),
    ("started_at", "timestamptz"),
    ("completed_at", "timestamptz"),
    ("seconds", "integer"),
    ("last_event_at", "timestamptz"),
];

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
    let rows = keys
        .into_iter()
        .map(|(user, id)| vec![user.into(), id.to_string().into()]);
    let mut known = HashSet::new();
    let columns = [("user_id", "integer"), ("client_id", "text")];
    for relation in Relation::split(txn, &columns, rows) {
        let statement = relation.statement(
            "SELECT v.user_id, v.client_id FROM ",
            // A correlated subquery, so that each pair is one probe of the unique
            // index: as a join, PostgreSQL chose to hash the whole events table.
            " WHERE (SELECT 1 FROM progress_events e \
               WHERE e.user_id = v.user_id AND e.client_id = v.client_id LIMIT 1) IS NOT NULL",
        );
        for row in txn.query_all_raw(statement).await? {
            known.insert((row.try_get("", "user_id")?, row.try_get("", "client_id")?));
        }
    }
    Ok(known)
}

/// Rows handed to a statement as a relation `v` with named columns, split over as
/// many statements as needed.
///
/// On SQLite, a VALUES list of `?` placeholders, at most [`ROWS_PER_STATEMENT`] rows
/// (SQLite takes `$N` as a named parameter and looks every name up in a list when
/// binding: 25 ms for the 3,600 parameters of 600 events, against 2 ms with `?`).
///
/// On PostgreSQL, one JSON parameter read by `json_to_recordset`, so the statement's
/// text and prepared plan are the same whatever the number of rows (a VALUES list of
/// 3,600 parameters took 50 ms). Each statement stays under [`PG_STATEMENT_BYTES`]:
/// sqlx 0.9.0 no longer sets `TCP_NODELAY`, and a message larger than the socket's
/// first send buffer (about 16 KB) then waits some 40 ms for a delayed ACK.
pub(super) struct Relation {
    backend: DbBackend,
    sql: String,
    values: Vec<Value>,
}

/// Largest JSON parameter of one PostgreSQL statement.
const PG_STATEMENT_BYTES: usize = 12 * 1024;

impl Relation {
    pub(super) fn split(
        db: &impl ConnectionTrait,
        columns: &[(&str, &str)],
        rows: impl Iterator<Item = Vec<Value>>,
    ) -> Vec<Self> {
        let backend = db.get_database_backend();
        let mut relations = Vec::new();
        if backend == DbBackend::Postgres {
            let spec = columns
                .iter()
                .map(|(name, kind)| format!("{name} {kind}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut json = String::new();
            let mut flush = |json: &mut String| {
                if !json.is_empty() {
                    relations.push(Self {
                        backend,
                        sql: format!("json_to_recordset($1::json) AS v({spec})"),
                        values: vec![format!("[{json}]").into()],
                    });
                    json.clear();
                }
            };
            for row in rows {
                let object: serde_json::Map<String, serde_json::Value> = columns
                    .iter()
                    .zip(row)
                    .map(|((name, _), value)| (name.to_string(), to_json(value)))
                    .collect();
                let object = serde_json::Value::from(object).to_string();
                if !json.is_empty() && json.len() + object.len() >= PG_STATEMENT_BYTES {
                    flush(&mut json);
                }
                if !json.is_empty() {
                    json.push(',');
                }
                json.push_str(&object);
            }
            flush(&mut json);
        } else {
            let names = columns
                .iter()
                .enumerate()
                .map(|(i, (name, _))| format!("column{} AS {name}", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let placeholders = format!("({})", vec!["?"; columns.len()].join(", "));
            let mut rows = rows.peekable();
            while rows.peek().is_some() {
                let mut sql = format!("(SELECT {names} FROM (VALUES ");
                let mut values = Vec::new();
                for (r, row) in rows.by_ref().take(ROWS_PER_STATEMENT).enumerate() {
                    if r > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&placeholders);
                    values.extend(row);
                }
                sql.push_str(")) AS v");
                relations.push(Self {
                    backend,
                    sql,
                    values,
                });
            }
        }
        relations
    }

    /// `before`, the relation, `after`.
    pub(super) fn statement(self, before: &str, after: &str) -> Statement {
        Statement::from_sql_and_values(
            self.backend,
            format!("{before}{}{after}", self.sql),
            self.values,
        )
    }
}

/// A bound value as JSON, for `json_to_recordset` (the kinds the batch binds).
fn to_json(value: Value) -> serde_json::Value {
    let time = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Micros, true).into();
    match value {
        Value::Int(Some(n)) => n.into(),
        Value::BigInt(Some(n)) => n.into(),
        Value::Bool(Some(b)) => b.into(),
        Value::String(Some(s)) => s.into(),
        Value::ChronoDateTimeUtc(Some(t)) => time(t),
        _ => serde_json::Value::Null,
    }
}
