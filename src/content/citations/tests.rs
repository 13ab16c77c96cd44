//! Unit tests of the citation parser: tables of forms, negatives, queries, odd
//! inputs, and every citation of the corpus and the lessons.

use super::labels::norm_label;
use super::patterns::{GROUP_AT, KW_RE, at};
use super::text::floor_boundary;
use super::*;
use regex::Regex;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Article ids of every citation in `text`, flattened.
fn ids(text: &str) -> Vec<String> {
    find_citations(text)
        .iter()
        .flat_map(|c| c.articles.iter().map(ArticleRef::id))
        .collect()
}

/// Checks the invariants every result must satisfy, whatever the input.
fn check_invariants(text: &str) {
    let citations = find_citations(text);
    let mut last_end = 0;
    for c in &citations {
        assert!(c.span.start >= last_end, "overlap in {text:?}");
        assert!(c.span.start < c.span.end && c.span.end <= text.len());
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        assert!(!c.articles.is_empty());
        for a in &c.articles {
            assert!(a.span.start >= c.span.start && a.span.end <= c.span.end);
            assert!(text.get(a.span.clone()).is_some(), "bad span in {text:?}");
            assert!(!a.label.is_empty() && !a.label.starts_with('-'));
        }
        last_end = c.span.end;
    }
    let mut last_end = 0;
    for (span, _) in find_acts(text) {
        assert!(span.start >= last_end && text.get(span.clone()).is_some());
        last_end = span.end;
    }
    for a in parse_query(text) {
        assert!(text.get(a.span.clone()).is_some());
    }
}

const TUI: &str = "dlgs-286-1998";

