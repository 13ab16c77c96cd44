//! Legal search over a fixture act with a long article: a comma that matches brings
//! its article up and the hit shows and links to that comma; the function words of a
//! question are never highlighted; the words of the lessons citing an article find
//! it; a clear winner becomes an answer card (and an ambiguous query does not), whose
//! link opens the article at that comma in Chromium.

use std::time::{Duration, Instant};

use aula::search::SearchRequest;
use fantoccini::Locator;
use serde_json::Value;

use crate::browser::Browser;
use crate::corpus::fixture;
use crate::helpers::{LEARNER, TestApp};

/// The search fixture course and its act (`D.Lgs. 997/2099`, whose art. 2 has eight
/// long commi and art. 3 a comma of lettere), indexed.
async fn app() -> TestApp {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-search")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-997-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    app
}

fn search(app: &TestApp, q: &str) -> aula::search::SearchResults {
    app.state.search().search(&SearchRequest {
        q: q.to_string(),
        limit: 20,
        ..SearchRequest::default()
    })
}

async fn api(client: &reqwest::Client, app: &TestApp, q: &str) -> Value {
    let response = client
        .get(app.url("/api/v1/search"))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{q}");
    response.json().await.unwrap()
}

async fn page(client: &reqwest::Client, app: &TestApp, q: &str) -> String {
    let response = client
        .get(app.url("/search"))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{q}");
    response.text().await.unwrap()
}

/// The words inside `<mark>` in `html`.
fn marked(html: &str) -> Vec<String> {
    html.split("<mark>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</mark>").map(|(w, _)| w.to_string()))
        .collect()
}

#[tokio::test]
async fn a_comma_that_matches_brings_its_long_article_up_and_the_hit_links_to_it() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    // Art. 2 answers in its comma 5 of eight; art. 7, four lines long, shares two words.
    let answer = api(
        &client,
        &app,
        "entro quanti giorni va dichiarato il trasferimento della dimora",
    )
    .await;
    let first = &answer["hits"][0];
    assert_eq!(first["id"], "dlgs-997-2099/art-2", "{answer}");
    assert_eq!(first["kind"], "article");
    assert_eq!(first["url"], "/library/dlgs-997-2099/art-2#comma-5");
    assert_eq!(first["comma"], "5");
    let snippet = first["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>dimora</mark>"), "{snippet}");
    assert!(snippet.contains("venti <mark>giorni</mark>"), "{snippet}");
    for other_comma in [
        "registro della popolazione",
        "convivenze",
        "polizia municipale",
    ] {
        assert!(!snippet.contains(other_comma), "{snippet}");
    }
    // One hit per article: its passages are never hits of their own.
    let ids: Vec<&str> = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert!(ids.contains(&"dlgs-997-2099/art-7"), "{ids:?}");

    // A lettera of a long comma: the hit shows it and links to its comma.
    let lettera = search(&app, "duplicato della tessera elettorale smarrita");
    let hit = &lettera.hits[0];
    assert_eq!(hit.id, "dlgs-997-2099/art-3", "{lettera:?}");
    assert_eq!(hit.url, "/library/dlgs-997-2099/art-3#comma-1");
    assert!(hit.snippet.starts_with("e) "), "{}", hit.snippet);
    assert!(!hit.snippet.contains("convivenza"), "{}", hit.snippet);

    // A citation links to the article itself.
    let cited = search(&app, "art. 2 D.Lgs. 997/2099 dimora");
    assert_eq!(cited.hits[0].id, "dlgs-997-2099/art-2");
    assert_eq!(cited.hits[0].url, "/library/dlgs-997-2099/art-2");

    // The page links to the comma too.
    let html = page(&client, &app, "trasferimento della dimora abituale").await;
    assert!(
        html.contains("href=\"/library/dlgs-997-2099/art-2#comma-5\""),
        "{html}"
    );
    assert!(html.contains("comma 5"), "{html}");
}

