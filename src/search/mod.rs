//! Full-text search of lessons, law articles and glossary terms (tantivy): Italian,
//! and German for the lessons translated for South Tyrol (`analysis.rs`,
//! `documents.rs`, `searcher.rs`), whose German legal terms lead to the Italian law
//! through the courses' term lists (`query/thesaurus.rs`).
//!
//! The index is derived state kept in `AULA_INDEX_DIR/v<schema version>`. Its commit
//! payload records a fingerprint of what it was built from (schema version, course
//! documents, each act's content hash); at start it is recomputed and the index
//! rebuilt when it differs. Every few seconds the library's part is checked (one small
//! query), so an act imported through another instance sharing the database becomes
//! searchable here within seconds; course files changed on disk are picked up at the
//! next start or library change. One thread owns the index writer; a rebuild replaces every document
//! in one commit, and readers switch to it only after the commit, so they never see a
//! half-built index.
//!
//! Besides a document per lesson, article and glossary term, each article's commi (and
//! the lettere of its long commi) are indexed as passages (`passages.rs`), and each
//! article carries the anchor text of the lessons citing it (`anchors.rs`); `rank.rs`
//! ranks an article with its best passage, whose comma the hit shows and links to, and
//! `answer.rs` turns a clear winner into an answer card.

pub mod analysis;
mod anchors;
mod answer;
mod cache;
pub mod documents;
pub mod engine;
mod facets;
pub mod log;
pub mod passages;
pub mod query;
mod rank;
pub mod schema;
mod searcher;
pub mod snippet;
mod writer;

pub use analysis::Lang;
pub use cache::DEFAULT_CAPACITY as DEFAULT_RESULT_CACHE;
pub use documents::Kind;
pub use engine::{
    Answer, CitingLesson, Facets, Hit, MAX_LIMIT, Refreshed, SearchIndex, SearchRequest,
    SearchResults,
};
