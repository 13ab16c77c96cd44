//! From what a learner types to a tantivy query.
//!
//! - Plain words: every word optional (BM25 sums what matches, so documents matching
//!   more words rank higher), searched stemmed in title (×2), headings (×1.5) and body,
//!   and exactly (unstemmed) in title and body as a boost. A proximity boost for
//!   neighbouring words exists but is off by default (see [`Weights`]).
//! - `"quoted phrases"` must appear as written (exact field); an unclosed quote is
//!   read as plain words.
//! - `-word` excludes documents with that word, `-"a phrase"` those with all its words.
//! - A word of five letters or more that the index does not hold at all is looked up
//!   with typo tolerance (one edit, two from eight letters).
//! - A legal citation ("art. 29 TUI", "19-bis 142/2015", "dpr 394/99 art 13") puts the
//!   article it names first, and lessons citing it get a boost.
//! - Terms of the course thesaurus found in the query add their equivalents
//!   ("MSNA" → "minori stranieri non accompagnati") as optional phrases, and so do
//!   everyday phrases of the legal thesaurus ("carta di soggiorno" → "permesso di
//!   soggiorno UE per soggiornanti di lungo periodo").
//!
//! Nothing here can fail on user input: any string gives a query or `None`.

use std::collections::BTreeMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::analysis::{exact_analyzer, stemmed_analyzer, tokens};
use super::schema::Fields;
use crate::content::citations;

mod parse;
mod thesaurus;

pub use parse::{Parsed, parse, truncated};
pub use thesaurus::{LegalEntry, Thesaurus, legal_entries, parse_legal};

/// Longest query considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words of a query considered.
const MAX_WORDS: usize = 32;
/// Most articles a query's citations may name.
const MAX_CITED: usize = 10;
/// Most unknown words looked up with typo tolerance.
const MAX_FUZZY: usize = 2;

/// The weights of the parts of a query. The defaults were tuned on the SQuAD-it
/// evaluation (`cargo bench --bench search`, which can override them with
/// `AULA_BENCH_WEIGHTS=proximity=1,slop=2,...` to try others).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Stemmed title match.
    pub title: f32,
    /// Stemmed headings match.
    pub headings: f32,
    /// Exact (unstemmed) body match, on top of the stemmed one.
    pub body_exact: f32,
    /// Exact title match.
    pub title_exact: f32,
    /// Neighbouring query words near each other in the text (off by default: on the
    /// evaluation it cost time and gained nothing).
    pub proximity: f32,
    /// How far apart those neighbours may be.
    pub slop: u32,
    /// A typo-tolerant match of an unknown word.
    pub fuzzy: f32,
    /// A thesaurus equivalent.
    pub thesaurus: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            title: 2.0,
            headings: 1.5,
            body_exact: 0.5,
            title_exact: 1.0,
            proximity: 0.0,
            slop: 3,
            fuzzy: 0.5,
            thesaurus: 0.8,
        }
    }
}

impl Weights {
    /// These weights with overrides such as `proximity=1,slop=2`.
    pub fn with_overrides(mut self, spec: &str) -> Result<Self, String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("«{part}»: expected key=value"))?;
            let number: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("«{part}»: not a number"))?;
            match key.trim() {
                "title" => self.title = number,
                "headings" => self.headings = number,
                "body_exact" => self.body_exact = number,
                "title_exact" => self.title_exact = number,
                "proximity" => self.proximity = number,
                "slop" => self.slop = number as u32,
                "fuzzy" => self.fuzzy = number,
                "thesaurus" => self.thesaurus = number,
                other => return Err(format!("unknown weight «{other}»")),
            }
        }
        Ok(self)
    }
}

