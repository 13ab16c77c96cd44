//! Scheduled jobs inside `aula serve`. tokio-cron-scheduler fires every run, each as a
//! one-shot job registered for one occurrence of the job's cron expression (UTC, seconds
//! first) and carrying that occurrence; the run claims it in the database under the
//! occurrence itself, never the time it happened to start, then registers the
//! following occurrence. With several instances each occurrence runs once, and a run
//! that starts late still takes its own occurrence. (A cron job of tokio-cron-scheduler
//! is not used: its callback cannot tell which occurrence it fires for.) The reminder
//! rules are such a job; the delivery worker runs every `reminders.delivery_seconds`
//! on every instance (claims keep them apart).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use tokio::sync::{Mutex, RwLock, watch};
use tokio::task::JoinHandle;
use tokio_cron_scheduler::{Job, JobScheduler};

use super::occurrences::{Clock, Occurrences, SystemClock};
use super::{Context, delivery, lease};

/// The name of the rules job in `job_runs`.
pub const RULES_JOB: &str = "reminders";

/// This instance's scheduled jobs: one tokio-cron-scheduler firing their runs, and the
/// signal that stops them.
pub struct Jobs {
    scheduler: JobScheduler,
    stop: watch::Sender<bool>,
    /// Every run holds it shared; stopping takes it whole once the runs are gone.
    runs: Arc<RwLock<()>>,
}

/// What a run needs of [`Jobs`] to run and to register its successor.
#[derive(Clone)]
struct Control {
    scheduler: JobScheduler,
    stopped: watch::Receiver<bool>,
    runs: Arc<RwLock<()>>,
}

impl Jobs {
    /// Starts a scheduler with no jobs yet.
    pub async fn start() -> anyhow::Result<Self> {
        let scheduler = JobScheduler::new().await?;
        scheduler.start().await?;
        Ok(Self {
            scheduler,
            stop: watch::Sender::new(false),
            runs: Arc::default(),
        })
    }

    /// Stops every job and waits until no run is going. A run cut short is as if the
    /// instance had stopped: its claim and the outbox keep the work consistent.
    pub async fn stop(&self) {
        self.stop.send_replace(true);
        if let Err(err) = self.scheduler.clone().shutdown().await {
            tracing::warn!(error = %err, "cannot stop the job scheduler");
        }
        drop(self.runs.write().await);
    }

    fn control(&self) -> Control {
        Control {
            scheduler: self.scheduler.clone(),
            stopped: self.stop.subscribe(),
            runs: self.runs.clone(),
        }
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        // Runs that fire from now on end at once; the ticker is stopped if a runtime
        // is still there to do it.
        self.stop.send_replace(true);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let mut scheduler = self.scheduler.clone();
            runtime.spawn(async move { scheduler.shutdown().await });
        }
    }
}

/// One job's state between its runs.
struct Scheduled<C, F> {
    job: &'static str,
    occurrences: Occurrences<C>,
    db: DatabaseConnection,
    holder: String,
    run: F,
    /// The occurrence whose run is registered: a firing for any other is a duplicate.
    pending: Option<DateTime<Utc>>,
}

/// Runs `run` at every occurrence of `cron`, on this instance, under the lease of
/// `job` (see [`lease::run_claimed`]): of all instances, the first to claim an
/// occurrence runs it, with the occurrence as argument, and the summary it returns is
/// recorded. Runs of one instance never overlap: each registers the next when it ends.
pub async fn spawn_job<C, F, Fut>(
    jobs: &Jobs,
    job: &'static str,
    cron: croner::Cron,
    clock: C,
    db: DatabaseConnection,
    holder: String,
    run: F,
) -> anyhow::Result<()>
where
    C: Clock,
    F: FnMut(DateTime<Utc>) -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    let state = Arc::new(Mutex::new(Scheduled {
        job,
        occurrences: Occurrences::new(cron, clock),
        db,
        holder,
        run,
        pending: None,
    }));
    let mut scheduled = state.lock().await;
    register_next(&jobs.control(), &state, &mut scheduled).await
}

