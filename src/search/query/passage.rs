//! The query over the articles' passages (commi and lettere): the words searched for
//! in the passage's text (stemmed, and exactly as a boost) and its article's rubrica,
//! neighbouring words near each other, thesaurus equivalents and quoted phrases as
//! boosts. Nothing here is required: the main query decides what matches; this one
//! finds the best comma of each article.
//!
//! BM25 favours short texts strongly, so a one-line comma holding two common words of
//! a question can outscore the comma that holds all of them. Each word found in a
//! passage therefore also adds a constant, whatever the passage's length: its inverse
//! document frequency times `passage_coord` (a passage holding more, and rarer, of the
//! words wins).

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::{Weights, any_of, boosted, phrase_query, term_query};
use crate::search::schema::Fields;

/// Boost of a quoted phrase found in a passage.
const PHRASE_BOOST: f32 = 2.0;

/// What the main query searched for.
#[derive(Debug, Default)]
pub(super) struct Searched {
    /// Content words: position in the query, exact form, stem.
    pub(super) words: Vec<(usize, String, String)>,
    /// Thesaurus equivalents, as stemmed tokens with positions.
    pub(super) variants: Vec<Vec<(usize, String)>>,
    /// Quoted phrases, as exact tokens with positions.
    pub(super) phrases: Vec<Vec<(usize, String)>>,
}

/// The passage query, or `None` when there is nothing to look for.
pub(super) fn build(
    f: &Fields,
    w: &Weights,
    searched: &Searched,
    searcher: &Searcher,
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let docs = searcher.num_docs() as f32;
    for (_, word, stemmed) in &searched.words {
        let term = Term::from_field_text(f.p_text, stemmed);
        let df = searcher.doc_freq(&term).unwrap_or(0) as f32;
        if w.passage_coord > 0.0 && df > 0.0 {
            let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
            let found = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(found), w.passage_coord * idf)),
            ));
        }
        let mut alternatives = vec![term_query(f.p_text, stemmed, 1.0)];
        if w.passage_rubrica > 0.0 {
            alternatives.push(term_query(f.p_rubrica, stemmed, w.passage_rubrica));
        }
        if w.body_exact > 0.0 {
            alternatives.push(term_query(f.p_exact, word, w.body_exact));
        }
        clauses.push((Occur::Should, any_of(alternatives)));
    }
    if w.passage_proximity > 0.0 {
        for pair in searched.words.windows(2) {
            let gap = pair[1].0 - pair[0].0;
            let terms = vec![
                (0, Term::from_field_text(f.p_exact, &pair[0].1)),
                (gap, Term::from_field_text(f.p_exact, &pair[1].1)),
            ];
            let mut near = PhraseQuery::new_with_offset(terms);
            near.set_slop(w.slop);
            clauses.push((Occur::Should, boosted(Box::new(near), w.passage_proximity)));
        }
    }
    // A legal equivalent is a phrase of several words found whole in the comma: as
    // strong evidence as each of its words would be, so a long comma that says it is
    // not outweighed by a short one that repeats a single word of the query.
    for variant in &searched.variants {
        if let Some(query) = phrase_query(f.p_text, variant, 0) {
            let words = variant.len().max(1) as f32;
            clauses.push((Occur::Should, boosted(query, w.thesaurus * words)));
        }
    }
    for phrase in &searched.phrases {
        if let Some(query) = phrase_query(f.p_exact, phrase, 0) {
            clauses.push((Occur::Should, boosted(query, PHRASE_BOOST)));
        }
    }
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}
