//! The legal thesaurus (`src/search/legal_thesaurus.toml`): every legal term occurs in
//! an article of the shared corpus, matched as search matches it (stemmed tokens at
//! their positions, in the article's title or body as indexed), and an everyday phrase
//! in a query finds the article that uses the law's words.

use std::collections::{HashMap, HashSet};

use aula::search::analysis::{stemmed_analyzer, tokens};
use aula::search::documents::article_doc;
use aula::search::query::legal_entries;
use aula::search::{Kind, SearchRequest};

use crate::corpus::{act_files, fixture, normattiva};
use crate::helpers::TestApp;

/// The positions of each stem in one field of one article.
type Field = HashMap<String, HashSet<usize>>;

fn field(text: &str) -> Field {
    let mut out = Field::new();
    for (position, stem) in tokens(&mut stemmed_analyzer(), text) {
        out.entry(stem).or_default().insert(position);
    }
    out
}

/// Whether `term` occurs in `field` as a phrase query would find it: its stems at the
/// same distances from one another (stop words count as gaps).
fn occurs(term: &[(usize, String)], field: &Field) -> bool {
    let Some((first_position, first)) = term.first() else {
        return false;
    };
    field.get(first).is_some_and(|starts| {
        starts.iter().any(|start| {
            term.iter().all(|(position, stem)| {
                field
                    .get(stem)
                    .is_some_and(|at| at.contains(&(start + position - first_position)))
            })
        })
    })
}

#[tokio::test]
async fn every_legal_term_occurs_in_an_article_of_the_library() {
    let Some(dir) = normattiva() else { return };
    let app = TestApp::spawn().await;
    let files = act_files(&dir);
    assert!(files.len() >= 7, "the corpus holds the seven acts");
    for file in &files {
        aula::content::library::import_file(app.state.db(), file)
            .await
            .expect("import");
    }
    let articles = aula::content::library::store::all_articles(app.state.db())
        .await
        .unwrap();
    // Title and body apart, as they are indexed: a phrase does not run from one to
    // the other.
    let fields: Vec<Field> = articles
        .iter()
        .map(|a| article_doc(a, None))
        .flat_map(|doc| [field(&doc.title), field(&doc.body)])
        .collect();
    let found = |term: &str| {
        let stems = tokens(&mut stemmed_analyzer(), term);
        fields.iter().any(|f| occurs(&stems, f))
    };

    // The matcher itself: a phrase of the corpus is found, the same words out of
    // order or with a word of nowhere are not.
    assert!(found(
        "permesso di soggiorno UE per soggiornanti di lungo periodo"
    ));
    assert!(found("Permessi di soggiorno"), "stems and case");
    assert!(!found(
        "soggiornanti di lungo periodo UE per permesso di soggiorno"
    ));
    assert!(!found("permesso di soggiorno per ippogrifi"));

    let entries = legal_entries();
    assert!(entries.len() >= 300, "{} entries", entries.len());
    let missing: Vec<String> = entries
        .iter()
        .flat_map(|entry| {
            entry
                .legal
                .iter()
                .filter(|term| !found(term))
                .map(move |term| format!("«{term}» (for «{}»)", entry.everyday.join("», «")))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "legal terms found in no article of the library:\n{}",
        missing.join("\n")
    );
}

/// The fixture course and the fictional act of the thesaurus tests, indexed.
async fn app_with_fixture_act() -> TestApp {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-998-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app
}

fn article_ids(app: &TestApp, q: &str) -> Vec<String> {
    app.state
        .search()
        .search(&SearchRequest {
            q: q.to_string(),
            kind: Some(Kind::Article),
            act: Some("dlgs-998-2099".to_string()),
            limit: 20,
            ..SearchRequest::default()
        })
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

#[tokio::test]
async fn an_everyday_phrase_finds_the_article_in_the_words_of_the_law() {
    let app = app_with_fixture_act().await;
    // "carta di soggiorno": art. 2 says "soggiorno" three times in a short text, and its
    // heading too; art. 1 says "permesso di soggiorno UE per soggiornanti di lungo
    // periodo". The thesaurus puts art. 1 first.
    let ids = article_ids(&app, "carta di soggiorno");
    assert_eq!(
        ids.first().map(String::as_str),
        Some("dlgs-998-2099/art-1"),
        "{ids:?}"
    );
    assert!(ids.contains(&"dlgs-998-2099/art-2".to_string()), "{ids:?}");
    // "badante" occurs nowhere: only the thesaurus leads to "lavoro domestico".
    let ids = article_ids(&app, "Assumere una badante");
    assert_eq!(ids, ["dlgs-998-2099/art-3"]);
    // A word in no entry and in no article finds nothing.
    assert!(article_ids(&app, "ippogrifo").is_empty());
}
