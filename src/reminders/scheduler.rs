//! Scheduled jobs inside `aula serve`. A job runs at the occurrences of its cron
//! expression (UTC, seconds first) and claims each occurrence in the database under
//! the occurrence itself, never the time the run happened to start: with several
//! instances each occurrence runs once, and a run that starts late still takes its
//! own occurrence. The reminder rules are such a job; the delivery worker runs every
//! `reminders.delivery_seconds` on every instance (claims keep them apart).

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::DatabaseConnection;
use tokio::task::JoinHandle;

use super::{Context, delivery, lease};

/// The name of the rules job in `job_runs`.
pub const RULES_JOB: &str = "reminders";

/// The longest single wait for an occurrence. Timers follow the monotonic clock, which
/// ignores corrections of the wall clock and, on some hosts, time spent suspended:
/// waking at least this often bounds how late a distant occurrence is noticed.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// Where scheduled jobs read the time: the system clock in service, a clock driven by
/// the test in tests.
pub trait Clock: Send + Sync + 'static {
    /// The wall-clock time now.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The occurrences of a cron schedule, handed out in turn once their time has come.
///
/// The occurrence handed out is the one that was waited for, not one read from the
/// clock on waking, so a wake-up that comes late, or a few milliseconds early by the
/// wall clock, is still the run of that occurrence.
pub struct Occurrences<C> {
    cron: croner::Cron,
    clock: C,
    last: DateTime<Utc>,
}

impl<C: Clock> Occurrences<C> {
    /// The occurrences of `cron` after the clock's present time.
    pub fn new(cron: croner::Cron, clock: C) -> Self {
        let last = clock.now();
        Self { cron, clock, last }
    }

    /// Waits for the next occurrence and returns it; `None` when the schedule has no
    /// more.
    ///
    /// Occurrences that passed while the caller was busy (a long run, a host that
    /// slept) are folded into the latest of them, returned at once: a late run still
    /// gets its own occurrence, and a backlog is never replayed.
    pub async fn next(&mut self) -> Option<DateTime<Utc>> {
        // Occurrences fall on whole seconds; croner would carry the fraction of its
        // starting point into the one it finds.
        let after = self.last.trunc_subsecs(0);
        let mut due = self.cron.find_next_occurrence(&after, false).ok()?;
        let now = self.clock.now().trunc_subsecs(0);
        if let Ok(latest) = self.cron.find_previous_occurrence(&now, true)
            && latest > due
        {
            tracing::warn!(missed = %due, running = %latest, "scheduled occurrences missed: the latest runs now");
            due = latest;
        }
        // A negative wait (the occurrence has come) does not convert.
        while let Ok(wait) = (due - self.clock.now()).to_std()
            && !wait.is_zero()
        {
            tokio::time::sleep(wait.min(LONGEST_WAIT)).await;
        }
        self.last = due;
        Some(due)
    }
}

/// Runs `run` at every occurrence of `cron`, on this instance, under the lease of
/// `job` (see [`lease::run_claimed`]): of all instances, the first to claim an
/// occurrence runs it, with the occurrence as argument, and the summary it returns is
/// recorded. Runs of one instance never overlap. Abort the task to stop the job.
pub fn spawn_job<C, F, Fut>(
    job: &'static str,
    cron: croner::Cron,
    clock: C,
    db: DatabaseConnection,
    holder: String,
    mut run: F,
) -> JoinHandle<()>
where
    C: Clock,
    F: FnMut(DateTime<Utc>) -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut occurrences = Occurrences::new(cron, clock);
        while let Some(occurrence) = occurrences.next().await {
            let outcome = lease::run_claimed(&db, job, occurrence, &holder, || run(occurrence));
            if let Err(err) = outcome.await {
                tracing::error!(job, %occurrence, error = %format!("{err:#}"), "scheduled run failed");
            }
        }
        tracing::info!(job, "the schedule has no more occurrences");
    })
}

/// The running jobs of this instance; dropping it stops them.
pub struct Running {
    rules: JoinHandle<()>,
    delivery: JoinHandle<()>,
}