#[test]
// One table of every recognised form: its length is the list of cases.
fn citation_forms() {
    let table: &[(&str, &[&str])] = &[
        ("art. 29 del D.Lgs. 286/1998", &["dlgs-286-1998/art-29"]),
        (
            "art. 5, comma 2, del D.Lgs. n. 286/1998",
            &["dlgs-286-1998/art-5"],
        ),
        (
            "art. 19-bis, comma 2, D.Lgs. n. 142/2015",
            &["dlgs-142-2015/art-19-bis"],
        ),
        ("art. 19-bis D.Lgs. 142/2015", &["dlgs-142-2015/art-19-bis"]),
        (
            "artt. 4 e 5 TUI",
            &["dlgs-286-1998/art-4", "dlgs-286-1998/art-5"],
        ),
        (
            "artt. 29 e 29-bis TUI",
            &["dlgs-286-1998/art-29", "dlgs-286-1998/art-29-bis"],
        ),
        (
            "artt. 29, 29-bis e 30 del D.Lgs. 286/1998",
            &[
                "dlgs-286-1998/art-29",
                "dlgs-286-1998/art-29-bis",
                "dlgs-286-1998/art-30",
            ],
        ),
        (
            "artt. 5-9 TUI",
            &["dlgs-286-1998/art-5", "dlgs-286-1998/art-9"],
        ),
        (
            "artt. 5-bis-7 TUI",
            &["dlgs-286-1998/art-5-bis", "dlgs-286-1998/art-7"],
        ),
        ("DPR 394/99 art. 13", &["dpr-394-1999/art-13"]),
        ("DPR 394/1999, art. 13", &["dpr-394-1999/art-13"]),
        ("art. 13 del D.P.R. n. 394/1999", &["dpr-394-1999/art-13"]),
        ("art. 46 del DPR 445/2000", &["dpr-445-2000/art-46"]),
        ("art. 46 del d.P.R. 445/2000", &["dpr-445-2000/art-46"]),
        ("L. 47/2017, art. 11", &["l-47-2017/art-11"]),
        ("art. 11 della L. 47/2017", &["l-47-2017/art-11"]),
        ("art. 11 della legge n. 47/2017", &["l-47-2017/art-11"]),
        ("legge 7 aprile 2017, n. 47, art. 11", &["l-47-2017/art-11"]),
        (
            "art. 11 della legge 7 aprile 2017, n. 47",
            &["l-47-2017/art-11"],
        ),
        ("art. 11 L. 47/17", &["l-47-2017/art-11"]),
        (
            "art. 5 del decreto legislativo 25 luglio 1998, n. 286",
            &["dlgs-286-1998/art-5"],
        ),
        (
            "art. 3 del D.Lgs. 18 agosto 2015, n. 142",
            &["dlgs-142-2015/art-3"],
        ),
        ("art. 1 del D.L. 113/2018", &["dl-113-2018/art-1"]),
        (
            "art. 13 del decreto-legge 4 ottobre 2018, n. 113",
            &["dl-113-2018/art-13"],
        ),
        (
            "art. 13 del decreto legge 4 ottobre 2018 n. 113",
            &["dl-113-2018/art-13"],
        ),
        (
            "art. 7, comma 1, lett. b), del D.Lgs. 30/2007",
            &["dlgs-30-2007/art-7"],
        ),
        (
            "art. 28, comma 1, lettera a-bis), DPR 394/1999",
            &["dpr-394-1999/art-28"],
        ),
        ("art. 14.1 del D.Lgs. 286/1998", &["dlgs-286-1998/art-14-1"]),
        (
            "Art. 39-bis.1 del D.Lgs. 286/1998",
            &["dlgs-286-1998/art-39-bis-1"],
        ),
        ("art. 10 quater TUI", &["dlgs-286-1998/art-10-quater"]),
        ("art. 2 terdecies TUI", &["dlgs-286-1998/art-2-terdecies"]),
        ("art. 12 T.U.I.", &["dlgs-286-1998/art-12"]),
        (
            "art. 12 del Testo unico immigrazione",
            &["dlgs-286-1998/art-12"],
        ),
        (
            "art. 12 del testo unico sull'immigrazione",
            &["dlgs-286-1998/art-12"],
        ),
        (
            "art. 12 del testo unico sull’immigrazione",
            &["dlgs-286-1998/art-12"],
        ),
        ("art. 2 della legge Zampa", &["l-47-2017/art-2"]),
        ("art. 19 del decreto accoglienza", &["dlgs-142-2015/art-19"]),
        (
            "art. 6 del regolamento di attuazione del TUI",
            &["dpr-394-1999/art-6"],
        ),
        (
            "art. 6 del regolamento di attuazione del testo unico",
            &["dpr-394-1999/art-6"],
        ),
        (
            "art. 46 del testo unico sulla documentazione amministrativa",
            &["dpr-445-2000/art-46"],
        ),
        (
            "art. 19, commi 1 e 7-bis, del D.Lgs. 142/2015",
            &["dlgs-142-2015/art-19"],
        ),
        ("art. 11, comma 1-bis, TUI", &["dlgs-286-1998/art-11"]),
        ("art. 11, co. 2, TUI", &["dlgs-286-1998/art-11"]),
        (
            "articolo 5, comma 2, del decreto legislativo n. 286 del 1998",
            &["dlgs-286-1998/art-5"],
        ),
        (
            "articoli 9 e 11 del decreto legislativo 18 agosto 2015, n. 142",
            &["dlgs-142-2015/art-9", "dlgs-142-2015/art-11"],
        ),
        (
            "art. 31, comma 4, e art. 33, comma 2-bis, del D.Lgs. 286/1998",
            &["dlgs-286-1998/art-31", "dlgs-286-1998/art-33"],
        ),
        (
            "art. 4-bis, comma 2, ultimo periodo, del\nD.Lgs. 286/1998",
            &["dlgs-286-1998/art-4-bis"],
        ),
        (
            "(art. 38 TUI; art. 45 del\n>   DPR 394/1999)",
            &["dlgs-286-1998/art-38", "dpr-394-1999/art-45"],
        ),
        ("art. 5, comma 8.1, TUI", &["dlgs-286-1998/art-5"]),
        (
            "art. 40, comma 01, del DPR 445/2000",
            &["dpr-445-2000/art-40"],
        ),
        (
            "art. 2, comma 1, lett. b) ed e), del D.Lgs. 142/2015",
            &["dlgs-142-2015/art-2"],
        ),
        (
            "comma 2 dell'art. 5 del D.Lgs. 286/1998",
            &["dlgs-286-1998/art-5"],
        ),
        ("art. 1 del d.P.C.M. 12/2020", &["dpcm-12-2020/art-1"]),
        ("art. 3 del D.M. 5/2019", &["dm-5-2019/art-3"]),
        ("art 5 dlgs 286/98", &["dlgs-286-1998/art-5"]),
        ("ART. 29 DEL D.LGS. 286/1998", &["dlgs-286-1998/art-29"]),
        (
            "(art. 4, comma 1; art. 26-bis, comma 3, del D.Lgs. 25/2008)",
            &["dlgs-25-2008/art-26-bis"],
        ),
        (
            "art. 2 del D.Lgs. 25/2008 e art. 2 del D.Lgs. 251/2007",
            &["dlgs-25-2008/art-2", "dlgs-251-2007/art-2"],
        ),
        (
            "artt. 4, 5, 5-bis, 5-ter, 5-quater, 9 e 11 del D.Lgs. 142/2015",
            &[
                "dlgs-142-2015/art-4",
                "dlgs-142-2015/art-5",
                "dlgs-142-2015/art-5-bis",
                "dlgs-142-2015/art-5-ter",
                "dlgs-142-2015/art-5-quater",
                "dlgs-142-2015/art-9",
                "dlgs-142-2015/art-11",
            ],
        ),
        // Forms of the Normattiva texts.
        (
            "articolo 13, comma 5-bis, del testo unico di cui al [decreto legislativo 25 \
             luglio 1998, n. 286](https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato)",
            &["dlgs-286-1998/art-13"],
        ),
        (
            "articolo 6, comma 7, del citato decreto legislativo n. 286 del 1998",
            &["dlgs-286-1998/art-6"],
        ),
        (
            "articoli 11, comma 6, e 40 del decreto legislativo 25 luglio 1998, n. 286",
            &["dlgs-286-1998/art-11", "dlgs-286-1998/art-40"],
        ),
        (
            "articoli 25 e seguenti del decreto legislativo 9 aprile 1991, n. 127",
            &["dlgs-127-1991/art-25"],
        ),
        (
            "articoli 30-bis, commi da 1 a 3 e da 5 a 9, e 31 del decreto del Presidente \
             della Repubblica n. 394 del 1999",
            &["dpr-394-1999/art-30-bis", "dpr-394-1999/art-31"],
        ),
        ("Legge 6 marzo 1998, n. 40, art. 1", &["l-40-1998/art-1"]),
        (
            "articolo 4-bis, comma 1, terzo periodo, della legge 26 luglio 1975, n. 354",
            &["l-354-1975/art-4-bis"],
        ),
        ("art. 13 del d.l. n. 113 del 2018", &["dl-113-2018/art-13"]),
        (
            "articolo 4 della stessa legge n. 390 del 1991",
            &["l-390-1991/art-4"],
        ),
    ];
    assert!(table.len() >= 40);
    for (input, expected) in table {
        assert_eq!(ids(input), *expected, "input: {input:?}");
        check_invariants(input);
    }
}

