//! Reminder rules over a national-size programme (issue #9): 100,000 generated
//! learners (some never started, some stalled, quizzes failed, the edition closing in
//! three days, a tutor with a cohort), on SQLite and PostgreSQL. Times evaluations
//! of every rule (the median of five) and counts its queries, beside the same for a tenth of the learners,
//! to show that the number of queries does not grow with the learners.
//!
//! Run: `AULA_LOG=warn cargo bench --bench reminders` (`AULA_BENCH_LEARNERS=10000` for
//! a quicker run; PostgreSQL at `AULA_TEST_POSTGRES_URL`, skipped when it does not answer).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::time::Instant;

use aula::config::Config;
use sea_orm::ConnectionTrait;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    let n = common::learners_wanted(100_000);
    println!(
        "reminder rules: {n} learners (and {} for comparison)",
        n / 10
    );
    println!(
        "{:<12} {:>9} {:>12} {:>10} {:>9}",
        "database", "learners", "evaluate ms", "reminders", "queries"
    );
    let dir = tempfile::tempdir()?;
    for (i, size) in [n / 10, n].into_iter().enumerate() {
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join(format!("bench-{i}.db")).display()
        );
        run("SQLite", &url, dir.path(), size).await?;
    }
    if let Some(postgres) = common::postgres::Server::connect().await {
        for size in [n / 10, n] {
            let dir = dir.path();
            postgres
                .with_database(|url| async move { run("PostgreSQL", &url, dir, size).await })
                .await?;
        }
    }
    Ok(())
}

async fn run(label: &str, url: &str, dir: &std::path::Path, n: usize) -> anyhow::Result<()> {
    let config = Config {
        database_url: url.to_string(),
        courses_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/courses-ok").into(),
        index_dir: dir.join(format!("index-{label}-{n}")),
        outbox_dir: dir.join("outbox"),
        ..Config::default()
    };
    let state = aula::app::prepare(config).await?;
    let catalog = state.catalog();
    aula::demo::generate::generate(state.db(), &catalog, n, 2026, None).await?;
    let closes = chrono::Utc::now().date_naive() + chrono::Days::new(3);
    let db = state.db();
    db.execute_raw(sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => "UPDATE editions SET ends_on = $1",
            _ => "UPDATE editions SET ends_on = ?",
        },
        [closes.into()],
    ))
    .await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    let ctx = state.reminders();
    // Warm-up, then the median of five evaluations (this machine is shared and noisy;
    // an evaluation only reads, so each sees the same data). Queries are counted on one.
    aula::reminders::rules::evaluate(db, &ctx.catalog(), &ctx.config, chrono::Utc::now()).await?;
    let mut times = Vec::new();
    let mut due = Vec::new();
    let mut queries = 0;
    for _ in 0..5 {
        let before = state.queries_run();
        let started = Instant::now();
        due = aula::reminders::rules::evaluate(db, &ctx.catalog(), &ctx.config, chrono::Utc::now())
            .await?;
        times.push(started.elapsed());
        queries = state.queries_run() - before;
    }
    times.sort();
    let took = times[times.len() / 2];
    println!(
        "{label:<12} {n:>9} {:>12.0} {:>10} {queries:>9}",
        took.as_secs_f64() * 1000.0,
        due.len()
    );
    Ok(())
}
