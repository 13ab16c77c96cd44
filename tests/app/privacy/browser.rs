//! The privacy pages in Chromium with axe: the notice (asked at sign-in and
//! acknowledged with its button), the learner's data and access log with a tutor's
//! look in it, an export asked and offered; the administrators' overview and one
//! person's page.

use crate::browser::Browser;
use crate::helpers::{ADMIN, LEARNER, TUTOR, TestApp};
use crate::seminars::user_id;

#[tokio::test]
async fn the_privacy_pages_pass_axe() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let learner = user_id(&app, LEARNER).await;
    let tutor = app.client_as(TUTOR).await;
    let seen = tutor
        .get(app.url(&format!("/tutor/learners/{learner}")))
        .send()
        .await
        .unwrap();
    assert_eq!(seen.status(), 200);

    // Signing in asks for the notice first (the helper presses its button).
    browser
        .client
        .goto(&app.url("/login?next=/profile"))
        .await
        .unwrap();
    browser
        .check_page(&app.url("/informativa"), "privacy-notice")
        .await;
    browser
        .sign_in(&app.base, LEARNER, aula::demo::DEMO_PASSWORD, "/profile")
        .await;
    let acks = aula::privacy::notice::acknowledgements(app.state.db(), learner)
        .await
        .unwrap();
    assert_eq!(acks.len(), 1, "acknowledged through the page");
    browser
        .check_page(&app.url("/profilo/dati"), "privacy-my-data")
        .await;
    browser
        .client
        .find(fantoccini::Locator::Css(
            "form[action='/profilo/dati/esportazione'] button",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for(".notice-ok").await;
    browser.assert_accessible("privacy-export-asked").await;
    // Prepared in the background: the page offers it after a reload.
    let mut offered = false;
    for _ in 0..100 {
        browser
            .client
            .goto(&app.url("/profilo/dati"))
            .await
            .unwrap();
        let source = browser.client.source().await.unwrap();
        if source.contains("href=\"/profilo/dati/esportazioni/") {
            offered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    assert!(offered, "the export is offered");
    browser.assert_accessible("privacy-export-ready").await;
    browser
        .check_page(&app.url("/profilo/accessi"), "privacy-access-log")
        .await;
    let source = browser.client.source().await.unwrap();
    assert!(source.contains(&format!("/tutor/learners/{learner}")));

    browser.client.delete_all_cookies().await.unwrap();
    browser
        .sign_in(&app.base, ADMIN, aula::demo::DEMO_PASSWORD, "/profile")
        .await;
    browser
        .check_page(&app.url("/admin/privacy"), "privacy-admin")
        .await;
    browser
        .check_page(
            &app.url(&format!("/admin/privacy/utenti/{learner}")),
            "privacy-admin-person",
        )
        .await;
    browser.close().await;
}