#[test]
fn commi_letters_and_spans() {
    let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "art. 5, comma 2, del D.Lgs. n. 286/1998",
            "5",
            Some("2"),
            None,
        ),
        (
            "art. 7, comma 1, lett. b), del D.Lgs. 30/2007",
            "7",
            Some("1"),
            Some("b"),
        ),
        (
            "art. 28, comma 1, lettera a-bis), DPR 394/1999",
            "28",
            Some("1"),
            Some("a-bis"),
        ),
        (
            "art. 14, comma 1, lett. c-bis), e comma 1-bis, del DPR 394/1999",
            "14",
            Some("1"),
            Some("c-bis"),
        ),
        ("art. 5, comma 3 bis, TUI", "5", Some("3-bis"), None),
        ("art. 5, comma 8.1-bis, TUI", "5", Some("8-1-bis"), None),
        ("art. 19, commi 1, 2 e 2-bis, TUI", "19", Some("1"), None),
        (
            "lettera a) del comma 1 dell'articolo 4 del D.Lgs. 142/2015",
            "4",
            Some("1"),
            Some("a"),
        ),
        ("art. 29 bis TUI", "29 bis", None, None),
        (
            "articolo 39, secondo comma, della legge 1° aprile 1981, n. 121",
            "39",
            Some("2"),
            None,
        ),
        (
            "art. 2, comma terzo, della legge 24 dicembre 1954, n. 1228",
            "2",
            Some("3"),
            None,
        ),
        ("art. 5, commi 2 e 3, lett. a), TUI", "5", Some("2"), None),
    ];
    for (input, raw_label, comma, letter) in table {
        let found = find_citations(input);
        assert_eq!(found.len(), 1, "input: {input:?}");
        let a = &found[0].articles[0];
        assert_eq!(&input[a.span.clone()], *raw_label, "input: {input:?}");
        assert_eq!(a.comma.as_deref(), *comma, "input: {input:?}");
        assert_eq!(a.letter.as_deref(), *letter, "input: {input:?}");
    }
    let text = "Vedi l'art. 5, comma 2, del D.Lgs. 286/1998 e poi.";
    let c = &find_citations(text)[0];
    assert_eq!(
        &text[c.span.clone()],
        "art. 5, comma 2, del D.Lgs. 286/1998"
    );
    let text = "Il DPR 394/1999, art. 13, comma 1, dice";
    let c = &find_citations(text)[0];
    assert_eq!(&text[c.span.clone()], "DPR 394/1999, art. 13, comma 1");
}

