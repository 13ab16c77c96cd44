//! Reports at 100,000 learners (issue #24), against the real server process: the
//! database is filled by `aula demo generate --learners N` (the repository's courses,
//! the realistic profile), then `aula serve` runs on it as an administrator would run
//! it, and the bench, as an HTTP client, measures
//!
//! - the tutor overview page (`/tutor`) for the administrator and for the Liguria
//!   tutor: median and p95 of [`RUNS`] requests, against the target of 300 ms;
//! - the peak resident memory of the server process while it serves each report and
//!   export (the learners report as JSON, page by page when it is paginated, and as
//!   CSV; the tutor exports as CSV and XLSX; the overview; the matrix): before each
//!   request the kernel's high-water mark is reset (`5` written to
//!   `/proc/<pid>/clear_refs`), after it `VmHWM` is read from `/proc/<pid>/status`;
//!   against the target of 200 MB.
//!
//! The binary is the one Cargo builds for benches (`CARGO_BIN_EXE_aula`, the `bench`
//! profile: optimised), or the one named by `AULA_BENCH_BINARY` (say, a
//! `cargo build --release` binary, with the bench itself built by
//! `cargo test --bench scale --no-run`, which shares the debug build's dependencies). On SQLite, then on PostgreSQL when it answers (a fresh
//! database, dropped after).
//!
//! Run: `AULA_LOG=warn cargo bench --bench scale` (`AULA_BENCH_LEARNERS=10000` for a
//! quicker run; `AULA_BENCH_DATABASES=sqlite` or `postgres` for one of them;
//! `AULA_BENCH_OVERVIEW_SECONDS=0` has the server compute the overview for each request
//! instead of keeping its figures 30 s;
//! PostgreSQL at `AULA_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432`,
//! skipped with a message when it does not answer; Linux only, for `/proc`).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use sea_orm::{ConnectionTrait, Database};

/// Overview requests timed (after one warm-up).
const RUNS: usize = 20;
/// Target of the overview, ms.
const OVERVIEW_TARGET_MS: f64 = 300.0;
/// Target of the peak memory while serving a report, MB.
const MEMORY_TARGET_MB: f64 = 200.0;
/// The course the generator fills (the repository's).
const COURSE: &str = "immigrazione-servizi-comunali";
const ADMIN: &str = "segreteria@demo.aula.it";
const TUTOR: &str = "tutor.liguria@demo.aula.it";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n = common::learners_wanted(100_000);
    println!("scale: {n} learners (aula demo generate), the server run as `aula serve`");
    let dir = tempfile::tempdir()?;
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let databases =
        std::env::var("AULA_BENCH_DATABASES").unwrap_or_else(|_| "sqlite,postgres".into());
    if databases.contains("sqlite") {
        run("SQLite", &sqlite, dir.path(), n).await?;
    }
    if !databases.contains("postgres") {
        return Ok(());
    }
    if let Some(postgres) = common::postgres::Server::connect().await {
        postgres
            .with_database(|url| async move { run("PostgreSQL", &url, dir.path(), n).await })
            .await?;
    }
    Ok(())
}

/// `aula` with the bench's configuration (no scheduled jobs, no metrics listener).
fn aula(url: &str, dir: &Path, label: &str) -> Command {
    let binary = std::env::var("AULA_BENCH_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_aula").to_string());
    let mut cmd = Command::new(binary);
    let courses = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    // The configuration refuses unknown `AULA_*` variables (the bench's own among them).
    for (var, _) in std::env::vars() {
        if var.starts_with("AULA_") {
            cmd.env_remove(var);
        }
    }
    cmd.current_dir(dir)
        .env("AULA_DATABASE_URL", url)
        .env("AULA_COURSES_DIR", courses)
        .env("AULA_INDEX_DIR", dir.join(format!("index-{label}")))
        .env("AULA_OUTBOX_DIR", dir.join("outbox"))
        .env(
            "AULA_CERTIFICATES__KEYS_DIR",
            dir.join(format!("keys-{label}")),
        )
        .env("AULA_METRICS__BIND", "")
        .env("AULA_REMINDERS__CRON", "")
        .env("AULA_LIBRARY__FETCH_CRON", "")
        .env("AULA_PRIVACY__RETENTION_CRON", "")
        // How long the overview's figures are kept (the default, 30 s; 0 computes them
        // for each request).
        .env(
            "AULA_REPORTS__OVERVIEW_SECONDS",
            std::env::var("AULA_BENCH_OVERVIEW_SECONDS").unwrap_or_else(|_| "30".into()),
        )
        .env(
            "AULA_LOG",
            std::env::var("AULA_LOG").unwrap_or_else(|_| "warn".into()),
        );
    cmd
}

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Kilobytes of a `/proc/<pid>/status` line (`VmHWM`, `VmRSS`).
fn status_kb(pid: u32, key: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no {key} in /proc/{pid}/status"))
}

