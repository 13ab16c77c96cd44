//! Search in German (issue #22), on the index of the repository's courses (module 1
//! translated into German, the term list `termini.de.toml`) and the shared corpus: a
//! German word finds the German lesson in any of its forms; a German legal term finds
//! the Italian articles through the term list; an Italian searcher never sees the
//! German documents; a German searcher sees a translated lesson in German, with a
//! German snippet, on the page and through the API (`lang=de`).

use aula::search::{Hit, Kind, Lang, SearchRequest, SearchResults};
use reqwest::header::ACCEPT_LANGUAGE;
use serde_json::Value;

use crate::corpus::{act_files, normattiva};
use crate::helpers::{LEARNER, TestApp};

const COURSE: &str = "immigrazione-servizi-comunali";
const PERMIT: &str = "immigrazione-servizi-comunali/semplificazione/permesso-di-soggiorno";
const SELF_CERTIFICATION: &str =
    "immigrazione-servizi-comunali/semplificazione/autocertificazione-stranieri";
const FAMILY: &str =
    "immigrazione-servizi-comunali/semplificazione/idoneita-alloggiativa-ricongiungimento";

/// The real courses and the seven acts of the corpus, indexed; `None` (skipped)
/// without the corpus, a failure under CI.
async fn app() -> Option<TestApp> {
    let corpus = normattiva()?;
    let app = TestApp::spawn().await;
    for file in act_files(&corpus) {
        aula::content::library::import_file(app.state.db(), &file)
            .await
            .unwrap();
    }
    app.state.reload_courses().await.unwrap();
    Some(app)
}

fn search(app: &TestApp, q: &str, lang: Lang) -> SearchResults {
    app.state.search().search(&SearchRequest {
        q: q.to_string(),
        lang,
        limit: 10,
        ..SearchRequest::default()
    })
}

/// A lesson's title in `lang` (the original's where untranslated).
fn title(app: &TestApp, id: &str, lang: &str) -> String {
    let catalog = app.state.catalog();
    let (_, _, lesson) = catalog
        .lessons()
        .find(|(_, _, l)| l.id == id)
        .expect("the lesson");
    lesson.title_in(lang).to_string()
}

fn position(hits: &[Hit], id: &str) -> Option<usize> {
    hits.iter().position(|h| h.id == id)
}

fn describe(results: &SearchResults) -> String {
    results
        .hits
        .iter()
        .map(|h| format!("{:.2} {} [{}] {}", h.score, h.id, h.lang, h.title))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn a_german_word_finds_the_german_lesson_in_any_of_its_forms(app: &TestApp) {
    // The forms typed occur in no text of the courses: only their stems meet.
    let texts: String = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/courses/immigrazione-servizi-comunali/semplificazione"
    ))
    .unwrap()
    .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
    .collect::<String>()
    .to_lowercase();
    for (query, lesson) in [
        // Plural of "Eigenerklärung".
        ("Eigenerklärungen", SELF_CERTIFICATION),
        // Plural, without its umlaut and in capitals.
        ("FAMILIENZUSAMMENFUHRUNGEN", FAMILY),
        // Plural.
        ("Verlängerungen", PERMIT),
    ] {
        for word in query.split_whitespace() {
            assert!(
                !texts.contains(&word.to_lowercase()),
                "«{word}» should not occur as typed"
            );
        }
        let results = search(app, query, Lang::De);
        let first = results.hits.first().expect("a hit");
        assert_eq!(first.id, lesson, "{query}:\n{}", describe(&results));
        assert_eq!(first.kind, Kind::Lesson);
        assert_eq!(first.lang, "de");
        assert_eq!(first.title, title(app, lesson, "de"));
        assert_eq!(first.url, format!("/courses/{lesson}"));
        assert!(
            first.snippet.contains("<mark>"),
            "{query}: {}",
            first.snippet
        );
    }
}

