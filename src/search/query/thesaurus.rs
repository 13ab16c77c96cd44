//! The thesauri a query is expanded with.
//!
//! - The course thesaurus: groups of equivalent terms ("MSNA", "minori stranieri non
//!   accompagnati") from the courses' `thesaurus.toml`, analysed once per index refresh.
//!   A term found in the query (exact tokens) brings the other terms of its group.
//! - The legal thesaurus (`src/search/legal_thesaurus.toml`, embedded in the binary): how
//!   an officer or a citizen says it, and how the seven acts of the library say it
//!   ("carta di soggiorno" → "permesso di soggiorno UE per soggiornanti di lungo
//!   periodo"). One way only: an everyday phrase found in the query (by stems, so
//!   "badanti" finds "badante") brings the legal terms of its entry, unless the query
//!   already says them. Of two everyday phrases found one inside the other, the longer
//!   wins ("carta di soggiorno permanente" is not "carta di soggiorno").
//! - The courses' term lists (`termini.de.toml`): each Italian legal term beside the
//!   German one and other German words for it. A German term or one of its other
//!   words found in the query brings the Italian term, so that the articles of the law
//!   (in Italian) that say it match: "Aufenthaltsgenehmigung" → "permesso di
//!   soggiorno". Found by German stems (case, umlauts and inflection do not matter),
//!   all the words of a term in any order ("Verlängerung der Aufenthaltsgenehmigung"
//!   is in "Aufenthaltsgenehmigung Verlängerung"), for every searcher. The other way,
//!   for a German searcher only: an Italian term found in the query (by Italian
//!   stems, as a run) brings the German term, searched in the German text of the
//!   translated lessons and highlighted there.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::content::model::TranslatedTerm;
use crate::search::analysis::{Lang, TRANSLATED, exact_analyzer, stemmed_analyzer, tokens};

/// The legal thesaurus, reviewed by people and checked against the library by a test.
const LEGAL_FILE: &str = include_str!("../legal_thesaurus.toml");

/// Most legal terms one query is expanded with.
const MAX_LEGAL: usize = 24;
/// Most terms of the term lists one query is expanded with, each way.
const MAX_TRANSLATED: usize = 12;

/// Stemmed tokens of a term, with positions (stop words leave gaps).
type Stems = Vec<(usize, String)>;

/// One entry of the legal thesaurus.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalEntry {
    /// How an officer or a citizen says it.
    pub everyday: Vec<String>,
    /// How the law says it: terms that occur in the articles of the library.
    pub legal: Vec<String>,
    /// Why the equivalence holds, or where it is delicate.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LegalFile {
    entry: Vec<LegalEntry>,
}

/// Parses a legal thesaurus file (`[[entry]]` tables with `everyday`, `legal` and an
/// optional `note`).
pub fn parse_legal(text: &str) -> Result<Vec<LegalEntry>, String> {
    toml::from_str::<LegalFile>(text)
        .map(|file| file.entry)
        .map_err(|err| err.message().trim().to_string())
}

static LEGAL_ENTRIES: LazyLock<Vec<LegalEntry>> = LazyLock::new(|| {
    parse_legal(LEGAL_FILE).unwrap_or_else(|err| {
        tracing::error!(error = %err, "the legal thesaurus does not parse; queries go without it");
        Vec::new()
    })
});

/// The entries of the embedded legal thesaurus.
pub fn legal_entries() -> &'static [LegalEntry] {
    &LEGAL_ENTRIES
}

static LEGAL: LazyLock<Legal> = LazyLock::new(|| Legal::new(legal_entries()));

/// The legal thesaurus, analysed once per process.
#[derive(Debug)]
struct Legal {
    /// Per entry, its legal terms.
    terms: Vec<Vec<Stems>>,
    /// Everyday phrases (their stems, without positions) by their first stem, with
    /// the entry they belong to.
    by_first: HashMap<String, Vec<(usize, Vec<String>)>>,
}

