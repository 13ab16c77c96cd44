//! Full-text search of lessons, law articles and glossary terms (tantivy, Italian).
//!
//! The index is derived state kept in `AULA_INDEX_DIR/v<schema version>`. Its commit
//! payload records a fingerprint of what it was built from (schema version, course
//! documents, each act's content hash); at start and every few seconds the fingerprint
//! is recomputed (one small query) and the index rebuilt when it differs, so an act
//! imported through another instance sharing the database becomes searchable here
//! within seconds. One thread owns the index writer; a rebuild replaces every document
//! in one commit, and readers switch to it only after the commit, so they never see a
//! half-built index.

pub mod analysis;
pub mod documents;
pub mod engine;
pub mod query;
pub mod schema;

pub use documents::Kind;
pub use engine::{Facets, Hit, SearchIndex, SearchRequest, SearchResults};
