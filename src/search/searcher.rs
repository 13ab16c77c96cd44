//! The search call: a request in, a page of hits with snippets and facet counts out,
//! and an answer card when an article clearly wins.
//!
//! The searcher's language decides which lessons it sees: a German searcher gets the
//! German document of a translated lesson (its title and a snippet of its German
//! text, German words marked) instead of the Italian one, and the Italian lessons
//! that have no German text; everyone else gets the Italian lessons only. Articles and
//! glossary terms are Italian for all.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::analysis::{Lang, TRANSLATED};
use super::answer::{self, Answer, TopArticle};
use super::cache::Key;
use super::documents::Kind;
use super::engine::SearchIndex;
use super::facets::{Facets, Filtered};
use super::query;
use super::rank::{self, Candidate};
use super::schema::Fields;

/// Longest snippet, in bytes of text (about 240 characters of Italian).
const SNIPPET_BYTES: usize = 250;
/// Longest text of an answer card's comma, in bytes.
const ANSWER_BYTES: usize = 700;
/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 50;

/// What to search for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SearchRequest {
    /// The searcher's language: which lessons it sees, in which language (Italian by
    /// default; see the module's documentation).
    pub lang: Lang,
    /// What the user typed.
    pub q: String,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this course.
    pub course: Option<String>,
    /// Only this module (`course/module`).
    pub module: Option<String>,
    /// Only this act.
    pub act: Option<String>,
    /// Hits per page (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
}

/// One hit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// `course/module/lesson`, `<act>/art-<n>` or `course/glossario#term` (a lesson
    /// shown in German has the lesson's id).
    pub id: String,
    /// The language of the title and snippet, when not Italian (`de` for a lesson's
    /// German text).
    #[serde(skip_serializing_if = "is_italian")]
    #[schema(value_type = Option<String>)]
    pub lang: &'static str,
    /// Kind of document.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Safe HTML: an excerpt with the matched words in `<mark>`.
    pub snippet: String,
    /// Page URL; for an article whose comma matched, at that comma
    /// (`/library/{act}/{article}#comma-3`).
    pub url: String,
    /// Where it sits: course and module, or the act.
    pub context: String,
    /// For an article: the label of the comma the snippet comes from, when one matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comma: Option<String>,
    /// Relevance score (BM25, an article's raised by its best comma's).
    pub score: f32,
}

/// A page of results.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// Hits matching, over all pages.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts for the filters.
    pub facets: Facets,
    /// The answer card, on the first page, when an article clearly wins.
    #[serde(skip)]
    pub answer: Option<Answer>,
}

impl SearchIndex {
    /// Runs a search (CPU-bound and quick: call from a blocking context or accept a
    /// fraction of a millisecond on the runtime). Never fails on user input.
    /// Recent results are reused (see `cache.rs`).
    pub fn search(&self, request: &SearchRequest) -> SearchResults {
        let searcher = self.inner.reader.searcher();
        let key = Key {
            generation: searcher.generation().generation_id(),
            version: self.inner.cache.version(),
            request: request.clone(),
        };
        if let Some(results) = self.inner.cache.get(&key) {
            return results;
        }
        match self.try_search(&searcher, request) {
            Ok(results) => {
                self.inner.cache.put(key, &results);
                results
            }
            Err(err) => {
                tracing::error!(error = %err, "search failed");
                SearchResults::default()
            }
        }
    }

