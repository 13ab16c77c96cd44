//! Search over HTTP and through the index: citations, phrases, typos, the thesaurus,
//! facets and filters, HTML-safe snippets, any query string, the query log, and an act
//! imported through one instance becoming searchable on another.

use std::time::{Duration, Instant};

use aula::search::{Kind, SearchRequest};
use serde_json::Value;

use crate::corpus::fixture;
use crate::helpers::{ADMIN, LEARNER, TestApp};

/// The fixture course and the fixture act, indexed.
async fn app() -> TestApp {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    app
}

async fn api(app: &TestApp, client: &reqwest::Client, query: &str) -> Value {
    let response = client
        .get(app.url("/api/v1/search"))
        .query(&[("q", query)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

fn ids(answer: &Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn search(app: &TestApp, q: &str) -> aula::search::SearchResults {
    app.state.search().search(&SearchRequest {
        q: q.to_string(),
        limit: 20,
        ..SearchRequest::default()
    })
}

#[tokio::test]
async fn a_citation_puts_its_article_first() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    for (query, article) in [
        ("art. 2 del D.Lgs. 999/2099", "dlgs-999-2099/art-2"),
        ("art. 1-bis D.Lgs. n. 999/2099", "dlgs-999-2099/art-1-bis"),
        ("dlgs 999 2099 art 2", "dlgs-999-2099/art-2"),
        ("D.Lgs. 999/2099 art. 1", "dlgs-999-2099/art-1"),
    ] {
        let answer = api(&app, &client, query).await;
        assert_eq!(
            ids(&answer).first().map(String::as_str),
            Some(article),
            "{query}: {answer}"
        );
        let first = &answer["hits"][0];
        assert_eq!(first["kind"], "article");
        assert_eq!(first["url"], format!("/library/{article}"));
        assert!(
            first["title"].as_str().unwrap().starts_with("Art."),
            "{first}"
        );
    }
    // A repealed article is still found by its citation.
    let repealed = api(&app, &client, "art. 3 D.Lgs. 999/2099").await;
    assert_eq!(ids(&repealed)[0], "dlgs-999-2099/art-3");
}

#[tokio::test]
async fn words_are_stemmed_phrases_exact_and_typos_forgiven() {
    let app = app().await;
    // "domande" (plural) finds art. 2, which says "domanda".
    let stemmed = search(&app, "domande presentate");
    assert!(
        stemmed.hits.iter().any(|h| h.id == "dlgs-999-2099/art-2"),
        "{stemmed:?}"
    );
    // A quoted phrase must appear as written.
    let phrase = search(&app, "\"sportello di prova\"");
    assert!(phrase.total >= 1);
    assert_eq!(phrase.hits[0].id, "dlgs-999-2099/art-1-bis", "{phrase:?}");
    assert_eq!(search(&app, "\"prova di sportello\"").total, 0);
    // One typo in a longer word.
    let typo = search(&app, "sportelo");
    assert!(
        typo.hits.iter().any(|h| h.id == "dlgs-999-2099/art-1-bis"),
        "{typo:?}"
    );
    // An excluded word removes what contains it.
    let excluded = search(&app, "prova -sportello");
    assert!(excluded.total > 0);
    assert!(
        excluded
            .hits
            .iter()
            .all(|h| h.id != "dlgs-999-2099/art-1-bis")
    );
    // A negated phrase excludes, it does not require.
    let negated = search(&app, "prova -\"sportello di prova\"");
    assert!(negated.total > 0);
    assert!(
        negated
            .hits
            .iter()
            .all(|h| h.id != "dlgs-999-2099/art-1-bis")
    );
    // More words matched rank higher: art. 1-bis holds all three.
    let ranked = search(&app, "comune sportello associata");
    assert_eq!(ranked.hits[0].id, "dlgs-999-2099/art-1-bis");
}

#[tokio::test]
async fn the_thesaurus_expands_abbreviations() {
    let app = app().await;
    // The fixture thesaurus: AP = "atto di prova"; "AP" itself is in no text.
    let expanded = search(&app, "AP");
    assert!(expanded.total > 0, "{expanded:?}");
    assert!(
        expanded.hits[0]
            .snippet
            .to_lowercase()
            .contains("<mark>atto</mark>"),
        "{:?}",
        expanded.hits[0]
    );
}

#[tokio::test]
async fn facets_count_and_filters_narrow() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    let all = api(&app, &client, "prova").await;
    let total = all["total"].as_u64().unwrap();
    let kinds: Vec<(String, u64)> = serde_json::from_value(all["facets"]["kind"].clone()).unwrap();
    assert!(kinds.len() >= 2, "{kinds:?}");
    assert_eq!(kinds.iter().map(|(_, n)| n).sum::<u64>(), total);
    let articles = kinds.iter().find(|(k, _)| k == "article").unwrap().1;
    let only: Value = client
        .get(app.url("/api/v1/search"))
        .query(&[("q", "prova"), ("kind", "article"), ("limit", "50")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(only["total"].as_u64().unwrap(), articles);
    assert!(
        only["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["kind"] == "article")
    );
    // The kind facet still lists every kind under a kind filter.
    let kinds_filtered: Vec<(String, u64)> =
        serde_json::from_value(only["facets"]["kind"].clone()).unwrap();
    assert_eq!(kinds_filtered, kinds);
    let acts: Vec<(String, u64)> = serde_json::from_value(only["facets"]["act"].clone()).unwrap();
    assert_eq!(acts, [("dlgs-999-2099".to_string(), articles)]);

    let module = search(&app, "lezione");
    let modules: Vec<String> = module
        .facets
        .module
        .iter()
        .map(|(m, _)| m.clone())
        .collect();
    assert!(
        modules.contains(&"corso-prova/modulo-a".to_string()),
        "{modules:?}"
    );
    let narrowed = app.state.search().search(&SearchRequest {
        q: "lezione".into(),
        module: Some("corso-prova/modulo-b".into()),
        limit: 10,
        ..SearchRequest::default()
    });
    assert!(narrowed.total > 0);
    assert!(
        narrowed
            .hits
            .iter()
            .all(|h| h.id.starts_with("corso-prova/modulo-b/"))
    );

    // Pagination: offsets walk through the same total.
    let first = app.state.search().search(&SearchRequest {
        q: "prova".into(),
        limit: 2,
        ..SearchRequest::default()
    });
    let second = app.state.search().search(&SearchRequest {
        q: "prova".into(),
        limit: 2,
        offset: 2,
        ..SearchRequest::default()
    });
    assert_eq!(first.total, second.total);
    assert!(
        first
            .hits
            .iter()
            .all(|a| second.hits.iter().all(|b| a.id != b.id))
    );

    // An unknown kind is a clear 400 in the API.
    let bad = client
        .get(app.url("/api/v1/search?q=prova&kind=video"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let body: Value = bad.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("kind"));
}

#[tokio::test]
async fn snippets_highlight_and_escape_html() {
    let app = app().await;
    let results = search(&app, "marcatore script");
    let hit = results
        .hits
        .iter()
        .find(|h| h.id == "corso-prova/modulo-a/seconda-lezione")
        .expect("the lesson with a code span");
    assert!(hit.snippet.contains("&lt;"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("<script"), "{}", hit.snippet);
    assert!(
        hit.snippet.contains("<mark>marcatore</mark>"),
        "{}",
        hit.snippet
    );
    // Only <mark> tags remain once the escaped text is set aside.
    let tags: Vec<&str> = hit
        .snippet
        .match_indices('<')
        .map(|(i, _)| &hit.snippet[i..])
        .collect();
    assert!(
        tags.iter()
            .all(|t| t.starts_with("<mark>") || t.starts_with("</mark>"))
    );
    // Stemming highlights the forms of the text: "domande" marks "domanda".
    let stemmed = search(&app, "domande");
    assert!(
        stemmed
            .hits
            .iter()
            .any(|h| h.snippet.contains("<mark>domanda</mark>")),
        "{stemmed:?}"
    );
}

#[tokio::test]
async fn any_query_string_gives_results_or_nothing_never_an_error() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    let pieces = [
        "\"",
        "'",
        "-",
        "+",
        "*",
        "?",
        ":",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "^",
        "~",
        "!",
        "\\",
        "/",
        "&",
        "|",
        "AND",
        "OR",
        "NOT",
        "art.",
        "art",
        "29",
        "bis",
        "D.Lgs.",
        "999/2099",
        "comma",
        "prova",
        "sportello",
        "è",
        "à",
        "🙂",
        "\u{0}",
        "\u{200b}",
        "%",
        "%zz",
        "<b>",
        "&amp;",
        " ",
        "  ",
        "dell'",
        "l'",
        "x".repeat(300).leak(),
        "sportelo",
        "--",
        "\"\"",
    ];
    let mut rng = aula::demo::generate::Rng::new(0x5eed_cafe_f00d_0001);
    let mut queries: Vec<String> = (0..400)
        .map(|_| {
            let n = 1 + rng.below(8) as usize;
            (0..n)
                .map(|_| pieces[rng.below(pieces.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(if rng.below(2) == 0 { " " } else { "" })
        })
        .collect();
    queries.push("a".repeat(5_000));
    queries.push(String::new());
    for q in &queries {
        let results = search(&app, q);
        assert!(results.hits.len() <= 20, "{q:?}");
        assert!(results.total >= results.hits.len(), "{q:?}");
    }
    // Through HTTP too: the API and the page answer 200 to every one of a sample.
    for q in queries.iter().step_by(10) {
        let api = client
            .get(app.url("/api/v1/search"))
            .query(&[("q", q.as_str()), ("limit", "abc"), ("offset", "-3")])
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 200, "API {q:?}");
        let page = client
            .get(app.url("/search"))
            .query(&[("q", q.as_str()), ("page", "zero"), ("kind", "nope")])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "page {q:?}");
    }
    // A raw query string with broken percent-encoding.
    let raw = client
        .get(format!(
            "{}/api/v1/search?q=%E0%A4%A&q=%ff&limit=%",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
}

#[tokio::test]
async fn the_search_page_shows_hits_filters_and_pages() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    let html = client
        .get(app.url("/search?q=sportello+di+prova"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("class=\"hits\""), "{html}");
    // The article hit links to the comma that matched.
    assert!(html.contains("href=\"/library/dlgs-999-2099/art-1-bis#comma-1\""));
    assert!(html.contains("<mark>"));
    assert!(html.contains("Articoli di legge"));
    assert!(html.contains("kind=article"));
    // A query with markup is shown escaped in the form and the title.
    let html = client
        .get(app.url("/search?q=%3Cimg%20src%3Dx%20onerror%3Dzzz%3E"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=zzz&gt;"), "{html}");
    assert!(html.contains("Nessun risultato"));
}

#[tokio::test]
async fn queries_are_logged_without_who_asked_and_shown_to_admins() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    api(&app, &client, "sportello").await;
    api(&app, &client, "parola-che-non-esiste-affatto").await;
    // Logging happens off the request path: wait for it.
    let deadline = Instant::now() + Duration::from_secs(10);
    let logged = loop {
        let rows = aula::search::log::top(
            app.state.db(),
            chrono::Utc::now() - chrono::Duration::hours(1),
            false,
            10,
        )
        .await
        .unwrap();
        if rows.len() >= 2 || Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(logged.len(), 2, "{logged:?}");
    let admin = app.client_as(ADMIN).await;
    let html = admin
        .get(app.url("/admin/search"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let zero = html.find("Ricerche senza risultati").unwrap();
    let top = html.rfind("Ricerche più frequenti").unwrap();
    let missing = html.find("parola-che-non-esiste-affatto").unwrap();
    assert!(
        zero < missing && missing < top,
        "the zero-result query is listed as such"
    );
    assert!(html[top..].contains("sportello"));
    assert!(!html.contains(LEARNER), "the log names no one");
}

#[tokio::test]
async fn the_index_follows_the_library_and_survives_restarts() {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    let sibling = app.spawn_sibling().await;
    assert_eq!(
        search(&sibling, "sportello")
            .hits
            .iter()
            .filter(|h| h.kind == Kind::Article)
            .count(),
        0
    );
    // Imported through the first instance (as `aula library import` would, without
    // telling anyone): the sibling finds it within seconds.
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let found = search(&sibling, "art. 1-bis D.Lgs. 999/2099");
        if found.hits.first().map(|h| h.id.as_str()) == Some("dlgs-999-2099/art-1-bis") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "not searchable on the sibling"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // An index that matches courses and library is not rebuilt; a forced one is.
    let catalog = sibling.state.catalog();
    let index = sibling.state.search();
    let unchanged = index
        .refresh(&catalog, sibling.state.db(), false, None)
        .await
        .unwrap();
    assert_eq!(unchanged, aula::search::engine::Refreshed::Unchanged);
    let rebuilt = index
        .refresh(&catalog, sibling.state.db(), true, None)
        .await
        .unwrap();
    assert!(matches!(rebuilt, aula::search::engine::Refreshed::Rebuilt(n) if n > 4));
    assert!(index.built_from().unwrap().starts_with("v"));
}