#[test]
fn not_citations() {
    let negatives = [
        "dell'art. 5 e del comma 3 si dirà oltre. Altro tema: il D.Lgs. 142/2015.",
        "l'art. 5 e l'art. 7",
        "art. senza numero del D.Lgs. 286/1998",
        "art. del D.Lgs. 286/1998",
        "Comuni con più di 5.000 abitanti",
        "art. 5.000 abitanti",
        "art. 495 del codice penale",
        "art. 13 del presente testo unico",
        "dell'articolo 4, comma 3 della direttiva 2013/33/UE",
        "di cui all'articolo 4, comma 1, ovvero la ricevuta",
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art5",
        "http://example.org/art.5/dlgs/286/1998",
        "art. 5 (vedi sopra) del D.Lgs. 286/1998",
        "art. 9, art. 11, e le strutture SAI",
        "art. 5 del regolamento di attuazione",
        "art. 3 del D.M. 12/12/2019",
        "art. 3 della L.R. 12/2005",
        "art. 3 del D.M. sanità 5 luglio 1975",
        "art. 5; D.Lgs. 286/1998",
        "l'arte 5 del D.Lgs. 286/1998",
        "art. 5, quarto comma, della Tabella di cui all'Allegato B del DPR 26 ottobre 1972, n. 642",
        "articoli 17 e 18 della convenzione di Ginevra del 28 luglio 1951, ratificata con \
         legge 24 luglio 1954, n. 722",
        "Art. 25. — Modifiche al decreto legislativo 28 gennaio 2008, n. 25",
        "Le misure dell'art. 42\n\nL'ufficio applica il D.Lgs. 286/1998",
    ];
    for text in negatives {
        assert!(
            find_citations(text).is_empty(),
            "unexpected citation in {text:?}"
        );
        check_invariants(text);
    }
    assert!(
        find_acts("Comuni con più di 5.000 abitanti, L.R. 12/2005, D.M. 12/12/2019").is_empty()
    );
}

