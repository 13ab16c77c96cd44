//! The search call: a request in, a page of hits with snippets and facet counts out.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;

use super::documents::Kind;
use super::engine::SearchIndex;
use super::facets::{Facets, Filtered};
use super::query;
use super::schema::Fields;

/// Longest snippet, in bytes of text (about 240 characters of Italian).
const SNIPPET_BYTES: usize = 250;
/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 50;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
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
    /// `course/module/lesson`, `<act>/art-<n>` or `course/glossario#term`.
    pub id: String,
    /// Kind of document.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Safe HTML: an excerpt with the matched words in `<mark>`.
    pub snippet: String,
    /// Page URL.
    pub url: String,
    /// Where it sits: course and module, or the act.
    pub context: String,
    /// BM25 score.
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
}

impl SearchIndex {
    /// Runs a search (CPU-bound and quick: call from a blocking context or accept a
    /// fraction of a millisecond on the runtime). Never fails on user input.
    pub fn search(&self, request: &SearchRequest) -> SearchResults {
        match self.try_search(request) {
            Ok(results) => results,
            Err(err) => {
                tracing::error!(error = %err, "search failed");
                SearchResults::default()
            }
        }
    }

    fn try_search(&self, request: &SearchRequest) -> tantivy::Result<SearchResults> {
        let f = &self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let thesaurus = self.thesaurus();
        let Some(built) = query::build(&request.q, f, &searcher, &thesaurus, &self.weights())
        else {
            return Ok(SearchResults::default());
        };
        let filtered = Filtered::new(built.query.as_ref(), request, f);
        let limit = request.limit.clamp(1, MAX_LIMIT);
        // One pass gives the page, the total and the facets of every dimension
        // without a filter; a dimension with a filter is counted over the query with
        // the other filters only (so its other values stay visible).
        let (top, total, counts) = searcher.search(
            &filtered.query(None),
            &(
                TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_score(),
                Count,
                filtered.unfiltered_facets(),
            ),
        )?;
        let facets = filtered.facets(&searcher, &counts)?;

        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(hit(&doc, f, &built.highlight, score));
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }
}

/// A hit from its stored document, with a snippet around the `highlight` terms (or,
/// when none is in the body, the start of the body).
fn hit(doc: &TantivyDocument, f: &Fields, highlight: &BTreeMap<String, f32>, score: f32) -> Hit {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let body = text(f.body);
    let snippet = super::snippet::snippet(&body, highlight, SNIPPET_BYTES).unwrap_or_else(|| {
        crate::content::markdown::escape(&crate::content::markdown::shorten(&body, SNIPPET_BYTES))
    });
    Hit {
        id: text(f.id),
        kind: Kind::parse(&text(f.kind)).unwrap_or(Kind::Lesson),
        title: text(f.title),
        snippet,
        url: text(f.url),
        context: text(f.context),
        score,
    }
}
