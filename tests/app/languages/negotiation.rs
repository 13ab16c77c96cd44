//! Which language a page is in, and the switcher that changes it.

use aula::accounts::directory;

use super::{client_accepting, html_lang};
use crate::helpers::{LEARNER, TestApp, csrf_in};

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let answer = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(answer.status(), 200, "{path}");
    answer.text().await.unwrap()
}

#[tokio::test]
async fn the_browser_decides_for_a_visitor_and_italian_is_the_default() {
    let app = TestApp::spawn().await;
    for (accept, lang, words) in [
        ("de-DE,de;q=0.9,en;q=0.5", "de", "Einloggen"),
        ("en-GB,en;q=0.9", "en", "Sign in"),
        ("fr-FR,fr;q=0.9", "it", "Accedi"),
        ("fr;q=0.9, en;q=0.3, de;q=0.8", "de", "Einloggen"),
    ] {
        let home = page(&client_accepting(accept), &app, "/").await;
        assert_eq!(html_lang(&home), lang, "{accept}");
        assert!(home.contains(words), "{accept}: {words}");
    }
    let plain = page(&reqwest::Client::new(), &app, "/").await;
    assert_eq!(html_lang(&plain), "it");
}

#[tokio::test]
async fn the_switcher_keeps_a_visitors_choice_in_a_cookie() {
    let app = TestApp::spawn().await;
    let client = client_accepting("de");
    let home = page(&client, &app, "/").await;
    assert_eq!(html_lang(&home), "de");
    for (code, name) in [("it", "Italiano"), ("de", "Deutsch"), ("en", "English")] {
        assert!(
            home.contains(&format!("value=\"{code}\" lang=\"{code}\"")) && home.contains(name),
            "the switcher offers {name}"
        );
    }
    let switched = client
        .post(app.url("/lingua"))
        .form(&[
            ("lang", "en"),
            ("next", "/courses?sector=altro"),
            ("csrf_token", &csrf_in(&home)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 303);
    assert_eq!(
        switched.headers()["location"],
        "/courses?sector=altro",
        "back to the page it came from"
    );
    // The cookie now outweighs the browser's German.
    assert_eq!(html_lang(&page(&client, &app, "/").await), "en");

    // An unknown language, or a page of another site, changes nothing.
    let refused = client
        .post(app.url("/lingua"))
        .form(&[("lang", "fr"), ("csrf_token", &csrf_in(&home))])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let elsewhere = client
        .post(app.url("/lingua"))
        .form(&[
            ("lang", "de"),
            ("next", "//example.org/"),
            ("csrf_token", &csrf_in(&home)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 303);
    let location = elsewhere.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with('/') && !location.starts_with("//"),
        "{location}"
    );
    // Without the CSRF token the form is refused.
    let forged = client
        .post(app.url("/lingua"))
        .form(&[("lang", "it")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn a_users_choice_is_saved_and_follows_them_to_another_browser() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let courses = page(&client, &app, "/courses").await;
    assert_eq!(html_lang(&courses), "it");
    let switched = client
        .post(app.url("/lingua"))
        .form(&[
            ("lang", "de"),
            ("next", "/courses"),
            ("csrf_token", &csrf_in(&courses)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 303);
    let saved = directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.language.as_deref(), Some("de"));
    assert_eq!(directory::language_of(&saved), "de");
    assert_eq!(html_lang(&page(&client, &app, "/courses").await), "de");

    // A new session in a browser that prefers English: the saved choice wins.
    let elsewhere = app.client_as(LEARNER).await;
    let courses = elsewhere
        .get(app.url("/courses"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html_lang(&courses), "de");
    assert!(courses.contains("Kurse"), "German navigation");
}

#[tokio::test]
async fn dates_read_as_in_the_language_of_the_page() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let lesson = "/courses/immigrazione-servizi-comunali/semplificazione/quadro-normativo";
    let reviewed = aula::content::load::load(&app.state.config().courses_dir, &Default::default())
        .0
        .lesson(
            "immigrazione-servizi-comunali",
            "semplificazione",
            "quadro-normativo",
        )
        .and_then(|(_, _, l)| l.reviewed)
        .expect("a reviewed lesson");
    for (accept, expected) in [
        ("it", aula::render::dates::long(reviewed, "it")),
        ("de", aula::render::dates::long(reviewed, "de")),
        ("en", aula::render::dates::long(reviewed, "en")),
    ] {
        let html = client
            .get(app.url(lesson))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&expected), "{accept}: {expected}");
    }
    assert!(aula::render::dates::long(reviewed, "de").contains(". "));
}
