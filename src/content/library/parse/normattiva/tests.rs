//! Unit tests of the Normattiva parser: the fixture, front matter errors, odd input,
//! and counts, clean texts and spot checks over the shared corpus when it is there.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;

use super::super::text_to_html;
use super::*;

/// The shared corpus, next to the crate (`<crate>/../shared/corpus/normattiva`).
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/normattiva");
const FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/library/dlgs-999-2099.md"
));

/// Writes to the real stderr, so the message shows even when test output is captured.
fn report(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// The corpus files (name, text), or `None` (with a visible message) when the folder is
/// missing; with `CI=true` a missing corpus fails the test.
fn corpus() -> Option<Vec<(String, String)>> {
    let dir = Path::new(CORPUS);
    if !dir.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "corpus not found at {CORPUS} (CI=true)"
        );
        report(&format!("skipped: corpus not found at {CORPUS}"));
        return None;
    }
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("corpus folder is readable")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("corpus file is UTF-8"),
            )
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .md files in {CORPUS}");
    Some(files)
}

fn corpus_act(name: &str) -> Option<ParsedAct> {
    let files = corpus()?;
    let (_, text) = files
        .iter()
        .find(|(n, _)| n == name)
        .expect("corpus file present");
    Some(parse(text).expect("corpus file parses"))
}

fn article<'a>(act: &'a ParsedAct, label: &str) -> &'a ParsedArticle {
    let found = act.articles.iter().find(|a| a.label == label);
    found.unwrap_or_else(|| panic!("{} has no article {label}", act.id))
}

fn comma<'a>(article: &'a ParsedArticle, label: &str) -> &'a str {
    let found = article.commi.iter().find(|c| c.label == label);
    &found
        .unwrap_or_else(|| panic!("art. {} has no comma {label}", article.label))
        .text
}

/// THE acceptance test: one article per `## Art.`/`### Art.` heading, unique ids.
#[test]
fn corpus_article_counts_match_headings() {
    let Some(files) = corpus() else { return };
    for (name, text) in &files {
        let headings = text
            .lines()
            .filter(|l| l.starts_with("## Art.") || l.starts_with("### Art."))
            .count();
        let act = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        report(&format!(
            "{name}: {} articles, {headings} headings",
            act.articles.len()
        ));
        assert_eq!(act.articles.len(), headings, "{name}: articles vs headings");
        assert_eq!(
            format!("{}.md", act.id),
            *name,
            "act id matches the file name"
        );
        let mut ids = HashSet::new();
        for article in &act.articles {
            let id = article.id(&act.id);
            assert!(ids.insert(id.clone()), "{name}: duplicate id {id}");
        }
    }
}

#[test]
fn corpus_texts_are_clean_and_render() {
    let Some(files) = corpus() else { return };
    for (name, text) in &files {
        let act = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for article in &act.articles {
            let texts =
                std::iter::once(&article.intro).chain(article.commi.iter().map(|c| &c.text));
            for text in texts {
                let where_ = format!("{name} art. {}", article.label);
                for marker in [
                    "AGGIORNAMENTO (",
                    "Note all'",
                    "Nota all'",
                    "munito del sigillo",
                ] {
                    assert!(!text.contains(marker), "{where_}: {marker:?} in the text");
                }
                assert!(
                    !text.contains("TAVOLA DI CORRISPONDENZA"),
                    "{where_}: table in text"
                );
                let html = text_to_html(text);
                let (open, close) = (html.matches("<ins").count(), html.matches("</ins>").count());
                assert_eq!(open, close, "{where_}: unbalanced <ins> in {html}");
                assert!(!html.contains("<script"), "{where_}");
            }
            assert!(article.commi.iter().all(|c| !c.label.is_empty()));
        }
    }
}

