//! Tutor reports at the size of a national programme (issue #8): 10,000 learners ×
//! 40 lessons (4 modules of 10, each with a quiz), every learner with a row per
//! lesson and quiz attempts, on SQLite and PostgreSQL. Times, as the median of
//! several runs, the cohort overview page, a matrix page and the full CSV export over
//! HTTP, beside the raw aggregate SQL that computes the same figures (the statements
//! run directly, their rows fetched and nothing else).
//!
//! Run: `AULA_LOG=warn cargo bench --bench reports` (`AULA_BENCH_LEARNERS=1000` for a
//! quicker run; PostgreSQL at `AULA_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432`, skipped with a message when it does not answer).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use aula::config::Config;
use aula::demo::generate::{Profile, generate_with};
use aula::reports::{Filters, Order, Scope, learners, matrix, overview};
use sea_orm::ConnectionTrait;

const RUNS: usize = 5;
const COURSE: &str = "corso-bench";

/// Writes a course of 4 modules × 10 lessons, each module with a one-question quiz.
fn write_course(dir: &Path) -> anyhow::Result<()> {
    let course = dir.join(COURSE);
    std::fs::create_dir_all(&course)?;
    std::fs::write(
        course.join("course.toml"),
        "id = \"corso-bench\"\ntitle = \"Corso per il benchmark\"\ndescription = \"Quaranta lezioni.\"\nsectors = [\"altro\"]\n\n[completion]\nrule = \"modules\"\n",
    )?;
    for m in 1..=4 {
        let module = course.join(format!("modulo-{m}"));
        std::fs::create_dir_all(&module)?;
        std::fs::write(
            module.join("module.toml"),
            format!(
                "title = \"Modulo {m}\"\nsummary = \"Dieci lezioni.\"\nminutes = 100\norder = {m}\n"
            ),
        )?;
        std::fs::write(
            module.join("quiz.toml"),
            "pass_percent = 60\n\n[[questions]]\nid = \"unica\"\nkind = \"true_false\"\ntext = \"Vero?\"\nanswer = true\nfeedback = \"Vero.\"\n",
        )?;
        for l in 1..=10 {
            std::fs::write(
                module.join(format!("lezione-{l:02}.md")),
                format!(
                    "+++\ntitle = \"Lezione {m}.{l}\"\nminutes = 10\norder = {l}\nsectors = [\"altro\"]\n+++\n\n## Testo\n\nUna lezione.\n"
                ),
            )?;
        }
    }
    Ok(())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    let n = common::learners_wanted(10_000);
    println!("reports: {n} learners × 40 lessons, median of {RUNS} runs");
    println!(
        "{:<12} {:<22} {:>10} {:>10} {:>7}",
        "database", "report", "aula ms", "raw SQL ms", "ratio"
    );
    let dir = tempfile::tempdir()?;
    write_course(&dir.path().join("courses"))?;
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

async fn run(label: &str, url: &str, dir: &Path, n: usize) -> anyhow::Result<()> {
    let config = Config {
        database_url: url.to_string(),
        courses_dir: dir.join("courses"),
        index_dir: dir.join(format!("index-{label}")),
        outbox_dir: dir.join("outbox"),
        // The bench reads no metrics; a server running beside it keeps its port.
        metrics: aula::config::Metrics {
            bind: String::new(),
        },
        ..Config::default()
    };
    let state = aula::app::prepare(config).await?;
    let catalog = state.catalog();
    anyhow::ensure!(
        catalog.lessons().count() == 40,
        "the bench course has 40 lessons"
    );
    let started = Instant::now();
    let made = generate_with(state.db(), &catalog, n, 2026, Profile::Saturated, None).await?;
    println!(
        "{label}: generated {} learners, {} lesson rows, {} events, {} quiz attempts in {:.0} s",
        made.learners,
        made.lesson_rows,
        made.events,
        made.attempts,
        started.elapsed().as_secs_f64()
    );
    if state.db().get_database_backend() == sea_orm::DbBackend::Postgres {
        state.db().execute_unprepared("ANALYZE").await?;
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(aula::web::serve(state.clone(), listener, async {
        stopped.await.ok();
    }));
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": "segreteria@demo.aula.it", "password": aula::demo::DEMO_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "sign-in failed: {}", r.status());

    let db = state.db();
    let backend = db.get_database_backend();
    let scope = Scope::of(aula::accounts::Role::Admin, &[]);
    let filters = Filters {
        course: COURSE.into(),
        ..Filters::default()
    };
    let size = aula::reports::course_size(&catalog, COURSE);
    let now = chrono::Utc::now();

    let page = |path: String| {
        let client = client.clone();
        let url = format!("{base}{path}");
        async move {
            let t = Instant::now();
            let r = client.get(&url).send().await?;
            anyhow::ensure!(r.status() == 200, "{url}: {}", r.status());
            let body = r.bytes().await?;
            Ok::<(Duration, usize), anyhow::Error>((t.elapsed(), body.len()))
        }
    };
    let raw = |statements: Vec<sea_orm::Statement>| async move {
        let t = Instant::now();
        let mut rows = 0;
        for s in statements {
            rows += db.query_all_raw(s).await?.len();
        }
        Ok::<(Duration, usize), anyhow::Error>((t.elapsed(), rows))
    };

    // Overview: the page against its two aggregate statements.
    let overview_sql = vec![
        overview::groups_sql(backend, &scope, &filters).build(),
        overview::activity_sql(backend, &scope, &filters, now - chrono::Duration::days(55)).build(),
    ];
    // Matrix: page 1 by progress (count, page, cells) against the same statements.
    let page_sql = learners::query(
        backend,
        &scope,
        &filters,
        None,
        Order::Progress,
        Some((50, 0)),
    );
    let first_page = learners::fetch(db, &page_sql, size).await?;
    let ids: Vec<i32> = first_page.iter().map(|r| r.learner_id).collect();
    let cells_sql = matrix::cells_sql(backend, COURSE, &ids).map(|s| s.build());
    let mut matrix_sql = vec![
        learners::query(backend, &scope, &filters, None, Order::Name, None)
            .wrapped("SELECT COUNT(*) AS n FROM (", ") AS counted")
            .build(),
        page_sql.build(),
    ];
    matrix_sql.extend(cells_sql);
    // Export: every learner row.
    let export_sql =
        vec![learners::query(backend, &scope, &filters, None, Order::Name, None).build()];

    let cases = [
        (
            "cohort overview",
            format!("/tutor?course={COURSE}"),
            overview_sql,
        ),
        (
            "matrix page",
            format!("/tutor/matrix?course={COURSE}&sort=progress"),
            matrix_sql,
        ),
        (
            "full CSV export",
            format!("/tutor/export/learners.csv?course={COURSE}"),
            export_sql,
        ),
    ];
    for (name, path, statements) in cases {
        page(path.clone()).await?; // warm-up
        raw(statements.clone()).await?;
        let mut ours = Vec::new();
        let mut base = Vec::new();
        let mut bytes = 0;
        let mut rows = 0;
        for _ in 0..RUNS {
            let (t, b) = page(path.clone()).await?;
            ours.push(t);
            bytes = b;
            let (t, r) = raw(statements.clone()).await?;
            base.push(t);
            rows = r;
        }
        let (ours, base) = (median(ours), median(base));
        println!(
            "{label:<12} {name:<22} {:>10} {:>10} {:>6.2}×   ({bytes} bytes; raw: {rows} rows)",
            ms(ours),
            ms(base),
            ours.as_secs_f64() / base.as_secs_f64()
        );
    }
    let _ = stop.send(());
    server.await??;
    Ok(())
}
