//! German pages in Chromium: a learner switches to Deutsch with the switcher, then
//! the dashboard, a translated lesson, search and (as a tutor) the overview pass axe
//! with `lang="de"`.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::helpers::{LEARNER, TUTOR, TestApp};

/// Presses the switcher's button for `lang` and waits for the page in it.
async fn switch_to(browser: &Browser, lang: &str) {
    browser
        .client
        .find(Locator::Css(&format!(
            ".lang-switch button[value=\"{lang}\"]"
        )))
        .await
        .expect("the switcher")
        .click()
        .await
        .expect("press it");
    browser
        .wait_for(&format!(
            "html[lang=\"{lang}\"] .lang-switch button[value=\"{lang}\"][aria-current]"
        ))
        .await;
}

#[tokio::test]
async fn german_pages_pass_axe_with_lang_de() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    aula::demo::load_with_progress(app.state.db(), &app.state.catalog())
        .await
        .unwrap();
    browser
        .sign_in(&app.base, LEARNER, aula::demo::DEMO_PASSWORD, "/courses")
        .await;
    switch_to(&browser, "de").await;
    assert_eq!(
        browser.client.current_url().await.unwrap().path(),
        "/courses",
        "the switcher comes back to the page"
    );
    let lesson = "/courses/immigrazione-servizi-comunali/semplificazione/permesso-di-soggiorno";
    for (path, name) in [
        ("/", "de-dashboard"),
        (lesson, "de-lesson"),
        (
            "/courses/immigrazione-servizi-comunali/accoglienza-integrazione/sistema-accoglienza",
            "de-lesson-fallback",
        ),
        ("/search?q=Aufenthaltsgenehmigung", "de-search"),
    ] {
        browser.check_page(&app.url(path), name).await;
        let lang = browser
            .client
            .find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap();
        assert_eq!(lang.as_deref(), Some("de"), "{path}");
    }
    browser.client.goto(&app.url(lesson)).await.unwrap();
    let title = browser
        .wait_for("#lesson-title")
        .await
        .text()
        .await
        .unwrap();
    assert!(title.starts_with("Die Aufenthaltsgenehmigung"), "{title}");

    // A tutor who prefers German in the browser settings: the overview in German.
    browser.client.delete_all_cookies().await.unwrap();
    browser
        .sign_in(&app.base, TUTOR, aula::demo::DEMO_PASSWORD, "/courses")
        .await;
    switch_to(&browser, "de").await;
    browser
        .check_page(&app.url("/tutor"), "de-tutor-overview")
        .await;
    let heading = browser.wait_for("h1").await.text().await.unwrap();
    assert!(!heading.is_empty());
    // And back to Italian.
    switch_to(&browser, "it").await;
    browser.close().await;
}
