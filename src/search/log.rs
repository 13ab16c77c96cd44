//! The search query log (table `search_queries`): each query as typed (normalised),
//! its result count and when; never who asked.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, FromQueryResult, QueryOrder, QuerySelect};
use serde::Serialize;
use tokio::sync::mpsc;

use super::SearchRequest;

use crate::db::search_queries::search_query;

/// The form a query is logged in.
pub fn normalise(query: &str) -> String {
    let flat: Vec<&str> = query.split_whitespace().collect();
    flat.join(" ").to_lowercase().chars().take(200).collect()
}

/// Logs queries off the request path: searches hand their query to a task that
/// writes what has arrived in one multi-row INSERT every [`FLUSH_EVERY`], so a burst
/// of searches costs one statement, not one connection each. When the queue is full
/// (the database stalled), queries are dropped and counted rather than waited for.
#[derive(Clone)]
pub struct QueryLog {
    queue: mpsc::Sender<search_query::ActiveModel>,
}

/// How often queued queries are written.
pub const FLUSH_EVERY: Duration = Duration::from_millis(500);
/// Queries waiting at most; more are dropped.
const QUEUE: usize = 10_000;
/// Rows per INSERT (under SQLite's bound-parameter limit).
const BATCH: usize = 500;

impl QueryLog {
    /// Starts the writer task on `db`.
    pub fn spawn(db: DatabaseConnection) -> Self {
        let (queue, rows) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(db, rows));
        Self { queue }
    }

    /// Notes a search, if it is a new query: its first page, unfiltered (filter
    /// clicks are not new queries, and a filtered total would misreport what the
    /// query finds). Never waits.
    pub fn note(&self, request: &SearchRequest, results: usize) {
        let unfiltered = request.kind.is_none()
            && request.course.is_none()
            && request.module.is_none()
            && request.act.is_none();
        if request.offset != 0 || !unfiltered {
            return;
        }
        let query = normalise(&request.q);
        if query.is_empty() {
            return;
        }
        let row = search_query::ActiveModel {
            query: Set(query),
            results: Set(i32::try_from(results).unwrap_or(i32::MAX)),
            asked_at: Set(Utc::now()),
            ..Default::default()
        };
        if self.queue.try_send(row).is_err() {
            metrics::counter!("aula_search_log_dropped_total").increment(1);
        }
    }
}

async fn write_batches(
    db: DatabaseConnection,
    mut rows: mpsc::Receiver<search_query::ActiveModel>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let open = rows.recv_many(&mut batch, BATCH).await > 0;
        if !open {
            return;
        }
        // Let a burst gather before writing it, unless a full batch is already
        // waiting: under sustained load the writer then writes back to back, and its
        // pace is the database's, not one batch per FLUSH_EVERY.
        if batch.len() < BATCH && rows.len() < BATCH {
            tokio::time::sleep(FLUSH_EVERY).await;
        }
        while batch.len() < BATCH
            && let Ok(row) = rows.try_recv()
        {
            batch.push(row);
        }
        let count = batch.len();
        let insert = search_query::Entity::insert_many(batch.drain(..));
        if let Err(err) = insert.exec_without_returning(&db).await {
            tracing::warn!(error = %err, count, "cannot log search queries");
        }
    }
}

/// A query with how often it was asked since a date.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct QueryStat {
    /// The normalised query.
    pub query: String,
    /// How many times.
    pub times: i64,
    /// The fewest results it found.
    pub results: i32,
    /// Last asked.
    pub last_asked: DateTime<Utc>,
}

/// The most asked queries since `since`; with `zero_only`, those that found nothing.
pub async fn top(
    db: &DatabaseConnection,
    since: DateTime<Utc>,
    zero_only: bool,
    limit: u64,
) -> Result<Vec<QueryStat>, DbErr> {
    use search_query::Column;
    let mut select = search_query::Entity::find()
        .select_only()
        .column(Column::Query)
        .column_as(Column::Id.count(), "times")
        .column_as(Column::Results.min(), "results")
        .column_as(Column::AskedAt.max(), "last_asked")
        .filter(Column::AskedAt.gte(since))
        .group_by(Column::Query);
    if zero_only {
        select = select.having(sea_orm::sea_query::ExprTrait::eq(Column::Results.max(), 0));
    }
    select
        .order_by_desc(Expr::col(sea_orm::sea_query::Alias::new("times")))
        .order_by_asc(Column::Query)
        .limit(limit)
        .into_model::<QueryStat>()
        .all(db)
        .await
}
