//! The figures of a run: metrics by system and group, latency, load; printed as a
//! table and written as JSON.

use std::collections::HashSet;

use crate::common::latency::{ms, percentile};
use crate::common::ranking::{self, Judgments};
use crate::load::LoadRow;
use crate::queries::Query;
use crate::{Article, Run, TOP};

/// What was measured on what.
pub struct Header {
    /// The queries file.
    pub file: String,
    /// The split measured.
    pub split: &'static str,
    /// Acts imported.
    pub acts: usize,
    /// Articles indexed.
    pub articles: usize,
    /// Timed passes over the queries.
    pub repeat: usize,
    /// Judgments naming an article the library lacks.
    pub unknown: usize,
}

/// Judged ids that are no article of the library, as `(query id, article id)`.
pub fn unknown_judgments(queries: &[Query], articles: &[Article]) -> Vec<(String, String)> {
    let known: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut unknown: Vec<(String, String)> = queries
        .iter()
        .flat_map(|q| {
            q.judgments
                .keys()
                .filter(|id| !known.contains(id.as_str()))
                .map(|id| (q.id.clone(), id.clone()))
        })
        .collect();
    unknown.sort();
    unknown
}

/// Prints what the run measures, and the judgments that can never be found.
pub fn print_header(header: &Header, queries: &[Query], unknown: &[(String, String)]) {
    let in_group = |g: &str| queries.iter().filter(|q| q.group == g).count();
    println!(
        "queries: {} ({} split): {} (group a {}, group b {})",
        header.file,
        header.split,
        queries.len(),
        in_group("a"),
        in_group("b")
    );
    if !unknown.is_empty() {
        println!(
            "warning: {} judgments name an article that is not in the library (they count \
             as never found):",
            unknown.len()
        );
        for (query, id) in unknown.iter().take(10) {
            println!("  {query}: {id}");
        }
    }
}

/// Metrics of one system on one group of queries.
pub struct GroupFigures {
    /// `a`, `b` or `all`.
    pub group: &'static str,
    /// Queries with a judgment above 0 (those nDCG is averaged over).
    pub queries: usize,
    /// Queries with an article graded 2 (those MRR and recall are averaged over).
    pub answered: usize,
    /// Mean nDCG@10.
    pub ndcg: f64,
    /// Mean reciprocal rank of the first article graded 2 within the top 10.
    pub mrr: f64,
    /// Mean share of the articles graded 2 found in the top 10.
    pub recall: f64,
}

/// One system's figures.
pub struct SystemFigures {
    /// Its name.
    pub system: &'static str,
    /// Groups a, b and all.
    pub groups: Vec<GroupFigures>,
    /// Median search call, ms.
    pub p50_ms: f64,
    /// 99th percentile search call, ms.
    pub p99_ms: f64,
    /// Timed calls.
    pub samples: usize,
}

/// Everything the run found.
pub struct Figures<'a> {
    header: Header,
    systems: Vec<SystemFigures>,
    load: &'a [LoadRow],
}

fn group_figures(group: &'static str, queries: &[Query], run: &Run) -> GroupFigures {
    let chosen: Vec<(&Vec<String>, &Judgments)> = queries
        .iter()
        .zip(&run.ranked)
        .filter(|(q, _)| group == "all" || q.group == group)
        .map(|(q, ranked)| (ranked, &q.judgments))
        .collect();
    let (ndcg, n) = ranking::mean(chosen.iter().map(|(r, j)| ranking::ndcg_at(r, j, TOP)));
    let (mrr, answered) = ranking::mean(
        chosen
            .iter()
            .map(|(r, j)| ranking::reciprocal_rank_at(r, j, TOP)),
    );
    let (recall, _) = ranking::mean(chosen.iter().map(|(r, j)| ranking::recall_at(r, j, TOP)));
    GroupFigures {
        group,
        queries: n,
        answered,
        ndcg,
        mrr,
        recall,
    }
}

