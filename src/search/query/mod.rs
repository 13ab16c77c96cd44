//! From what a learner types to a tantivy query.
//!
//! - Plain words: every word optional (BM25 sums what matches, so documents matching
//!   more words rank higher), searched stemmed in title (×2), headings (×1.5), an
//!   article's rubrica and anchor text (what lessons citing it say) and body, and
//!   exactly (unstemmed) in title and body as a boost. A proximity boost for
//!   neighbouring words exists but is off by default (see [`Weights`]).
//! - The function words of a question ("cosa", "posso", "serve") are not searched for
//!   (unless the query has nothing else) and not highlighted.
//! - The same words make a second query over the articles' passages (commi and
//!   lettere, `passage.rs`), with a proximity boost; the search ranks an article by its
//!   best passage together with its own score.
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
//!   soggiorno UE per soggiornanti di lungo periodo") and the German terms of the
//!   courses' term lists ("Aufenthaltsgenehmigung" → "permesso di soggiorno").
//! - A German searcher's words are also searched, German-stemmed, in the German text
//!   of the translated lessons (title ×2, headings ×1.5, body), and the Italian terms
//!   of the term lists found in the query add their German term there; a stop word or
//!   function word of either language is not searched for. Exact matches, phrases,
//!   exclusions and typo tolerance use the `*_exact` fields, which hold both texts.
//!
//! Nothing here can fail on user input: any string gives a query or `None`.

use std::collections::BTreeMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::analysis::{Lang, exact_analyzer, stemmed_analyzer, tokens};
use super::schema::{Fields, LangFields};
use crate::content::citations;

mod parse;
mod passage;
mod stats;
mod thesaurus;
mod weights;

pub use parse::{Parsed, is_function_word, is_german_function_word, parse, truncated};
pub use thesaurus::{LegalEntry, Thesaurus, legal_entries, parse_legal};
pub use weights::Weights;

/// Longest query considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words of a query considered.
const MAX_WORDS: usize = 32;
/// Most articles a query's citations may name.
const MAX_CITED: usize = 10;
/// Most unknown words looked up with typo tolerance.
const MAX_FUZZY: usize = 2;