/// A query ready to run, with the stemmed words to highlight in snippets.
pub struct Built {
    /// The query.
    pub query: Box<dyn Query>,
    /// Stemmed terms of the body field to highlight, with a weight.
    pub highlight: BTreeMap<String, f32>,
    /// The article ids the query cites.
    pub cited: Vec<String>,
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    boosted(Box::new(query), boost)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// A phrase over `field` from tokens with positions; a single token is a term.
fn phrase_query(field: Field, tokens: &[(usize, String)], slop: u32) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [(_, one)] => Some(term_query(field, one, 1.0)),
        many => {
            let first = many[0].0;
            let terms = many
                .iter()
                .map(|(p, t)| (p - first, Term::from_field_text(field, t)))
                .collect();
            let mut phrase = PhraseQuery::new_with_offset(terms);
            phrase.set_slop(slop);
            Some(Box::new(phrase))
        }
    }
}

fn any_of(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}
/// Builds the query for `input`, or `None` when it has nothing to search for.
pub fn build(
    input: &str,
    f: &Fields,
    searcher: &Searcher,
    thesaurus: &Thesaurus,
    w: &Weights,
) -> Option<Built> {
    let parsed = parse(input);
    let mut clauses = Clauses::new(f, w);
    // Citations first: the article named goes to the top.
    let cited = cited(input);
    clauses.citations(&cited);
    let words = clauses.words(&parsed.text, searcher);
    clauses.thesaurus(thesaurus, &words);
    clauses.phrases(&parsed.phrases);
    if clauses.list.is_empty() {
        return None;
    }
    clauses.exclusions(&parsed.excluded);
    Some(Built {
        query: Box::new(BooleanQuery::new(clauses.list)),
        highlight: clauses.highlight,
        cited,
    })
}

/// The article ids `input` cites, without repeats, at most [`MAX_CITED`].
fn cited(input: &str) -> Vec<String> {
    let mut cited: Vec<String> = Vec::new();
    for article in citations::parse_query(truncated(input)) {
        let id = article.id();
        if !cited.contains(&id) && cited.len() < MAX_CITED {
            cited.push(id);
        }
    }
    cited
}

/// The clauses of a query being built, in order, and the terms to highlight.
struct Clauses<'a> {
    f: &'a Fields,
    w: &'a Weights,
    exact: TextAnalyzer,
    stem: TextAnalyzer,
    list: Vec<(Occur, Box<dyn Query>)>,
    highlight: BTreeMap<String, f32>,
}

impl<'a> Clauses<'a> {
    fn new(f: &'a Fields, w: &'a Weights) -> Self {
        Self {
            f,
            w,
            exact: exact_analyzer(),
            stem: stemmed_analyzer(),
            list: Vec::new(),
            highlight: BTreeMap::new(),
        }
    }

    /// The articles cited, and the documents citing them.
    fn citations(&mut self, cited: &[String]) {
        let f = self.f;
        for id in cited {
            self.list
                .push((Occur::Should, term_query(f.article, id, 50.0)));
            self.list
                .push((Occur::Should, term_query(f.cites, id, 2.0)));
        }
    }

    /// Plain words, each optional, then their proximity. Returns the words (exact
    /// tokens), where the thesaurus looks for its terms.
    fn words(&mut self, text: &str, searcher: &Searcher) -> Vec<String> {
        let (f, w) = (self.f, self.w);
        let words: Vec<(usize, String)> = tokens(&mut self.exact, text)
            .into_iter()
            .take(MAX_WORDS)
            .collect();
        let mut content: Vec<(usize, String)> = Vec::new();
        let mut fuzzy_left = MAX_FUZZY;
        for (position, word) in &words {
            let stems = tokens(&mut self.stem, word);
            let Some((_, stemmed)) = stems.first() else {
                continue; // a stop word
            };
            content.push((*position, word.clone()));
            let known = doc_freq(searcher, f.body, stemmed) > 0
                || doc_freq(searcher, f.title, stemmed) > 0
                || doc_freq(searcher, f.body_exact, word) > 0;
            let mut alternatives = vec![term_query(f.body, stemmed, 1.0)];
            for (field, text, weight) in [
                (f.title, stemmed.as_str(), w.title),
                (f.headings, stemmed.as_str(), w.headings),
                (f.body_exact, word.as_str(), w.body_exact),
                (f.title_exact, word.as_str(), w.title_exact),
            ] {
                if weight > 0.0 {
                    alternatives.push(term_query(field, text, weight));
                }
            }
            if !known && word.chars().count() >= 5 && fuzzy_left > 0 && w.fuzzy > 0.0 {
                fuzzy_left -= 1;
                let distance = if word.chars().count() >= 8 { 2 } else { 1 };
                // The body only: titles repeat words of their text, and each fuzzy
                // field costs an automaton.
                let fuzzy =
                    FuzzyTermQuery::new(Term::from_field_text(f.body_exact, word), distance, true);
                alternatives.push(boosted(Box::new(fuzzy), w.fuzzy));
            }
            self.highlight.insert(stemmed.clone(), 1.0);
            self.list.push((Occur::Should, any_of(alternatives)));
        }
        self.proximity(&content);
        words.into_iter().map(|(_, w)| w).collect()
    }