fn millis(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl<'a> Figures<'a> {
    /// Computes the metrics of every run.
    pub fn new(header: Header, queries: &[Query], runs: &[Run], load: &'a [LoadRow]) -> Self {
        let systems = runs
            .iter()
            .map(|run| SystemFigures {
                system: run.system,
                groups: ["a", "b", "all"]
                    .into_iter()
                    .map(|g| group_figures(g, queries, run))
                    .collect(),
                p50_ms: millis(percentile(&run.times, 0.5)),
                p99_ms: millis(percentile(&run.times, 0.99)),
                samples: run.times.len(),
            })
            .collect();
        Self {
            header,
            systems,
            load,
        }
    }

    fn system(&self, name: &str) -> Option<&SystemFigures> {
        self.systems.iter().find(|s| s.system == name)
    }

    /// The figures as JSON, for the closing note.
    pub fn to_json(&self) -> serde_json::Value {
        let h = &self.header;
        serde_json::json!({
            "command": format!("AULA_LOG=warn cargo bench --bench legal_search -- --split {}", h.split),
            "queries_file": h.file,
            "split": h.split,
            "acts": h.acts,
            "articles": h.articles,
            "top": TOP,
            "mrr_counts": "first article graded 2",
            "recall_counts": "share of the articles graded 2 in the top 10",
            "unknown_judgments": h.unknown,
            "latency_repeat": h.repeat,
            "systems": self.systems.iter().map(|s| serde_json::json!({
                "system": s.system,
                "groups": s.groups.iter().map(|g| (g.group.to_string(), serde_json::json!({
                    "queries": g.queries,
                    "answered_queries": g.answered,
                    "ndcg_at_10": g.ndcg,
                    "mrr_at_10": g.mrr,
                    "recall_at_10": g.recall,
                }))).collect::<serde_json::Map<_, _>>(),
                "latency_ms": {"p50": s.p50_ms, "p99": s.p99_ms, "samples": s.samples},
            })).collect::<Vec<_>>(),
            "api_under_load": self.load.iter().map(|row| serde_json::json!({
                "target": row.label,
                "connections": row.connections,
                "seconds": row.seconds,
                "requests_per_second": row.figures.requests_per_second,
                "p50_ms": millis(row.figures.p50),
                "p99_ms": millis(row.figures.p99),
                "requests": row.figures.requests,
                "non_2xx_3xx": row.figures.non_2xx_3xx,
                "socket_errors": row.figures.socket_errors,
                "query_log_rows": row.logged,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Prints the table, the load rows and where the targets stand.
pub fn print_table(figures: &Figures) {
    let h = &figures.header;
    println!();
    println!(
        "Legal search, {} split: {} articles of {} acts, top {TOP}; MRR@10 counts the first \
         article graded 2 (answers), recall@10 the share of the articles graded 2 in the \
         top 10; latency of the search call, {} timed passes after a warm-up pass",
        h.split, h.articles, h.acts, h.repeat
    );
    println!(
        "{:<16} {:<5} {:>7} {:>8} {:>7} {:>9} {:>8} {:>8}",
        "system", "group", "queries", "nDCG@10", "MRR@10", "recall@10", "p50 ms", "p99 ms"
    );
    for s in &figures.systems {
        for g in &s.groups {
            let (p50, p99) = if g.group == "all" {
                (format!("{:.3}", s.p50_ms), format!("{:.3}", s.p99_ms))
            } else {
                (String::new(), String::new())
            };
            println!(
                "{:<16} {:<5} {:>7} {:>8.3} {:>7.3} {:>9.3} {:>8} {:>8}",
                s.system, g.group, g.queries, g.ndcg, g.mrr, g.recall, p50, p99
            );
        }
    }
    if !figures.load.is_empty() {
        println!();
        println!("search API under wrk --latency -t2 (query log on):");
        println!(
            "{:<34} {:>5} {:>9} {:>9} {:>9} {:>14}",
            "target", "conns", "req/s", "p50 ms", "p99 ms", "log rows"
        );
        for row in figures.load {
            let f = &row.figures;
            println!(
                "{:<34} {:>5} {:>9.0} {:>9} {:>9} {:>14}",
                row.label,
                row.connections,
                f.requests_per_second,
                ms(f.p50),
                ms(f.p99),
                row.logged
                    .map_or_else(|| "-".to_string(), |n| n.to_string())
            );
            if f.non_2xx_3xx > 0 || f.socket_errors.is_some() {
                println!(
                    "  {} of {} responses not 2xx/3xx; socket errors: {}",
                    f.non_2xx_3xx,
                    f.requests,
                    f.socket_errors.as_deref().unwrap_or("none")
                );
            }
        }
    }
    print_targets(figures);
}

/// Where the targets stand in this run.
fn print_targets(figures: &Figures) {
    let (Some(aula), Some(fts5)) = (figures.system("Aula"), figures.system("SQLite FTS5")) else {
        return;
    };
    let ndcg = |s: &SystemFigures, g: &str| {
        s.groups
            .iter()
            .find(|x| x.group == g)
            .map_or(0.0, |x| x.ndcg)
    };
    let mark = |ok: bool| if ok { "met" } else { "not met" };
    println!();
    if figures.header.split == "test" {
        println!("issue #17 targets (test split):");
    } else {
        println!(
            "issue #17 targets (the issue sets them on the test split; this is the {} split):",
            figures.header.split
        );
    }
    let (a_all, f_all) = (ndcg(aula, "all"), ndcg(fts5, "all"));
    println!(
        "  nDCG@10 all ≥ FTS5 + 0.15: {a_all:.3} vs {:.3}: {}",
        f_all + 0.15,
        mark(a_all >= f_all + 0.15)
    );
    let b = ndcg(aula, "b");
    println!("  nDCG@10 group b ≥ 0.65: {b:.3}: {}", mark(b >= 0.65));
    for g in ["a", "b"] {
        let (a, f) = (ndcg(aula, g), ndcg(fts5, g));
        println!(
            "  group {g} not below FTS5: {a:.3} vs {f:.3}: {}",
            mark(a >= f)
        );
    }
    println!(
        "  search p99 below FTS5's: {:.3} ms vs {:.3} ms: {}",
        aula.p99_ms,
        fts5.p99_ms,
        mark(aula.p99_ms < fts5.p99_ms)
    );
    for row in figures.load {
        let p99 = millis(row.figures.p99);
        println!(
            "  API p99 < 20 ms at {} connections ({}): {p99:.2} ms: {}",
            row.connections,
            row.label,
            mark(p99 < 20.0 && row.figures.non_2xx_3xx == 0)
        );
    }
}
