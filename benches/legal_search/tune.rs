//! `--tune`: coordinate ascent over the query weights on the dev half, so that the
//! weights Aula ships are learned by code anyone can rerun, never on the test half.
//!
//! Each round tries, for every weight in turn, a few values around the current one
//! (a multiple of it, or a small absolute value when it is zero), keeps the value with
//! the best mean nDCG@10 over the dev queries when it beats the current one by more
//! than [`MIN_GAIN`], and stops after a round without a change or after [`ROUNDS`].
//! The result is printed as an `AULA_BENCH_WEIGHTS` spec to check on the test half.

use aula::app::AppState;
use aula::search::query::Weights;
use aula::search::{Kind, SearchRequest};

use crate::TOP;
use crate::common::ranking::{mean, ndcg_at};
use crate::queries::Query;

/// Rounds over all the weights at most.
const ROUNDS: usize = 4;
/// A change must gain at least this much mean nDCG@10 to be kept (noise on ~140
/// queries is larger than a single query's swing at this size).
const MIN_GAIN: f64 = 0.002;
/// Multipliers tried around a non-zero weight.
const FACTORS: &[f32] = &[0.0, 0.25, 0.5, 0.75, 1.25, 1.5, 2.0, 3.0];
/// Values tried for a weight at zero.
const FROM_ZERO: &[f32] = &[0.1, 0.25, 0.5, 1.0, 2.0];

/// The weights the ascent moves. `slop` is an integer and `answer_ratio` does not
/// change the ranking, so they stay; so does `headings`: it weighs a lesson's section
/// titles as much as an article's place in its act (Titolo, Capo), and lessons are
/// not what this evaluation measures.
const TUNED: &[&str] = &[
    "title",
    "body_exact",
    "title_exact",
    "proximity",
    "fuzzy",
    "thesaurus",
    "rubrica",
    "anchors",
    "passage_rubrica",
    "passage_proximity",
    "passage_coord",
    "passage_scale",
    "passage_lift",
    "passage_bonus",
];

/// First checks, within the dev half, whether tuning generalises: two folds (even and
/// odd queries), each tuned on one and measured on the other, against the starting
/// weights. Then runs the ascent over all of `queries` (all from the dev half), prints
/// the spec, and leaves the best weights set on the search.
pub fn tune(state: &AppState, queries: &[Query]) -> anyhow::Result<Weights> {
    anyhow::ensure!(
        queries.iter().all(|q| q.split == "dev"),
        "--tune learns weights on the dev half only: run it with --split dev"
    );
    let start = state.search().weights();
    let mut held_out_gain = 0.0;
    let mut both_folds_gain = true;
    for fold in 0..2 {
        let (train, held): (Vec<Query>, Vec<Query>) = queries
            .iter()
            .enumerate()
            .map(|(i, q)| (i % 2 == fold, q.clone()))
            .fold(
                (Vec::new(), Vec::new()),
                |(mut train, mut held), (in_train, q)| {
                    if in_train {
                        train.push(q);
                    } else {
                        held.push(q);
                    }
                    (train, held)
                },
            );
        println!("fold {fold}: tuning on {} dev queries", train.len());
        let tuned = ascend(state, &train, start);
        let before = score(state, &held, start);
        let after = score(state, &held, tuned);
        println!(
            "fold {fold}: held-out nDCG@10 {before:.4} → {after:.4} ({:+.4})",
            after - before
        );
        held_out_gain += (after - before) / 2.0;
        both_folds_gain &= after > before;
    }
    println!("cross-validation within dev: mean held-out gain {held_out_gain:+.4}");
    // The rule, decided on dev alone: weights learned here replace the defaults only
    // when tuning on one half of dev improved the other half, both ways round.
    println!(
        "{}",
        if both_folds_gain {
            "tuning generalises within dev (both folds gain): ship the weights below"
        } else {
            "tuning does not generalise within dev (a fold loses): keep the defaults"
        }
    );
    let best = ascend(state, queries, start);
    state.search().set_weights(best);
    println!("AULA_BENCH_WEIGHTS={}", spec(&start, &best));
    Ok(best)
}

/// Coordinate ascent from `start` over `queries`.
fn ascend(state: &AppState, queries: &[Query], start: Weights) -> Weights {
    let mut best = start;
    let mut best_score = score(state, queries, best);
    println!("  start nDCG@10 {best_score:.4}");
    for round in 1..=ROUNDS {
        let mut changed = false;
        for &name in TUNED {
            let current = get(&best, name);
            let candidates: Vec<f32> = if current == 0.0 {
                FROM_ZERO.to_vec()
            } else {
                FACTORS.iter().map(|f| round2(current * f)).collect()
            };
            for value in candidates {
                if value == current {
                    continue;
                }
                let Ok(trial) = with(best, name, value) else {
                    continue;
                };
                let s = score(state, queries, trial);
                if s > best_score + MIN_GAIN {
                    println!("  round {round}: {name} {current} → {value}: {s:.4}");
                    best = trial;
                    best_score = s;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    println!(
        "tuned: nDCG@10 {best_score:.4} on these {} queries",
        queries.len()
    );
    best
}

/// Mean nDCG@10 of `weights` over `queries`.
fn score(state: &AppState, queries: &[Query], weights: Weights) -> f64 {
    state.search().set_weights(weights);
    let values = queries.iter().map(|q| {
        let request = SearchRequest {
            q: q.query.clone(),
            kind: Some(Kind::Article),
            limit: TOP,
            ..SearchRequest::default()
        };
        let ranked: Vec<String> = state
            .search()
            .search(&request)
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        ndcg_at(&ranked, &q.judgments, TOP)
    });
    mean(values).0
}

fn round2(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

fn with(weights: Weights, name: &str, value: f32) -> anyhow::Result<Weights> {
    weights
        .with_overrides(&format!("{name}={value}"))
        .map_err(|e| anyhow::anyhow!(e))
}

fn get(w: &Weights, name: &str) -> f32 {
    w.get(name)
        .unwrap_or_else(|| unreachable!("no weight named {name}"))
}

/// The overrides that turn `from` into `to`.
fn spec(from: &Weights, to: &Weights) -> String {
    TUNED
        .iter()
        .filter(|name| get(from, name) != get(to, name))
        .map(|name| format!("{name}={}", get(to, name)))
        .collect::<Vec<_>>()
        .join(",")
}
