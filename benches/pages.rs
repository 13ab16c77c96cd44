//! Page throughput (issue #15): Aula serving a lesson page, a library article page,
//! the catalogue and the search API under `wrk`, beside nginx serving the very bytes of
//! the lesson and article pages from files, with requests/s, p50 and p99 side by side.
//!
//! Aula runs in-process on SQLite with the courses of `courses/`, the library of
//! `../shared/corpus/normattiva` (the fixture act of `tests/fixtures/library/` when
//! that is missing; a failure under `CI=true`) and the demo edition, signed in as a
//! demo learner.
//!
//! Run: `AULA_LOG=warn cargo bench --bench pages` (`AULA_BENCH_SECONDS=30` for longer
//! runs than the default 10 s each). Needs `nginx` and `wrk` (Debian:
//! `apt-get install nginx wrk`).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use aula::config::Config;
use common::nginx::Nginx;
use common::wrk::{Figures, Load};

// The allocator of the `aula` binary, so that the server measured here is the one run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LEARNER: &str = "anagrafe.genova@demo.aula.it";
const SEARCH: &str = "/api/v1/search?q=permesso+di+soggiorno";
const WARM_UP_SECONDS: u64 = 2;

fn main() -> ExitCode {
    let (nginx, wrk) = (common::find_program("nginx"), common::find_program("wrk"));
    let (Some(nginx), Some(wrk)) = (nginx.clone(), wrk.clone()) else {
        let missing: Vec<&str> = [("nginx", nginx.is_none()), ("wrk", wrk.is_none())]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect();
        eprintln!(
            "pages bench: {} not found; it needs the `nginx` and `wrk` packages \
             (Debian/Ubuntu: `apt-get install nginx wrk`)",
            missing.join(" and ")
        );
        return ExitCode::FAILURE;
    };
    aula::telemetry::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&nginx, &wrk)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// One measured row of the table.
struct Row {
    target: &'static str,
    server: &'static str,
    connections: usize,
    bytes: usize,
    figures: Figures,
    /// nginx's requests/s for the same bytes, for Aula's rows that have a twin.
    nginx_rate: Option<f64>,
}

async fn run(nginx: &Path, wrk: &Path) -> anyhow::Result<()> {
    let seconds: u64 = std::env::var("AULA_BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir()?;
    let state = aula::app::prepare(Config {
        database_url: format!("sqlite://{}?mode=rwc", dir.path().join("aula.db").display()),
        courses_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/courses").into(),
        index_dir: dir.path().join("index"),
        outbox_dir: dir.path().join("outbox"),
        ..Config::default()
    })
    .await?;
    let article = import_library(&state).await?;
    aula::demo::load_with_progress(state.db(), &state.catalog()).await?;
    let lesson = most_cited_lesson(&state)?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(aula::web::serve(state.clone(), listener, async {
        stopped.await.ok();
    }));
    let result = measure(&base, &lesson, &article, nginx, wrk, seconds).await;
    let _ = stop.send(());
    server.await??;
    print_table(&result?, seconds);
    Ok(())
}

/// Imports the shared legal corpus (or the fixture act) and reloads the courses
/// against it; returns the path of the article page to measure.
async fn import_library(state: &aula::app::AppState) -> anyhow::Result<String> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/normattiva");
    let (files, article) = if corpus.is_dir() {
        (
            aula::content::library::expand_paths(&[corpus])?,
            "/library/dlgs-286-1998/art-5",
        )
    } else if std::env::var("CI").is_ok_and(|v| v == "true") {
        anyhow::bail!(
            "{}: missing; the pages bench needs the shared legal corpus under CI",
            corpus.display()
        );
    } else {
        println!(
            "{} is missing: measuring with the fixture act of tests/fixtures/library/ \
             (its lesson cites less and its article is short)",
            corpus.display()
        );
        let fixture: PathBuf = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/library/dlgs-999-2099.md"
        )
        .into();
        (vec![fixture], "/library/dlgs-999-2099/art-1")
    };
    for file in &files {
        aula::content::library::import_file(state.db(), file).await?;
    }
    state.reload_courses().await?;
    println!("library: {} acts imported", files.len());
    Ok(article.to_string())
}

/// The path of the lesson citing the most articles (the first such, for a stable
/// choice).
fn most_cited_lesson(state: &aula::app::AppState) -> anyhow::Result<String> {
    let catalog = state.catalog();
    let mut best: Option<(usize, String)> = None;
    for course in &catalog.courses {
        for module in &course.modules {
            for lesson in &module.lessons {
                let cited = lesson.citations.len();
                if best.as_ref().is_none_or(|(most, _)| cited > *most) {
                    best = Some((
                        cited,
                        format!("/courses/{}/{}/{}", course.id, module.id, lesson.slug),
                    ));
                }
            }
        }
    }
    let (cited, path) = best.context("no lesson in courses/")?;
    println!("lesson: {path} ({cited} articles cited)");
    Ok(path)
}