async fn a_german_legal_term_finds_the_italian_articles_through_the_term_list(app: &TestApp) {
    // "Aufenthaltsgenehmigung" is "permesso di soggiorno", "Verlängerung der
    // Aufenthaltsgenehmigung" is "rinnovo del permesso di soggiorno": the articles on
    // the renewal of the permit, which say neither German word.
    let results = search(app, "Aufenthaltsgenehmigung Verlängerung", Lang::De);
    let listing = describe(&results);
    assert_eq!(results.hits[0].id, PERMIT, "{listing}");
    for article in ["dlgs-286-1998/art-5", "dpr-394-1999/art-13"] {
        let at = position(&results.hits, article);
        assert!(at.is_some(), "{article} in the first ten:\n{listing}");
        let hit = &results.hits[at.unwrap_or_default()];
        assert_eq!((hit.kind, hit.lang), (Kind::Article, "it"));
        let snippet = hit.snippet.to_lowercase();
        for word in ["rinnovo", "permesso", "soggiorno"] {
            assert!(
                snippet.contains(&format!("<mark>{word}</mark>")),
                "{article}: {snippet}"
            );
        }
    }
    // The articles come first among the articles, whoever asks: the term list is the
    // searcher's, not the page's.
    let italian = search(app, "Aufenthaltsgenehmigung Verlängerung", Lang::It);
    assert!(
        italian.hits.iter().take(5).all(|h| h.kind == Kind::Article),
        "{}",
        describe(&italian)
    );
    assert!(position(&italian.hits, "dpr-394-1999/art-13").is_some());
    // Another word of the list: "Ehegatte" is "coniuge".
    let spouse = search(app, "Ehegatten", Lang::De);
    let article = spouse
        .hits
        .iter()
        .find(|h| h.kind == Kind::Article)
        .unwrap_or_else(|| panic!("an article:\n{}", describe(&spouse)));
    assert!(
        article
            .snippet
            .to_lowercase()
            .contains("<mark>coniuge</mark>"),
        "{article:?}"
    );
}