#[test]
// A list of independent spot checks: its length is the list of facts checked.
fn corpus_spot_checks_tui() {
    let Some(act) = corpus_act("dlgs-286-1998.md") else {
        return;
    };
    assert_eq!(
        (act.kind.as_str(), act.number.as_str(), act.year),
        ("dlgs", "286", 1998)
    );
    assert_eq!(act.date.as_deref(), Some("1998-07-25"));
    assert!(
        act.title
            .starts_with("Testo unico delle disposizioni concernenti")
    );
    assert_eq!(
        act.urn.as_deref(),
        Some("urn:nir:stato:decreto.legislativo:1998-07-25;286")
    );

    let art5 = article(&act, "5");
    assert!(
        art5.heading
            .as_deref()
            .is_some_and(|h| h.contains("Permesso di soggiorno"))
    );
    assert!(comma(art5, "4").contains("novanta giorni"));
    assert!(comma(art5, "8.2").contains("\na) agli stranieri di cui agli articoli 9 e 9-ter;"));
    assert!(
        art5.notes
            .iter()
            .any(|n| n.starts_with("AGGIORNAMENTO (122)"))
    );
    assert!(art5.commi.iter().all(|c| !c.text.contains("AGGIORNAMENTO")));
    let structure = [
        "Titolo II - DISPOSIZIONI SULL'INGRESSO, IL SOGGIORNO E L'ALLONTANAMENTO DAL TERRITORIO DELLO STATO",
        "Capo I - DISPOSIZIONI SULL'INGRESSO E IL SOGGIORNO",
    ];
    assert_eq!(art5.structure, structure);

    let art29bis = article(&act, "29-bis");
    assert_eq!(art29bis.id(&act.id), "dlgs-286-1998/art-29-bis");
    assert_eq!(
        art29bis.heading.as_deref(),
        Some("Ricongiungimento familiare dei rifugiati")
    );
    assert_eq!(article(&act, "14.1").id(&act.id), "dlgs-286-1998/art-14-1");
    assert_eq!(
        article(&act, "39-bis.1").id(&act.id),
        "dlgs-286-1998/art-39-bis-1"
    );

    // rubrica on the next line, source reference kept in the intro
    let art1 = article(&act, "1");
    assert_eq!(art1.heading.as_deref(), Some("Ambito di applicazione"));
    assert!(
        art1.intro
            .starts_with("([Legge 6 marzo 1998, n. 40, art. 1]")
    );
    assert!(comma(art1, "6-bis").starts_with("((Il documento di viaggio europeo"));
    // a whole article inserted by a later act: each comma carries its markers
    let art2bis = article(&act, "2-bis");
    assert_eq!(art2bis.commi.len(), 4);
    assert!(
        art2bis
            .commi
            .iter()
            .all(|c| c.text.starts_with("((") && c.text.ends_with("))"))
    );
    // repealed article
    let art13bis = article(&act, "13-bis");
    assert!(art13bis.repealed && art13bis.commi.is_empty());
    assert!(
        art13bis
            .notes
            .iter()
            .any(|n| n.starts_with("AGGIORNAMENTO (37)"))
    );
    assert!(!article(&act, "13").repealed);
    // inline commi: ` 1-ter.((COMMA ...`, indented `((2. ...`, `3 All'...` without dot
    assert!(comma(article(&act, "11"), "1-ter").starts_with("((COMMA ABROGATO"));
    assert!(comma(article(&act, "44"), "2").starts_with("((Alle controversie"));
    assert!(comma(article(&act, "47"), "3").starts_with("All'[art. 20"));
    // the closing formula is not part of the last article
    assert!(!comma(article(&act, "49"), "2-bis").contains("Dato a Roma"));
}

