//! The background work of a serving instance: following library changes made through
//! other instances or the command line, announcing new certificates, and the scheduled jobs (reminder rules and
//! their delivery, the refresh of the courses' acts from Normattiva), all on one
//! tokio-cron-scheduler whose occurrences each instance claims under the lease of
//! `reminders::lease`.

use serde::Serialize;

use crate::app::AppState;
use crate::content::library::fetch::{self, ActStatus, FetchReport};
use crate::reminders::occurrences::SystemClock;
use crate::reminders::scheduler::{self, Delivery};

/// The name of the library refresh in `job_runs`.
pub const LIBRARY_JOB: &str = "library-fetch";

/// How often an instance checks whether the library changed in the database (an
/// import through another instance or the command line).
const LIBRARY_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// How often an instance looks for certificates to announce.
const CERTIFICATE_POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// How often an instance looks for exports of personal data to prepare.
const EXPORT_POLL: std::time::Duration = std::time::Duration::from_secs(3);

/// Exports prepared per look at most.
const EXPORT_BATCH: u64 = 10;

/// The name of the retention job in `job_runs`.
pub const RETENTION_JOB: &str = "privacy-retention";

/// The background work of one serving instance.
pub struct Jobs {
    /// The first computation of the tutors' overview figures, if still going.
    warming: Option<AbortOnDrop>,
    follower: AbortOnDrop,
    announcer: AbortOnDrop,
    exporter: AbortOnDrop,
    scheduler: scheduler::Jobs,
    delivery: Option<Delivery>,
}

impl Jobs {
    /// Starts the background work of `state`.
    pub async fn start(state: &AppState) -> anyhow::Result<Self> {
        // The tutors' overview figures, so that the first viewers after a start do not
        // wait for them.
        let warming = state
            .overview()
            .warm(state.db(), state.course_ids())
            .map(AbortOnDrop);
        let follower = AbortOnDrop(tokio::spawn(follow_library(state.clone())));
        let announcer = AbortOnDrop(tokio::spawn(announce_certificates(state.clone())));
        let exporter = AbortOnDrop(tokio::spawn(prepare_exports(state.clone())));
        let scheduler = scheduler::Jobs::start().await?;
        let holder = scheduler::holder_name();
        let delivery = scheduler::start(state.reminders(), &scheduler, &holder).await?;
        start_library_refresh(state, &scheduler, &holder).await?;
        start_retention(state, &scheduler, &holder).await?;
        Ok(Self {
            warming,
            follower,
            announcer,
            exporter,
            scheduler,
            delivery,
        })
    }

    /// Stops every job and waits until no run is going.
    pub async fn stop(self) {
        if let Some(delivery) = self.delivery {
            delivery.stop().await;
        }
        self.scheduler.stop().await;
        drop(self.warming);
        drop(self.follower);
        drop(self.announcer);
        drop(self.exporter);
    }
}

/// Stops a background task when dropped, however the server stops.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Every few seconds, picks up library changes made through other instances.
async fn follow_library(state: AppState) {
    let mut tick = tokio::time::interval(LIBRARY_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match state.follow_library().await {
            Ok(true) => {
                tracing::info!("library changed in the database; courses and index reloaded")
            }
            Ok(false) => {}
            Err(err) => tracing::warn!(error = %err, "cannot check the library for changes"),
        }
    }
}

/// Every few seconds, seals the certificates issued since and e-mails their learners
/// (each one once, whichever instance gets there first).
async fn announce_certificates(state: AppState) {
    let mut tick = tokio::time::interval(CERTIFICATE_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match crate::certificates::announce::run(
            state.background_db(),
            state.mailer(),
            state.issuing(),
        )
        .await
        {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "certificates announced"),
            Err(err) => tracing::warn!(error = %err, "cannot announce certificates"),
        }
    }
}

/// Every few seconds, prepares the exports of personal data asked for (each by one
/// instance: a conditional update claims it).
async fn prepare_exports(state: AppState) {
    let mut tick = tokio::time::interval(EXPORT_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match crate::privacy::exports::prepare_pending(
            state.background_db(),
            state.templates(),
            state.mailer(),
            &state.config().base_url(),
            state.config().privacy.export_days,
            EXPORT_BATCH,
        )
        .await
        {
            Ok(0) => {}
            Ok(made) => tracing::info!(made, "exports of personal data prepared"),
            Err(err) => {
                tracing::warn!(error = %format!("{err:#}"), "cannot prepare exports of personal data")
            }
        }
    }
}

/// Registers the retention job on `privacy.retention_cron` (nothing when it is empty).
async fn start_retention(
    state: &AppState,
    jobs: &scheduler::Jobs,
    holder: &str,
) -> anyhow::Result<()> {
    let expr = state.config().privacy.retention_cron.trim().to_string();
    if expr.is_empty() {
        tracing::info!("privacy.retention_cron is empty: no scheduled retention job");
        return Ok(());
    }
    let cron = scheduler::parse_cron(&expr)
        .map_err(|err| anyhow::anyhow!("privacy.retention_cron: {err}"))?;
    let state = state.clone();
    scheduler::spawn_job(
        jobs,
        RETENTION_JOB,
        cron,
        SystemClock,
        state.db().clone(),
        holder.to_string(),
        move |_occurrence| {
            let state = state.clone();
            async move { run_retention(&state).await }
        },
    )
    .await?;
    tracing::info!(cron = %expr, "scheduled retention job started");
    Ok(())
}

