//! The occurrences of a scheduled job's cron expression (UTC, seconds first), read on
//! a clock the tests can drive: each is handed out before its run is scheduled, so the
//! run carries the occurrence it was scheduled for rather than reading the time when
//! it starts. The scheduler registers the runs with tokio-cron-scheduler.

use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};

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

/// The next occurrence to run and how long until it comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The occurrence the run is for, and claims.
    pub occurrence: DateTime<Utc>,
    /// Zero when the occurrence has already come.
    pub wait: Duration,
}

/// The occurrences of a cron schedule, handed out in turn, each before its run is
/// scheduled: the run then carries the occurrence it was scheduled for, and a run that
/// starts late, or whose host clock reads a little early, is still that occurrence's.
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
}

impl<C: Clock> Iterator for Occurrences<C> {
    type Item = Due;

    /// The occurrence after the one last handed out; `None` when the schedule has no
    /// more.
    ///
    /// Occurrences that passed while the previous run went on (a long run, a host that
    /// slept) are folded into the latest of them, due at once: a late run still gets
    /// its own occurrence, and a backlog is never replayed.
    fn next(&mut self) -> Option<Due> {
        // Occurrences fall on whole seconds; croner would carry the fraction of its
        // starting point into the one it finds.
        let after = self.last.trunc_subsecs(0);
        let mut occurrence = self.cron.find_next_occurrence(&after, false).ok()?;
        let now = self.clock.now();
        if let Ok(latest) = self
            .cron
            .find_previous_occurrence(&now.trunc_subsecs(0), true)
            && latest > occurrence
        {
            tracing::warn!(missed = %occurrence, running = %latest, "scheduled occurrences missed: the latest runs now");
            occurrence = latest;
        }
        self.last = occurrence;
        // A negative wait (the occurrence has come) does not convert.
        let wait = (occurrence - now).to_std().unwrap_or_default();
        Some(Due { occurrence, wait })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeZone;

    use super::*;
    use crate::reminders::scheduler::parse_cron;

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

    /// The clock at 09:00 minus `before` milliseconds.
    fn clock(before: i64) -> Arc<TokioClock> {
        Arc::new(TokioClock {
            origin: tokio::time::Instant::now(),
            start: nine(0) - chrono::Duration::milliseconds(before),
        })
    }

    fn every_minute() -> croner::Cron {
        parse_cron("0 * * * * *").unwrap_or_else(|err| panic!("{err}"))
    }

    fn due(occurrence: DateTime<Utc>, wait_ms: u64) -> Option<Due> {
        Some(Due {
            occurrence,
            wait: Duration::from_millis(wait_ms),
        })
    }

    #[tokio::test(start_paused = true)]
    async fn each_occurrence_comes_once_with_the_wait_until_it() {
        let mut occurrences = Occurrences::new(every_minute(), clock(30_500));
        assert_eq!(occurrences.next(), due(nine(0), 30_500));
        // Asked for the next one before its predecessor's time has come.
        assert_eq!(occurrences.next(), due(nine(1), 90_500));
    }

    #[tokio::test(start_paused = true)]
    async fn a_run_going_past_several_occurrences_is_followed_by_the_latest_once() {
        let mut occurrences = Occurrences::new(every_minute(), clock(0));
        // Starting exactly on an occurrence: that one is not handed out again.
        assert_eq!(occurrences.next(), due(nine(1), 60_000));
        tokio::time::advance(Duration::from_millis(260_500)).await;
        assert_eq!(
            occurrences.next(),
            due(nine(4), 0),
            "09:02 and 09:03 folded"
        );
        assert_eq!(occurrences.next(), due(nine(5), 39_500));
    }
}
