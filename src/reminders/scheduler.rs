//! The reminder jobs inside `aula serve`: the rules run on the configured cron
//! expression (tokio-cron-scheduler), each slot claimed in the database so that with
//! several instances it runs once; the delivery worker runs every
//! `reminders.delivery_seconds` on every instance (claims keep them apart).

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use tokio_cron_scheduler::{Job, JobScheduler};

use super::{Context, delivery, lease};

/// The name of the rules job in `job_runs`.
pub const RULES_JOB: &str = "reminders";

/// The running jobs of this instance; dropping it stops them.
pub struct Running {
    scheduler: JobScheduler,
    delivery: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops the jobs.
    pub async fn stop(mut self) {
        self.delivery.abort();
        if let Err(err) = self.scheduler.shutdown().await {
            tracing::warn!(error = %err, "cannot stop the reminder scheduler");
        }
    }
}

/// Parses a cron expression as the scheduler does (six fields, seconds first).
pub fn parse_cron(expr: &str) -> anyhow::Result<croner::Cron> {
    croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Required)
        .dom_and_dow(true)
        .build()
        .parse(expr)
        .map_err(|err| anyhow::anyhow!("invalid reminders.cron «{expr}»: {err}"))
}

/// The next run of `expr` after `now`, if any.
pub fn next_run(expr: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if expr.trim().is_empty() {
        return None;
    }
    parse_cron(expr)
        .ok()?
        .find_next_occurrence(&now, false)
        .ok()
}

/// Runs the rules for one slot if this instance wins it, then delivers.
pub async fn run_slot(ctx: &Context, slot: DateTime<Utc>, holder: &str) -> anyhow::Result<bool> {
    if !lease::claim(&ctx.db, RULES_JOB, slot, holder).await? {
        tracing::debug!(%slot, holder, "reminder run taken by another instance");
        return Ok(false);
    }
    let now = Utc::now();
    let candidates = super::rules::evaluate(&ctx.db, &ctx.catalog(), &ctx.config, now).await?;
    let due = candidates.len();
    let queued = super::enqueue::enqueue(ctx, candidates, now, false).await?;
    let delivered = delivery::deliver_due(ctx, holder).await?;
    let summary = format!(
        "{due} promemoria dovuti, {} nuovi in coda, {} inviati, {} da ritentare, {} falliti",
        queued.len(),
        delivered.sent,
        delivered.retried,
        delivered.failed
    );
    tracing::info!(%slot, holder, "{summary}");
    lease::finish(&ctx.db, RULES_JOB, &summary).await?;
    Ok(true)
}

/// Starts the jobs, or returns `None` when `reminders.cron` is empty.
pub async fn start(ctx: Context) -> anyhow::Result<Option<Running>> {
    let expr = ctx.config.reminders.cron.trim().to_string();
    if expr.is_empty() {
        tracing::info!("reminders.cron is empty: reminder jobs disabled");
        return Ok(None);
    }
    parse_cron(&expr)?;
    let holder = format!("{}-{}", hostname(), uuid::Uuid::new_v4().simple());
    let scheduler = JobScheduler::new().await?;
    let job_ctx = Arc::new(ctx.clone());
    let job_holder = holder.clone();
    // Runs overlapping the previous one are skipped rather than queued up.
    let busy = Arc::new(tokio::sync::Mutex::new(()));
    let job = Job::new_async(expr.as_str(), move |_id, _lock| {
        let ctx = job_ctx.clone();
        let holder = job_holder.clone();
        let busy = busy.clone();
        Box::pin(async move {
            let Ok(_guard) = busy.try_lock() else {
                tracing::warn!("a reminder run is still going: this slot is skipped");
                return;
            };
            let slot = Utc::now().trunc_subsecs(0);
            if let Err(err) = run_slot(&ctx, slot, &holder).await {
                tracing::error!(error = %format!("{err:#}"), "reminder run failed");
            }
        })
    })?;
    scheduler.add(job).await?;
    scheduler.start().await?;
    let every =
        std::time::Duration::from_secs(u64::from(ctx.config.reminders.delivery_seconds.max(1)));
    let delivery = tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = delivery::deliver_due(&ctx, &holder).await {
                tracing::warn!(error = %format!("{err:#}"), "reminder delivery pass failed");
            }
        }
    });
    tracing::info!(cron = %expr, "reminder jobs started");
    Ok(Some(Running {
        scheduler,
        delivery,
    }))
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "aula".into())
}
