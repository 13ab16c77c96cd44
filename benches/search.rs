//! Search quality and speed (issue #7), in one run on the same documents and the same
//! questions, for Aula (tantivy) and the two baselines a team would otherwise reach
//! for: SQLite FTS5 and PostgreSQL full-text search.
//!
//! - Quality: the SQuAD-it test set in `../shared/corpus/squad-it/` (2,010 paragraphs;
//!   a question's relevant document is its paragraph), first 2,000 questions: MRR@10
//!   and recall@10.
//! - Latency: p50 and p99 of the search call (Aula: the function the handler calls,
//!   with snippets and facets; FTS5: bm25 + `snippet`; PostgreSQL: `ts_rank` LIMIT 10
//!   + `ts_headline` on those 10), and of the whole HTTP request to `/api/v1/search`.
//! - `--scale N`: N synthetic documents drawn (seeded) from the word frequencies of the
//!   legal corpus: Aula's index build and query p50/p99 beside PostgreSQL's load, GIN
//!   build and query.
//!
//! Run: `AULA_LOG=warn cargo bench --bench search` (`AULA_BENCH_ONLY=aula` for Aula's
//! figures alone, `AULA_BENCH_WEIGHTS=proximity=1,slop=2` to try other query weights) and
//! `AULA_LOG=warn cargo bench --bench search -- --scale 1000000`
//! (PostgreSQL at `AULA_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432`;
//! skipped with a message when it does not answer).

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aula::config::Config;
use aula::demo::generate::Rng;
use aula::search::documents::{Kind, SearchDoc};
use aula::search::{SearchIndex, SearchRequest};
use common::baselines::{Fts5, pg_admin, pg_index, pg_load, pg_query, with_pg_database, words};
use common::latency::{ms, percentile};
use sea_orm::DatabaseConnection;

const QUESTIONS: usize = 2_000;
const TOP: usize = 10;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scale") {
        let n = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        return scale(n).await;
    }
    quality().await
}

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path)
}

// --- SQuAD-it ------------------------------------------------------------------

struct Squad {
    paragraphs: Vec<String>,
    /// Question and the index of its paragraph.
    questions: Vec<(String, usize)>,
}

