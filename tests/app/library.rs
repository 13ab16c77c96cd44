//! The legal library: importing the shared corpus and our fixtures, replacing an act
//! atomically, and the library pages and API.

use aula::content::library::import_file;
use aula::content::library::store;

use crate::corpus::{act_files, fixture, normattiva};
use crate::helpers::TestApp;

/// Lines that start an article heading, as the corpus README counts them.
fn heading_count(text: &str) -> usize {
    text.lines()
        .filter(|l| l.starts_with("## Art.") || l.starts_with("### Art."))
        .count()
}

#[tokio::test]
async fn every_corpus_act_imports_with_one_article_per_heading() {
    let Some(dir) = normattiva() else { return };
    let app = TestApp::spawn().await;
    let files = act_files(&dir);
    assert!(files.len() >= 7, "the corpus holds the seven acts");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let imported = import_file(app.state.db(), file).await.expect("import");
        let stored = store::articles_of(app.state.db(), &imported.id)
            .await
            .unwrap();
        assert_eq!(
            stored.len(),
            heading_count(&text),
            "{}: articles stored vs headings in the file",
            file.display()
        );
        let stem = file.file_stem().unwrap().to_str().unwrap();
        assert_eq!(imported.id, stem, "act id matches the file name");
    }
    let acts = store::list_acts(app.state.db()).await.unwrap();
    assert_eq!(acts.len(), files.len());

    // Spot checks on the TUI.
    let art5 = store::find_article(app.state.db(), "dlgs-286-1998/art-5")
        .await
        .unwrap()
        .expect("art. 5 TUI");
    assert!(
        art5.heading
            .as_deref()
            .unwrap_or_default()
            .contains("Permesso di soggiorno")
    );
    let text = aula::content::library::view::plain_text(&art5);
    assert!(
        text.contains("novanta giorni"),
        "amended text of comma 4 is kept"
    );
    assert!(
        store::find_article(app.state.db(), "dlgs-286-1998/art-29-bis")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store::find_article(app.state.db(), "dpr-394-1999/art-13")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn reimporting_replaces_the_act_whole() {
    let app = TestApp::spawn().await;
    let md = fixture("library/dlgs-999-2099.md");
    let first = import_file(app.state.db(), &md).await.unwrap();
    assert!(!first.replaced);
    let before = store::articles_of(app.state.db(), &first.id).await.unwrap();
    let second = import_file(app.state.db(), &md).await.unwrap();
    assert!(second.replaced);
    let after = store::articles_of(app.state.db(), &first.id).await.unwrap();
    assert_eq!(before, after, "same articles, no duplicates");
    assert_eq!(store::list_acts(app.state.db()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failed_import_leaves_the_previous_act_untouched() {
    let app = TestApp::spawn().await;
    let md = fixture("library/dlgs-999-2099.md");
    import_file(app.state.db(), &md).await.unwrap();
    let before = store::articles_of(app.state.db(), "dlgs-999-2099")
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("dlgs-999-2099.md");
    std::fs::write(&broken, "---\ntipo: DECRETO LEGISLATIVO\n").unwrap();
    assert!(import_file(app.state.db(), &broken).await.is_err());
    let after = store::articles_of(app.state.db(), "dlgs-999-2099")
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn akoma_ntoso_fixture_imports_to_the_same_structure_as_markdown() {
    let app = TestApp::spawn().await;
    let db = app.state.db();
    import_file(db, &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    let from_markdown = store::articles_of(db, "dlgs-999-2099").await.unwrap();
    let imported = import_file(db, &fixture("library/dlgs-999-2099.akn.xml"))
        .await
        .unwrap();
    assert_eq!(imported.id, "dlgs-999-2099");
    let from_xml = store::articles_of(db, "dlgs-999-2099").await.unwrap();
    assert_eq!(from_markdown.len(), from_xml.len());
    for (md, xml) in from_markdown.iter().zip(&from_xml) {
        assert_eq!(md.id, xml.id);
        assert_eq!(md.label, xml.label);
        assert_eq!(md.heading, xml.heading);
        assert_eq!(md.repealed, xml.repealed);
        let commi = |a: &store::article::Model| {
            let c: Vec<store::StoredComma> = serde_json::from_str(&a.commi).unwrap();
            c.into_iter()
                .map(|c| {
                    (
                        c.label,
                        c.text.split_whitespace().collect::<Vec<_>>().join(" "),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(commi(md), commi(xml), "commi of {}", md.id);
    }
}

#[tokio::test]
async fn library_pages_and_api() {
    let mut app = TestApp::spawn().await;
    app.sign_in_admin().await;
    import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();

    let acts: serde_json::Value = app.get("/api/v1/library/acts").await.json().await.unwrap();
    assert_eq!(acts[0]["id"], "dlgs-999-2099");
    assert!(acts[0]["articles"].as_i64().unwrap() >= 3);

    let article: serde_json::Value = app
        .get("/api/v1/library/dlgs-999-2099/art-1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(article["id"], "dlgs-999-2099/art-1");
    assert_eq!(article["act"], "dlgs-999-2099");
    assert_eq!(article["number"], "1");
    assert!(article["text"].as_str().unwrap().len() > 20);
    assert!(
        !article["text"].as_str().unwrap().contains("(("),
        "markers removed"
    );

    let missing = app.get("/api/v1/library/dlgs-999-2099/art-999").await;
    assert_eq!(missing.status(), 404);

    let index = app.get("/library").await.text().await.unwrap();
    assert!(index.contains("/library/dlgs-999-2099"));
    let act = app
        .get("/library/dlgs-999-2099")
        .await
        .text()
        .await
        .unwrap();
    assert!(act.contains("/library/dlgs-999-2099/art-1-bis"));
    let page = app
        .get("/library/dlgs-999-2099/art-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"id="comma-1""#), "anchor per comma");
    assert_eq!(app.get("/library/nessuno").await.status(), 404);
}