impl Legal {
    fn new(entries: &[LegalEntry]) -> Self {
        let mut stem = stemmed_analyzer();
        let mut by_first: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        let mut terms = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            for phrase in &entry.everyday {
                let stems: Vec<String> = tokens(&mut stem, phrase)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect();
                if let Some(first) = stems.first() {
                    by_first.entry(first.clone()).or_default().push((i, stems));
                }
            }
            terms.push(
                entry
                    .legal
                    .iter()
                    .map(|term| tokens(&mut stem, term))
                    .filter(|t| !t.is_empty())
                    .collect(),
            );
        }
        Self { terms, by_first }
    }

    /// The legal terms for the everyday phrases found in `words` (exact tokens).
    fn expansions(&self, words: &[String]) -> Vec<&[(usize, String)]> {
        let stems: Vec<String> = tokens(&mut stemmed_analyzer(), &words.join(" "))
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        // (entry, start, length) of every everyday phrase found.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (start, first) in stems.iter().enumerate() {
            for (entry, phrase) in self.by_first.get(first).into_iter().flatten() {
                if stems[start..].starts_with(phrase) {
                    found.push((*entry, start, phrase.len()));
                }
            }
        }
        let inside_a_longer = |&(_, start, len): &(usize, usize, usize)| {
            found
                .iter()
                .any(|&(_, s, l)| l > len && s <= start && start + len <= s + l)
        };
        let mut entries: Vec<usize> = Vec::new();
        for hit in found.iter().filter(|hit| !inside_a_longer(hit)) {
            if !entries.contains(&hit.0) {
                entries.push(hit.0);
            }
        }
        let mut out: Vec<&[(usize, String)]> = Vec::new();
        for term in entries.iter().flat_map(|&e| &self.terms[e]) {
            let said: Vec<String> = term.iter().map(|(_, t)| t.clone()).collect();
            if out.len() < MAX_LEGAL
                && !contains_run(&stems, &said)
                && !out.iter().any(|o| same_terms(o, term))
            {
                out.push(term.as_slice());
            }
        }
        out
    }
}

/// The course thesaurus and the term lists, analysed once per index refresh, with the
/// legal thesaurus.
#[derive(Debug, Clone)]
pub struct Thesaurus {
    groups: Vec<Vec<Variant>>,
    legal: Option<&'static Legal>,
    terms: Vec<Term>,
}

impl Default for Thesaurus {
    /// The legal thesaurus alone.
    fn default() -> Self {
        Self::new(&[], &[])
    }
}

/// One entry of a term list, analysed.
#[derive(Debug, Clone, PartialEq)]
struct Term {
    /// The language of the translated side.
    lang: Lang,
    /// The Italian term: stemmed tokens with positions, to search for it.
    it: Stems,
    /// The translated term and its other words: each as its stems (that language's
    /// analyzer), to find it in a query.
    forms: Vec<Vec<String>>,
    /// The translated term: stemmed tokens with positions, to search for it.
    term: Stems,
}

/// What the term lists add to a query.
#[derive(Debug, Default)]
pub struct Translations<'a> {
    /// Italian terms, as Italian stems with positions.
    pub italian: Vec<&'a [(usize, String)]>,
    /// Terms in the searcher's language (stems of its analyzer, with positions).
    pub translated: Vec<&'a [(usize, String)]>,
}

#[derive(Debug, Clone)]
struct Variant {
    /// Exact tokens, to find the variant in a query.
    exact: Vec<String>,
    /// Stemmed tokens with positions, to search for it.
    stemmed: Stems,
}

impl Thesaurus {
    /// Analyses groups of equivalent terms and the term lists; the legal thesaurus
    /// comes along.
    pub fn new(groups: &[Vec<String>], terms: &[TranslatedTerm]) -> Self {
        Self {
            groups: course_groups(groups),
            legal: Some(&LEGAL),
            terms: term_list(terms),
        }
    }

