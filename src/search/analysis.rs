//! Text analysis for the index and for queries: Italian, and German for the lessons
//! translated for South Tyrol.
//!
//! Three analyzers, registered on every index under fixed names:
//!
//! - `it_stem` (the main fields): words split at anything that is not a letter or a
//!   digit (so the apostrophe of an elision splits "dell'ordinamento" into "dell" and
//!   "ordinamento"), lower case, accents folded ("città" → "citta"), Italian stop words
//!   and elided articles and prepositions removed, then the Snowball Italian stemmer.
//! - `it_exact` (the `*_exact` fields): the same words, lower case and folded, nothing
//!   removed or stemmed, for exact and phrase matches. It knows no language, so the
//!   German text of a translated lesson goes into the same exact fields.
//! - `de_stem` (the German fields of a translated lesson, `*_de`): the same words,
//!   lower case, German stop words removed, then umlauts and ß folded ("Verlängerung"
//!   → "verlangerung", "Straße" → "strasse"), the folded forms of the stop words
//!   ("fur", "uber", "dass") removed, then the Snowball German stemmer. Italian stop
//!   words are removed too: German lessons cite the law in its Italian form ("art. 5,
//!   comma 1, del D.Lgs. 286/1998").
//!
//! Folding comes before the stop words and the stemmer so that a word typed without
//! its accent ("citta", "perche") or its umlaut ("Verlangerung") meets the form of the
//! text; the snippets stem the folded words of the exact analyzer with the same
//! stemmer, so index, queries and highlights agree. ("ae" typed for "ä" is one edit
//! away: typo tolerance finds it.)

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenizerManager,
};

/// Name of the stemmed analyzer.
pub const STEMMED: &str = "it_stem";
/// Name of the exact (unstemmed) analyzer.
pub const EXACT: &str = "it_exact";
/// Name of the German stemmed analyzer.
pub const DE_STEMMED: &str = "de_stem";

/// The language of a document or of a searcher: Italian (the law, the courses, every
/// searcher whose language has no translations in the index) or a language whose
/// lesson translations the index holds ([`TRANSLATED`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Italian.
    #[default]
    It,
    /// German.
    De,
}

/// The languages whose lesson translations are indexed, each with its own analyzer.
pub const TRANSLATED: [Lang; 1] = [Lang::De];

impl Lang {
    /// The language code (`it`, `de`).
    pub fn code(self) -> &'static str {
        match self {
            Self::It => "it",
            Self::De => "de",
        }
    }

    /// The language of `code` in the index: German for `de`, Italian for any other
    /// (English lessons are not indexed apart: an English searcher searches Italian).
    pub fn of(code: &str) -> Self {
        match code {
            "de" => Self::De,
            _ => Self::It,
        }
    }

    /// The stemmed analyzer of the language.
    pub fn stemmed_analyzer(self) -> TextAnalyzer {
        match self {
            Self::It => STEMMED_ANALYZER.clone(),
            Self::De => GERMAN_ANALYZER.clone(),
        }
    }

    /// Whether `token` (of the exact analyzer: lower case, folded) is a stop word or a
    /// function word of a question in this language: never searched for in its
    /// fields nor highlighted in its text.
    pub fn is_stop_token(self, token: &str) -> bool {
        match self {
            Self::It => is_stop_token(token),
            Self::De => {
                if super::query::is_german_function_word(token) {
                    return true;
                }
                let mut analyzer = GERMAN_STOP_ANALYZER.clone();
                let mut stream = analyzer.token_stream(token);
                !stream.advance()
            }
        }
    }
}

/// German stop words after folding: the folded spellings of Snowball's German words
/// with an umlaut or ß, and "dass" (the spelling since 1996 of Snowball's "daß").
const FOLDED_GERMAN_STOP_WORDS: &[&str] = &[
    "dass", "fur", "konnen", "konnte", "uber", "wahrend", "wurde", "wurden",
];

/// Removed after folding: elided forms left by splitting at the apostrophe ("l'",
/// "dell'", "un'", "quest'") that Snowball's list lacks, and the folded spellings of
/// its accented words, as typed on a keyboard without accents.
const FOLDED_STOP_WORDS: &[&str] = &[
    "l", "d", "c", "m", "t", "s", "v", "n", "un", "dell", "all", "dall", "nell", "sull", "coll",
    "quest", "quell", "tutt", "anch", "perche", "piu", "avro", "avra", "saro", "sara", "faro",
    "fara", "staro", "stara",
];

/// Snowball's Italian stop words, as tantivy ships them.
fn italian_stop_words() -> StopWordFilter {
    StopWordFilter::new(Language::Italian).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
}

/// Snowball's German stop words, as tantivy ships them.
fn german_stop_words() -> StopWordFilter {
    StopWordFilter::new(Language::German).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
}

/// The stop words of both languages after folding (a German text holds Italian
/// citations).
fn folded_stop_words() -> StopWordFilter {
    StopWordFilter::remove(
        FOLDED_STOP_WORDS
            .iter()
            .chain(FOLDED_GERMAN_STOP_WORDS)
            .map(|w| (*w).to_string()),
    )
}

static STEMMED_ANALYZER: std::sync::LazyLock<TextAnalyzer> =
    std::sync::LazyLock::new(build_stemmed);
