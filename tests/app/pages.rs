//! Course pages and API over the fixture course: rendering, citation links, sector
//! paths, sanitizing, and the lessons an article is cited by.

use aula::content::library::import_file;

use crate::corpus::fixture;
use crate::helpers::TestApp;

/// The app on the fixture course with the fixture act imported.
async fn fixture_app() -> TestApp {
    let mut app = TestApp::spawn_with(|config| config.courses_dir = fixture("courses-ok")).await;
    app.sign_in_admin().await;
    import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app
}

#[tokio::test]
async fn lesson_page_links_citations_and_drops_html() {
    let app = fixture_app().await;
    let response = app.get("/courses/corso-prova/modulo-a/prima-lezione").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(r#"href="/library/dlgs-999-2099/art-1""#),
        "citation linked"
    );
    assert!(
        html.contains(r#"href="/library/dlgs-999-2099/art-1-bis""#),
        "each article of artt. linked"
    );
    assert!(
        html.contains("class=\"callout callout-attenzione\""),
        "callout"
    );
    assert!(html.contains("<table>"), "table");
    assert!(
        html.contains(r#"href="/courses/corso-prova/modulo-a/seconda-lezione""#),
        "lesson link resolved"
    );
    assert!(html.contains(r#"href="/courses/corso-prova/modulo-b/lezione-b#sezione""#));
    assert!(
        html.contains(r#"id="che-cosa-dice-la-norma""#),
        "heading anchor"
    );
    assert!(html.contains("footnote"), "footnotes");
    // The lesson's own HTML never reaches the page.
    assert!(!html.contains("alert("), "{html}");
    assert!(!html.contains("onerror"));
    assert!(!html.contains("<img src=\"x\""));
    // Articles not in the library link to Normattiva, not to a library page.
    assert!(!html.contains("/library/l-47-2017"));
    assert!(html.contains("urn:nir:stato:legge:2017-04-07;47~art11"));
    // Cited articles beside the text, previous/next.
    assert!(html.contains("Norme citate"));
    assert!(html.contains("rel=\"next\""));
}

#[tokio::test]
async fn lesson_api_returns_html_and_citations() {
    let app = fixture_app().await;
    let lesson: serde_json::Value = app
        .get("/api/v1/lessons/corso-prova/modulo-a/prima-lezione")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lesson["id"], "corso-prova/modulo-a/prima-lezione");
    assert_eq!(lesson["title"], "Prima lezione");
    let citations: Vec<&str> = lesson["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        citations,
        [
            "dlgs-999-2099/art-1",
            "dlgs-999-2099/art-1-bis",
            "dlgs-999-2099/art-2"
        ]
    );
    assert!(!lesson["html"].as_str().unwrap().contains("<script"));

    let courses: serde_json::Value = app.get("/api/v1/courses").await.json().await.unwrap();
    assert_eq!(courses[0]["id"], "corso-prova");
    assert_eq!(courses[0]["modules"][0]["id"], "modulo-a");
    assert_eq!(
        courses[0]["modules"][0]["lessons"][1]["id"],
        "corso-prova/modulo-a/seconda-lezione"
    );

    assert_eq!(
        app.get("/api/v1/lessons/corso-prova/modulo-a/nessuna")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn course_page_offers_a_path_per_sector() {
    let app = fixture_app().await;
    let all = app.get("/courses/corso-prova").await.text().await.unwrap();
    assert!(all.contains("Prima lezione") && all.contains("Seconda lezione"));
    let social = app
        .get("/courses/corso-prova?settore=servizi-sociali")
        .await
        .text()
        .await
        .unwrap();
    assert!(social.contains("Seconda lezione"));
    assert!(
        !social.contains("Prima lezione"),
        "lessons of other sectors are left out"
    );
    assert_eq!(
        app.get("/courses/corso-prova?settore=astronauti")
            .await
            .status(),
        422
    );
    assert_eq!(app.get("/courses/nessuno").await.status(), 404);
    let catalogue = app.get("/courses").await.text().await.unwrap();
    assert!(catalogue.contains("/courses/corso-prova"));
}

#[tokio::test]
async fn article_page_lists_the_lessons_citing_it() {
    let app = fixture_app().await;
    let page = app
        .get("/library/dlgs-999-2099/art-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("/courses/corso-prova/modulo-a/prima-lezione"));
}

#[tokio::test]
async fn glossary_page_renders_terms_with_citations() {
    let app = fixture_app().await;
    let page = app
        .get("/courses/corso-prova/glossario")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"id="atto-di-prova""#));
    assert!(page.contains(r#"href="/library/dlgs-999-2099/art-1""#));
    assert!(page.contains(r##"href="#comma""##), "see-also link");
}
