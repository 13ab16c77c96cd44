//! Certificates at the scale of an edition (issue #21): `AULA_BENCH_CERTIFICATES`
//! learners (default 10,000) of one edition, enrolled in the course, get their
//! certificate issued (in transactions of 500, as the progress writer's group commit
//! would), then the whole edition is sealed (signed), printed and zipped by the same
//! code as the admin's download, into a sink that only counts bytes. Reported: the
//! time of each part and of both (target ≤ 60 s), the peak resident memory of the
//! process (target ≤ 200 MB), the size of one PDF (target ≤ 100 KB), and the latency of
//! `GET /verify/{code}` through the real server (sequential requests on one
//! connection: target p99 < 5 ms). On SQLite, in a temporary folder.
//!
//! Run: `cargo bench --bench certificates` (`AULA_LOG=warn` to quiet the server).

#[path = "common/latency.rs"]
mod latency;

use std::io::Write;
use std::time::{Duration, Instant};

use aula::app::AppState;
use aula::certificates::store::Filter;
use aula::certificates::{Status, archive, issue, seal, store};
use aula::config::Config;
use aula::db::enrolments;
use aula::db::users::{Role, user};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};

// The allocator of the `aula` binary, so that the memory measured is the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const COURSE: &str = "immigrazione-servizi-comunali";
/// Genova (Liguria), eligible for the demo's edition 4.
const GENOVA: &str = "010025";
const VERIFY_REQUESTS: usize = 2_000;

fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    let n: usize = std::env::var("AULA_BENCH_CERTIFICATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(n))
}

async fn run(n: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let state = aula::app::prepare(Config {
        database_url: format!("sqlite://{}?mode=rwc", dir.path().join("aula.db").display()),
        courses_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/courses").into(),
        index_dir: dir.path().join("index"),
        outbox_dir: dir.path().join("outbox"),
        certificates: aula::config::Certificates {
            keys_dir: dir.path().join("keys"),
            ..Default::default()
        },
        metrics: aula::config::Metrics {
            bind: String::new(),
        },
        ..Config::default()
    })
    .await?;
    aula::demo::load(state.db(), &state.course_ids()).await?;
    let ids = add_learners(&state, n).await?;
    println!(
        "certificates of one edition: {n} learners (SQLite, {})",
        rss_line()
    );

    let started = Instant::now();
    let issued = issue_all(&state, &ids).await?;
    let issuing = started.elapsed();
    anyhow::ensure!(issued == n, "{issued} certificates issued, not {n}");

    let started = Instant::now();
    let (files, bytes) = zip_all(&state).await?;
    let zipping = started.elapsed();
    anyhow::ensure!(files == n, "{files} files in the archive, not {n}");

    let one = store::page(state.db(), &Filter::default(), 0, 1).await?;
    let record = seal::seal(state.db(), state.issuing(), one[0].clone()).await?;
    let pdf = seal::paper(state.issuing(), &record)?;

    println!("  issued               {:>8.1} s", issuing.as_secs_f64());
    println!(
        "  sealed+printed+zipped{:>8.1} s  ({} MB archive, {:.1} ms per certificate)",
        zipping.as_secs_f64(),
        bytes / 1_000_000,
        zipping.as_secs_f64() * 1000.0 / n as f64
    );
    println!(
        "  total                {:>8.1} s  (target ≤ 60 s: {:.2} of it)",
        (issuing + zipping).as_secs_f64(),
        (issuing + zipping).as_secs_f64() / 60.0
    );
    let peak = peak_rss_mb();
    println!(
        "  peak memory          {:>8.0} MB (target ≤ 200 MB: {:.2} of it)",
        peak,
        peak / 200.0
    );
    println!(
        "  one PDF              {:>8.1} KB (target ≤ 100 KB: {:.2} of it)",
        pdf.len() as f64 / 1024.0,
        pdf.len() as f64 / 1024.0 / 100.0
    );

    let (p50, p99) = verify_latency(&state, &record.certificate.code).await?;
    println!(
        "  GET /verify/{{code}}   p50 {} ms, p99 {} ms (target p99 < 5 ms: {:.2} of it)",
        latency::ms(p50),
        latency::ms(p99),
        p99.as_secs_f64() * 1000.0 / 5.0
    );
    Ok(())
}