async fn an_italian_searcher_never_sees_the_german_documents(app: &TestApp) {
    for query in [
        "permesso di soggiorno rinnovo",
        "Aufenthaltsgenehmigung Verlängerung",
        "Eigenerklärung",
        "autocertificazione",
    ] {
        for lang in [Lang::It, Lang::default()] {
            let results = search(app, query, lang);
            for hit in &results.hits {
                assert_eq!(hit.lang, "it", "{query}: {hit:?}");
                assert!(!hit.id.contains('@'), "{query}: {hit:?}");
                if hit.kind == Kind::Lesson {
                    assert_eq!(hit.title, title(app, &hit.id, "it"), "{query}");
                }
            }
        }
    }
    // The Italian lesson, in Italian, where a German searcher gets the German one.
    let italian = search(app, "permesso di soggiorno rinnovo", Lang::It);
    let german = search(app, "permesso di soggiorno rinnovo", Lang::De);
    let lesson = |r: &SearchResults| r.hits.iter().find(|h| h.id == PERMIT).cloned();
    let (it_hit, de_hit) = (lesson(&italian).unwrap(), lesson(&german).unwrap());
    assert_eq!(it_hit.title, title(app, PERMIT, "it"));
    assert_eq!(de_hit.title, title(app, PERMIT, "de"));
    // One document per lesson either way: the German one stands for the Italian.
    let lessons = |r: &SearchResults| r.facets.kind.iter().find(|(k, _)| k == "lesson").cloned();
    assert_eq!(lessons(&italian), lessons(&german));

    // The API without `lang`, and the page of an Italian browser.
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let answer: Value = client
        .get(app.url("/api/v1/search"))
        .query(&[
            ("q", "Aufenthaltsgenehmigung Verlängerung permesso"),
            ("limit", "50"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hits = answer["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{answer}");
    for hit in hits {
        assert!(hit.get("lang").is_none(), "{hit}");
        assert!(!hit["id"].as_str().unwrap().contains('@'), "{hit}");
    }
    assert!(
        hits.iter()
            .any(|h| h["title"] == title(app, PERMIT, "it").as_str()),
        "{answer}"
    );
    let page = client
        .get(app.url("/search"))
        .query(&[("q", "permesso di soggiorno rinnovo")])
        .header(ACCEPT_LANGUAGE, "it")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&title(app, PERMIT, "it")), "{page}");
    assert!(!page.contains(&title(app, PERMIT, "de")));
}

async fn a_german_searcher_sees_a_translated_lesson_in_german(app: &TestApp) {
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let german_title = title(app, PERMIT, "de");
    let italian_title = title(app, PERMIT, "it");

    // The page, for a browser that prefers German.
    let page = client
        .get(app.url("/search"))
        .query(&[("q", "Aufenthaltsgenehmigung Verlängerung")])
        .header(ACCEPT_LANGUAGE, "de-DE,de;q=0.9,it;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&german_title), "{page}");
    assert!(!page.contains(&italian_title), "{page}");
    let hits = page.split("<li class=\"hit ").skip(1).collect::<Vec<_>>();
    let lesson = hits
        .iter()
        .find(|h| h.contains(&german_title))
        .expect("the lesson's hit");
    let snippet = lesson
        .split("<p class=\"hit-snippet\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap_or_else(|| panic!("a snippet in the page's language: {lesson}"));
    assert!(
        snippet.contains("<mark>Aufenthaltsgenehmigung</mark>")
            || snippet.contains("<mark>Verlängerung</mark>"),
        "{snippet}"
    );
    // The Italian articles beside it are marked as Italian.
    let article = hits
        .iter()
        .find(|h| h.starts_with("hit-article"))
        .expect("an article's hit");
    assert!(
        article.contains("<p class=\"hit-snippet\" lang=\"it\">"),
        "{article}"
    );
    // The module filter is labelled in German.
    let catalog = app.state.catalog();
    let module = catalog
        .course(COURSE)
        .and_then(|c| c.module("semplificazione"))
        .expect("module 1");
    assert!(page.contains(module.title_in("de")), "{page}");

    // The API with `lang=de`: the lesson's id, in German.
    let answer: Value = client
        .get(app.url("/api/v1/search"))
        .query(&[("q", "Aufenthaltsgenehmigung Verlängerung"), ("lang", "de")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = &answer["hits"][0];
    assert_eq!(first["id"], PERMIT, "{answer}");
    assert_eq!(first["lang"], "de");
    assert_eq!(first["kind"], "lesson");
    assert_eq!(first["title"], german_title.as_str());
    assert_eq!(first["url"], format!("/courses/{PERMIT}"));
    assert!(
        first["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>Aufenthaltsgenehmigung</mark>"),
        "{first}"
    );
    for lang in ["xx", "de;drop"] {
        let refused = client
            .get(app.url("/api/v1/search"))
            .query(&[("q", "Aufenthaltsgenehmigung"), ("lang", lang)])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400, "lang={lang}");
    }

    // An answer card names the lessons citing its article in German.
    let cited = search(app, "dpr 394/99 art 13", Lang::De);
    let card = cited
        .answer
        .as_ref()
        .unwrap_or_else(|| panic!("an answer card:\n{}", describe(&cited)));
    assert_eq!(card.id, "dpr-394-1999/art-13");
    let titles: Vec<&str> = card.lessons.iter().map(|l| l.title.as_str()).collect();
    assert!(titles.contains(&german_title.as_str()), "{titles:?}");
    assert!(!titles.contains(&italian_title.as_str()), "{titles:?}");
}

/// The four checks share one app: indexing the seven acts is the slow part.
#[tokio::test]
async fn german_search_on_the_courses_and_the_corpus() {
    let Some(app) = app().await else { return };
    a_german_word_finds_the_german_lesson_in_any_of_its_forms(&app).await;
    a_german_legal_term_finds_the_italian_articles_through_the_term_list(&app).await;
    an_italian_searcher_never_sees_the_german_documents(&app).await;
    a_german_searcher_sees_a_translated_lesson_in_german(&app).await;
}