/// One run of the retention job: what is due now, done. Returns the summary kept in
/// `job_runs`.
pub async fn run_retention(state: &AppState) -> anyhow::Result<String> {
    let now = chrono::Utc::now();
    let settings = &state.config().privacy;
    let db = state.background_db();
    let plan = crate::privacy::retention::plan(db, settings, now).await?;
    let done = crate::privacy::retention::apply(
        db,
        state.mailer(),
        settings,
        &state.config().base_url(),
        &plan,
        now,
    )
    .await?;
    Ok(done.summary())
}

/// Registers the refresh of the courses' acts on `library.fetch_cron` (nothing when
/// it is empty).
async fn start_library_refresh(
    state: &AppState,
    jobs: &scheduler::Jobs,
    holder: &str,
) -> anyhow::Result<()> {
    let expr = state.config().library.fetch_cron.trim().to_string();
    if expr.is_empty() {
        tracing::info!("library.fetch_cron is empty: no scheduled refresh of the library");
        return Ok(());
    }
    let cron =
        scheduler::parse_cron(&expr).map_err(|err| anyhow::anyhow!("library.fetch_cron: {err}"))?;
    let state = state.clone();
    scheduler::spawn_job(
        jobs,
        LIBRARY_JOB,
        cron,
        SystemClock,
        state.db().clone(),
        holder.to_string(),
        move |_occurrence| {
            let state = state.clone();
            async move { refresh_library(&state).await }
        },
    )
    .await?;
    tracing::info!(cron = %expr, "scheduled refresh of the library started");
    Ok(())
}

/// One scheduled refresh: fetches the declared acts, reloads what depends on them
/// and, when articles changed, e-mails the administrators. Returns the summary kept in
/// `job_runs`.
pub async fn refresh_library(state: &AppState) -> anyhow::Result<String> {
    let catalog = state.catalog();
    if catalog.declared_acts().is_empty() {
        return Ok("nessun atto dichiarato dai corsi".into());
    }
    let report = fetch::fetch_declared(state.db(), &state.config().library, &catalog).await?;
    if report.wrote() {
        state.reload_courses().await?;
    }
    let summary = ChangesMail::from_report(&report, state.config().base_url());
    if summary.total > 0 {
        mail_admins(state, &summary).await?;
    }
    let line = format!(
        "{} atti controllati, {} articoli cambiati",
        report.acts.len(),
        summary.total
    );
    tracing::info!("library refresh: {line}");
    Ok(line)
}

/// What the e-mail to administrators lists.
#[derive(Serialize)]
struct ChangesMail {
    total: usize,
    acts: Vec<ChangedAct>,
    url: String,
}

#[derive(Serialize)]
struct ChangedAct {
    title: String,
    in_force_at: Option<String>,
    changes: Vec<ChangeLine>,
}

#[derive(Serialize)]
struct ChangeLine {
    label: String,
    kind: &'static str,
}

impl ChangesMail {
    fn from_report(report: &FetchReport, base_url: String) -> Self {
        let acts: Vec<ChangedAct> = report
            .acts
            .iter()
            .filter_map(|act| match &act.status {
                ActStatus::Updated { changes } if !changes.is_empty() => Some(ChangedAct {
                    title: act.title.clone(),
                    in_force_at: act.in_force_at.clone(),
                    changes: changes
                        .iter()
                        .map(|c| ChangeLine {
                            label: c.label.clone(),
                            kind: match c.kind {
                                fetch::ChangeKind::Changed => "modificato",
                                fetch::ChangeKind::Added => "nuovo",
                                fetch::ChangeKind::Removed => "eliminato",
                            },
                        })
                        .collect(),
                }),
                _ => None,
            })
            .collect();
        Self {
            total: acts.iter().map(|a| a.changes.len()).sum(),
            acts,
            url: format!("{base_url}/admin/library"),
        }
    }
}

/// Sends the summary to every active administrator; one failed delivery does not stop
/// the others, but is reported.
async fn mail_admins(state: &AppState, summary: &ChangesMail) -> anyhow::Result<()> {
    let admins = crate::accounts::directory::active_admins(state.db()).await?;
    let mut failed = 0;
    for admin in &admins {
        let ctx = serde_json::json!({
            "name": admin.name,
            "total": summary.total,
            "acts": summary.acts,
            "url": summary.url,
            "lang": crate::accounts::directory::language_of(admin),
        });
        if let Err(err) = state
            .mailer()
            .send_template(&admin.email, "library-changes", ctx)
            .await
        {
            failed += 1;
            tracing::error!(to = %admin.email, error = %format!("{err:#}"), "cannot e-mail the library changes");
        }
    }
    anyhow::ensure!(
        failed == 0,
        "{failed} of {} e-mails about the library changes failed",
        admins.len()
    );
    Ok(())
}