async fn measure(
    base: &str,
    lesson: &str,
    article: &str,
    nginx: &Path,
    wrk: &Path,
    seconds: u64,
) -> anyhow::Result<Vec<Row>> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let cookie = common::sign_in(&client, base, LEARNER, aula::demo::DEMO_PASSWORD).await?;
    // A redirect to the sign-in page or an error page would be measured as happily
    // as the real thing: each target is fetched once and checked first.
    let signed_in = "action=\"/logout\"";
    let lesson_bytes = fetch(
        &client,
        base,
        lesson,
        &cookie,
        &[signed_in, "class=\"lesson\"", "data-progress-learner"],
    )
    .await?;
    let article_bytes = fetch(
        &client,
        base,
        article,
        &cookie,
        &[signed_in, "class=\"law-article\""],
    )
    .await?;
    let catalogue_bytes = fetch(
        &client,
        base,
        "/courses",
        &cookie,
        &[signed_in, "href=\"/courses/"],
    )
    .await?;
    let search_bytes = fetch(&client, base, SEARCH, &cookie, &["\"hits\":[{"]).await?;

    let nginx = Nginx::start(
        nginx,
        &[
            ("lesson.html", &lesson_bytes),
            ("article.html", &article_bytes),
        ],
    )?;
    let aula_headers = [format!("Cookie: {cookie}")];

    let plan: [(&'static str, &'static str, String, usize, usize, bool); 6] = [
        (
            "lesson page",
            "nginx",
            nginx.url("lesson.html"),
            64,
            lesson_bytes.len(),
            false,
        ),
        (
            "lesson page",
            "aula",
            format!("{base}{lesson}"),
            64,
            lesson_bytes.len(),
            true,
        ),
        (
            "article page",
            "nginx",
            nginx.url("article.html"),
            64,
            article_bytes.len(),
            false,
        ),
        (
            "article page",
            "aula",
            format!("{base}{article}"),
            64,
            article_bytes.len(),
            true,
        ),
        (
            "catalogue",
            "aula",
            format!("{base}/courses"),
            64,
            catalogue_bytes.len(),
            true,
        ),
        (
            "search API",
            "aula",
            format!("{base}{SEARCH}"),
            32,
            search_bytes.len(),
            true,
        ),
    ];
    let mut rows: Vec<Row> = Vec::new();
    for (target, server, url, connections, bytes, aula) in plan {
        let headers: &[String] = if aula { &aula_headers } else { &[] };
        let load = |seconds| Load {
            wrk,
            url: &url,
            connections,
            seconds,
            headers,
            script: None,
        };
        load(WARM_UP_SECONDS.min(seconds)).run().await?;
        let figures = load(seconds).run().await?;
        println!(
            "  {target:<13} {server:<6} {:>9.0} req/s  p50 {:>7}  p99 {:>7}",
            figures.requests_per_second,
            ms(figures.p50),
            ms(figures.p99)
        );
        let nginx_rate = rows
            .iter()
            .find(|r| aula && r.target == target && r.server == "nginx")
            .map(|r| r.figures.requests_per_second);
        rows.push(Row {
            target,
            server,
            connections,
            bytes,
            figures,
            nginx_rate,
        });
    }
    Ok(rows)
}

/// Fetches `path` with the session cookie, checks it is a 200 holding every marker,
/// and returns its bytes.
async fn fetch(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: &str,
    markers: &[&str],
) -> anyhow::Result<Vec<u8>> {
    let r = client
        .get(format!("{base}{path}"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await?;
    let status = r.status();
    let location = r.headers().get(reqwest::header::LOCATION).cloned();
    anyhow::ensure!(status == 200, "{path}: {status} (location: {location:?})");
    let body = r.bytes().await?.to_vec();
    let text = String::from_utf8_lossy(&body);
    for marker in markers {
        anyhow::ensure!(text.contains(marker), "{path}: the answer lacks {marker:?}");
    }
    Ok(body)
}

fn print_table(rows: &[Row], seconds: u64) {
    println!();
    println!(
        "wrk --latency -t2, {seconds} s per row after a {WARM_UP_SECONDS} s warm-up; \
         Aula signed in as {LEARNER}"
    );
    println!(
        "{:<13} {:<6} {:>5} {:>8} {:>10} {:>10} {:>10} {:>9}",
        "target", "server", "conns", "bytes", "req/s", "p50", "p99", "vs nginx"
    );
    for row in rows {
        let ratio = row.nginx_rate.map_or_else(
            || "-".to_string(),
            |nginx| format!("{:.1}%", 100.0 * row.figures.requests_per_second / nginx),
        );
        println!(
            "{:<13} {:<6} {:>5} {:>8} {:>10.0} {:>10} {:>10} {:>9}",
            row.target,
            row.server,
            row.connections,
            row.bytes,
            row.figures.requests_per_second,
            ms(row.figures.p50),
            ms(row.figures.p99),
            ratio
        );
    }
    println!(
        "goals (issue #15): lesson page ≥ 50% of nginx and p99 < 10 ms; article page ≥ 40%; \
         search API p99 < 20 ms"
    );
    for row in rows {
        let f = &row.figures;
        if f.requests == 0 {
            println!("{} ({}): no request completed", row.target, row.server);
        } else if f.non_2xx_3xx > 0 || f.socket_errors.is_some() {
            println!(
                "{} ({}): {} of {} responses not 2xx/3xx; socket errors: {} \
                 (wrk leaves requests that timed out after 2 s out of p50 and p99)",
                row.target,
                row.server,
                f.non_2xx_3xx,
                f.requests,
                f.socket_errors.as_deref().unwrap_or("none")
            );
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
