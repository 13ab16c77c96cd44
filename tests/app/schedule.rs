//! Scheduled jobs claim the occurrence they were scheduled for. On a clock the test
//! drives (paused: it moves only when told) and the real lease on the test database: a run that starts
//! late still takes its own occurrence and leaves the next one to its own run; of two
//! instances firing for one occurrence exactly one runs it, whether they fire together,
//! a few milliseconds early by the wall clock, or one of them late. In real time, for a
//! short while: tokio-cron-scheduler fires the runs, each with its own occurrence, and
//! stopping the jobs cuts a run short.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::time::Duration;

use aula::reminders::lease;
use aula::reminders::occurrences::{Clock, Due, Occurrences};
use aula::reminders::scheduler::{Jobs, parse_cron, spawn_job};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::helpers::TestDb;

/// Any job name: the lease is not the reminders' own.
const JOB: &str = "retention";

/// The wall clock of these tests: paused at `start`, it moves only when the test
/// advances it, and reads `lag_ms` behind, as a host clock a few milliseconds behind
/// the timer that fires a run.
#[derive(Clone)]
struct PausedClock {
    start: DateTime<Utc>,
    elapsed_ms: Arc<AtomicI64>,
    lag_ms: Arc<AtomicI64>,
}

impl PausedClock {
    fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            start,
            elapsed_ms: Arc::default(),
            lag_ms: Arc::default(),
        }
    }

    fn advance(&self, by: Duration) {
        let by = i64::try_from(by.as_millis()).unwrap();
        self.elapsed_ms.fetch_add(by, Ordering::SeqCst);
    }
}

impl Clock for PausedClock {
    fn now(&self) -> DateTime<Utc> {
        let ms = self.elapsed_ms.load(Ordering::SeqCst) - self.lag_ms.load(Ordering::SeqCst);
        self.start + chrono::Duration::milliseconds(ms)
    }
}

/// 7 January 2030 at 09:`minute`:`second`, UTC.
fn at(minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 7, 9, minute, second).unwrap()
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
    let row = aula::db::reminders::job_run::Entity::find_by_id(JOB)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (row.last_slot, row.summary)
}

