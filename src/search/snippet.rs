//! Snippets: the passage of a text that holds the most (and rarest) of the query's
//! words, as HTML-safe text with those words in `<mark>`.
//!
//! The text is split with the cheap exact analyzer (no stemming); a word is stemmed
//! only when its first letters could make it one of the query's stems, so a snippet
//! costs a few microseconds even for long texts. (tantivy's own generator stems every
//! word of every hit, which was two thirds of the time of a search.) The stemmer and
//! the stop words are those of the text's language (Italian, or German for a lesson's
//! German text); the exact analyzer folds umlauts as the German analyzer does before
//! its stemmer, so the stems meet.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::analysis::{Lang, exact_analyzer};
use crate::content::markdown::escape;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Italian));
static GERMAN_STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));

/// One word of the text that matches the query.
struct Match {
    start: usize,
    end: usize,
    term: usize,
}

/// The best passage of at most about `max_bytes` bytes of `text` (Italian), escaped,
/// with matching words marked; `None` when no word of `text` matches.
pub fn snippet(text: &str, terms: &BTreeMap<String, f32>, max_bytes: usize) -> Option<String> {
    snippet_in(Lang::It, text, terms, max_bytes)
}

/// [`snippet`] of a text in `lang`, whose stems `terms` are.
pub fn snippet_in(
    lang: Lang,
    text: &str,
    terms: &BTreeMap<String, f32>,
    max_bytes: usize,
) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    let stemmer: &Stemmer = match lang {
        Lang::It => &STEMMER,
        Lang::De => &GERMAN_STEMMER,
    };
    let stems: Vec<(&str, f32)> = terms.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let mut analyzer = exact_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut matches: Vec<Match> = Vec::new();
    while let Some(token) = stream.next() {
        let word = token.text.as_str();
        let found = stems.iter().position(|(stem, _)| {
            let probe = stem.len().min(3);
            word.as_bytes().get(..probe) == stem.as_bytes().get(..probe)
                && (word == *stem || stemmer.stem(word) == *stem)
        });
        // A stem shared with a stop word ("dovere" and "dove") marks only the other.
        if let Some(term) = found
            && !lang.is_stop_token(word)
        {
            matches.push(Match {
                start: token.offset_from,
                end: token.offset_to,
                term,
            });
        }
    }
    if matches.is_empty() {
        return None;
    }
    // The window starting at a match that covers the most weight of distinct terms.
    let mut best = (0.0f32, 0usize);
    for (i, first) in matches.iter().enumerate() {
        let mut seen = vec![false; stems.len()];
        let mut weight = 0.0;
        for m in matches[i..]
            .iter()
            .take_while(|m| m.end - first.start <= max_bytes)
        {
            if !seen[m.term] {
                seen[m.term] = true;
                weight += stems[m.term].1;
            }
        }
        if weight > best.0 {
            best = (weight, i);
        }
    }
    let first = &matches[best.1];
    // Start a little before the first match, at a word boundary, and end within the
    // budget, at a word boundary.
    let lead = max_bytes / 5;
    let mut start = floor_boundary(text, first.start.saturating_sub(lead));
    if start > 0 {
        start = text[start..first.start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(first.start, |(i, c)| start + i + c.len_utf8());
    }
    let mut end = floor_boundary(text, (start + max_bytes).min(text.len()));
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&e| e > start)
            .unwrap_or(end);
    }
    let mut html = String::with_capacity(end - start + 64);
    if start > 0 {
        html.push_str("… ");
    }
    let mut at = start;
    for m in matches.iter().filter(|m| m.start >= start && m.end <= end) {
        html.push_str(&escape(&text[at..m.start]));
        html.push_str("<mark>");
        html.push_str(&escape(&text[m.start..m.end]));
        html.push_str("</mark>");
        at = m.end;
    }
    html.push_str(&escape(&text[at..end]));
    if end < text.len() {
        html.push_str(" …");
    }
    Some(html.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> BTreeMap<String, f32> {
        words.iter().map(|w| ((*w).to_string(), 1.0)).collect()
    }

    #[test]
    fn stems_match_the_forms_of_the_text_and_markup_is_escaped() {
        let text = "Le <b>domande</b> di rinnovo si presentano allo sportello.";
        let html = snippet(text, &terms(&["domand", "rinnov"]), 200).expect("a match");
        assert_eq!(
            html,
            "Le &lt;b&gt;<mark>domande</mark>&lt;/b&gt; di <mark>rinnovo</mark> si presentano allo sportello."
        );
    }

    #[test]
    fn the_window_goes_where_most_terms_are() {
        let filler = "parola ".repeat(60);
        let text =
            format!("permesso {filler} permesso di soggiorno rilasciato dal questore {filler}");
        let html =
            snippet(&text, &terms(&["permess", "soggiorn", "questor"]), 120).expect("a match");
        assert!(html.contains("<mark>soggiorno</mark>"), "{html}");
        assert!(html.contains("<mark>questore</mark>"), "{html}");
        assert!(html.starts_with("… ") && html.ends_with(" …"), "{html}");
        assert!(snippet(&text, &terms(&["assente"]), 120).is_none());
    }

    #[test]
    fn stop_words_sharing_a_stem_are_not_marked() {
        // "dovere" and "dove" share the stem "dov".
        let html = snippet("Il dovere di dire dove.", &terms(&["dov"]), 200).expect("a match");
        assert_eq!(html, "Il <mark>dovere</mark> di dire dove.");
    }

    #[test]
    fn german_text_is_marked_by_german_stems_with_or_without_umlauts() {
        let mut german = crate::search::analysis::german_analyzer();
        let stems: BTreeMap<String, f32> = crate::search::analysis::tokens(
            &mut german,
            "Aufenthaltsgenehmigungen Verlangerungen die",
        )
        .into_iter()
        .map(|(_, t)| (t, 1.0))
        .collect();
        let text = "Die Verlängerung der Aufenthaltsgenehmigung wird beim Quästor beantragt; \
                    verlängert wird sie für die Dauer des Grundes.";
        let html = snippet_in(Lang::De, text, &stems, 200).expect("a match");
        assert!(
            html.contains("<mark>Aufenthaltsgenehmigung</mark>"),
            "{html}"
        );
        assert!(html.contains("<mark>Verlängerung</mark>"), "{html}");
        assert!(!html.contains("<mark>Die</mark>"), "{html}");
    }

    #[test]
    fn multibyte_text_is_cut_at_character_boundaries() {
        let spaced = "parola\u{a0}".repeat(100) + "città";
        assert!(snippet(&spaced, &terms(&["citt"]), 100).is_some());
        let text = "è".repeat(500) + " città " + &"à".repeat(500);
        let html = snippet(&text, &terms(&["citt"]), 100).expect("a match");
        assert!(html.contains("<mark>città</mark>"), "{html}");
    }
}
