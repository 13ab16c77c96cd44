//! Legal search evaluation (issue #17): how well and how fast Aula finds the article
//! that answers a question about the seven acts of `../shared/corpus/normattiva/`,
//! beside SQLite FTS5 and PostgreSQL full-text search over the same articles.
//!
//! - Corpus: the acts are imported into a fresh SQLite database with
//!   `aula::content::library::import_file` and the app reloaded as after
//!   `aula library import` (`courses/` and the library in Aula's index), so Aula is
//!   measured as served.
//! - Aula: the search function `/api/v1/search` calls, `kind=article`, top 10.
//! - Baselines: one row per article holding the rubrica and the article's plain text
//!   (the body Aula indexes for it): SQLite FTS5 (`unicode61 remove_diacritics 2`,
//!   default `bm25`) and PostgreSQL (`italian` configuration, `ts_rank`), in a database
//!   the bench creates and drops at `AULA_TEST_POSTGRES_URL` (default
//!   `postgres://postgres@127.0.0.1:5432`; skipped with a message when it does not
//!   answer).
//! - Query text for the baselines: the query's words (letters and digits, lower case,
//!   each once) OR-ed, so that any word may match and the ranking function weighs them:
//!   FTS5 gets each word quoted (`"carta" OR "soggiorno"`, no FTS5 syntax gets through);
//!   PostgreSQL gets `to_tsquery('italian', 'carta | soggiorno')`, the OR of what
//!   `plainto_tsquery` would make of each word (stemmed, stop words dropped).
//!   `websearch_to_tsquery` and `plainto_tsquery` on the whole query AND the words,
//!   which finds nothing for most questions asked in everyday words: that would not be
//!   a fair baseline.
//! - Queries: `benches/data/legal_search/queries.jsonl` (`AULA_BENCH_QUERIES` names
//!   another file), the `test` split unless `--split dev|test|all`.
//! - Metrics: nDCG@10 (gain = grade, 2 or 1; ideal DCG from the query's judgments),
//!   MRR@10 (rank of the first article graded 2) and recall@10 (share of the articles
//!   graded 2 in the top 10), for group a, group b and all; latency p50/p99 of the
//!   search call over every query, after a warm-up pass, `AULA_BENCH_REPEAT` times
//!   (default 5).
//! - Load: `wrk` with 32 connections on `/api/v1/search` rotating over the queries,
//!   with `kind=article` and without a filter (only unfiltered searches are written to
//!   the query log); `AULA_BENCH_SECONDS` per run (default 10, after 2 s of warm-up).
//!
//! Prints a table and writes the figures to `target/legal_search.json`.
//!
//! Run: `AULA_LOG=warn cargo bench --bench legal_search` (or `… -- --split dev`);
//! `AULA_BENCH_WEIGHTS=thesaurus=0.5,passage_lift=0.9` tries other query weights (see
//! `aula::search::query::Weights`): tune on the dev split only, report the test split.
//! `… -- --split dev --tune` learns them by coordinate ascent on the dev split and
//! prints the spec; `AULA_BENCH_LOAD=0` skips the load runs.

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;
#[path = "legal_search/load.rs"]
mod load;
#[path = "legal_search/queries.rs"]
mod queries;
#[path = "legal_search/report.rs"]
mod report;
#[path = "legal_search/tune.rs"]
mod tune;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use aula::app::AppState;
use aula::config::Config;
use aula::search::{Kind, SearchRequest};
use common::baselines::{Fts5, pg_admin, pg_index, pg_load, pg_query, with_pg_database, words};
use queries::{Query, Split};
use sea_orm::DatabaseConnection;

// The allocator of the `aula` binary, so that the server measured here is the one run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hits per query, the cut-off of every metric.
pub const TOP: usize = 10;