    fn try_search(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> tantivy::Result<SearchResults> {
        let f = &self.inner.fields;
        let thesaurus = self.thesaurus();
        let w = self.weights();
        let Some(built) = query::build(&request.q, f, searcher, &thesaurus, &w, request.lang)
        else {
            return Ok(SearchResults::default());
        };
        let visible = for_language(built.query.box_clone(), request.lang, f);
        let filtered = Filtered::new(visible.as_ref(), request, f);
        let limit = request.limit.clamp(1, MAX_LIMIT);
        // Passages are articles': not under a filter that leaves articles out.
        let articles_wanted = request.kind.is_none_or(|k| k == Kind::Article)
            && request.course.is_none()
            && request.module.is_none();
        let passages = match &built.passage {
            Some(passage) if articles_wanted => {
                rank::best_passages(searcher, passage.as_ref(), f, request.act.as_deref())?
            }
            _ => Default::default(),
        };
        // One pass gives the page, the total and the facets of every dimension
        // without a filter; a dimension with a filter is counted over the query with
        // the other filters only (so its other values stay visible).
        let ranked = if passages.is_empty() {
            rank::plain(searcher, &filtered, request.offset, limit)?
        } else {
            rank::with_passages(
                searcher,
                &filtered,
                f,
                &passages,
                &w,
                (request.offset, limit),
            )?
        };
        let facets = filtered.facets(searcher, &ranked.counts)?;

        let shaper = Shaper {
            searcher,
            f,
            highlight: &built.highlight,
            highlight_translated: &built.highlight_translated,
            cited: &built.cited,
        };
        let mut hits = Vec::with_capacity(ranked.page.len());
        let mut top_article = None;
        for (i, candidate) in ranked.page.iter().enumerate() {
            let (hit, article) = shaper.hit(candidate, i == 0 && request.offset == 0)?;
            hits.push(hit);
            top_article = top_article.or(article);
        }
        let answer = match (hits.first(), top_article) {
            (Some(top), Some(article))
                if answer::clear_winner(top.score, ranked.runner_up, w.answer_ratio) =>
            {
                let lessons = self.citing(&top.id, request.lang);
                answer::card(top, article, lessons)
            }
            _ => None,
        };
        Ok(SearchResults {
            total: ranked.total,
            hits,
            facets,
            answer,
        })
    }
}

/// `query` restricted to the documents a searcher of `lang` sees: the lessons in its
/// language where translated, else in Italian; articles and glossary terms.
fn for_language(query: Box<dyn Query>, lang: Lang, f: &Fields) -> Box<dyn Query> {
    let term = |field: Field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    for other in TRANSLATED.into_iter().filter(|l| *l != lang) {
        clauses.push((Occur::MustNot, term(f.lang, other.code())));
    }
    if lang != Lang::It {
        clauses.push((Occur::MustNot, term(f.translated, lang.code())));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn is_italian(lang: &&'static str) -> bool {
    *lang == Lang::It.code()
}

/// Turns ranked documents into hits.
struct Shaper<'a> {
    searcher: &'a Searcher,
    f: &'a Fields,
    highlight: &'a BTreeMap<String, f32>,
    /// What to highlight in the text of documents in the searcher's language.
    highlight_translated: &'a BTreeMap<String, f32>,
    cited: &'a [String],
}

impl Shaper<'_> {
    /// A hit from its stored document, with a snippet around the `highlight` terms: in
    /// an article's best passage when that holds them (the hit then links to its
    /// comma), unless the query cited the article; else in the body (or the body's
    /// start). With `for_answer`, what an answer card needs of an article too.
    fn hit(
        &self,
        candidate: &Candidate,
        for_answer: bool,
    ) -> tantivy::Result<(Hit, Option<TopArticle>)> {
        let f = self.f;
        let doc: TantivyDocument = self.searcher.doc(candidate.address)?;
        let lang = Lang::of(&text(&doc, f.lang));
        // A translated lesson shows its own title and text, in its language.
        let (title, body, highlight) = match f.translated(lang) {
            Some(own) => (
                text(&doc, own.title),
                text(&doc, own.body),
                self.highlight_translated,
            ),
            None => (text(&doc, f.title), text(&doc, f.body), self.highlight),
        };
        let kind = Kind::parse(&text(&doc, f.kind)).unwrap_or(Kind::Lesson);
        let mut id = text(&doc, f.id);
        if let Some(lesson) = id.strip_suffix(&format!("@{}", lang.code()))
            && lang != Lang::It
        {
            id = lesson.to_string();
        }
        let mut url = text(&doc, f.url);
        let mut comma = None;
        let mut letter = None;
        let mut passage_text = None;
        // A cited article is what was asked for: the hit is the article itself.
        let passage = candidate.passage.filter(|_| !self.cited.contains(&id));
        if let Some(address) = passage {
            let passage = self.passage(address)?;
            if let Some(snippet) =
                super::snippet::snippet(&passage.text, self.highlight, SNIPPET_BYTES)
            {
                if !passage.anchor.is_empty() {
                    url = format!("{url}#{}", passage.anchor);
                    comma = Some(passage.comma.clone());
                    letter = passage.letter.clone();
                }
                passage_text = Some((snippet, passage.text));
            }
        }
        let snippet = match &passage_text {
            Some((snippet, _)) => snippet.clone(),
            None => super::snippet::snippet_in(lang, &body, highlight, SNIPPET_BYTES)
                .unwrap_or_else(|| excerpt(&body, SNIPPET_BYTES)),
        };
        let article = (for_answer && kind == Kind::Article).then(|| {
            let source = passage_text.as_ref().map_or(body.as_str(), |(_, t)| t);
            TopArticle {
                label: text(&doc, f.label),
                rubrica: text(&doc, f.rubrica),
                text: super::snippet::snippet(source, self.highlight, ANSWER_BYTES)
                    .unwrap_or_else(|| excerpt(source, ANSWER_BYTES)),
                letter,
            }
        });
        let hit = Hit {
            id,
            lang: lang.code(),
            kind,
            title,
            snippet,
            url,
            context: text(&doc, f.context),
            comma,
            score: candidate.score,
        };
        Ok((hit, article))
    }

    fn passage(&self, address: DocAddress) -> tantivy::Result<StoredPassage> {
        let f = self.f;
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let letter = text(&doc, f.p_letter);
        Ok(StoredPassage {
            text: text(&doc, f.p_text),
            anchor: text(&doc, f.p_anchor),
            comma: text(&doc, f.p_comma),
            letter: Some(letter).filter(|l| !l.is_empty()),
        })
    }
}

/// A passage as stored.
struct StoredPassage {
    text: String,
    anchor: String,
    comma: String,
    letter: Option<String>,
}

fn text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The start of `text`, escaped, when no searched word is in it.
fn excerpt(text: &str, max_bytes: usize) -> String {
    crate::content::markdown::escape(&crate::content::markdown::shorten(text, max_bytes))
}