/// A query ready to run, with the stemmed words to highlight in snippets.
pub struct Built {
    /// The query.
    pub query: Box<dyn Query>,
    /// Stemmed terms of the body field to highlight, with a weight.
    pub highlight: BTreeMap<String, f32>,
    /// For a searcher of a translated language: the terms to highlight in the text of
    /// documents in that language (its analyzer's stems), with a weight.
    pub highlight_translated: BTreeMap<String, f32>,
    /// The article ids the query cites.
    pub cited: Vec<String>,
    /// The query over the articles' passages, when the query has words to look for.
    pub passage: Option<Box<dyn Query>>,
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
/// Builds the query of a searcher of `lang` for `input`, or `None` when it has nothing
/// to search for.
pub fn build(
    input: &str,
    f: &Fields,
    searcher: &Searcher,
    thesaurus: &Thesaurus,
    w: &Weights,
    lang: Lang,
) -> Option<Built> {
    let parsed = parse(input);
    let mut clauses = Clauses::new(f, w, searcher, lang);
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
    let passage = clauses
        .filled
        .passages
        .then(|| passage::build(f, w, &clauses.searched, searcher))
        .flatten();
    Some(Built {
        query: Box::new(BooleanQuery::new(clauses.list)),
        highlight: clauses.highlight,
        highlight_translated: clauses.highlight_translated,
        cited,
        passage,
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
    /// The searcher's language.
    lang: Lang,
    /// The fields of the searcher's language, when it is not Italian and the index
    /// holds documents in it.
    own: Option<LangFields>,
    /// The stemmed analyzer of the searcher's language.
    own_stem: TextAnalyzer,
    highlight_translated: BTreeMap<String, f32>,
    /// What was searched for, for the passage query.
    searched: passage::Searched,
    filled: Filled,
}

/// Which of the fields that only the library fills hold anything: a collection
/// without them (the SQuAD-it evaluation) pays nothing for them.
#[derive(Debug, Clone, Copy)]
struct Filled {
    rubrica: bool,
    anchors: bool,
    passages: bool,
}

impl Filled {
    fn new(f: &Fields, searcher: &Searcher) -> Self {
        let has_terms = |field: Field| {
            searcher.segment_readers().iter().any(|segment| {
                segment
                    .inverted_index(field)
                    .is_ok_and(|index| index.terms().num_terms() > 0)
            })
        };
        Self {
            rubrica: has_terms(f.rubrica),
            anchors: has_terms(f.anchors),
            passages: has_terms(f.p_text),
        }
    }
}

impl<'a> Clauses<'a> {
    fn new(f: &'a Fields, w: &'a Weights, searcher: &Searcher, lang: Lang) -> Self {
        let own = f.translated(lang).filter(|own| {
            searcher.segment_readers().iter().any(|segment| {
                segment
                    .inverted_index(own.body)
                    .is_ok_and(|index| index.terms().num_terms() > 0)
            })
        });
        Self {
            filled: Filled::new(f, searcher),
            f,
            w,
            exact: exact_analyzer(),
            stem: stemmed_analyzer(),
            list: Vec::new(),
            highlight: BTreeMap::new(),
            lang,
            own,
            own_stem: lang.stemmed_analyzer(),
            highlight_translated: BTreeMap::new(),
            searched: passage::Searched::default(),
        }
    }

    /// Whether `word` (an exact token) is a function word for this searcher: of an
    /// Italian question, or for a German searcher a stop word or function word of
    /// German.
    fn is_function(&self, word: &str) -> bool {
        is_function_word(word) || (self.lang != Lang::It && self.lang.is_stop_token(word))
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
        // Function words count only in a query made of nothing else.
        let only_function_words = words.iter().all(|(_, w)| self.is_function(w));
        let mut content: Vec<(usize, String)> = Vec::new();
        let mut fuzzy_left = MAX_FUZZY;
        for (position, word) in &words {
            let function = self.is_function(word);
            if function && !only_function_words {
                continue;
            }
            let stems = tokens(&mut self.stem, word);
            let Some((_, stemmed)) = stems.first() else {
                continue; // a stop word
            };
            // In the searcher's language too (a stop word of either is not searched;
            // a number, as in a citation, is searched once: a translation's Italian
            // fields hold it).
            let own = match self.own {
                Some(_) if word.chars().all(|c| c.is_ascii_digit()) => None,
                Some(fields) => match tokens(&mut self.own_stem, word).into_iter().next() {
                    Some((_, own_stem)) => Some((fields, own_stem)),
                    None => continue,
                },
                None => None,
            };
            content.push((*position, word.clone()));
            self.searched
                .words
                .push((*position, word.clone(), stemmed.clone()));
            let known = doc_freq(searcher, f.body, stemmed) > 0
                || doc_freq(searcher, f.title, stemmed) > 0
                || doc_freq(searcher, f.body_exact, word) > 0
                || own.as_ref().is_some_and(|(fields, own_stem)| {
                    doc_freq(searcher, fields.body, own_stem) > 0
                        || doc_freq(searcher, fields.title, own_stem) > 0
                });
            let mut alternatives = vec![term_query(f.body, stemmed, 1.0)];
            if let Some((fields, own_stem)) = &own {
                alternatives.push(term_query(fields.body, own_stem, 1.0));
                for (field, weight) in [(fields.title, w.title), (fields.headings, w.headings)] {
                    if weight > 0.0 {
                        alternatives.push(term_query(field, own_stem, weight));
                    }
                }
            }
            let rubrica = if self.filled.rubrica { w.rubrica } else { 0.0 };
            let anchors = if self.filled.anchors { w.anchors } else { 0.0 };
            for (field, text, weight) in [
                (f.title, stemmed.as_str(), w.title),
                (f.headings, stemmed.as_str(), w.headings),
                (f.rubrica, stemmed.as_str(), rubrica),
                (f.anchors, stemmed.as_str(), anchors),
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
            let alternatives = match &own {
                Some((fields, _)) => self.normalised(any_of(alternatives), *fields),
                None => any_of(alternatives),
            };
            if !function {
                self.highlight.insert(stemmed.clone(), 1.0);
                if let Some((_, own_stem)) = own {
                    self.highlight_translated.insert(own_stem, 1.0);
                }
            }
            self.list.push((Occur::Should, alternatives));
        }
        self.proximity(&content);
        words.into_iter().map(|(_, w)| w).collect()
    }

    /// `query` with the fields of a translation normalised as the Italian ones (see
    /// `stats.rs`).
    fn normalised(&self, query: Box<dyn Query>, own: LangFields) -> Box<dyn Query> {
        let f = self.f;
        Box::new(stats::NormalisedAs::new(
            query,
            vec![
                (own.title, f.title),
                (own.headings, f.headings),
                (own.body, f.body),
            ],
        ))
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

    /// Thesaurus equivalents of what the query names, and the terms of the term lists
    /// (Italian ones searched in the Italian fields, the searcher's in the fields of its
    /// language).
    fn thesaurus(&mut self, thesaurus: &Thesaurus, exact_words: &[String]) {
        let f = self.f;
        let mut variants = thesaurus.expansions(exact_words);
        let translations = thesaurus.translations(exact_words, self.lang);
        for term in translations.italian {
            if !variants.iter().any(|v| thesaurus::same_terms(v, term)) {
                variants.push(term);
            }
        }
        if let Some(own) = self.own {
            for term in translations.translated {
                let alternatives: Vec<Box<dyn Query>> = [own.body, own.title]
                    .into_iter()
                    .filter_map(|field| phrase_query(field, term, 0))
                    .collect();
                for (_, t) in term {
                    self.highlight_translated.insert(t.clone(), 0.5);
                }
                let query = self.normalised(any_of(alternatives), own);
                self.list
                    .push((Occur::Should, boosted(query, self.w.thesaurus)));
            }
        }
        for variant in variants {
            let mut alternatives = Vec::new();
            for field in [f.body, f.title] {
                alternatives.extend(phrase_query(field, variant, 0));
            }
            for (_, t) in variant {
                self.highlight.insert(t.clone(), 0.5);
            }
            self.searched.variants.push(variant.to_vec());
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
            for (_, word) in phrase_tokens.iter().filter(|(_, w)| !is_function_word(w)) {
                for (_, t) in tokens(&mut self.stem, word) {
                    self.highlight.insert(t, 1.0);
                }
                if self.own.is_some() {
                    for (_, t) in tokens(&mut self.own_stem, word) {
                        self.highlight_translated.insert(t, 1.0);
                    }
                }
            }
            self.searched.phrases.push(phrase_tokens.clone());
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