    /// What the term lists add to a query of `words` (exact tokens) by a searcher of
    /// `lang`: the Italian terms of the translated terms it says (any searcher), and
    /// for a searcher of a translated language the terms in that language of the
    /// Italian terms it says. Neither side repeats what the query already says.
    pub fn translations(&self, words: &[String], lang: Lang) -> Translations<'_> {
        let mut out = Translations::default();
        if self.terms.is_empty() || words.is_empty() {
            return out;
        }
        let text = words.join(" ");
        let italian: Vec<String> = tokens(&mut stemmed_analyzer(), &text)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        // The query's stems in each language of the term lists.
        let said_in: Vec<(Lang, Vec<String>)> = TRANSLATED
            .into_iter()
            .map(|l| {
                let stems = tokens(&mut l.stemmed_analyzer(), &text)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect();
                (l, stems)
            })
            .collect();
        for term in &self.terms {
            let Some((_, said)) = said_in.iter().find(|(l, _)| *l == term.lang) else {
                continue;
            };
            let found = term
                .forms
                .iter()
                .any(|form| form.iter().all(|stem| said.contains(stem)));
            if found
                && out.italian.len() < MAX_TRANSLATED
                && !contains_run(&italian, &stems_only(&term.it))
                && !out.italian.iter().any(|o| same_terms(o, &term.it))
            {
                out.italian.push(term.it.as_slice());
            }
            let wanted = lang == term.lang
                && out.translated.len() < MAX_TRANSLATED
                && contains_run(&italian, &stems_only(&term.it));
            if wanted
                && !term.term.iter().all(|(_, stem)| said.contains(stem))
                && !out.translated.iter().any(|o| same_terms(o, &term.term))
            {
                out.translated.push(term.term.as_slice());
            }
        }
        out
    }

    /// Equivalents of the terms found in `words` (exact tokens of the query), as
    /// stemmed token sequences, without the terms found themselves: the course
    /// thesaurus's first, then the legal thesaurus's, each once.
    pub(super) fn expansions(&self, words: &[String]) -> Vec<&[(usize, String)]> {
        let mut out: Vec<&[(usize, String)]> = Vec::new();
        for group in &self.groups {
            let found: Vec<usize> = (0..group.len())
                .filter(|&i| contains_run(words, &group[i].exact))
                .collect();
            if found.is_empty() {
                continue;
            }
            for (i, variant) in group.iter().enumerate() {
                if !found.contains(&i) {
                    out.push(variant.stemmed.as_slice());
                }
            }
        }
        if let Some(legal) = self.legal {
            for term in legal.expansions(words) {
                if !out.iter().any(|o| same_terms(o, term)) {
                    out.push(term);
                }
            }
        }
        out
    }
}

fn course_groups(groups: &[Vec<String>]) -> Vec<Vec<Variant>> {
    let mut exact = exact_analyzer();
    let mut stem = stemmed_analyzer();
    groups
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|term| Variant {
                    exact: tokens(&mut exact, term)
                        .into_iter()
                        .map(|(_, t)| t)
                        .collect(),
                    stemmed: tokens(&mut stem, term),
                })
                .filter(|v| !v.exact.is_empty() && !v.stemmed.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|g| g.len() > 1)
        .collect()
}

/// The entries of the term lists in a language the index analyses, each once.
fn term_list(terms: &[TranslatedTerm]) -> Vec<Term> {
    let mut it_stem = stemmed_analyzer();
    let mut out: Vec<Term> = Vec::new();
    for entry in terms {
        let lang = Lang::of(entry.lang);
        if lang == Lang::It {
            continue;
        }
        let mut stem = lang.stemmed_analyzer();
        let mut forms: Vec<Vec<String>> = std::iter::once(&entry.term)
            .chain(&entry.also)
            .map(|form| {
                tokens(&mut stem, form)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
            })
            .filter(|form| !form.is_empty())
            .collect();
        forms.dedup();
        let term = Term {
            lang,
            it: tokens(&mut it_stem, &entry.it),
            forms,
            term: tokens(&mut stem, &entry.term),
        };
        if !term.it.is_empty() && !term.forms.is_empty() && !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// The stems of stemmed tokens, without their positions.
fn stems_only(term: &[(usize, String)]) -> Vec<String> {
    term.iter().map(|(_, t)| t.clone()).collect()
}

fn contains_run(words: &[String], run: &[String]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|w| w == run)
}

/// Whether two stemmed terms are the same phrase (same tokens, same gaps).
pub(super) fn same_terms(a: &[(usize, String)], b: &[(usize, String)]) -> bool {
    let (Some(a0), Some(b0)) = (a.first(), b.first()) else {
        return a.is_empty() && b.is_empty();
    };
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((pa, ta), (pb, tb))| ta == tb && pa - a0.0 == pb - b0.0)
}

#[cfg(test)]
mod tests;
