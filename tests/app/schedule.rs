//! Scheduled jobs claim the occurrence they were scheduled for, on a clock the test
//! drives (tokio's, paused) and the real lease on the test database: a run that starts
//! late still takes its own occurrence and leaves the next one to its own run; of two
//! instances firing for one occurrence exactly one runs it, whether they fire together,
//! a few milliseconds early by the wall clock, or one of them late.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use aula::reminders::lease;
use aula::reminders::scheduler::{Clock, Occurrences, parse_cron};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::helpers::TestDb;

/// Any job name: the lease is not the reminders' own.
const JOB: &str = "retention";

/// The wall clock of these tests: it starts at `start`, moves with tokio's clock
/// (paused by the test) and lags it by `lag_ms`, as a host clock a few milliseconds
/// behind the timer that wakes the scheduler.
#[derive(Clone)]
struct PausedClock {
    origin: tokio::time::Instant,
    start: DateTime<Utc>,
    lag_ms: Arc<AtomicI64>,
}

impl PausedClock {
    fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            origin: tokio::time::Instant::now(),
            start,
            lag_ms: Arc::default(),
        }
    }
}

impl Clock for PausedClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(self.origin.elapsed()).unwrap();
        self.start + elapsed - chrono::Duration::milliseconds(self.lag_ms.load(Ordering::SeqCst))
    }
}

/// 7 January 2030 at 09:`minute`:`second`, UTC.
fn at(minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 7, 9, minute, second).unwrap()
}

/// Runs database work with time flowing: with time paused, tokio would jump to the
/// pool's acquire timeout while a query waits for its answer.
async fn unpaused<T>(work: impl Future<Output = T>) -> T {
    tokio::time::resume();
    let out = work.await;
    tokio::time::pause();
    out
}

/// Runs `occurrence` of the job on one instance's pool if it wins it.
async fn run(db: &DatabaseConnection, holder: &str, occurrence: DateTime<Utc>) -> bool {
    lease::run_claimed(db, JOB, occurrence, holder, || async move {
        Ok(format!("{holder} ran {occurrence}"))
    })
    .await
    .unwrap()
    .is_some()
}

/// The occurrence last claimed and the summary of the run that ended last.
async fn last_run(db: &DatabaseConnection) -> (Option<DateTime<Utc>>, Option<String>) {
    let row = unpaused(aula::db::reminders::job_run::Entity::find_by_id(JOB).one(db))
        .await
        .unwrap()
        .unwrap();
    (row.last_slot, row.summary)
}

/// Waits for the next occurrence in a task of its own, which the test can hold up by
/// moving the clock before the runtime gets to it.
fn waiting<C: Clock>(
    mut occurrences: Occurrences<C>,
) -> tokio::task::JoinHandle<(Occurrences<C>, Option<DateTime<Utc>>)> {
    tokio::spawn(async move {
        let next = occurrences.next().await;
        (occurrences, next)
    })
}

#[tokio::test]
async fn each_run_claims_the_occurrence_it_was_scheduled_for() {
    let db = TestDb::new().await;
    // Two instances, each with its own pool on the one database.
    let a = aula::db::connect(&db.url).await.unwrap();
    aula::db::migrate(&a).await.unwrap();
    let b = aula::db::connect(&db.url).await.unwrap();
    tokio::time::pause();
    let clock = PausedClock::starting_at(at(0, 0) - chrono::Duration::seconds(2));
    let every_minute = parse_cron("0 * * * * *").unwrap();

    // A waits for 09:00, but its runtime is held up until 09:01:30.
    let late = waiting(Occurrences::new(every_minute.clone(), clock.clone()));
    tokio::task::yield_now().await;
    tokio::time::advance(Duration::from_millis(91_500)).await;
    let (mut on_a, first) = late.await.unwrap();
    assert!(
        clock.now() > at(1, 29),
        "the run starts late: {}",
        clock.now()
    );
    assert_eq!(first, Some(at(0, 0)), "the late run is 09:00's");
    assert!(unpaused(run(&a, "a", at(0, 0))).await);
    assert_eq!(last_run(&a).await.0, Some(at(0, 0)));
    // 09:01 has passed meanwhile: it runs now, and it is still free.
    assert_eq!(on_a.next().await, Some(at(1, 0)));
    assert!(unpaused(run(&a, "a", at(1, 0))).await);
    assert_eq!(
        last_run(&a).await,
        (Some(at(1, 0)), Some(format!("a ran {}", at(1, 0))))
    );

    // B starts; both fire for 09:02: exactly one runs it.
    let mut on_b = Occurrences::new(every_minute, clock.clone());
    let (next_a, next_b) = tokio::join!(on_a.next(), on_b.next());
    assert_eq!((next_a, next_b), (Some(at(2, 0)), Some(at(2, 0))));
    let (ran_a, ran_b) =
        unpaused(async { tokio::join!(run(&a, "a", at(2, 0)), run(&b, "b", at(2, 0))) }).await;
    assert!(ran_a != ran_b, "one winner for 09:02: a {ran_a}, b {ran_b}");

    // Both wait for 09:03; when their timers go off the wall clock is 5 ms behind: the
    // wake-up is still 09:03's, not 09:02's.
    let (waiting_a, waiting_b) = (waiting(on_a), waiting(on_b));
    tokio::task::yield_now().await;
    clock.lag_ms.store(5, Ordering::SeqCst);
    let (mut on_a, next_a) = waiting_a.await.unwrap();
    let (mut on_b, next_b) = waiting_b.await.unwrap();
    assert_eq!((next_a, next_b), (Some(at(3, 0)), Some(at(3, 0))));
    let (ran_a, ran_b) =
        unpaused(async { tokio::join!(run(&a, "a", at(3, 0)), run(&b, "b", at(3, 0))) }).await;
    assert!(ran_a != ran_b, "one winner for 09:03: a {ran_a}, b {ran_b}");
    clock.lag_ms.store(0, Ordering::SeqCst);

    // B runs 09:04 on time; A, held up 1.5 s, fires for 09:04 too and runs nothing.
    assert_eq!(on_b.next().await, Some(at(4, 0)));
    assert!(unpaused(run(&b, "b", at(4, 0))).await);
    tokio::time::advance(Duration::from_millis(1_500)).await;
    assert_eq!(on_a.next().await, Some(at(4, 0)));
    assert!(!unpaused(run(&a, "a", at(4, 0))).await);
    assert_eq!(
        last_run(&a).await,
        (Some(at(4, 0)), Some(format!("b ran {}", at(4, 0))))
    );
}