/// Registers with tokio-cron-scheduler the run of the job's next occurrence, which
/// the run carries. (Boxed: a run registers its successor, and the compiler cannot
/// see through that cycle that the future is `Send`.)
fn register_next<'a, C, F, Fut>(
    control: &'a Control,
    state: &'a Arc<Mutex<Scheduled<C, F>>>,
    scheduled: &'a mut Scheduled<C, F>,
) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>
where
    C: Clock,
    F: FnMut(DateTime<Utc>) -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    Box::pin(async move {
        let Some(due) = scheduled.occurrences.next() else {
            tracing::info!(job = scheduled.job, "the schedule has no more occurrences");
            return Ok(());
        };
        // A one-shot fires at the system clock's current whole second plus the whole
        // seconds it is given: rounding the wait up never fires it before its
        // occurrence (the job's clock is the system clock in service).
        let wait = Duration::from_secs(due.wait.as_secs() + u64::from(due.wait.subsec_nanos() > 0));
        let (control_, state_) = (control.clone(), state.clone());
        let one_shot = Job::new_one_shot_async(wait, move |_id, _scheduler| {
            Box::pin(fire(control_.clone(), state_.clone(), due.occurrence))
        })?;
        scheduled.pending = Some(due.occurrence);
        control.scheduler.add(one_shot).await?;
        Ok(())
    })
}

/// The run of `occurrence`, fired by tokio-cron-scheduler: it claims the occurrence,
/// runs the job if this instance won it, then registers the next occurrence.
async fn fire<C, F, Fut>(
    control: Control,
    state: Arc<Mutex<Scheduled<C, F>>>,
    occurrence: DateTime<Utc>,
) where
    C: Clock,
    F: FnMut(DateTime<Utc>) -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    let _running = control.runs.read().await;
    let mut stopped = control.stopped.clone();
    let mut scheduled = state.lock().await;
    if *stopped.borrow() || scheduled.pending != Some(occurrence) {
        return;
    }
    scheduled.pending = None;
    let s = &mut *scheduled;
    let run = lease::run_claimed(&s.db, s.job, occurrence, &s.holder, || (s.run)(occurrence));
    tokio::select! {
        _ = stopped.wait_for(|stopped| *stopped) => return,
        outcome = run => if let Err(err) = outcome {
            tracing::error!(job = s.job, %occurrence, error = %format!("{err:#}"), "scheduled run failed");
        }
    }
    if let Err(err) = register_next(&control, &state, s).await {
        tracing::error!(job = s.job, error = %format!("{err:#}"), "cannot schedule the next run: the job stops");
    }
}

/// The reminder delivery worker of this instance; dropping it stops it.
pub struct Delivery(JoinHandle<()>);

impl Delivery {
    /// Stops the worker and waits until it is gone.
    pub async fn stop(mut self) {
        self.0.abort();
        if let Err(err) = (&mut self.0).await
            && !err.is_cancelled()
        {
            tracing::warn!(error = %err, "the reminder delivery worker ended abnormally");
        }
    }
}

impl Drop for Delivery {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Parses a cron expression as the scheduler does (six fields, seconds first).
pub fn parse_cron(expr: &str) -> anyhow::Result<croner::Cron> {
    croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Required)
        .dom_and_dow(true)
        .build()
        .parse(expr)
        .map_err(|err| anyhow::anyhow!("invalid cron expression «{expr}»: {err}"))
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
    let seminars = super::seminar_reminders(ctx, now).await?;
    let delivered = delivery::deliver_due(ctx, holder).await?;
    let summary = format!(
        "{due} promemoria dovuti, {} nuovi in coda, {seminars} promemoria di seminari, \
         {} inviati, {} da ritentare, {} falliti",
        queued.len(),
        delivered.sent,
        delivered.retried,
        delivered.failed
    );
    tracing::info!(%slot, holder, "{summary}");
    Ok(summary)
}

/// Registers the reminder rules with `jobs` and starts the delivery worker; `None`
/// when `reminders.cron` is empty.
pub async fn start(ctx: Context, jobs: &Jobs, holder: &str) -> anyhow::Result<Option<Delivery>> {
    let expr = ctx.config.reminders.cron.trim().to_string();
    if expr.is_empty() {
        tracing::info!("reminders.cron is empty: reminder jobs disabled");
        return Ok(None);
    }
    let cron = parse_cron(&expr).map_err(|err| anyhow::anyhow!("reminders.cron: {err}"))?;
    {
        let ctx = ctx.clone();
        let holder = holder.to_string();
        spawn_job(
            jobs,
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
        .await?;
    }
    let every =
        std::time::Duration::from_secs(u64::from(ctx.config.reminders.delivery_seconds.max(1)));
    let holder = holder.to_string();
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
    Ok(Some(Delivery(delivery)))
}

/// The name this instance claims scheduled occurrences under: host and a random part.
pub fn holder_name() -> String {
    format!("{}-{}", hostname(), uuid::Uuid::new_v4().simple())
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "aula".into())
}
