//! Personal data at the scale of the programme (issue #23): `AULA_BENCH_LEARNERS`
//! learners (default 100,000) generated with progress on the repository's courses,
//! each with one e-mail in the outbox that names them (as a reminder does), on SQLite
//! and on PostgreSQL (a fresh database, dropped after). Measured:
//!
//! - the erasure of one learner with a full history (progress events, lessons,
//!   quizzes, e-mails, a notification, an error report), `erase_one`, for the 20
//!   learners with the most events: median and slowest, against the target of 100 ms;
//! - the retention job over every learner, their edition ended years ago: the first run
//!   (plan, then an e-mail rendered and queued per learner) and the run after the
//!   notice (plan, then every account pseudonymised), each against the target of 60 s.
//!
//! Run: `AULA_LOG=warn cargo bench --bench privacy` (PostgreSQL at
//! `AULA_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432`; skipped with
//! a message when it does not answer).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::time::{Duration, Instant};

use aula::config::{CertificateRule, Config};
use aula::demo::generate::{Profile, generate_with};
use aula::privacy::{erase, retention};
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    let n = common::learners_wanted(100_000);
    println!("personal data: {n} learners on the repository's courses");
    let dir = tempfile::tempdir()?;
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    run("SQLite", &sqlite, dir.path(), n).await?;
    if let Some(postgres) = common::postgres::Server::connect().await {
        postgres
            .with_database(|url| async move { run("PostgreSQL", &url, dir.path(), n).await })
            .await?;
    }
    Ok(())
}

/// Runs `sql` with `?` placeholders written for the backend of `db`.
async fn exec(
    db: &DatabaseConnection,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> anyhow::Result<u64> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            let mut n = 0;
            sql.chars()
                .map(|c| {
                    if c == '?' {
                        n += 1;
                        format!("${n}")
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }
        _ => sql.to_string(),
    };
    Ok(db
        .execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .rows_affected())
}

async fn run(label: &str, url: &str, dir: &std::path::Path, n: usize) -> anyhow::Result<()> {
    let config = Config {
        database_url: url.to_string(),
        courses_dir: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("courses"),
        index_dir: dir.join(format!("index-{label}")),
        outbox_dir: dir.join("outbox"),
        metrics: aula::config::Metrics {
            bind: String::new(),
        },
        ..Config::default()
    };
    let state = aula::app::prepare(config).await?;
    let db = state.db();
    let started = Instant::now();
    let made = generate_with(db, &state.catalog(), n, 2026, Profile::Realistic, None).await?;
    // Every learner named in one e-mail (a reminder), a tenth in a notification.
    let now = Utc::now();
    exec(
        db,
        "INSERT INTO outbox (idempotency_key, rule, user_id, to_email, subject, body_text, body_html, \
         status, attempts, next_attempt_at, created_at, sent_at) \
         SELECT 'bench:' || id, 'reminder-inactive', id, email, 'Riprendi il corso', \
         'Gentile ' || name || ', riprendi il corso.', '<p>Gentile ' || name || ', riprendi il corso.</p>', \
         'sent', 1, ?, ?, ? FROM users WHERE role = 'learner'",
        vec![now.into(), now.into(), now.into()],
    )
    .await?;
    exec(
        db,
        "INSERT INTO notifications (user_id, rule, title, body, url, created_at) \
         SELECT id, 'inactive', 'Riprendi il corso', 'Ciao ' || name, '/courses', ? \
         FROM users WHERE role = 'learner' AND id % 10 = 0",
        vec![now.into()],
    )
    .await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    println!(
        "{label}: generated {} learners, {} events, {} quiz attempts, and an e-mail each, in {:.0} s",
        made.learners,
        made.events,
        made.attempts,
        started.elapsed().as_secs_f64()
    );

    // Erasure of one learner with a full history: the 20 with the most events.
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT user_id, COUNT(*) AS n FROM progress_events GROUP BY user_id ORDER BY 2 DESC LIMIT 20",
        ))
        .await?;
    let mut times = Vec::new();
    let mut events = 0;
    for row in rows {
        let id: i32 = row.try_get("", "user_id")?;
        events = events.max(row.try_get::<i64>("", "n")?);
        let t = Instant::now();
        erase::erase_one(db, id, CertificateRule::Keep, Utc::now()).await?;
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let slowest = times[times.len() - 1];
    println!(
        "{label}: erasure of one learner (up to {events} events): median {:.1} ms, slowest {:.1} ms \
         ({:.2} and {:.2} of the 100 ms target)",
        ms(median),
        ms(slowest),
        ms(median) / 100.0,
        ms(slowest) / 100.0
    );

    // Retention over everyone: the edition ended in 2021, nobody seen since.
    let long_ago = Utc::now() - chrono::Duration::days(5 * 365);
    exec(
        db,
        "UPDATE editions SET ends_on = ?",
        vec![chrono::NaiveDate::from_ymd_opt(2021, 6, 30).into()],
    )
    .await?;
    exec(
        db,
        "UPDATE users SET created_at = ?, last_sign_in_at = NULL WHERE role = 'learner'",
        vec![long_ago.into()],
    )
    .await?;
    exec(
        db,
        "UPDATE course_progress SET last_activity_at = ?",
        vec![long_ago.into()],
    )
    .await?;
    let settings = state.config().privacy.clone();
    let base = state.config().base_url();
    let (plan_time, warn_time, plan) = {
        let now = Utc::now();
        let t = Instant::now();
        let plan = retention::plan(db, &settings, now).await?;
        let planned = t.elapsed();
        let done = retention::apply(db, state.mailer(), &settings, &base, &plan, now).await?;
        (planned, t.elapsed(), (plan.warn.len(), done.warned))
    };
    println!(
        "{label}: retention, first run: {} accounts due, {} warnings queued in {:.1} s (plan {:.1} s; {:.2} of 60 s)",
        plan.0,
        plan.1,
        warn_time.as_secs_f64(),
        plan_time.as_secs_f64(),
        warn_time.as_secs_f64() / 60.0
    );
    let later = Utc::now() + chrono::Duration::days(i64::from(settings.warning_days) + 1);
    let t = Instant::now();
    let plan = retention::plan(db, &settings, later).await?;
    let planned = t.elapsed();
    let done = retention::apply(db, state.mailer(), &settings, &base, &plan, later).await?;
    let total = t.elapsed();
    println!(
        "{label}: retention, after the notice: {} accounts pseudonymised in {:.1} s (plan {:.1} s; {:.2} of 60 s)",
        done.erased.accounts,
        total.as_secs_f64(),
        planned.as_secs_f64(),
        total.as_secs_f64() / 60.0
    );
    anyhow::ensure!(
        done.erased.accounts as usize + times.len() >= made.learners,
        "every learner pseudonymised"
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