fn load_squad() -> anyhow::Result<Squad> {
    let path = shared("corpus/squad-it/SQuAD_it-test.json.gz");
    let file = std::fs::File::open(&path)
        .map_err(|e| anyhow::anyhow!("{}: {e} (the shared corpus is needed)", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text)?;
    let json: serde_json::Value = serde_json::from_str(&text)?;
    let mut squad = Squad {
        paragraphs: Vec::new(),
        questions: Vec::new(),
    };
    for article in json["data"].as_array().into_iter().flatten() {
        for paragraph in article["paragraphs"].as_array().into_iter().flatten() {
            let index = squad.paragraphs.len();
            squad.paragraphs.push(
                paragraph["context"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
            for qa in paragraph["qas"].as_array().into_iter().flatten() {
                squad.questions.push((
                    qa["question"].as_str().unwrap_or_default().to_string(),
                    index,
                ));
            }
        }
    }
    squad.questions.truncate(QUESTIONS);
    Ok(squad)
}

#[derive(Default)]
struct Scores {
    reciprocal: f64,
    found: usize,
    times: Vec<Duration>,
    http: Vec<Duration>,
}

impl Scores {
    fn add(&mut self, ranked: &[usize], relevant: usize, took: Duration) {
        if let Some(rank) = ranked.iter().take(TOP).position(|&d| d == relevant) {
            self.reciprocal += 1.0 / (rank as f64 + 1.0);
            self.found += 1;
        }
        self.times.push(took);
    }
}

async fn quality() -> anyhow::Result<()> {
    let squad = load_squad()?;
    let n = squad.questions.len() as f64;
    println!(
        "SQuAD-it: {} paragraphs, {} questions; top {TOP}",
        squad.paragraphs.len(),
        squad.questions.len()
    );
    let aula = aula_quality(&squad).await?;
    if std::env::var("AULA_BENCH_ONLY").is_ok_and(|v| v == "aula") {
        println!(
            "Aula (tantivy): MRR@10 {:.3}, recall@10 {:.3}, p50 {} ms, p99 {} ms",
            aula.reciprocal / n,
            aula.found as f64 / n,
            ms(percentile(&aula.times, 0.5)),
            ms(percentile(&aula.times, 0.99))
        );
        return Ok(());
    }
    let fts5 = fts5_quality(&squad).await?;
    let pg = match pg_admin().await {
        Ok(admin) => Some(with_pg_database(&admin, |db| pg_quality(db, &squad)).await?),
        Err(e) => {
            println!("PostgreSQL: skipped ({e})");
            None
        }
    };
    println!();
    println!(
        "{:<22} {:>7} {:>10} {:>9} {:>9} {:>10} {:>10}",
        "system", "MRR@10", "recall@10", "p50 ms", "p99 ms", "HTTP p50", "HTTP p99"
    );
    let mut rows = vec![("Aula (tantivy)", &aula), ("SQLite FTS5", &fts5)];
    if let Some(pg) = &pg {
        rows.push(("PostgreSQL FTS", pg));
    }
    for (name, s) in &rows {
        let http = |p| {
            if s.http.is_empty() {
                "-".to_string()
            } else {
                ms(percentile(&s.http, p))
            }
        };
        println!(
            "{name:<22} {:>7.3} {:>10.3} {:>9} {:>9} {:>10} {:>10}",
            s.reciprocal / n,
            s.found as f64 / n,
            ms(percentile(&s.times, 0.5)),
            ms(percentile(&s.times, 0.99)),
            http(0.5),
            http(0.99),
        );
    }
    let better = rows[1..]
        .iter()
        .max_by(|a, b| a.1.reciprocal.total_cmp(&b.1.reciprocal))
        .map(|(name, s)| (*name, *s));
    if let Some((name, s)) = better {
        println!();
        println!(
            "against the better baseline ({name}): p50 {:.1}× faster, p99 {:.1}× faster; MRR@10 {:+.3}",
            percentile(&s.times, 0.5).as_secs_f64() / percentile(&aula.times, 0.5).as_secs_f64(),
            percentile(&s.times, 0.99).as_secs_f64() / percentile(&aula.times, 0.99).as_secs_f64(),
            (aula.reciprocal - s.reciprocal) / n,
        );
    }
    Ok(())
}

fn squad_docs(squad: &Squad) -> Vec<SearchDoc> {
    squad
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, text)| SearchDoc {
            id: i.to_string(),
            kind: Kind::Lesson,
            title: String::new(),
            headings: String::new(),
            body: text.clone(),
            context: String::new(),
            url: format!("/p/{i}"),
            ..SearchDoc::default()
        })
        .collect()
}

/// Aula: the real app on SQLite (no courses), its index holding the paragraphs.
async fn aula_quality(squad: &Squad) -> anyhow::Result<Scores> {
    let dir = tempfile::tempdir()?;
    let courses = dir.path().join("courses");
    std::fs::create_dir_all(&courses)?;
    let config = Config {
        database_url: format!("sqlite://{}?mode=rwc", dir.path().join("aula.db").display()),
        courses_dir: courses,
        index_dir: dir.path().join("index"),
        outbox_dir: dir.path().join("outbox"),
        // The bench reads no metrics; a server running beside it keeps its port.
        metrics: aula::config::Metrics {
            bind: String::new(),
        },
        ..Config::default()
    };
    let state = aula::app::prepare(config).await?;
    // Every search is timed: none may come from the result cache.
    state.search().set_result_cache(0);
    if let Ok(spec) = std::env::var("AULA_BENCH_WEIGHTS") {
        let weights = aula::search::query::Weights::default()
            .with_overrides(&spec)
            .map_err(|e| anyhow::anyhow!("AULA_BENCH_WEIGHTS: {e}"))?;
        println!("weights: {weights:?}");
        state.search().set_weights(weights);
    }
    let started = Instant::now();
    state
        .search()
        .replace(squad_docs(squad), "squad-it".into(), None)
        .await?;
    println!("Aula: indexed in {:.2} s", started.elapsed().as_secs_f64());

    let mut scores = Scores::default();
    for (question, relevant) in &squad.questions {
        let request = SearchRequest {
            q: question.clone(),
            limit: TOP,
            ..SearchRequest::default()
        };
        let t = Instant::now();
        let results = state.search().search(&request);
        let took = t.elapsed();
        let ranked: Vec<usize> = results
            .hits
            .iter()
            .filter_map(|h| h.id.parse().ok())
            .collect();
        scores.add(&ranked, *relevant, took);
    }

    if std::env::var("AULA_BENCH_ONLY").is_ok_and(|v| v == "aula") {
        return Ok(scores);
    }
    // The whole HTTP request, signed in, one at a time.
    aula::accounts::users::add(
        state.db(),
        aula::accounts::users::NewUser {
            email: "bench@aula.test".into(),
            name: "Bench".into(),
            role: "admin".into(),
            password: Some("bench-password-1".into()),
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
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": "bench@aula.test", "password": "bench-password-1"}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 200, "sign-in failed: {}", r.status());
    for (question, _) in &squad.questions {
        let t = Instant::now();
        let r = client
            .get(format!("{base}/api/v1/search"))
            .query(&[("q", question.as_str()), ("limit", "10")])
            .send()
            .await?;
        anyhow::ensure!(r.status() == 200, "search failed: {}", r.status());
        let _body = r.bytes().await?;
        scores.http.push(t.elapsed());
    }
    let _ = stop.send(());
    server.await??;
    Ok(scores)
}

/// SQLite FTS5: unicode61 with diacritics removed, terms OR-ed, bm25, `snippet`.
async fn fts5_quality(squad: &Squad) -> anyhow::Result<Scores> {
    let started = Instant::now();
    let fts5 = Fts5::build(&squad.paragraphs).await?;
    println!(
        "SQLite FTS5: indexed in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let mut scores = Scores::default();
    for (question, relevant) in &squad.questions {
        let terms = words(question);
        let t = Instant::now();
        let ranked = fts5.query(&terms).await?;
        let took = t.elapsed();
        scores.add(&ranked, *relevant, took);
    }
    Ok(scores)
}

/// PostgreSQL: `italian` configuration, GIN index, terms OR-ed, `ts_rank` LIMIT 10,
/// `ts_headline` on those 10.
async fn pg_quality(db: DatabaseConnection, squad: &Squad) -> anyhow::Result<Scores> {
    pg_load(&db, &squad.paragraphs).await?;
    let started = Instant::now();
    pg_index(&db).await?;
    println!(
        "PostgreSQL: indexed in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let mut scores = Scores::default();
    for (question, relevant) in &squad.questions {
        let terms = words(question);
        let t = Instant::now();
        let ranked = pg_query(&db, &terms).await?;
        scores.add(&ranked, *relevant, t.elapsed());
    }
    Ok(scores)
}

// --- Scale ------------------------------------------------------------------------

/// Words of the legal corpus with their cumulative frequencies.
fn vocabulary() -> anyhow::Result<(Vec<String>, Vec<u64>)> {
    let dir = shared("corpus/normattiva");
    let mut counts: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for entry in std::fs::read_dir(&dir)
        .map_err(|e| anyhow::anyhow!("{}: {e} (the shared corpus is needed)", dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            for w in words(&std::fs::read_to_string(&path)?) {
                if w.chars().any(char::is_alphabetic) {
                    *counts.entry(w).or_default() += 1;
                }
            }
        }
    }
    let mut by_freq: Vec<(String, u64)> = counts.into_iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut total = 0;
    let mut cumulative = Vec::with_capacity(by_freq.len());
    let mut vocab = Vec::with_capacity(by_freq.len());
    for (w, c) in by_freq {
        total += c;
        cumulative.push(total);
        vocab.push(w);
    }
    Ok((vocab, cumulative))
}

fn draw<'a>(rng: &mut Rng, vocab: &'a [String], cumulative: &[u64]) -> &'a str {
    let total = *cumulative.last().unwrap_or(&1);
    let x = rng.below(total);
    let i = cumulative.partition_point(|&c| c <= x);
    &vocab[i.min(vocab.len() - 1)]
}

async fn scale(n: usize) -> anyhow::Result<()> {
    let (vocab, cumulative) = vocabulary()?;
    println!(
        "scale: {n} synthetic documents from {} distinct words of the legal corpus",
        vocab.len()
    );
    let mut rng = Rng::new(0x00c0_ffee_1234_5678);
    let started = Instant::now();
    let texts: Vec<String> = (0..n)
        .map(|_| {
            let len = 20 + rng.below(100) as usize;
            let mut text = String::with_capacity(len * 8);
            for k in 0..len {
                if k > 0 {
                    text.push(' ');
                }
                text.push_str(draw(&mut rng, &vocab, &cumulative));
            }
            text
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "generated {:.0} MB in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    // Queries: 2 to 4 words of middling frequency (ranks 50 to 5,000).
    let band = &vocab[50.min(vocab.len())..5_000.min(vocab.len())];
    let queries: Vec<String> = (0..300)
        .map(|_| {
            let k = 2 + rng.below(3) as usize;
            (0..k)
                .map(|_| band[rng.below(band.len() as u64) as usize].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();

    // Aula.
    let dir = tempfile::tempdir()?;
    let index = SearchIndex::open(&dir.path().join("index"))?;
    let docs: Vec<SearchDoc> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| SearchDoc {
            id: i.to_string(),
            kind: Kind::Article,
            title: String::new(),
            headings: String::new(),
            body: text.clone(),
            context: String::new(),
            url: String::new(),
            ..SearchDoc::default()
        })
        .collect();
    let started = Instant::now();
    index.replace(docs, "scale".into(), None).await?;
    let aula_build = started.elapsed();
    let mut aula_times = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let results = index.search(&SearchRequest {
            q: q.clone(),
            limit: TOP,
            ..SearchRequest::default()
        });
        aula_times.push(t.elapsed());
        std::hint::black_box(results);
    }
    println!(
        "Aula (tantivy)   build {:>8.1} s   query p50 {} ms  p99 {} ms",
        aula_build.as_secs_f64(),
        ms(percentile(&aula_times, 0.5)),
        ms(percentile(&aula_times, 0.99))
    );
    drop(index);

    // PostgreSQL.
    match pg_admin().await {
        Ok(admin) => {
            with_pg_database(&admin, |db| async move {
                let started = Instant::now();
                pg_load(&db, &texts).await?;
                let load = started.elapsed();
                let started = Instant::now();
                pg_index(&db).await?;
                let build = started.elapsed();
                let mut times = Vec::new();
                for q in &queries {
                    let t = Instant::now();
                    std::hint::black_box(pg_query(&db, &words(q)).await?);
                    times.push(t.elapsed());
                }
                println!(
                    "PostgreSQL FTS   load {:>7.1} s + tsvector and GIN build {:>7.1} s   query p50 {} ms  p99 {} ms",
                    load.as_secs_f64(),
                    build.as_secs_f64(),
                    ms(percentile(&times, 0.5)),
                    ms(percentile(&times, 0.99))
                );
                Ok(())
            })
            .await?;
        }
        Err(e) => println!("PostgreSQL: skipped ({e})"),
    }
    Ok(())
}
