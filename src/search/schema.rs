//! The fields of the search index. Bump [`SCHEMA_VERSION`] with any change here or
//! in the analyzers: an index built by another version is rebuilt at start.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use super::analysis::{DE_STEMMED, EXACT, Lang, STEMMED};

/// Version of the schema and analysis; part of the index's fingerprint.
pub const SCHEMA_VERSION: u32 = 4;

/// The stemmed fields of a translated lesson's own text, in its language.
#[derive(Clone, Copy, Debug)]
pub struct LangFields {
    /// Title (stored: the hit shows it).
    pub title: Field,
    /// Headings.
    pub headings: Field,
    /// Summary and text (stored: snippets are cut from it).
    pub body: Field,
}

/// Handles of every field.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Document id: `course/module/lesson` (`course/module/lesson@de` for its German
    /// text), `act/art-n`, `course/glossario#anchor`.
    pub id: Field,
    /// The language of the document's text as shown: `it`, or a translation's (`de`).
    pub lang: Field,
    /// On an Italian lesson: the languages it has a document of its own in (searchers
    /// of those languages get that one instead).
    pub translated: Field,
    /// The German text of a translated lesson (German analyzer). Its Italian fields
    /// hold the original's text, so that Italian words find it too, and its `*_exact`
    /// fields both texts.
    pub de: LangFields,
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
    /// An article's rubrica, stemmed (stored: answer cards show it).
    pub rubrica: Field,
    /// An article's label (`29-bis`), stored for answer cards.
    pub label: Field,
    /// Anchor text of an article: headings and sentences of the lessons citing it,
    /// glossary terms pointing to it; stemmed.
    pub anchors: Field,
    /// The key shared by an article and its passages ([`group_key`]).
    pub group: Field,
    /// A passage's text, stemmed (stored: snippets are cut from it). The passage
    /// fields are apart from the others, so passages never match the main query and
    /// their statistics are their own.
    pub p_text: Field,
    /// A passage's text, exact.
    pub p_exact: Field,
    /// The rubrica of a passage's article, stemmed.
    pub p_rubrica: Field,
    /// A passage's act (for the act filter).
    pub p_act: Field,
    /// A passage's comma anchor (`comma-3`), stored.
    pub p_anchor: Field,
    /// A passage's comma label (`3`), stored.
    pub p_comma: Field,
    /// A passage's lettera label (`b`), stored, for passages that are one lettera.
    pub p_letter: Field,
}

/// The key that ties an article document to its passages: the 64-bit FNV-1a hash of
/// the article id (`content_hash`, stable across builds and versions of Rust).
pub fn group_key(article_id: &str) -> u64 {
    let hash = crate::content::library::content_hash(article_id);
    u64::from_str_radix(hash.get(..16).unwrap_or("0"), 16).unwrap_or(0)
}

impl Fields {
    /// The fields of the own text of documents in `lang` (none for Italian).
    pub fn translated(&self, lang: Lang) -> Option<LangFields> {
        match lang {
            Lang::It => None,
            Lang::De => Some(self.de),
        }
    }
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
        lang: b.add_text_field("lang", STRING | STORED),
        translated: b.add_text_field("translated", STRING),
        de: LangFields {
            title: b.add_text_field("title_de", text(DE_STEMMED, true)),
            headings: b.add_text_field("headings_de", text(DE_STEMMED, false)),
            body: b.add_text_field("body_de", text(DE_STEMMED, true)),
        },
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
        rubrica: b.add_text_field("rubrica", text(STEMMED, true)),
        label: b.add_text_field("label", STORED),
        anchors: b.add_text_field("anchors", text(STEMMED, false)),
        group: b.add_u64_field("group", INDEXED | FAST),
        p_text: b.add_text_field("p_text", text(STEMMED, true)),
        p_exact: b.add_text_field("p_exact", text(EXACT, false)),
        p_rubrica: b.add_text_field("p_rubrica", text(STEMMED, false)),
        p_act: b.add_text_field("p_act", STRING),
        p_anchor: b.add_text_field("p_anchor", STORED),
        p_comma: b.add_text_field("p_comma", STORED),
        p_letter: b.add_text_field("p_letter", STORED),
    };
    (b.build(), fields)
}