/// CPU time of the process so far, in clock ticks (user and system).
fn cpu_ticks(pid: u32) -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name (which is in parentheses): utime and stime are
    // the 12th and 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok(tick(11) + tick(12))
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

async fn run(label: &str, url: &str, dir: &Path, n: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let out = aula(url, dir, label)
        .args(["demo", "generate", "--learners", &n.to_string()])
        .stdout(Stdio::piped())
        .output()?;
    anyhow::ensure!(out.status.success(), "demo generate failed: {out:?}");
    println!(
        "{label}: {} ({:.0} s)",
        String::from_utf8_lossy(&out.stdout).trim(),
        started.elapsed().as_secs_f64()
    );
    if url.starts_with("postgres") {
        Database::connect(url)
            .await?
            .execute_unprepared("ANALYZE")
            .await?;
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Server(
        aula(url, dir, label)
            .env("AULA_BIND", format!("127.0.0.1:{port}"))
            .arg("serve")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let pid = server.0.id();
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let ready = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await
            && r.status().is_success()
        {
            break;
        }
        anyhow::ensure!(
            ready.elapsed() < Duration::from_secs(300),
            "the server did not get ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let admin = signed_in(&base, ADMIN).await?;
    let tutor = signed_in(&base, TUTOR).await?;
    println!(
        "{label}: server ready after {:.1} s, resident {:.0} MB",
        ready.elapsed().as_secs_f64(),
        mb(status_kb(pid, "VmRSS")?)
    );

    // What the server does after it starts (the certificates of completions that have
    // none, issued in the background) is not what is measured: wait until it idles.
    let busy = Instant::now();
    loop {
        let before = cpu_ticks(pid)?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        // Under 5% of a core (ticks are hundredths of a second).
        if cpu_ticks(pid)? < before + 10 {
            break;
        }
        if busy.elapsed() > Duration::from_secs(600) {
            println!("{label}: the server is still busy after 10 minutes; measuring anyway");
            break;
        }
    }
    println!(
        "{label}: server idle after {:.0} s more, resident {:.0} MB",
        busy.elapsed().as_secs_f64(),
        mb(status_kb(pid, "VmRSS")?)
    );

    // The overview's time.
    for (who, client) in [("admin", &admin), ("Liguria tutor", &tutor)] {
        let path = format!("/tutor?course={COURSE}");
        // The first request after the start computes the figures (when they are kept,
        // the later ones read them).
        let first = get(client, &base, &path).await?.0.as_secs_f64() * 1000.0;
        println!("{label:<11} overview for the {who:<14} first request {first:>7.1} ms");
        let mut times = Vec::new();
        for _ in 0..RUNS {
            times.push(get(client, &base, &path).await?.0);
        }
        times.sort();
        let median = times[times.len() / 2].as_secs_f64() * 1000.0;
        let p95 = times[(times.len() * 95).div_ceil(100) - 1].as_secs_f64() * 1000.0;
        println!(
            "{label:<11} overview for the {who:<14} median {median:>7.1} ms  p95 {p95:>7.1} ms  \
             ({:.2}× the {OVERVIEW_TARGET_MS:.0} ms target at p95)",
            p95 / OVERVIEW_TARGET_MS
        );
    }

    // Peak memory per report.
    println!(
        "{:<11} {:<44} {:>6} {:>12} {:>9} {:>9} {:>7}",
        "database", "request", "status", "bytes", "seconds", "peak MB", "ratio"
    );
    let requests = [
        format!("/api/v1/reports/learners.csv?course={COURSE}"),
        format!("/tutor/export/learners.csv?course={COURSE}"),
        format!("/tutor/export/learners.xlsx?course={COURSE}"),
        format!("/tutor/export/at-risk.csv?course={COURSE}"),
        format!("/tutor/export/at-risk.xlsx?course={COURSE}"),
        format!("/tutor/export/matrix.csv?course={COURSE}"),
        format!("/tutor/export/matrix.xlsx?course={COURSE}"),
        format!("/tutor/export/overview.csv?course={COURSE}"),
        format!("/tutor/export/overview.xlsx?course={COURSE}"),
        format!("/tutor?course={COURSE}"),
        format!("/tutor/matrix?course={COURSE}&sort=progress"),
        format!("/tutor/at-risk?course={COURSE}"),
        // Last: the memory an allocator keeps after a large answer would count as the
        // peak of the requests after it.
        format!("/api/v1/reports/learners?course={COURSE}"),
    ];
    for path in &requests {
        std::fs::write(format!("/proc/{pid}/clear_refs"), "5")?;
        let (elapsed, status, bytes) = match get(&admin, &base, path).await {
            Ok((t, s, b)) => (t, s.to_string(), b),
            Err(e) => (Duration::ZERO, format!("error: {e}"), 0),
        };
        let peak = mb(status_kb(pid, "VmHWM")?);
        println!(
            "{label:<11} {:<44} {status:>6} {bytes:>12} {:>9.2} {peak:>9.0} {:>6.2}×",
            short(path),
            elapsed.as_secs_f64(),
            peak / MEMORY_TARGET_MB
        );
    }
    // The learners report a page at a time, when it is paginated (`limit`, `after`).
    page_through(label, pid, &admin, &base).await?;
    println!(
        "{label:<11} resident at the end: {:.0} MB",
        mb(status_kb(pid, "VmRSS")?)
    );
    drop(server);
    Ok(())
}

/// The path without the course parameter, for the table.
fn short(path: &str) -> String {
    path.replace(&format!("course={COURSE}"), "")
        .replace("?&", "?")
        .trim_end_matches('?')
        .to_string()
}

async fn signed_in(base: &str, email: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": aula::demo::DEMO_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "sign-in of {email}: {}", r.status());
    Ok(client)
}

/// GETs `path`, reading the body as it comes without keeping it: time, status, bytes.
async fn get(
    client: &reqwest::Client,
    base: &str,
    path: &str,
) -> anyhow::Result<(Duration, u16, u64)> {
    let t = Instant::now();
    let r = client.get(format!("{base}{path}")).send().await?;
    let status = r.status().as_u16();
    let mut bytes = 0;
    let mut body = r.bytes_stream();
    while let Some(chunk) = body.next().await {
        bytes += chunk?.len() as u64;
    }
    Ok((t.elapsed(), status, bytes))
}

/// Pages through `/api/v1/reports/learners` by 1,000, following the `Link` header's
/// next page; the highest peak of any page.
async fn page_through(
    label: &str,
    pid: u32,
    client: &reqwest::Client,
    base: &str,
) -> anyhow::Result<()> {
    let limit = 1000;
    let mut next = Some(format!(
        "/api/v1/reports/learners?course={COURSE}&limit={limit}"
    ));
    let (mut pages, mut rows, mut peak) = (0, 0, 0.0_f64);
    let t = Instant::now();
    while let Some(path) = next.take() {
        std::fs::write(format!("/proc/{pid}/clear_refs"), "5")?;
        let r = client.get(format!("{base}{path}")).send().await?;
        anyhow::ensure!(r.status() == 200, "{path}: {}", r.status());
        next = r
            .headers()
            .get(reqwest::header::LINK)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| l.strip_prefix('<'))
            .and_then(|l| l.split_once(">; rel=\"next\""))
            .map(|(address, _)| address.to_string());
        let body: serde_json::Value = r.json().await?;
        peak = peak.max(mb(status_kb(pid, "VmHWM")?));
        pages += 1;
        rows += body.as_array().map_or(0, Vec::len);
        anyhow::ensure!(pages < 10_000, "the pages never end");
    }
    println!(
        "{label:<11} /api/v1/reports/learners by pages of {limit}: {pages} pages, {rows} rows in {:.1} s, \
         peak {peak:.0} MB ({:.2}×)",
        t.elapsed().as_secs_f64(),
        peak / MEMORY_TARGET_MB
    );
    Ok(())
}