impl Running {
    /// Stops the jobs and waits until they are gone. A run cut short is as if the
    /// instance had stopped: its claims and the outbox keep the work consistent.
    pub async fn stop(mut self) {
        for task in [&mut self.rules, &mut self.delivery] {
            task.abort();
            if let Err(err) = task.await
                && !err.is_cancelled()
            {
                tracing::warn!(error = %err, "a reminder job ended abnormally");
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.rules.abort();
        self.delivery.abort();
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

/// Runs the rules for the occurrence `slot` if this instance wins it, then delivers.
pub async fn run_slot(ctx: &Context, slot: DateTime<Utc>, holder: &str) -> anyhow::Result<bool> {
    let ran = lease::run_claimed(&ctx.db, RULES_JOB, slot, holder, || {
        run_rules(ctx, slot, holder)
    })
    .await?;
    Ok(ran.is_some())
}

/// One run of the rules and a delivery pass; its summary.
async fn run_rules(ctx: &Context, slot: DateTime<Utc>, holder: &str) -> anyhow::Result<String> {
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
    Ok(summary)
}

/// Starts the jobs, or returns `None` when `reminders.cron` is empty.
pub async fn start(ctx: Context) -> anyhow::Result<Option<Running>> {
    let expr = ctx.config.reminders.cron.trim().to_string();
    if expr.is_empty() {
        tracing::info!("reminders.cron is empty: reminder jobs disabled");
        return Ok(None);
    }
    let cron = parse_cron(&expr)?;
    let holder = format!("{}-{}", hostname(), uuid::Uuid::new_v4().simple());
    let rules = {
        let ctx = ctx.clone();
        let holder = holder.clone();
        spawn_job(
            RULES_JOB,
            cron,
            SystemClock,
            ctx.db.clone(),
            holder.clone(),
            move |slot| {
                let ctx = ctx.clone();
                let holder = holder.clone();
                async move { run_rules(&ctx, slot, &holder).await }
            },
        )
    };
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
    Ok(Some(Running { rules, delivery }))
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "aula".into())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeZone;

    use super::*;

    /// A wall clock that moves with tokio's clock, which the tests pause.
    struct TokioClock {
        origin: tokio::time::Instant,
        start: DateTime<Utc>,
    }

    impl Clock for Arc<TokioClock> {
        fn now(&self) -> DateTime<Utc> {
            self.start + chrono::Duration::from_std(self.origin.elapsed()).unwrap_or_default()
        }
    }

    fn nine(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 7, 9, minute, 0)
            .single()
            .unwrap_or_default()
    }

    /// The clock at 09:00 minus `before` seconds.
    fn clock(before: i64) -> Arc<TokioClock> {
        Arc::new(TokioClock {
            origin: tokio::time::Instant::now(),
            start: nine(0) - chrono::Duration::seconds(before),
        })
    }

    fn every_minute() -> croner::Cron {
        parse_cron("0 * * * * *").unwrap_or_else(|err| panic!("{err}"))
    }

    #[tokio::test(start_paused = true)]
    async fn each_occurrence_comes_once_at_its_time() {
        let clock = clock(30);
        let mut occurrences = Occurrences::new(every_minute(), clock.clone());
        assert_eq!(occurrences.next().await, Some(nine(0)));
        assert_eq!(clock.now(), nine(0), "not before its time");
        assert_eq!(occurrences.next().await, Some(nine(1)));
        assert_eq!(clock.now(), nine(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_busy_past_several_occurrences_gets_the_latest_once() {
        let clock = clock(0);
        let mut occurrences = Occurrences::new(every_minute(), clock.clone());
        // Starting exactly on an occurrence: that one is not handed out again.
        assert_eq!(occurrences.next().await, Some(nine(1)));
        tokio::time::advance(Duration::from_millis(200_500)).await;
        assert_eq!(
            occurrences.next().await,
            Some(nine(4)),
            "09:02 and 09:03 folded"
        );
        assert_eq!(occurrences.next().await, Some(nine(5)));
    }
}