#[tokio::test]
async fn the_words_of_lessons_and_glossary_citing_an_article_find_it() {
    let app = app().await;
    // "neonato" is only in the heading of the lesson section citing art. 4.
    let found = search(&app, "neonato");
    let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"dlgs-997-2099/art-4"), "{ids:?}");
    assert!(
        !ids.contains(&"dlgs-997-2099/art-5"),
        "only the cited article: {ids:?}"
    );
    // "altrove" is only in the sentence citing art. 2 (and the lesson itself).
    let sentence = search(&app, "vivere altrove");
    assert!(
        sentence.hits.iter().any(|h| h.id == "dlgs-997-2099/art-2"),
        "{sentence:?}"
    );
}

#[tokio::test]
async fn no_highlight_ever_falls_on_a_stop_word_or_a_question_word() {
    let app = app().await;
    let question_words = [
        "cosa", "serve", "servono", "fare", "fa", "quando", "posso", "può", "puo", "devo", "deve",
        "come", "chi", "dove", "perché", "perche", "quali", "qual", "quanti", "va", "di", "il",
        "la", "per", "della", "un", "che", "si", "e", "è",
    ];
    let queries = [
        "cosa serve per il cambio di residenza",
        "quando posso fare la dichiarazione di trasferimento",
        "come si fa il duplicato della tessera elettorale",
        "chi deve dichiarare il trasferimento della dimora",
        "dove devo andare per il cambio di residenza?",
        "perché serve la dichiarazione all'ufficio di anagrafe",
        "quali documenti servono per iscrivere un neonato",
        "qual è il termine per dichiarare la dimora abituale",
        "entro quanti giorni va dichiarato il trasferimento",
        "\"cambio di residenza\" cosa fare",
        "cosa fa l'ufficio comunale competente",
        "cosa",
        "dove",
        "può l'ufficio rilasciare certificazioni",
    ];
    let mut seen = 0;
    for q in queries {
        let results = search(&app, q);
        let mut html: Vec<String> = results.hits.iter().map(|h| h.snippet.clone()).collect();
        html.extend(results.answer.iter().map(|a| a.text.clone()));
        for word in html.iter().flat_map(|h| marked(h)) {
            seen += 1;
            let lower = word.to_lowercase();
            assert!(
                !question_words.contains(&lower.as_str()),
                "{q}: «{word}» is highlighted"
            );
            assert!(
                !aula::search::analysis::is_stop_word(&word),
                "{q}: «{word}» is highlighted"
            );
        }
    }
    assert!(seen > 20, "the queries highlight content words: {seen}");
}

