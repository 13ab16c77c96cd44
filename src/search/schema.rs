//! The fields of the search index. Bump [`SCHEMA_VERSION`] with any change here or
//! in the analyzers: an index built by another version is rebuilt at start.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analysis::{EXACT, STEMMED};

/// Version of the schema and analysis; part of the index's fingerprint.
pub const SCHEMA_VERSION: u32 = 2;

/// Handles of every field.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Hit id: `course/module/lesson`, `act/art-n`, `course/glossario#anchor`.
    pub id: Field,
    /// `lesson`, `article` or `glossary`.
    pub kind: Field,
    /// Title, stemmed (stored).
    pub title: Field,
    /// Title, exact.
    pub title_exact: Field,
    /// Lesson headings and tags, article structure, stemmed.
    pub headings: Field,
    /// Body text, stemmed (stored: snippets are cut from it).
    pub body: Field,
    /// Body text, exact.
    pub body_exact: Field,
    /// Where the hit sits, for display: "Corso › Modulo", "D.Lgs. 286/1998".
    pub context: Field,
    /// Page URL.
    pub url: Field,
    /// Course id (lessons, glossary).
    pub course: Field,
    /// `course/module` (lessons).
    pub module: Field,
    /// Act id (articles).
    pub act: Field,
    /// Article id of an article document (for citation queries).
    pub article: Field,
    /// Article ids a lesson cites.
    pub cites: Field,
    /// Facets: `/kind/…`, `/course/…`, `/module/…/…`, `/act/…`.
    pub facets: Field,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", text(STEMMED, true)),
        title_exact: b.add_text_field("title_exact", text(EXACT, false)),
        headings: b.add_text_field("headings", text(STEMMED, false)),
        body: b.add_text_field("body", text(STEMMED, true)),
        body_exact: b.add_text_field("body_exact", text(EXACT, false)),
        context: b.add_text_field("context", STORED),
        url: b.add_text_field("url", STORED),
        course: b.add_text_field("course", STRING | STORED),
        module: b.add_text_field("module", STRING | STORED),
        act: b.add_text_field("act", STRING | STORED),
        article: b.add_text_field("article", STRING),
        cites: b.add_text_field("cites", STRING),
        facets: b.add_facet_field("facets", FacetOptions::default()),
    };
    (b.build(), fields)
}