fn main() -> ExitCode {
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
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

async fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let split = Split::from_args(&args)?;
    let corpus = manifest().join("../shared/corpus/normattiva");
    if !corpus.is_dir() {
        println!(
            "legal_search bench: {} is missing; it measures search over the seven acts \
             kept there, so there is nothing to measure (skipped)",
            corpus.display()
        );
        return Ok(());
    }
    let file = std::env::var_os("AULA_BENCH_QUERIES").map_or_else(
        || manifest().join("benches/data/legal_search/queries.jsonl"),
        PathBuf::from,
    );
    let queries = queries::load(&file, split)?;
    let repeat = env_number("AULA_BENCH_REPEAT", 5).max(1) as usize;

    let dir = tempfile::tempdir()?;
    let state = aula::app::prepare(Config {
        database_url: common::baselines::sqlite_url(&dir.path().join("aula.db")),
        courses_dir: manifest().join("courses"),
        index_dir: dir.path().join("index"),
        outbox_dir: dir.path().join("outbox"),
        ..Config::default()
    })
    .await?;
    // Every search is timed: none may come from the result cache (the load runs
    // measure the API with and without it).
    state.search().set_result_cache(0);
    let started = Instant::now();
    let acts = aula::content::library::expand_paths(&[corpus])?;
    for act in &acts {
        aula::content::library::import_file(state.db(), act).await?;
    }
    state.reload_courses().await?;
    if let Ok(spec) = std::env::var("AULA_BENCH_WEIGHTS") {
        // Tuning: try other query weights (on the dev split only).
        let weights = aula::search::query::Weights::default()
            .with_overrides(&spec)
            .map_err(|e| anyhow::anyhow!("AULA_BENCH_WEIGHTS: {e}"))?;
        println!("weights: {weights:?}");
        state.search().set_weights(weights);
    }
    if args.iter().any(|a| a == "--tune") {
        tune::tune(&state, &queries)?;
        return Ok(());
    }
    let models = aula::content::library::store::all_articles(state.db()).await?;
    let articles: Vec<Article> = models
        .iter()
        .map(|model| Article {
            id: model.id.clone(),
            text: format!(
                "{}\n{}",
                model.heading.as_deref().unwrap_or_default(),
                aula::search::documents::article_doc(model, None).body
            ),
        })
        .collect();
    println!(
        "library: {} acts, {} articles imported and indexed in {:.1} s",
        acts.len(),
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    let unknown = report::unknown_judgments(&queries, &articles);
    let header = report::Header {
        file: file.display().to_string(),
        split: split.name(),
        acts: acts.len(),
        articles: articles.len(),
        repeat,
        unknown: unknown.len(),
    };
    report::print_header(&header, &queries, &unknown);

    let mut runs = vec![measure(&System::Aula(&state), &queries, repeat).await?];
    let texts: Vec<String> = articles.iter().map(|a| a.text.clone()).collect();
    let fts5 = Fts5::build(&texts).await?;
    runs.push(measure(&System::Fts5(&fts5, &articles), &queries, repeat).await?);
    drop(fts5);
    match pg_admin().await {
        Ok(admin) => {
            let pg = with_pg_database(&admin, |db| {
                let (texts, articles, queries) = (&texts, &articles, &queries);
                async move {
                    pg_load(&db, texts).await?;
                    pg_index(&db).await?;
                    measure(&System::Postgres(&db, articles), queries, repeat).await
                }
            })
            .await?;
            runs.push(pg);
        }
        Err(e) => println!("PostgreSQL: skipped, the server does not answer ({e})"),
    }

    let under_load = if env_number("AULA_BENCH_LOAD", 1) == 0 {
        println!("search API under load: skipped (AULA_BENCH_LOAD=0)");
        Vec::new()
    } else {
        load::api_under_load(&state, &queries).await?
    };
    let figures = report::Figures::new(header, &queries, &runs, &under_load);
    report::print_table(&figures);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest().join("target"), PathBuf::from);
    std::fs::create_dir_all(&target)?;
    let json = target.join("legal_search.json");
    std::fs::write(&json, serde_json::to_string_pretty(&figures.to_json())?)?;
    println!("figures written to {}", json.display());
    Ok(())
}

/// An article as the baselines index it.
pub struct Article {
    /// Aula's id, `<act>/art-<slug>`.
    pub id: String,
    /// Rubrica, a line break, then the text Aula indexes as the article's body.
    pub text: String,
}

/// A system under measure.
enum System<'a> {
    Aula(&'a AppState),
    Fts5(&'a Fts5, &'a [Article]),
    Postgres(&'a DatabaseConnection, &'a [Article]),
}

/// What one system answered and how long each call took.
pub struct Run {
    /// Its name in the table.
    pub system: &'static str,
    /// The ranked article ids of each query, in the order of the queries.
    pub ranked: Vec<Vec<String>>,
    /// Every timed call.
    pub times: Vec<Duration>,
}

impl System<'_> {
    fn name(&self) -> &'static str {
        match self {
            Self::Aula(_) => "Aula",
            Self::Fts5(..) => "SQLite FTS5",
            Self::Postgres(..) => "PostgreSQL FTS",
        }
    }

    /// The ten best article ids for `q` and how long the search took.
    async fn ask(&self, q: &str) -> anyhow::Result<(Vec<String>, Duration)> {
        match self {
            Self::Aula(state) => {
                let request = SearchRequest {
                    q: q.to_string(),
                    kind: Some(Kind::Article),
                    limit: TOP,
                    ..SearchRequest::default()
                };
                let t = Instant::now();
                let results = state.search().search(&request);
                let took = t.elapsed();
                Ok((results.hits.into_iter().map(|h| h.id).collect(), took))
            }
            Self::Fts5(fts5, articles) => {
                let terms = or_terms(q);
                let t = Instant::now();
                let ranked = fts5.query(&terms).await?;
                Ok((ids(&ranked, articles), t.elapsed()))
            }
            Self::Postgres(db, articles) => {
                let terms = or_terms(q);
                let t = Instant::now();
                let ranked = pg_query(db, &terms).await?;
                Ok((ids(&ranked, articles), t.elapsed()))
            }
        }
    }
}

/// The words of a query, each once, for the baselines' OR queries.
fn or_terms(q: &str) -> Vec<String> {
    let mut terms = words(q);
    terms.sort();
    terms.dedup();
    terms
}

fn ids(positions: &[usize], articles: &[Article]) -> Vec<String> {
    positions
        .iter()
        .filter_map(|&i| articles.get(i).map(|a| a.id.clone()))
        .collect()
}

/// One pass over the queries (kept for the metrics, and the warm-up), then `repeat`
/// timed passes.
async fn measure(system: &System<'_>, queries: &[Query], repeat: usize) -> anyhow::Result<Run> {
    let started = Instant::now();
    let mut ranked = Vec::with_capacity(queries.len());
    for query in queries {
        ranked.push(system.ask(&query.query).await?.0);
    }
    let mut times = Vec::with_capacity(queries.len() * repeat);
    for _ in 0..repeat {
        for query in queries {
            times.push(system.ask(&query.query).await?.1);
        }
    }
    println!(
        "{}: {} searches in {:.2} s",
        system.name(),
        queries.len() * (repeat + 1),
        started.elapsed().as_secs_f64()
    );
    Ok(Run {
        system: system.name(),
        ranked,
        times,
    })
}