#[test]
// A list of independent spot checks: its length is the list of facts checked.
fn corpus_spot_checks_other_acts() {
    let Some(dpr394) = corpus_act("dpr-394-1999.md") else {
        return;
    };
    let art13 = article(&dpr394, "13");
    assert_eq!(art13.id(&dpr394.id), "dpr-394-1999/art-13");
    assert_eq!(
        art13.heading.as_deref(),
        Some("Rinnovo del permesso di soggiorno")
    );
    assert!(article(&dpr394, "38").repealed);
    assert_eq!(
        article(&dpr394, "61-bis").heading.as_deref(),
        Some("Sistemi informativi")
    );
    assert_eq!(
        article(&dpr394, "51").intro,
        "Articolo non ammesso al \"Visto\" della Corte dei conti"
    );
    assert!(comma(article(&dpr394, "3"), "3").starts_with("((Il provvedimento"));

    let Some(dlgs30) = corpus_act("dlgs-30-2007.md") else {
        return;
    };
    assert_eq!(dlgs30.articles.len(), 28);
    assert_eq!(article(&dlgs30, "1").heading.as_deref(), Some("Finalita'"));
    assert!(
        article(&dlgs30, "1")
            .notes
            .iter()
            .any(|n| n.starts_with("Avvertenza"))
    );
    assert_eq!(
        article(&dlgs30, "12").heading.as_deref(),
        Some(
            "Mantenimento del diritto di soggiorno dei familiari in caso di divorzio e di annullamento del matrimonio"
        )
    );

    let Some(dpr445) = corpus_act("dpr-445-2000.md") else {
        return;
    };
    let marks: Vec<_> = ["1", "2", "3", "18"]
        .map(|l| article(&dpr445, l).source_mark.clone())
        .into();
    assert_eq!(
        marks,
        [None, Some("L".into()), Some("R".into()), Some("L-R".into())]
    );
    assert_eq!(article(&dpr445, "2").heading.as_deref(), Some("Oggetto"));
    assert_eq!(
        article(&dpr445, "18").heading.as_deref(),
        Some("Copie autentiche")
    );
    assert_eq!(article(&dpr445, "40").commi[0].label, "01");
    let art8 = article(&dpr445, "8");
    assert!(art8.repealed);
    assert_eq!(
        art8.structure,
        [
            "Capo II - DOCUMENTAZIONE AMMINISTRATIVA",
            "Sezione II - DOCUMENTO INFORMATICO"
        ]
    );
    let last = article(&dpr445, "78");
    assert!(
        last.notes
            .iter()
            .any(|n| n.starts_with("TAVOLA DI CORRISPONDENZA"))
    );

    let Some(dlgs142) = corpus_act("dlgs-142-2015.md") else {
        return;
    };
    // a novella quoting commi of another act: its numbers do not start commi here
    let labels: Vec<&str> = article(&dlgs142, "25")
        .commi
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(labels, ["1"]);
}

#[test]
fn fixture_parses() {
    let act = parse(FIXTURE).expect("fixture parses");
    assert_eq!(act.id, "dlgs-999-2099");
    assert_eq!(act.title, "Atto di prova per i test.");
    let labels: Vec<&str> = act.articles.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["1", "1-bis", "2", "3"]);
    let art1 = &act.articles[0];
    assert_eq!(art1.structure, ["Capo I - Disposizioni generali"]);
    assert_eq!(
        art1.commi[1].text.lines().nth(1),
        Some("a) \"atto di prova\": il presente decreto;")
    );
    assert_eq!(art1.notes.len(), 1);
    assert_eq!(
        act.articles[1].heading.as_deref(),
        Some("Sportello di prova")
    );
    let art2 = &act.articles[2];
    assert_eq!(art2.commi[1].label, "2-bis");
    assert!(art2.commi[0].text.contains("((sessanta giorni))"));
    assert!(art2.notes[0].starts_with("AGGIORNAMENTO (1)\nIl D.Lgs. 1 marzo 2099"));
    assert!(act.articles[3].repealed);
    assert!(
        act.articles
            .iter()
            .all(|a| a.notes.iter().all(|n| !n.contains("munito del sigillo")))
    );
}

#[test]
fn closing_formula_of_a_law_is_dropped() {
    let text = "---\ntipo: LEGGE\nnumero: 7\ndata: 2099-04-07\n---\n\n### Art. 1.\n\n1.\n\nTesto.\n\n\
        La presente legge, munita del sigillo dello Stato, sara' inserita nella Raccolta.\n\n\
        Data a Roma, addi' 7 aprile 2099\n";
    let act = parse(text).expect("parses");
    assert_eq!(act.id, "l-7-2099");
    assert_eq!(act.articles[0].commi[0].text, "Testo.");
}

