//! The course thesaurus and the legal thesaurus: the embedded file's shape, and what a
//! query is expanded with.

use std::collections::HashMap;

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

/// The expansions of `query`, each as its stems joined by spaces.
fn expanded(thesaurus: &Thesaurus, query: &str) -> Vec<String> {
    thesaurus
        .expansions(&exact(query))
        .into_iter()
        .map(|term| {
            term.iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn joined(text: &str) -> String {
    stems(text).join(" ")
}

#[test]
fn thesaurus_expands_what_the_query_names() {
    let t = Thesaurus {
        groups: course_groups(&[vec![
            "MSNA".to_string(),
            "minori stranieri non accompagnati".to_string(),
        ]]),
        legal: None,
        terms: Vec::new(),
    };
    let words: Vec<String> = vec!["msna".into(), "tutela".into()];
    let found = t.expansions(&words);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].len(), 3, "{:?}", found[0]);
    assert!(t.expansions(&["tutela".to_string()]).is_empty());
}

#[test]
fn the_legal_thesaurus_parses_with_at_least_300_entries() {
    let entries = parse_legal(LEGAL_FILE).expect("src/search/legal_thesaurus.toml parses");
    assert!(entries.len() >= 300, "{} entries", entries.len());
    assert_eq!(legal_entries().len(), entries.len());
    assert!(parse_legal("[[entry]]\neveryday = [\"a\"]\nlegal = [\"b\"]\nnope = 1").is_err());
}

#[test]
fn every_legal_entry_has_both_sides_and_every_term_has_words() {
    for entry in legal_entries() {
        assert!(
            !entry.everyday.is_empty() && !entry.legal.is_empty(),
            "{entry:?}"
        );
        for term in entry.everyday.iter().chain(&entry.legal) {
            assert!(
                !stems(term).is_empty(),
                "«{term}» has no word that search keeps (only stop words?)"
            );
        }
        if let Some(note) = &entry.note {
            assert!(!note.trim().is_empty(), "{entry:?}");
        }
    }
}

#[test]
fn no_everyday_phrase_is_repeated_in_the_legal_thesaurus() {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut repeated = Vec::new();
    for entry in legal_entries() {
        for phrase in &entry.everyday {
            if let Some(first) = seen.insert(joined(phrase), phrase) {
                repeated.push(format!("«{phrase}» repeats «{first}»"));
            }
        }
    }
    assert!(repeated.is_empty(), "{repeated:#?}");
}

#[test]
fn the_two_sides_of_a_legal_entry_differ() {
    let mut same = Vec::new();
    for entry in legal_entries() {
        for phrase in &entry.everyday {
            for term in &entry.legal {
                if joined(phrase) == joined(term) {
                    same.push(format!("«{phrase}» = «{term}»"));
                }
            }
        }
    }
    assert!(same.is_empty(), "{same:#?}");
}

#[test]
fn an_everyday_phrase_brings_its_legal_terms() {
    let t = Thesaurus::default();
    let long_term = joined("permesso di soggiorno UE per soggiornanti di lungo periodo");
    let found = expanded(&t, "Come si chiede la carta di soggiorno?");
    assert!(found.contains(&long_term), "{found:?}");
    // By stems: plural and accents do not matter.
    let found = expanded(&t, "contratto per le BADANTI");
    assert!(found.contains(&joined("lavoro domestico")), "{found:?}");
    // Nothing for a query without everyday phrases.
    assert!(expanded(&t, "zzz qqq").is_empty());
}

#[test]
fn legal_terms_keep_the_gaps_of_their_stop_words() {
    let t = Thesaurus::default();
    let words = exact("carta di soggiorno");
    let expansions = t.expansions(&words);
    let long_term = expansions
        .iter()
        .find(|term| term.first().is_some_and(|(_, s)| s == "permess") && term.len() > 4)
        .expect("the long-term permit");
    let positions: Vec<usize> = long_term.iter().map(|(p, _)| p - long_term[0].0).collect();
    // permesso di soggiorno UE per soggiornanti di lungo periodo
    assert_eq!(positions, [0, 2, 3, 5, 7, 8], "{long_term:?}");
}

#[test]
fn the_longer_everyday_phrase_wins() {
    let t = Thesaurus::default();
    let long_term = joined("permesso di soggiorno UE per soggiornanti di lungo periodo");
    let found = expanded(&t, "carta di soggiorno permanente del coniuge");
    assert!(!found.contains(&long_term), "{found:?}");
    assert!(
        found.contains(&joined("carta di soggiorno permanente per i familiari")),
        "{found:?}"
    );
}

#[test]
fn a_legal_term_the_query_already_says_is_not_added_again() {
    let t = Thesaurus::default();
    let found = expanded(&t, "carta di soggiorno o soggiornante di lungo periodo");
    assert!(
        !found.contains(&joined("soggiornante di lungo periodo")),
        "{found:?}"
    );
    assert!(
        found.contains(&joined(
            "permesso di soggiorno UE per soggiornanti di lungo periodo"
        )),
        "{found:?}"
    );
}

#[test]
fn course_and_legal_thesauri_do_not_repeat_a_term() {
    let t = Thesaurus::new(
        &[vec![
            "minore solo".to_string(),
            "minore straniero non accompagnato".to_string(),
        ]],
        &[],
    );
    let found = expanded(&t, "minore solo");
    let msna = joined("minore straniero non accompagnato");
    assert_eq!(found.iter().filter(|f| **f == msna).count(), 1, "{found:?}");
}

#[test]
fn same_terms_compares_tokens_and_gaps() {
    let a = tokens(&mut stemmed_analyzer(), "permesso di soggiorno");
    let b = tokens(&mut stemmed_analyzer(), "permessi di soggiorno");
    let c = tokens(&mut stemmed_analyzer(), "permesso soggiorno");
    assert!(same_terms(&a, &b));
    assert!(!same_terms(&a, &c));
}

fn term(it: &str, de: &str, also: &[&str]) -> TranslatedTerm {
    TranslatedTerm {
        lang: "de",
        it: it.to_string(),
        term: de.to_string(),
        also: also.iter().map(|a| (*a).to_string()).collect(),
    }
}

fn term_lists() -> Thesaurus {
    Thesaurus::new(
        &[],
        &[
            term(
                "permesso di soggiorno",
                "Aufenthaltsgenehmigung",
                &["Aufenthaltserlaubnis"],
            ),
            term(
                "rinnovo del permesso di soggiorno",
                "Verlängerung der Aufenthaltsgenehmigung",
                &["Verlängerungsantrag"],
            ),
            term("coniuge", "Ehegatte", &["Ehepartner", "Ehefrau"]),
            // The same entry in a second course: once.
            term("coniuge", "Ehegatte", &["Ehepartner", "Ehefrau"]),
        ],
    )
}

/// What the term lists add to `query` for a searcher of `lang`, as joined stems.
fn translated(t: &Thesaurus, query: &str, lang: Lang) -> (Vec<String>, Vec<String>) {
    let found = t.translations(&exact(query), lang);
    let join = |terms: Vec<&[(usize, String)]>| -> Vec<String> {
        terms
            .into_iter()
            .map(|term| {
                term.iter()
                    .map(|(_, t)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    (join(found.italian), join(found.translated))
}

#[test]
fn a_german_term_brings_its_italian_term_whatever_its_case_umlauts_and_order() {
    let t = term_lists();
    let (italian, german) = translated(&t, "Aufenthaltsgenehmigung Verlängerung", Lang::De);
    assert_eq!(
        italian,
        [
            joined("permesso di soggiorno"),
            joined("rinnovo del permesso di soggiorno")
        ]
    );
    assert!(german.is_empty(), "{german:?}");
    // Inflected, without umlauts, in capitals, another word for it.
    for query in [
        "AUFENTHALTSGENEHMIGUNGEN",
        "aufenthaltserlaubnis",
        "Verlangerungsantrag",
    ] {
        let (italian, _) = translated(&t, query, Lang::It);
        assert_eq!(italian.len(), 1, "{query}: {italian:?}");
    }
    let (italian, _) = translated(&t, "Ehepartner und Kinder", Lang::De);
    assert_eq!(italian, [joined("coniuge")]);
    // One word of a term of two is not the term.
    let (italian, _) = translated(&t, "Verlängerung", Lang::De);
    assert!(italian.is_empty(), "{italian:?}");
}

#[test]
fn an_italian_term_brings_the_german_one_for_a_german_searcher_only() {
    let t = term_lists();
    let (italian, german) = translated(&t, "rinnovo del permesso di soggiorno", Lang::De);
    assert!(italian.is_empty(), "the query says them: {italian:?}");
    let stems = |text: &str| {
        tokens(&mut Lang::De.stemmed_analyzer(), text)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        german,
        [
            stems("Aufenthaltsgenehmigung"),
            stems("Verlängerung der Aufenthaltsgenehmigung")
        ]
    );
    let (_, german) = translated(&t, "rinnovo del permesso di soggiorno", Lang::It);
    assert!(german.is_empty(), "{german:?}");
    assert_eq!(t.terms.len(), 3, "the repeated entry is kept once");
}
