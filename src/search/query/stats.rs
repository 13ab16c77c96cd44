//! BM25 normalises a field's length by its average over every document of the index.
//! The German fields of the translated lessons are in a few documents only, so their
//! average is tiny and every German text would count as enormously long: its words
//! would score next to nothing. A query over them is therefore scored with the
//! average length of the Italian field each stands for (the German body with the
//! Italian body's), so that the German text of a lesson weighs as its Italian text
//! does; the documents counted and the document frequencies are the index's own.

use tantivy::Term;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query, Weight};
use tantivy::schema::Field;

/// `inner`, its fields' lengths normalised as those of other fields.
#[derive(Debug)]
pub(super) struct NormalisedAs {
    inner: Box<dyn Query>,
    /// Each field, with the field whose average length it takes.
    like: Vec<(Field, Field)>,
}

impl NormalisedAs {
    pub(super) fn new(inner: Box<dyn Query>, like: Vec<(Field, Field)>) -> Self {
        Self { inner, like }
    }
}

impl Clone for NormalisedAs {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.box_clone(),
            like: self.like.clone(),
        }
    }
}

impl Query for NormalisedAs {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match enable_scoring {
            EnableScoring::Enabled {
                searcher,
                statistics_provider,
            } => {
                let stats = Mapped {
                    inner: statistics_provider,
                    like: &self.like,
                };
                self.inner
                    .weight(EnableScoring::enabled_from_statistics_provider(
                        &stats, searcher,
                    ))
            }
            disabled => self.inner.weight(disabled),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

/// Statistics with the token counts of some fields taken from others.
struct Mapped<'a> {
    inner: &'a dyn Bm25StatisticsProvider,
    like: &'a [(Field, Field)],
}

impl Bm25StatisticsProvider for Mapped<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let field = self
            .like
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(field, |(_, like)| *like);
        self.inner.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.inner.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.inner.doc_freq(term)
    }
}