/// A wait of `ms` milliseconds.
fn ms(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

/// The next occurrence of `occurrences`, which must be `expected`, due after `wait`.
#[track_caller]
fn next<C: Clock>(
    occurrences: &mut Occurrences<C>,
    expected: DateTime<Utc>,
    wait: Duration,
) -> DateTime<Utc> {
    let due = occurrences.next();
    assert_eq!(
        due,
        Some(Due {
            occurrence: expected,
            wait
        })
    );
    expected
}

#[tokio::test]
async fn each_run_claims_the_occurrence_it_was_scheduled_for() {
    let db = TestDb::new().await;
    // Two instances, each with its own pool on the one database.
    let a = aula::db::connect(&db.url).await.unwrap();
    aula::db::migrate(&a).await.unwrap();
    let b = aula::db::connect(&db.url).await.unwrap();
    let clock = PausedClock::starting_at(at(0, 0) - chrono::Duration::seconds(2));
    let every_minute = parse_cron("0 * * * * *").unwrap();

    // A schedules its run for 09:00, but the run starts only at 09:01:30.
    let mut on_a = Occurrences::new(every_minute.clone(), clock.clone());
    let first = on_a.next().unwrap();
    assert_eq!(
        first,
        Due {
            occurrence: at(0, 0),
            wait: ms(2_000)
        }
    );
    clock.advance(ms(92_000));
    assert!(run(&a, "a", first.occurrence).await);
    assert_eq!(
        last_run(&a).await.0,
        Some(at(0, 0)),
        "the late run is 09:00's"
    );
    // 09:01 has passed meanwhile: it runs now, and it is still free.
    let second = next(&mut on_a, at(1, 0), Duration::ZERO);
    assert!(run(&a, "a", second).await);
    assert_eq!(
        last_run(&a).await,
        (Some(at(1, 0)), Some(format!("a ran {}", at(1, 0))))
    );

    // B starts; both fire for 09:02: exactly one runs it.
    let mut on_b = Occurrences::new(every_minute, clock.clone());
    let (for_a, for_b) = (
        next(&mut on_a, at(2, 0), ms(30_000)),
        next(&mut on_b, at(2, 0), ms(30_000)),
    );
    clock.advance(ms(30_000));
    let (ran_a, ran_b) = tokio::join!(run(&a, "a", for_a), run(&b, "b", for_b));
    assert!(ran_a != ran_b, "one winner for 09:02: a {ran_a}, b {ran_b}");

    // Both are scheduled for 09:03; when they fire the wall clock is 5 ms behind: the
    // runs are still 09:03's, not 09:02's.
    let (for_a, for_b) = (
        next(&mut on_a, at(3, 0), ms(60_000)),
        next(&mut on_b, at(3, 0), ms(60_000)),
    );
    clock.advance(ms(60_000));
    clock.lag_ms.store(5, Ordering::SeqCst);
    let (ran_a, ran_b) = tokio::join!(run(&a, "a", for_a), run(&b, "b", for_b));
    assert!(ran_a != ran_b, "one winner for 09:03: a {ran_a}, b {ran_b}");
    clock.lag_ms.store(0, Ordering::SeqCst);

    // B runs 09:04 on time; A, held up 1.5 s, fires for 09:04 too and runs nothing.
    let (for_a, for_b) = (
        next(&mut on_a, at(4, 0), ms(60_000)),
        next(&mut on_b, at(4, 0), ms(60_000)),
    );
    clock.advance(ms(60_000));
    assert!(run(&b, "b", for_b).await);
    clock.advance(ms(1_500));
    assert!(!run(&a, "a", for_a).await);
    assert_eq!(
        last_run(&a).await,
        (Some(at(4, 0)), Some(format!("b ran {}", at(4, 0))))
    );
}

/// Sets its flag when dropped: a run cut short drops its future.
struct SetOnDrop(Arc<AtomicBool>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The system clock moved by whole seconds to just before 09:00 on the test day: the
/// runs tokio-cron-scheduler fires on the system clock are for occurrences on this
/// clock, which the system clock cannot pass for.
#[derive(Clone, Copy)]
struct ShiftedClock(chrono::Duration);

impl ShiftedClock {
    fn before_nine() -> Self {
        Self(chrono::Duration::seconds(
            (at(0, 0) - Utc::now()).num_seconds(),
        ))
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

#[tokio::test]
async fn the_scheduler_fires_each_run_with_its_occurrence_until_stopped() {
    let db = TestDb::new().await;
    let conn = aula::db::connect(&db.url).await.unwrap();
    aula::db::migrate(&conn).await.unwrap();
    let jobs = Jobs::start().await.unwrap();
    let clock = ShiftedClock::before_nine();
    let (report, mut runs) = tokio::sync::mpsc::unbounded_channel();
    let calls = Arc::new(AtomicUsize::new(0));
    let cut = Arc::new(AtomicBool::new(false));
    let (calls_, cut_) = (calls.clone(), cut.clone());
    // The first run ends at once; the second never does, until the jobs stop.
    spawn_job(
        &jobs,
        JOB,
        parse_cron("* * * * * *").unwrap(),
        clock,
        conn.clone(),
        "a".into(),
        move |occurrence| {
            let (report, cut) = (report.clone(), cut_.clone());
            let call = calls_.fetch_add(1, Ordering::SeqCst);
            async move {
                report.send((occurrence, clock.now())).unwrap();
                if call > 0 {
                    let _cut = SetOnDrop(cut);
                    std::future::pending::<()>().await;
                }
                Ok(format!("ran {occurrence}"))
            }
        },
    )
    .await
    .unwrap();

    let deadline = Duration::from_secs(30);
    let mut fired = Vec::new();
    for _ in 0..2 {
        let run = tokio::time::timeout(deadline, runs.recv()).await;
        fired.push(run.expect("a run within 30 s").unwrap());
    }
    let [(first, first_started), (second, second_started)] = fired[..] else {
        unreachable!()
    };
    assert_eq!(
        first.timestamp_subsec_nanos(),
        0,
        "{first} is an occurrence"
    );
    assert_eq!(
        second.timestamp_subsec_nanos(),
        0,
        "{second} is an occurrence"
    );
    assert!(
        first_started >= first,
        "{first} ran early, at {first_started}"
    );
    assert!(
        second_started >= second,
        "{second} ran early, at {second_started}"
    );
    assert!(second > first, "{second} follows {first}");
    // The second run has claimed its occurrence; the summary is the first run's.
    assert_eq!(
        last_run(&conn).await,
        (Some(second), Some(format!("ran {first}")))
    );

    tokio::time::timeout(deadline, jobs.stop())
        .await
        .expect("the jobs stop within 30 s");
    assert!(cut.load(Ordering::SeqCst), "the run going was cut short");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