#[tokio::test]
async fn a_clear_winner_becomes_an_answer_card_and_an_ambiguous_query_does_not() {
    let app = app().await;
    let client = app.client_as(LEARNER).await;
    let q = "cosa serve per il cambio di residenza";
    let results = search(&app, q);
    let answer = results.answer.as_ref().expect("an answer card");
    assert_eq!(answer.id, "dlgs-997-2099/art-2");
    assert_eq!(answer.comma.as_deref(), Some("5"));
    assert_eq!(answer.url, "/library/dlgs-997-2099/art-2#comma-5");
    assert_eq!(answer.lessons.len(), 1, "{answer:?}");
    let html = page(&client, &app, q).await;
    let card = &html[html.find("class=\"answer-card\"").expect("the card")..];
    let card = &card[..card.find("</section>").unwrap()];
    for expected in [
        "Art. 2 D.Lgs. 997/2099",
        "Adempimenti anagrafici",
        "Comma 5",
        "<mark>residenza</mark>",
        "href=\"/library/dlgs-997-2099/art-2#comma-5\"",
        "href=\"/courses/corso-ricerca/modulo-unico/anagrafe\"",
        "Anagrafe in pratica",
    ] {
        assert!(card.contains(expected), "{expected} missing from {card}");
    }
    // The card comes before the list of hits.
    assert!(html.find("answer-card") < html.find("class=\"hits\""));
    // The JSON API gives the same card.
    let json = api(&client, &app, q).await;
    assert_eq!(json["answer"]["id"], "dlgs-997-2099/art-2", "{json}");
    assert_eq!(
        json["answer"]["url"],
        "/library/dlgs-997-2099/art-2#comma-5"
    );
    assert_eq!(json["answer"]["comma"], "5");
    assert_eq!(json["answer"]["lessons"][0]["title"], "Anagrafe in pratica");

    // Two articles alike: no winner, no card.
    let ambiguous = "ufficio comunale competente";
    let results = search(&app, ambiguous);
    let top: Vec<&str> = results.hits[..2].iter().map(|h| h.id.as_str()).collect();
    assert!(
        top.contains(&"dlgs-997-2099/art-5") && top.contains(&"dlgs-997-2099/art-6"),
        "{results:?}"
    );
    assert!(results.answer.is_none(), "{:?}", results.answer);
    let html = page(&client, &app, ambiguous).await;
    assert!(!html.contains("answer-card"), "{html}");
    assert!(api(&client, &app, ambiguous).await["answer"].is_null());
    assert!(html.contains("class=\"hits\""));
    // No card beyond the first page, nor for lessons only.
    let second = app.state.search().search(&SearchRequest {
        q: q.into(),
        limit: 1,
        offset: 1,
        ..SearchRequest::default()
    });
    assert!(second.answer.is_none());
    let lessons = app.state.search().search(&SearchRequest {
        q: q.into(),
        limit: 10,
        kind: Some(aula::search::Kind::Lesson),
        ..SearchRequest::default()
    });
    assert!(lessons.answer.is_none());
}

#[tokio::test]
async fn the_answer_card_opens_its_article_at_the_comma_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = app().await;
    browser
        .sign_in(&app.base, LEARNER, aula::demo::DEMO_PASSWORD, "/courses")
        .await;
    // A window low enough that comma 5 of art. 2 starts below the first screen.
    browser.client.set_window_size(1280, 600).await.unwrap();
    browser
        .check_page(
            &app.url("/search?q=cosa+serve+per+il+cambio+di+residenza"),
            "search-answer-card",
        )
        .await;
    browser
        .client
        .execute(
            "document.querySelector('.answer-card').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    browser.screenshot("search-answer-card-in-view").await;
    browser
        .client
        .find(Locator::Css(".answer-card a.answer-link"))
        .await
        .expect("the card's link")
        .click()
        .await
        .unwrap();
    // Poll until the article page has loaded and scrolled to the comma.
    let deadline = Instant::now() + Duration::from_secs(20);
    let state = loop {
        let state = browser
            .client
            .execute(
                r#"const el = document.getElementById('comma-5');
                   if (!el || document.readyState !== 'complete') return null;
                   const r = el.getBoundingClientRect();
                   const target = document.querySelector(':target');
                   return { path: location.pathname, hash: location.hash,
                            target: target ? target.id : null,
                            top: r.top, bottom: r.bottom, height: window.innerHeight,
                            scrolled: window.scrollY };"#,
                vec![],
            )
            .await
            .unwrap();
        let in_view = state["top"]
            .as_f64()
            .is_some_and(|top| top >= -1.0 && top < state["height"].as_f64().unwrap_or(0.0));
        if (state["target"] == "comma-5" && in_view) || Instant::now() > deadline {
            break state;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(state["path"], "/library/dlgs-997-2099/art-2", "{state}");
    assert_eq!(state["hash"], "#comma-5", "{state}");
    assert_eq!(state["target"], "comma-5", "{state}");
    let top = state["top"].as_f64().unwrap();
    assert!(
        top >= -1.0 && top < state["height"].as_f64().unwrap(),
        "comma 5 is in view: {state}"
    );
    assert!(
        top + state["scrolled"].as_f64().unwrap() > state["height"].as_f64().unwrap(),
        "comma 5 starts below the first screen, so the page scrolled to it: {state}"
    );
    browser.assert_accessible("answer-card-target").await;
    browser.close().await;
}