    /// Proximity: neighbouring content words near each other in the text.
    fn proximity(&mut self, content: &[(usize, String)]) {
        let (f, w) = (self.f, self.w);
        for pair in content.windows(2).filter(|_| w.proximity > 0.0) {
            let gap = pair[1].0 - pair[0].0;
            let terms = vec![
                (0, Term::from_field_text(f.body_exact, &pair[0].1)),
                (gap, Term::from_field_text(f.body_exact, &pair[1].1)),
            ];
            let mut near = PhraseQuery::new_with_offset(terms);
            near.set_slop(w.slop);
            self.list
                .push((Occur::Should, boosted(Box::new(near), w.proximity)));
        }
    }

    /// Thesaurus equivalents of what the query names.
    fn thesaurus(&mut self, thesaurus: &Thesaurus, exact_words: &[String]) {
        let f = self.f;
        for variant in thesaurus.expansions(exact_words) {
            let mut alternatives = Vec::new();
            for field in [f.body, f.title] {
                alternatives.extend(phrase_query(field, variant, 0));
            }
            for (_, t) in variant {
                self.highlight.insert(t.clone(), 0.5);
            }
            self.list.push((
                Occur::Should,
                boosted(any_of(alternatives), self.w.thesaurus),
            ));
        }
    }

    /// Quoted phrases must appear.
    fn phrases(&mut self, phrases: &[String]) {
        let f = self.f;
        for phrase in phrases {
            let phrase_tokens = tokens(&mut self.exact, phrase);
            let alternatives: Vec<Box<dyn Query>> = [f.body_exact, f.title_exact]
                .into_iter()
                .filter_map(|field| phrase_query(field, &phrase_tokens, 0))
                .collect();
            if alternatives.is_empty() {
                continue;
            }
            for (_, t) in tokens(&mut self.stem, phrase) {
                self.highlight.insert(t, 1.0);
            }
            self.list
                .push((Occur::Must, boosted(any_of(alternatives), 2.0)));
        }
    }

    /// An excluded word or phrase goes as a whole: "-dell'ordinamento" excludes texts
    /// with both "dell" and "ordinamento", not every text with "dell". (Not as a phrase:
    /// tantivy's phrase scorer does not support being excluded.)
    fn exclusions(&mut self, excluded: &[String]) {
        let f = self.f;
        for excluded in excluded {
            let excluded_tokens = tokens(&mut self.exact, excluded);
            if excluded_tokens.is_empty() {
                continue;
            }
            for field in [f.body_exact, f.title_exact] {
                let all: Vec<(Occur, Box<dyn Query>)> = excluded_tokens
                    .iter()
                    .map(|(_, t)| (Occur::Must, term_query(field, t, 1.0)))
                    .collect();
                self.list
                    .push((Occur::MustNot, Box::new(BooleanQuery::new(all))));
            }
        }
    }
}

fn doc_freq(searcher: &Searcher, field: Field, text: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(field, text))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_take_overrides_and_refuse_nonsense() {
        let w = Weights::default()
            .with_overrides("proximity=1, slop=2")
            .expect("valid overrides");
        assert_eq!((w.proximity, w.slop), (1.0, 2));
        assert!(Weights::default().with_overrides("nope=1").is_err());
        assert!(Weights::default().with_overrides("title=x").is_err());
    }
}
