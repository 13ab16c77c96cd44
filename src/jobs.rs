//! The background work of a serving instance: following library changes made through
//! other instances or the command line, and the scheduled jobs (reminder rules and
//! their delivery, the refresh of the courses' acts from Normattiva), all on one
//! tokio-cron-scheduler whose occurrences each instance claims under the lease of
//! `reminders::lease`.

use crate::app::AppState;
use crate::reminders::scheduler::{self, Delivery};

/// How often an instance checks whether the library changed in the database (an
/// import through another instance or the command line).
const LIBRARY_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// The background work of one serving instance.
pub struct Jobs {
    follower: AbortOnDrop,
    scheduler: scheduler::Jobs,
    delivery: Option<Delivery>,
}

impl Jobs {
    /// Starts the background work of `state`.
    pub async fn start(state: &AppState) -> anyhow::Result<Self> {
        let follower = AbortOnDrop(tokio::spawn(follow_library(state.clone())));
        let scheduler = scheduler::Jobs::start().await?;
        let holder = scheduler::holder_name();
        let delivery = scheduler::start(state.reminders(), &scheduler, &holder).await?;
        Ok(Self {
            follower,
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
        drop(self.follower);
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