/// Adds `n` learners of Genova enrolled in the course's edition, in bulk.
async fn add_learners(state: &AppState, n: usize) -> anyhow::Result<Vec<i32>> {
    let db = state.db();
    let edition: i32 = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM editions WHERE number = 4",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo edition is missing"))?
        .try_get("", "id")?;
    let now = Utc::now();
    let mut ids = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let txn = db.begin().await?;
        let rows = chunk.iter().map(|i| user::ActiveModel {
            email: Set(format!("attestato-{i:06}@comune.bench.it")),
            name: Set(format!("Discente Numero {i:06}")),
            role: Set(Role::Learner),
            municipality: Set(Some(GENOVA.into())),
            sector: Set(Some("servizi-demografici".into())),
            created_at: Set(now),
            ..Default::default()
        });
        user::Entity::insert_many(rows).exec(&txn).await?;
        let first: i32 = txn
            .query_one_raw(sea_orm::Statement::from_string(
                txn.get_database_backend(),
                format!(
                    "SELECT id FROM users WHERE email = 'attestato-{:06}@comune.bench.it'",
                    chunk[0]
                ),
            ))
            .await?
            .ok_or_else(|| anyhow::anyhow!("learners not stored"))?
            .try_get("", "id")?;
        let chunk_ids: Vec<i32> = (0..chunk.len() as i32).map(|k| first + k).collect();
        let rows = chunk_ids.iter().map(|id| enrolments::ActiveModel {
            user_id: Set(*id),
            edition_id: Set(edition),
            course_id: Set(COURSE.into()),
            enrolled_at: Set(now),
            withdrawn_at: Set(None),
            ..Default::default()
        });
        enrolments::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
        ids.extend(chunk_ids);
    }
    Ok(ids)
}

/// Issues every learner's certificate, 500 per transaction.
async fn issue_all(state: &AppState, ids: &[i32]) -> anyhow::Result<usize> {
    let catalog = state.catalog();
    let course = catalog
        .course(COURSE)
        .ok_or_else(|| anyhow::anyhow!("course {COURSE} missing"))?;
    let mut issued = 0;
    for chunk in ids.chunks(500) {
        let txn = state.db().begin().await?;
        for id in chunk {
            issued += usize::from(issue::on_completion(&txn, *id, course).await?.is_some());
        }
        txn.commit().await?;
    }
    Ok(issued)
}

/// The admin's archive of every valid certificate, into a sink that counts bytes.
async fn zip_all(state: &AppState) -> anyhow::Result<(usize, usize)> {
    let archiver = state.archiver();
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut sink = Counting(0);
        let filter = Filter {
            status: Some(Status::Valid),
            ..Filter::default()
        };
        let files = archive::write_all(&handle, &archiver, &filter, &mut sink)?;
        Ok((files, sink.0))
    })
    .await?
}

struct Counting(usize);

impl Write for Counting {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0 += data.len();
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// p50 and p99 of sequential `GET /verify/{code}` through the real server.
async fn verify_latency(state: &AppState, code: &str) -> anyhow::Result<(Duration, Duration)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(aula::web::serve(state.clone(), listener, async {
        stopped.await.ok();
    }));
    let client = reqwest::Client::new();
    let url = format!("{base}/verify/{code}");
    for _ in 0..100 {
        let answer = client.get(&url).send().await?;
        anyhow::ensure!(answer.status().is_success(), "{url}: {}", answer.status());
        answer.bytes().await?;
    }
    let mut times = Vec::with_capacity(VERIFY_REQUESTS);
    for _ in 0..VERIFY_REQUESTS {
        let started = Instant::now();
        let answer = client.get(&url).send().await?;
        let ok = answer.status().is_success();
        answer.bytes().await?;
        times.push(started.elapsed());
        anyhow::ensure!(ok, "{url} failed");
    }
    let _ = stop.send(());
    server.await??;
    Ok((
        latency::percentile(&times, 0.50),
        latency::percentile(&times, 0.99),
    ))
}

/// The process's peak resident memory (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    status_kb("VmHWM:") / 1024.0
}

fn rss_line() -> String {
    format!("resident {:.0} MB before", status_kb("VmRSS:") / 1024.0)
}

fn status_kb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0.0)
}
