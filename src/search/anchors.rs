//! Anchor text: what the courses say about an article. An article is indexed with the
//! heading and the sentence of every lesson section that cites it, and the glossary
//! terms whose definition cites it, in a field of its own with a lower weight: the
//! words a teacher used for the article are often the words a learner types.

use std::collections::{HashMap, HashSet};

use crate::content::Catalog;
use crate::content::citations::find_citations;
use crate::content::markdown::sections::blocks;

/// Longest sentence taken around a citation, in bytes.
const MAX_SENTENCE_BYTES: usize = 400;

/// The anchor text of each cited article of `library`, one line per heading, sentence
/// or term, without repeats.
pub fn by_article(catalog: &Catalog, library: &HashSet<String>) -> HashMap<String, String> {
    let mut lines: HashMap<String, Vec<String>> = HashMap::new();
    let mut add = |article: String, line: &str| {
        let entry = lines.entry(article).or_default();
        if !line.is_empty() && !entry.iter().any(|l| l == line) {
            entry.push(line.to_string());
        }
    };
    for (_, _, lesson) in catalog.lessons() {
        for block in blocks(&lesson.body) {
            for citation in find_citations(&block.text) {
                let sentence = sentence_around(&block.text, &citation.span);
                for article in &citation.articles {
                    let id = article.id();
                    if library.contains(&id) {
                        add(
                            id.clone(),
                            block.heading.as_deref().unwrap_or(&lesson.title),
                        );
                        add(id, sentence);
                    }
                }
            }
        }
    }
    for course in &catalog.courses {
        for term in &course.glossary {
            for citation in find_citations(&term.definition) {
                for article in &citation.articles {
                    let id = article.id();
                    if library.contains(&id) {
                        add(id, &term.term);
                    }
                }
            }
        }
    }
    lines
        .into_iter()
        .map(|(id, lines)| (id, lines.join("\n")))
        .collect()
}

/// The sentence of `text` holding `span`: from the end of the previous sentence to
/// the end of this one, at most [`MAX_SENTENCE_BYTES`] long. A sentence ends at `.`,
/// `!` or `?` followed by a space and a capital letter (so "D.Lgs. 286" does not end
/// one), or at `;`.
fn sentence_around<'t>(text: &'t str, span: &std::ops::Range<usize>) -> &'t str {
    let ends_sentence = |i: usize| -> bool {
        let bytes = text.as_bytes();
        match bytes[i] {
            b';' => true,
            b'.' | b'!' | b'?' => {
                let rest = &text[i + 1..];
                rest.starts_with(char::is_whitespace)
                    && rest
                        .trim_start()
                        .chars()
                        .next()
                        .is_none_or(char::is_uppercase)
            }
            _ => false,
        }
    };
    let start = (0..span.start.min(text.len()))
        .rev()
        .find(|&i| ends_sentence(i))
        .map_or(0, |i| i + 1);
    let end = (span.end.min(text.len())..text.len())
        .find(|&i| ends_sentence(i))
        .map_or(text.len(), |i| i + 1);
    let mut sentence = text[start..end].trim();
    if sentence.len() > MAX_SENTENCE_BYTES {
        let mut cut = MAX_SENTENCE_BYTES;
        while !sentence.is_char_boundary(cut) {
            cut -= 1;
        }
        sentence = &sentence[..cut];
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_citation_ignores_the_dots_of_abbreviations() {
        let text = "Prima frase. Il comune iscrive il minore (art. 4 del D.Lgs. 286/1998) senza attesa; poi altro. Fine.";
        let at = text.find("art. 4").expect("the citation");
        let span = at..text.find(")").expect("its end");
        assert_eq!(
            sentence_around(text, &span),
            "Il comune iscrive il minore (art. 4 del D.Lgs. 286/1998) senza attesa;"
        );
        assert_eq!(sentence_around("art. 5 TUI", &(0..10)), "art. 5 TUI");
    }
}
