//! Progress events from 64 concurrent clients over HTTP, beside a baseline of one
//! single-row autocommit INSERT per event on the same database, for SQLite and (when
//! a server answers on 127.0.0.1:5432) PostgreSQL.
//!
//! Aula is measured twice: with one event per request (what a lesson page sends while
//! online), and with batches (what a page sends after queueing events offline, or an
//! integration relaying several).
//!
//! Run: `cargo bench --bench progress` (optional: `AULA_BENCH_EVENTS=200` events per
//! client one per request, `AULA_BENCH_BATCH=100` events per batched request,
//! `AULA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432`).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aula::accounts::users::{self, NewUser};
use aula::config::Config;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

// The allocator of the `aula` binary, so that the server measured here is the one run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CLIENTS: usize = 64;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn events_per_client() -> usize {
    env_number("AULA_BENCH_EVENTS", 200)
}

fn batch_size() -> usize {
    env_number("AULA_BENCH_BATCH", 100).clamp(1, 500)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    println!(
        "progress events: {CLIENTS} concurrent clients; {} events each one per request, {} each in batches of {}",
        events_per_client(),
        events_per_client() * batch_size() / 4,
        batch_size()
    );
    println!(
        "{:<12} {:>22} {:>22} {:>18} {:>8}",
        "database", "requests", "aula (events/s)", "baseline (ev/s)", "ratio"
    );
    let dir = tempfile::tempdir()?;
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    run("SQLite", &sqlite, &dir).await?;
    if let Some(postgres) = common::postgres::Server::connect().await {
        postgres
            .with_database(|url| async move { run("PostgreSQL", &url, &dir).await })
            .await?;
    }
    Ok(())
}

async fn run(label: &str, url: &str, dir: &tempfile::TempDir) -> anyhow::Result<()> {
    let config = Config {
        database_url: url.to_string(),
        bind: "127.0.0.1:0".parse()?,
        courses_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/courses-ok").into(),
        index_dir: dir.path().join("index"),
        outbox_dir: dir.path().join("outbox"),
        // The bench reads no metrics; a server running beside it keeps its port.
        metrics: aula::config::Metrics {
            bind: String::new(),
        },
        ..Config::default()
    };
    let state = aula::app::prepare(config).await?;
    aula::demo::load(state.db(), &state.course_ids()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(aula::web::serve(state.clone(), listener, async {
        stopped.await.ok();
    }));

    // 64 learners, each signed in with a client of its own.
    let password = "bench-password-1";
    let mut clients = Vec::new();
    for i in 0..CLIENTS {
        let email = format!("bench{i}@{}.it", label.to_lowercase());
        users::add(
            state.db(),
            NewUser {
                email: email.clone(),
                name: format!("Bench {i}"),
                role: "learner".into(),
                municipality: Some("010025".into()),
                sector: Some("altro".into()),
                password: Some(password.into()),
                ..NewUser::default()
            },
            &state.course_ids(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .pool_max_idle_per_host(1)
            .build()?;
        let r = client
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await?;
        anyhow::ensure!(r.status() == 200, "sign-in failed: {}", r.status());
        clients.push(client);
    }
    let per_client = events_per_client();
    let before = baseline(url, per_client).await?;
    let single = send_events(&base, &clients, per_client, 1).await?;
    let batch = batch_size();
    let batched = send_events(&base, &clients, per_client * batch / 4, batch).await?;
    let _ = stop.send(());
    server.await??;
    let after = baseline(url, per_client).await?;
    // The ratio is taken against the faster of the two baseline runs.
    let baseline_rate = before.max(after);
    println!(
        "{:<12} {:>22} {:>22} {:>18.0} {:>7.1}×",
        label,
        "1 event per request",
        format!("{single:.0}"),
        baseline_rate,
        single / baseline_rate
    );
    println!(
        "{:<12} {:>22} {:>22} {:>18.0} {:>7.1}×",
        label,
        format!("{batch} events per request"),
        format!("{batched:.0}"),
        baseline_rate,
        batched / baseline_rate
    );
    println!("{label:<12} baseline runs before and after: {before:.0} and {after:.0} events/s");
    Ok(())
}

/// Every client sends `per_client` events, `batch` per request, waiting for each
/// answer (so at most 64 requests are in flight); returns durable events per second.
/// The request bodies are serialized before the clock starts: the learners' browsers
/// run on machines of their own, while here the clients share the server's cores.
async fn send_events(
    base: &str,
    clients: &[reqwest::Client],
    per_client: usize,
    batch: usize,
) -> anyhow::Result<f64> {
    let lessons = [
        "corso-prova/modulo-a/prima-lezione",
        "corso-prova/modulo-a/seconda-lezione",
        "corso-prova/modulo-b/lezione-b",
    ];
    let run = uuid::Uuid::new_v4().simple().to_string();
    let bodies: Vec<Vec<String>> = (0..clients.len())
        .map(|i| {
            let event = |n: usize| {
                serde_json::json!({
                    "lesson": lessons[n % lessons.len()], "event": "heartbeat", "seconds": 5,
                    "id": format!("{run}-{i}-{n}"),
                })
            };
            (0..per_client)
                .step_by(batch)
                .map(|first| {
                    if batch == 1 {
                        event(first).to_string()
                    } else {
                        let events: Vec<_> = (first..(first + batch).min(per_client))
                            .map(event)
                            .collect();
                        serde_json::json!({ "events": events }).to_string()
                    }
                })
                .collect()
        })
        .collect();
    let url = format!("{base}/api/v1/progress");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (client, bodies) in clients.iter().zip(bodies) {
        let (url, client) = (url.clone(), client.clone());
        tasks.push(tokio::spawn(async move {
            for body in bodies {
                let r = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await?;
                anyhow::ensure!(r.status() == 200, "events refused: {}", r.status());
                // Read the answer to the end, so the connection is reused.
                r.bytes().await?;
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok((clients.len() * per_client) as f64 / started.elapsed().as_secs_f64())
}

/// The same number of events, each one INSERT in autocommit from 64 concurrent tasks,
/// on the same database with the same connection settings.
async fn baseline(url: &str, per_client: usize) -> anyhow::Result<f64> {
    let db: Arc<DatabaseConnection> = Arc::new(aula::db::connect(url).await?);
    let backend = db.get_database_backend();
    db.execute_unprepared(
        "CREATE TABLE IF NOT EXISTS bench_baseline (user_id INTEGER, lesson_id TEXT, event TEXT, seconds INTEGER, client_id TEXT, recorded_at TEXT)",
    )
    .await?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..CLIENTS {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..per_client {
                db.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "INSERT INTO bench_baseline (user_id, lesson_id, event, seconds, client_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    [
                        (i as i32).into(),
                        "corso-prova/modulo-a/prima-lezione".into(),
                        "heartbeat".into(),
                        5i32.into(),
                        format!("{i}-{n}").into(),
                        chrono::Utc::now().to_rfc3339().into(),
                    ],
                ))
                .await?;
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let rate = (CLIENTS * per_client) as f64 / started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(10)).await;
    Ok(rate)
}
