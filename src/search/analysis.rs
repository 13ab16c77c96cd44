//! Italian text analysis for the index and for queries.
//!
//! Two analyzers, registered on every index under fixed names:
//!
//! - `it_stem` (the main fields): words split at anything that is not a letter or a
//!   digit (so the apostrophe of an elision splits "dell'ordinamento" into "dell" and
//!   "ordinamento"), lower case, accents folded ("città" → "citta"), Italian stop words
//!   and elided articles and prepositions removed, then the Snowball Italian stemmer.
//! - `it_exact` (the `*_exact` fields): the same words, lower case and folded, nothing
//!   removed or stemmed, for exact and phrase matches.
//!
//! Folding comes before the stop words and the stemmer so that a word typed without
//! its accent ("citta", "perche") meets the accented form of the text.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenizerManager,
};

/// Name of the stemmed analyzer.
pub const STEMMED: &str = "it_stem";
/// Name of the exact (unstemmed) analyzer.
pub const EXACT: &str = "it_exact";

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

static STEMMED_ANALYZER: std::sync::LazyLock<TextAnalyzer> =
    std::sync::LazyLock::new(build_stemmed);
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

fn build_exact() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers both analyzers.
pub fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed_analyzer());
    manager.register(EXACT, exact_analyzer());
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

    #[test]
    fn positions_count_removed_words() {
        let t = tokens(&mut stemmed_analyzer(), "minori stranieri non accompagnati");
        let positions: Vec<usize> = t.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, [0, 1, 3]);
    }
}