#[test]
fn front_matter_errors_carry_the_line() {
    let line_of = |text: &str| parse(text).map(|_| ()).map_err(|e| e.line);
    assert_eq!(line_of(""), Err(1));
    assert_eq!(line_of("### Art. 1.\n\n1.\n\nTesto."), Err(1));
    assert_eq!(line_of("\n\n---\ntipo: LEGGE\n"), Err(3));
    assert_eq!(line_of("---\ntipo: LEGGE\nnumero 5\n---\n"), Err(3));
    assert_eq!(
        line_of("---\ntipo: REGIO DECRETO\nnumero: 5\ndata: 1931-06-18\n---\n"),
        Err(2)
    );
    assert_eq!(
        line_of("---\ntipo: LEGGE\nnumero: 5\ndata: 18/06/1931\n---\n"),
        Err(4)
    );
    assert_eq!(line_of("---\ntipo: LEGGE\ndata: 1931-06-18\n---\n"), Err(4));
    let head = "---\ntipo: LEGGE\nnumero: 5\ndata: 2000-01-01\n---\n";
    let only_front_matter = parse(head).expect("front matter only");
    assert!(only_front_matter.articles.is_empty());
    assert_eq!(only_front_matter.id, "l-5-2000");
    assert_eq!(line_of(&format!("{head}\n### Art.\n")), Err(7));
    let twice =
        format!("{head}### Art. 1.\n\n1.\n\nA.\n\n### Art. 2.\n\nB.\n\n### Art. 1.\n\nC.\n");
    assert_eq!(line_of(&twice), Err(16));
}

#[test]
fn never_panics_on_odd_input() {
    let head = "---\ntipo: DECRETO-LEGGE\nnumero: 1\ndata: 2000-01-01\n---\n";
    let odd = [
        "### Art. 1.\n((\n((\n))\n))))\n1.\n((((\n",
        "### Art. 1. — (((\n(\n## \n#\n### Art. 2.\n a)\n b)\n",
        "## Titolo\n\nCAPO\n### Art. 3-bis.1.\n1.2 ((x\n3 Testo\n\"1. Aperte\n2. Citazione\"",
        "### Art. 1.\n--------\nAGGIORNAMENTO (\n### Art. 2.\nIl presente decreto, munito del sigillo\n",
        "### Art. 1. — (L)\nArti. 1 (R)\n\u{200b}\u{feff}é\n(à\n 1.1. È\n((9))\n",
    ];
    for body in odd {
        let text = format!("{head}{body}");
        if let Ok(act) = parse(&text) {
            for a in &act.articles {
                let _ = text_to_html(&a.intro);
                a.commi.iter().for_each(|c| drop(text_to_html(&c.text)));
            }
        }
    }
    // truncated documents (fixture and, when present, a corpus file)
    let mut samples = vec![FIXTURE.to_string()];
    samples.extend(
        corpus()
            .into_iter()
            .flatten()
            .filter(|(n, _)| n == "dlgs-30-2007.md")
            .map(|f| f.1),
    );
    for sample in &samples {
        let step = (sample.len() / 97).max(1);
        for cut in (0..sample.len())
            .step_by(step)
            .filter(|&c| sample.is_char_boundary(c))
        {
            let _ = parse(&sample[..cut]);
        }
    }
    // an unclosed quotation followed by many comma-like lines stays linear
    let started = std::time::Instant::now();
    let quoted = format!("{head}### Art. 1.\n\n1.\n\n\"{}", "2. A\n".repeat(30_000));
    assert_eq!(parse(&quoted).map(|a| a.articles[0].commi.len()), Ok(1));
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
    // pseudo-random bytes, as lossy UTF-8, with and without a front matter
    let alphabet = b"#( )\n.-1a\xc3\xa8ArtTITOLO\xff\x80";
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..300 {
        let bytes: Vec<u8> = (0..(round * 7 % 900))
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                alphabet[(seed as usize) % alphabet.len()]
            })
            .collect();
        let noise = String::from_utf8_lossy(&bytes);
        let _ = parse(&noise);
        if let Ok(act) = parse(&format!("{head}{noise}")) {
            act.articles
                .iter()
                .for_each(|a| drop(text_to_html(&a.intro)));
        }
    }
}
