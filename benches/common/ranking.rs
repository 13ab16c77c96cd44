//! Ranking metrics over graded judgments (2 = answers, 1 = related, unlisted = 0),
//! as pure functions of a ranked list of ids and a query's judgments. Tested from
//! `tests/app/` (benches run without the test harness).

use std::collections::HashMap;

/// Grade of each judged id.
pub type Judgments = HashMap<String, u8>;

/// The grade that counts as an answer for MRR and recall.
pub const ANSWER: u8 = 2;

/// Discounted cumulative gain of `gains` in rank order: gain / log2(rank + 1).
fn dcg(gains: impl Iterator<Item = f64>) -> f64 {
    gains
        .enumerate()
        .map(|(i, gain)| gain / (i as f64 + 2.0).log2())
        .sum()
}

/// nDCG@k with the grade as gain (2 or 1); the ideal ranking is the query's judged
/// ids by grade. `None` when nothing is judged above 0.
pub fn ndcg_at(ranked: &[String], judgments: &Judgments, k: usize) -> Option<f64> {
    let mut ideal: Vec<u8> = judgments.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(ideal.into_iter().take(k).map(f64::from));
    if best <= 0.0 {
        return None;
    }
    let got = dcg(ranked
        .iter()
        .take(k)
        .map(|id| f64::from(judgments.get(id).copied().unwrap_or(0))));
    Some(got / best)
}

/// Reciprocal rank of the first id graded [`ANSWER`] within the top `k` (0 when none
/// is); `None` when the query has no answering id.
pub fn reciprocal_rank_at(ranked: &[String], judgments: &Judgments, k: usize) -> Option<f64> {
    if !judgments.values().any(|&g| g == ANSWER) {
        return None;
    }
    Some(
        ranked
            .iter()
            .take(k)
            .position(|id| judgments.get(id) == Some(&ANSWER))
            .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0)),
    )
}

/// Share of the ids graded [`ANSWER`] found in the top `k` (a repeated id counted
/// once); `None` when the query has no answering id.
pub fn recall_at(ranked: &[String], judgments: &Judgments, k: usize) -> Option<f64> {
    let answers = judgments.values().filter(|&&g| g == ANSWER).count();
    if answers == 0 {
        return None;
    }
    let mut found: Vec<&String> = ranked
        .iter()
        .take(k)
        .filter(|id| judgments.get(*id) == Some(&ANSWER))
        .collect();
    found.sort();
    found.dedup();
    Some(found.len() as f64 / answers as f64)
}

/// Mean of the defined values, with how many there were.
pub fn mean(values: impl IntoIterator<Item = Option<f64>>) -> (f64, usize) {
    let (sum, n) = values
        .into_iter()
        .flatten()
        .fold((0.0, 0), |(sum, n), v| (sum + v, n + 1));
    if n == 0 {
        (0.0, 0)
    } else {
        (sum / n as f64, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> Judgments {
        pairs.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    fn ranked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ndcg_matches_a_hand_computed_example() {
        // Judged: a=2, b=1, c=2. Ranked: x, c, b (a missed).
        // DCG  = 0/log2(2) + 2/log2(3) + 1/log2(4) = 1.261860 + 0.5 = 1.761860
        // IDCG = 2/log2(2) + 2/log2(3) + 1/log2(4) = 2 + 1.261860 + 0.5 = 3.761860
        // nDCG = 1.761860 / 3.761860 = 0.468348
        let j = judged(&[("a", 2), ("b", 1), ("c", 2)]);
        let got = ndcg_at(&ranked(&["x", "c", "b"]), &j, 10).unwrap();
        assert!((got - 0.468_348).abs() < 1e-6, "{got}");
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_cut_at_k() {
        let j = judged(&[("a", 2), ("b", 1)]);
        assert!(close(ndcg_at(&ranked(&["a", "b"]), &j, 10).unwrap(), 1.0));
        // Reversed order is worse than ideal.
        assert!(ndcg_at(&ranked(&["b", "a"]), &j, 10).unwrap() < 1.0);
        // The answer at rank 2 is outside a cut-off of 1.
        assert!(close(ndcg_at(&ranked(&["x", "a"]), &j, 1).unwrap(), 0.0));
        // Nothing judged above zero: undefined.
        assert_eq!(ndcg_at(&ranked(&["a"]), &judged(&[("a", 0)]), 10), None);
    }

    #[test]
    fn reciprocal_rank_counts_only_answers() {
        let j = judged(&[("a", 2), ("b", 1)]);
        // A related article first does not count: the answer is third.
        let rr = reciprocal_rank_at(&ranked(&["b", "x", "a"]), &j, 10).unwrap();
        assert!(close(rr, 1.0 / 3.0), "{rr}");
        assert!(close(
            reciprocal_rank_at(&ranked(&["b", "x", "a"]), &j, 2).unwrap(),
            0.0
        ));
        assert_eq!(
            reciprocal_rank_at(&ranked(&["b"]), &judged(&[("b", 1)]), 10),
            None
        );
    }

    #[test]
    fn recall_is_the_share_of_answers_in_the_top_k() {
        let j = judged(&[("a", 2), ("b", 2), ("c", 2), ("d", 1)]);
        let r = recall_at(&ranked(&["a", "d", "c", "a"]), &j, 10).unwrap();
        assert!(close(r, 2.0 / 3.0), "{r}");
        assert!(close(recall_at(&ranked(&["d", "a"]), &j, 1).unwrap(), 0.0));
        assert_eq!(recall_at(&ranked(&["d"]), &judged(&[("d", 1)]), 10), None);
    }

    #[test]
    fn mean_skips_undefined_values() {
        assert_eq!(mean([Some(1.0), None, Some(0.0)]), (0.5, 2));
        assert_eq!(mean([None]), (0.0, 0));
    }
}
