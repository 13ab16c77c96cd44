//! The search API under load: Aula served in-process, signed in as an administrator,
//! `wrk` rotating over the queries on `/api/v1/search`, once with `kind=article` and
//! once unfiltered (the searches the query log writes), with the query log's rows
//! counted, both with the result cache off (every request searches); then unfiltered
//! again with the result cache on as served (after the warm-up, every query of the
//! rotation is a repeat: the figure of popular queries, not of new ones).

use std::time::Duration;

use anyhow::Context;
use aula::app::AppState;
use sea_orm::{ConnectionTrait, Statement};

use crate::common::wrk::{Figures, Load, rotating_script};
use crate::queries::Query;

const CONNECTIONS: usize = 32;
const WARM_UP_SECONDS: u64 = 2;
const EMAIL: &str = "bench@aula.test";
const PASSWORD: &str = "bench-password-1";

/// One wrk run on the search API.
pub struct LoadRow {
    /// What was asked.
    pub label: &'static str,
    /// Open connections.
    pub connections: usize,
    /// Length of the measured run.
    pub seconds: u64,
    /// What wrk reported.
    pub figures: Figures,
    /// Rows the query log gained over the run (warm-up included).
    pub logged: Option<u64>,
}

/// Runs both loads; none (with a message) when `wrk` is missing.
pub async fn api_under_load(state: &AppState, queries: &[Query]) -> anyhow::Result<Vec<LoadRow>> {
    let Some(wrk) = crate::common::find_program("wrk") else {
        println!(
            "search API under load: skipped, `wrk` is not installed \
             (Debian/Ubuntu: `apt-get install wrk`)"
        );
        return Ok(Vec::new());
    };
    let seconds = crate::env_number("AULA_BENCH_SECONDS", 10).max(1);
    aula::accounts::users::add(
        state.db(),
        aula::accounts::users::NewUser {
            email: EMAIL.into(),
            name: "Bench".into(),
            role: "admin".into(),
            password: Some(PASSWORD.into()),
            ..Default::default()
        },
        &[],
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(aula::web::serve(state.clone(), listener, async {
        stopped.await.ok();
    }));
    let rows = measure(state, &base, &wrk, queries, seconds).await;
    let _ = stop.send(());
    server.await??;
    rows
}

async fn measure(
    state: &AppState,
    base: &str,
    wrk: &std::path::Path,
    queries: &[Query],
    seconds: u64,
) -> anyhow::Result<Vec<LoadRow>> {
    let client = reqwest::Client::new();
    let cookie = crate::common::sign_in(&client, base, EMAIL, PASSWORD).await?;
    let headers = [format!("Cookie: {cookie}")];
    let dir = tempfile::tempdir()?;
    let mut rows = Vec::new();
    for (label, filter, cache) in [
        ("/api/v1/search?q=…&kind=article", "&kind=article", 0),
        ("/api/v1/search?q=… (logged)", "", 0),
        (
            "/api/v1/search?q=… (logged, result cache on)",
            "",
            aula::search::DEFAULT_RESULT_CACHE,
        ),
    ] {
        state.search().set_result_cache(cache);
        let paths: Vec<String> = queries
            .iter()
            .map(|q| {
                let q: String = url::form_urlencoded::byte_serialize(q.query.as_bytes()).collect();
                format!("/api/v1/search?q={q}{filter}")
            })
            .collect();
        check(&client, base, &paths[0], &cookie).await?;
        let folder = dir.path().join(rows.len().to_string());
        std::fs::create_dir(&folder)?;
        let script = rotating_script(&folder, &paths)?;
        let logged_before = logged(state).await?;
        let load = |seconds| Load {
            wrk,
            url: base,
            connections: CONNECTIONS,
            seconds,
            headers: &headers,
            script: Some(&script),
        };
        load(WARM_UP_SECONDS).run().await?;
        let figures = load(seconds).run().await?;
        // The log writes what it holds every FLUSH_EVERY: wait for the last batch.
        tokio::time::sleep(aula::search::log::FLUSH_EVERY * 3).await;
        let logged_after = logged(state).await?;
        println!(
            "  {label}: {:.0} req/s, p50 {} ms, p99 {} ms",
            figures.requests_per_second,
            crate::common::latency::ms(figures.p50),
            crate::common::latency::ms(figures.p99)
        );
        rows.push(LoadRow {
            label,
            connections: CONNECTIONS,
            seconds,
            figures,
            logged: Some(logged_after.saturating_sub(logged_before)),
        });
    }
    Ok(rows)
}

/// One request first: a refusal or an error page would be measured as happily as the
/// real thing.
async fn check(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: &str,
) -> anyhow::Result<()> {
    let r = client
        .get(format!("{base}{path}"))
        .header(reqwest::header::COOKIE, cookie)
        .timeout(Duration::from_secs(10))
        .send()
        .await?;
    let status = r.status();
    let body = r.text().await?;
    anyhow::ensure!(
        status == 200 && body.contains("\"hits\":"),
        "{path}: {status}: {body}"
    );
    Ok(())
}

/// Rows in the query log.
async fn logged(state: &AppState) -> anyhow::Result<u64> {
    let db = state.db();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM search_queries",
        ))
        .await?
        .context("COUNT(*) answered no row")?;
    Ok(row.try_get_by_index::<i64>(0)? as u64)
}
