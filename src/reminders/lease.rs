//! One run per scheduled occurrence across instances: an instance runs a job's
//! occurrence only if it moves the job's `last_slot` forward to that occurrence in one
//! conditional UPDATE, which the database lets exactly one instance do. An instance
//! that dies leaves nothing held: the next occurrence is free for whichever instance
//! fires first. Nothing here is about reminders: any scheduled job claims its
//! occurrences under its own name.

use std::future::Future;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::db::sql::Sql;

/// Claims `slot` of `job` for `holder`; true if this caller won it.
///
/// `slot` must be the occurrence the run was scheduled for, never the time it
/// started: a late run then still takes its own occurrence, and the next occurrence
/// stays free for its own run.
pub async fn claim(
    db: &DatabaseConnection,
    job: &str,
    slot: DateTime<Utc>,
    holder: &str,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let mut insert = Sql::new(backend);
    insert
        .push("INSERT INTO job_runs (name) VALUES (")
        .bind(job.to_string())
        .push(") ON CONFLICT (name) DO NOTHING");
    db.execute_raw(insert.build()).await?;
    let mut update = Sql::new(backend);
    update
        .push("UPDATE job_runs SET last_slot = ")
        .bind(slot)
        .push(", holder = ")
        .bind(holder.to_string())
        .push(", started_at = ")
        .bind(Utc::now())
        .push(", finished_at = NULL WHERE name = ")
        .bind(job.to_string())
        .push(" AND (last_slot IS NULL OR last_slot < ")
        .bind(slot)
        .push(")");
    Ok(db.execute_raw(update.build()).await?.rows_affected() == 1)
}

/// Records the end of a run.
pub async fn finish(db: &DatabaseConnection, job: &str, summary: &str) -> Result<(), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("UPDATE job_runs SET finished_at = ")
        .bind(Utc::now())
        .push(", summary = ")
        .bind(summary.to_string())
        .push(" WHERE name = ")
        .bind(job.to_string());
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Runs `run` if `holder` wins `occurrence` of `job`, then records the summary it
/// returns; `None` when another instance has that occurrence (or a later one).
pub async fn run_claimed<F, Fut>(
    db: &DatabaseConnection,
    job: &str,
    occurrence: DateTime<Utc>,
    holder: &str,
    run: F,
) -> anyhow::Result<Option<String>>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = anyhow::Result<String>>,
{
    if !claim(db, job, occurrence, holder).await? {
        tracing::debug!(job, %occurrence, holder, "occurrence taken by another instance");
        return Ok(None);
    }
    let summary = run().await?;
    finish(db, job, &summary).await?;
    Ok(Some(summary))
}