#[test]
fn acts_without_articles() {
    let text = "Il D.Lgs. 142/2015 (il \"decreto accoglienza\") e il TUI; la legge 7 aprile 2017, \
                n. 47 (la cosiddetta \"legge Zampa\"); D.L. 113/2018, decreto-legge 4 ottobre 2018, \
                n. 113; d.P.R. 445/2000; T.U.I.; regolamento di attuazione del testo unico; \
                DPR 30 maggio 1989, n. 223; L. 1228/1954; legge n. 91 del 1992";
    let found: Vec<String> = find_acts(text).iter().map(|(_, a)| a.id()).collect();
    let expected = [
        "dlgs-142-2015",
        "dlgs-142-2015",
        TUI,
        "l-47-2017",
        "l-47-2017",
        "dl-113-2018",
        "dl-113-2018",
        "dpr-445-2000",
        TUI,
        "dpr-394-1999",
        "dpr-223-1989",
        "l-1228-1954",
        "l-91-1992",
    ];
    assert_eq!(found, expected);
    let (span, _) = &find_acts("Vedi D.Lgs. 18 agosto 2015, n. 142.")[0];
    assert_eq!(span.clone(), 5..34);
    assert!(find_citations("Il TUI è stato modificato").is_empty());
}

#[test]
fn queries() {
    let table: &[(&str, &[&str])] = &[
        ("art. 29 TUI", &["dlgs-286-1998/art-29"]),
        ("19-bis 142/2015", &["dlgs-142-2015/art-19-bis"]),
        ("dpr 394/99 art 13", &["dpr-394-1999/art-13"]),
        ("art 5 dlgs 286 1998", &["dlgs-286-1998/art-5"]),
        ("tui 29", &["dlgs-286-1998/art-29"]),
        ("29 tui", &["dlgs-286-1998/art-29"]),
        ("tui art 29 bis", &["dlgs-286-1998/art-29-bis"]),
        ("art. 14.1 tui", &["dlgs-286-1998/art-14-1"]),
        ("dpr 394 art 13", &["dpr-394-1999/art-13"]),
        ("legge zampa 11", &["l-47-2017/art-11"]),
        (
            "decreto accoglienza art 19 comma 3",
            &["dlgs-142-2015/art-19"],
        ),
        ("art. 5 comma 2 tui", &["dlgs-286-1998/art-5"]),
        ("dlgs 142 2015 art 5-bis", &["dlgs-142-2015/art-5-bis"]),
        ("ricongiungimento tui", &[]),
        ("tui", &[]),
        ("art. 29", &[]),
        ("permesso di soggiorno", &[]),
        ("", &[]),
    ];
    for (query, expected) in table {
        let got: Vec<String> = parse_query(query).iter().map(ArticleRef::id).collect();
        assert_eq!(got, *expected, "query: {query:?}");
        check_invariants(query);
    }
    let a = &parse_query("tui 29 comma 2")[0];
    assert_eq!((a.comma.as_deref(), a.span.clone()), (Some("2"), 4..6));
}

#[test]
fn odd_inputs_never_panic() {
    let pieces = [
        "art.",
        "artt.",
        " ",
        "\n> ",
        "5",
        "29",
        "-bis",
        " ter",
        ".1",
        "/",
        "1998",
        "99",
        "D.Lgs.",
        "d.P.R.",
        "L.",
        "TUI",
        ",",
        " comma ",
        " lett. ",
        "a)",
        " e ",
        " del ",
        "n.",
        "è",
        "ß",
        "日本",
        "🙂",
        "\u{200b}",
        "’",
        "(",
        ")",
        ";",
        "\t",
        "testo unico ",
        "luglio ",
        "°",
        "dell'",
        "-",
        "–",
        "٣",
        "..",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = next() % 24;
        let text: String = (0..len)
            .map(|_| pieces[usize::try_from(next() % pieces.len() as u64).unwrap_or(0)])
            .collect();
        check_invariants(&text);
    }
    // Cut real citations at every char boundary.
    let sample =
        "artt. 29, 29-bis e 30 del D.Lgs. 286/1998; DPR 394/99, art. 13; è l'art. 14.1 TUI";
    for (i, _) in sample.char_indices() {
        check_invariants(&sample[..i]);
        check_invariants(&sample[i..]);
    }
    let long = "art. 5, comma 2, del D.Lgs. 286/1998 e àèìòù ".repeat(5_000);
    assert_eq!(find_citations(&long).len(), 5_000);
    check_invariants(&"art. 5 e 6 e 7 e ".repeat(5_000));
    check_invariants(&"9".repeat(100_000));
}

