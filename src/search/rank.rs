//! Ranking: an article is ranked by its own score together with its best passage's,
//! so that a long article whose one relevant comma matches is not drowned by its
//! length.
//!
//! The passage query finds the best passages ([`PASSAGE_POOL`]); the main query the
//! best documents ([`RERANK_POOL`], or the page's end when further). Articles with a
//! passage that are not among those documents are looked up (their main score, under
//! the same filters). Then each article of the pool gets
//! `s + lift·max(0, p − s) + bonus·p`, where `s` is its own score and `p` its best
//! passage's score times `passage_scale` (weights in `query::Weights`); lessons and
//! glossary terms keep theirs. The pool is sorted again; documents after it follow in
//! their order, so every page of a search comes from the same ranking.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Count, FacetCounts, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::facets::Filtered;
use super::query::Weights;
use super::schema::Fields;

/// Best passages considered per search.
pub(super) const PASSAGE_POOL: usize = 200;
/// Documents of the main query ranked again with their passages.
pub(super) const RERANK_POOL: usize = 100;

/// One ranked document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    /// Its final score.
    pub score: f32,
    /// The document.
    pub address: DocAddress,
    /// Its best passage, for an article that has one.
    pub passage: Option<DocAddress>,
}

/// A page of ranked documents.
pub(super) struct Ranked {
    /// The page.
    pub page: Vec<Candidate>,
    /// Documents matching, over all pages.
    pub total: usize,
    /// Facet counts of the dimensions without a filter.
    pub counts: FacetCounts,
    /// On the first page: the score of the second document (the answer card's rule).
    pub runner_up: Option<f32>,
}

/// The best passage of each article (by group key), best first.
pub(super) fn best_passages(
    searcher: &Searcher,
    query: &dyn Query,
    f: &Fields,
    act: Option<&str>,
) -> tantivy::Result<HashMap<u64, (f32, DocAddress)>> {
    let query: Box<dyn Query> = match act {
        Some(act) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.p_act, act),
                    IndexRecordOption::Basic,
                )),
            ),
        ])),
        None => query.box_clone(),
    };
    let top = searcher.search(&query, &TopDocs::with_limit(PASSAGE_POOL).order_by_score())?;
    let mut groups = Groups::new(searcher);
    let mut best: HashMap<u64, (f32, DocAddress)> = HashMap::new();
    for (score, address) in top {
        if let Some(group) = groups.of(address) {
            best.entry(group).or_insert((score, address));
        }
    }
    Ok(best)
}

/// The page of `filtered` from `offset`, without passages.
pub(super) fn plain(
    searcher: &Searcher,
    filtered: &Filtered<'_>,
    offset: usize,
    limit: usize,
) -> tantivy::Result<Ranked> {
    // The first page looks one further, for the answer card's rule.
    let fetch = if offset == 0 { limit.max(2) } else { limit };
    let (top, total, counts) = searcher.search(
        &filtered.query(None),
        &(
            TopDocs::with_limit(fetch)
                .and_offset(offset)
                .order_by_score(),
            Count,
            filtered.unfiltered_facets(),
        ),
    )?;
    let runner_up = (offset == 0).then(|| top.get(1).map(|(s, _)| *s)).flatten();
    let page = top
        .into_iter()
        .take(limit)
        .map(|(score, address)| Candidate {
            score,
            address,
            passage: None,
        })
        .collect();
    Ok(Ranked {
        page,
        total,
        counts,
        runner_up,
    })
}

/// The page of `filtered` from `offset`, articles ranked with their `passages`.
pub(super) fn with_passages(
    searcher: &Searcher,
    filtered: &Filtered<'_>,
    f: &Fields,
    passages: &HashMap<u64, (f32, DocAddress)>,
    w: &Weights,
    (offset, limit): (usize, usize),
) -> tantivy::Result<Ranked> {
    let main = filtered.query(None);
    let (top, total, counts) = searcher.search(
        &main,
        &(
            TopDocs::with_limit((offset + limit).max(RERANK_POOL)).order_by_score(),
            Count,
            filtered.unfiltered_facets(),
        ),
    )?;
    let mut groups = Groups::new(searcher);
    let split = RERANK_POOL.min(top.len());
    let mut head: Vec<(f32, DocAddress, Option<u64>)> = top[..split]
        .iter()
        .map(|(s, a)| (*s, *a, groups.of(*a)))
        .collect();
    let mut tail: Vec<(f32, DocAddress)> = top[split..].to_vec();
    // Articles with a good passage that the main query ranked further down.
    let present: HashSet<u64> = head.iter().filter_map(|(_, _, g)| *g).collect();
    let missing: Vec<Term> = passages
        .keys()
        .filter(|g| !present.contains(g))
        .map(|g| Term::from_field_u64(f.group, *g))
        .collect();
    if !missing.is_empty() {
        let count = missing.len();
        let lookup = BooleanQuery::new(vec![
            (Occur::Must, main.box_clone()),
            (Occur::Must, Box::new(TermSetQuery::new(missing))),
        ]);
        for (score, address) in
            searcher.search(&lookup, &TopDocs::with_limit(count).order_by_score())?
        {
            tail.retain(|(_, a)| *a != address);
            head.push((score, address, groups.of(address)));
        }
    }
    let mut ranked: Vec<Candidate> = head
        .into_iter()
        .map(|(score, address, group)| {
            let best = group.and_then(|g| passages.get(&g));
            match best {
                Some((passage_score, passage)) => Candidate {
                    score: combine(score, *passage_score, w),
                    address,
                    passage: Some(*passage),
                },
                None => Candidate {
                    score,
                    address,
                    passage: None,
                },
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked.extend(tail.into_iter().map(|(score, address)| Candidate {
        score,
        address,
        passage: None,
    }));
    let runner_up = (offset == 0)
        .then(|| ranked.get(1).map(|c| c.score))
        .flatten();
    let page = ranked.into_iter().skip(offset).take(limit).collect();
    Ok(Ranked {
        page,
        total,
        counts,
        runner_up,
    })
}

/// An article's score from its own and its best passage's.
fn combine(article: f32, passage: f32, w: &Weights) -> f32 {
    let passage = passage * w.passage_scale;
    article + w.passage_lift * (passage - article).max(0.0) + w.passage_bonus * passage
}

/// Reads the group key of documents, one fast-field column per segment.
struct Groups<'s> {
    searcher: &'s Searcher,
    columns: HashMap<u32, Option<Column<u64>>>,
}

impl<'s> Groups<'s> {
    fn new(searcher: &'s Searcher) -> Self {
        Self {
            searcher,
            columns: HashMap::new(),
        }
    }

    /// The group key of a document: an article's or a passage's; none for others.
    fn of(&mut self, address: DocAddress) -> Option<u64> {
        let searcher = self.searcher;
        self.columns
            .entry(address.segment_ord)
            .or_insert_with(|| {
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64("group")
                    .ok()
            })
            .as_ref()?
            .first(address.doc_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_lifts_an_article_and_never_lowers_it() {
        let w = Weights::default();
        let drowned = combine(1.0, 5.0, &w);
        assert!(drowned > 1.0 + w.passage_lift * (5.0 * w.passage_scale - 1.0) - 1e-4);
        assert!(combine(4.0, 1.0, &w) >= 4.0);
        let off = Weights {
            passage_lift: 0.0,
            passage_bonus: 0.0,
            ..Weights::default()
        };
        assert_eq!(combine(2.0, 9.0, &off), 2.0);
    }
}