static GERMAN_ANALYZER: std::sync::LazyLock<TextAnalyzer> = std::sync::LazyLock::new(build_german);
/// The German analyzer without its stemmer: what it keeps is not a stop word.
static GERMAN_STOP_ANALYZER: std::sync::LazyLock<TextAnalyzer> = std::sync::LazyLock::new(|| {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(german_stop_words())
        .filter(italian_stop_words())
        .filter(AsciiFoldingFilter)
        .filter(folded_stop_words())
        .build()
});
static EXACT_ANALYZER: std::sync::LazyLock<TextAnalyzer> = std::sync::LazyLock::new(build_exact);
/// The stemmed analyzer without its stemmer: what it keeps is not a stop word.
static STOP_ANALYZER: std::sync::LazyLock<TextAnalyzer> = std::sync::LazyLock::new(|| {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(italian_stop_words())
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            FOLDED_STOP_WORDS.iter().map(|w| (*w).to_string()),
        ))
        .build()
});

/// The stemmed analyzer (built once; clones share the stop word sets).
pub fn stemmed_analyzer() -> TextAnalyzer {
    STEMMED_ANALYZER.clone()
}

/// The exact analyzer (built once).
pub fn exact_analyzer() -> TextAnalyzer {
    EXACT_ANALYZER.clone()
}

fn build_stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(italian_stop_words())
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            FOLDED_STOP_WORDS.iter().map(|w| (*w).to_string()),
        ))
        .filter(Stemmer::new(Language::Italian))
        .build()
}

fn build_german() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(german_stop_words())
        .filter(italian_stop_words())
        .filter(AsciiFoldingFilter)
        .filter(folded_stop_words())
        .filter(Stemmer::new(Language::German))
        .build()
}

/// The German stemmed analyzer (built once).
pub fn german_analyzer() -> TextAnalyzer {
    GERMAN_ANALYZER.clone()
}

fn build_exact() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the analyzers.
pub fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed_analyzer());
    manager.register(EXACT, exact_analyzer());
    manager.register(DE_STEMMED, german_analyzer());
}

/// Whether `word` is a stop word of the index (the stemmed analyzer drops it), or a
/// function word of a question (`query::is_function_word`): words that are never
/// searched for nor highlighted.
pub fn is_stop_word(word: &str) -> bool {
    tokens(&mut exact_analyzer(), word)
        .iter()
        .all(|(_, token)| is_stop_token(token))
}

/// [`is_stop_word`] for one token of the exact analyzer (lower case, accents folded).
pub fn is_stop_token(token: &str) -> bool {
    if super::query::is_function_word(token) {
        return true;
    }
    let mut analyzer = STOP_ANALYZER.clone();
    let mut stream = analyzer.token_stream(token);
    !stream.advance()
}

/// The tokens of `text` through `analyzer`, with their positions.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.position, token.text.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        tokens(&mut stemmed_analyzer(), text)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    fn exact(text: &str) -> Vec<String> {
        tokens(&mut exact_analyzer(), text)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn elisions_are_split_and_the_article_dropped() {
        assert_eq!(stems("dell'ordinamento"), stems("ordinamento"));
        assert_eq!(
            stems("l'iscrizione anagrafica"),
            stems("iscrizione anagrafica")
        );
        assert_eq!(stems("un'istanza"), stems("istanza"));
        assert_eq!(exact("dell'ordinamento"), ["dell", "ordinamento"]);
    }

    #[test]
    fn accents_fold_and_case_lowers() {
        assert_eq!(stems("Città"), stems("citta"));
        assert_eq!(stems("NAZIONALITÀ"), stems("nazionalità"));
        assert_eq!(exact("Identità"), ["identita"]);
    }

    #[test]
    fn stop_words_go_accented_or_not() {
        assert!(stems("il della per perché più").is_empty());
        assert!(stems("perche piu").is_empty());
        assert_eq!(stems("la domanda").len(), 1);
    }

    #[test]
    fn stop_words_include_the_function_words_of_questions() {
        for word in ["di", "Perché", "cosa", "Può", "serve", "fare", "quando"] {
            assert!(is_stop_word(word), "{word}");
        }
        for word in ["rinnovo", "Questura", "residenza"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn italian_stems_meet() {
        assert_eq!(stems("rinnovo"), stems("rinnovi"));
        assert_eq!(stems("accoglienza"), stems("accoglienze"));
        assert_eq!(stems("minori stranieri"), stems("minore straniero"));
        assert_ne!(stems("permesso"), stems("soggiorno"));
    }

    fn german(text: &str) -> Vec<String> {
        tokens(&mut german_analyzer(), text)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn german_stems_meet_and_umlauts_fold() {
        assert_eq!(
            german("Aufenthaltsgenehmigungen"),
            german("Aufenthaltsgenehmigung")
        );
        assert_eq!(german("Eigenerklärungen"), german("Eigenerklärung"));
        assert_eq!(german("Meldeämter"), german("Meldeamt"));
        assert_eq!(german("Verlängerung"), german("VERLANGERUNG"));
        assert_eq!(german("Straße"), german("Strasse"));
        assert_ne!(german("Aufenthaltsgenehmigung"), german("Aufenthaltskarte"));
    }

    #[test]
    fn german_stop_words_go_with_or_without_umlauts_and_italian_ones_too() {
        assert!(german("die der und für über dass daß fur").is_empty());
        assert!(
            german("del comma art").len() == 2,
            "{:?}",
            german("del comma art")
        );
        assert_eq!(german("die Verlängerung").len(), 1);
        for word in ["für", "Wann", "muss", "die", "del", "bitte"] {
            assert!(Lang::De.is_stop_token(&exact(word)[0]), "{word}");
        }
        for word in ["Aufenthaltsgenehmigung", "Quästur", "Wohnsitz"] {
            assert!(!Lang::De.is_stop_token(&exact(word)[0]), "{word}");
        }
    }

    #[test]
    fn positions_count_removed_words() {
        let t = tokens(&mut stemmed_analyzer(), "minori stranieri non accompagnati");
        let positions: Vec<usize> = t.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, [0, 1, 3]);
    }
}