#[test]
fn normattiva_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/normattiva");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut total = 0;
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("corpus file is readable");
        check_invariants(&text);
        total += find_citations(&text).len();
    }
    eprintln!("{total} citations in the corpus");
    assert!(total > 500);
}

/// Lesson files: `courses/immigrazione-servizi-comunali/*/*.md` in the crate.
fn lesson_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/immigrazione-servizi-comunali");
    let mut files = Vec::new();
    for module in std::fs::read_dir(&root)
        .expect("course folder is readable")
        .flatten()
    {
        for entry in std::fs::read_dir(module.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "md") {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}

/// Article ids of the corpus (`../shared/corpus/normattiva/<act id>.md`, outside the
/// repository), from its `Art. N.` headings; empty if the corpus is not there.
fn corpus_article_ids() -> HashSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/normattiva");
    let heading = Regex::new(r"(?m)^##+ Art\. ([0-9]+(?:[-.][a-z0-9]+)*)\.").expect("valid");
    let mut ids = HashSet::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let (Some(act), Ok(text)) = (path.file_stem(), std::fs::read_to_string(&path)) else {
            continue;
        };
        for caps in heading.captures_iter(&text) {
            ids.insert(format!(
                "{}/art-{}",
                act.to_string_lossy(),
                norm_label(&caps[1])
            ));
        }
    }
    ids
}

#[test]
fn lesson_citations() {
    let files = lesson_files();
    assert!(!files.is_empty(), "no lesson files found");
    let mut misses = Vec::new();
    let mut unknown_articles = Vec::new();
    let mut total = 0;
    let closers = Regex::new(r"\b[a-z](?:-[a-z]+)?\)").expect("valid");
    let corpus = corpus_article_ids();
    eprintln!("{} corpus articles", corpus.len());
    for path in &files {
        let text = std::fs::read_to_string(path).expect("lesson is readable");
        let citations = find_citations(&text);
        check_invariants(&text);
        let acts = find_acts(&text);
        for kw in KW_RE.find_iter(&text) {
            let covered = citations.iter().any(|c| c.span.contains(&kw.start()));
            let Some(g) = at(&GROUP_AT, &text, kw.start()) else {
                continue;
            };
            let window = g.end()..g.end() + 80;
            let Some((act, _)) = acts.iter().find(|(r, _)| window.contains(&r.start)) else {
                continue;
            };
            if covered {
                continue;
            }
            // The act belongs to another mention when a bracket, a ";" or another
            // article keyword comes first ("art. 35 (art. 21 del D.Lgs. ...").
            let between = closers.replace_all(&text[g.end()..act.start], "");
            let interrupted = KW_RE.is_match(&between) || between.contains(['(', ')', ';']);
            let end = floor_boundary(&text, kw.start() + 100);
            let snippet = format!("{}: {}", path.display(), &text[kw.start()..end]);
            let snippet = snippet.replace('\n', " ");
            if interrupted {
                eprintln!("not a citation of the next act (interrupted): {snippet}");
            } else {
                misses.push(snippet);
            }
        }
        for a in citations.iter().flat_map(|c| &c.articles) {
            total += 1;
            let act = format!("{}/", a.act.id());
            let act_in_corpus = corpus.iter().any(|id| id.starts_with(&act));
            if act_in_corpus && !corpus.contains(&a.id()) {
                unknown_articles.push(format!("{}: {}", path.display(), a.id()));
            }
        }
    }
    for m in &misses {
        eprintln!("MISSED {m}");
    }
    for u in &unknown_articles {
        eprintln!("NOT IN CORPUS {u}");
    }
    eprintln!("{total} article references in {} lessons", files.len());
    assert!(misses.is_empty(), "{} missed citations", misses.len());
    assert!(
        unknown_articles.is_empty(),
        "{} unknown articles",
        unknown_articles.len()
    );
}
