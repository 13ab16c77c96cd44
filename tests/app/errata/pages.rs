//! The pages of the flow in Chromium, each checked with axe (WCAG 2.1 A and AA): the
//! lesson and article with their link, the form empty and refused, the reporter's
//! list, and the administrators' queue and report page (open, answered, closed).

use fantoccini::Locator;

use crate::browser::Browser;
use crate::helpers::{ADMIN, LEARNER, TestApp};

use super::{ARTICLE, LESSON, app, stored};

async fn sign_out(browser: &Browser) {
    browser
        .client
        .find(Locator::Css("form[action='/logout'] button"))
        .await
        .expect("sign-out button")
        .click()
        .await
        .expect("sign out");
    browser.wait_for("form.form input[name=email]").await;
}

/// Fills the form matched by `css` and submits it, waiting for `then` to appear.
async fn submit(browser: &Browser, css: &str, fields: &[(&str, &str)], then: &str) {
    let form = browser
        .client
        .form(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("{css}: {err}"));
    for (name, value) in fields {
        form.set_by_name(name, value).await.expect("set field");
    }
    form.submit().await.expect("submit");
    browser.wait_for(then).await;
}

#[tokio::test]
async fn the_report_pages_are_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app: TestApp = app().await;
    let password = aula::demo::DEMO_PASSWORD;

    browser
        .sign_in(&app.base, ADMIN, password, "/courses")
        .await;
    browser
        .check_page(&app.url("/admin/segnalazioni"), "errata-queue-empty")
        .await;
    sign_out(&browser).await;

    browser
        .sign_in(&app.base, LEARNER, password, "/courses")
        .await;
    browser.check_page(&app.url(LESSON), "errata-lesson").await;
    browser
        .check_page(&app.url(ARTICLE), "errata-article")
        .await;
    browser
        .check_page(&app.url("/segnalazioni"), "errata-mine-empty")
        .await;
    browser
        .check_page(
            &app.url(&format!("{ARTICLE}/segnala")),
            "errata-form-article",
        )
        .await;
    browser
        .check_page(&app.url(&format!("{LESSON}/segnala")), "errata-form-lesson")
        .await;
    // Refused: the form again, with the message tied to its field.
    submit(
        &browser,
        "form.form[action$='/segnala']",
        &[("descrizione", "Troppo breve")],
        "#errata-error",
    )
    .await;
    browser.assert_accessible("errata-form-refused").await;
    submit(
        &browser,
        "form.form[action$='/segnala']",
        &[
            (
                "descrizione",
                "La lezione indica un termine che la norma vigente non prevede più.",
            ),
            ("passo", "entro un anno"),
        ],
        ".notice-ok",
    )
    .await;
    browser.assert_accessible("errata-mine").await;
    sign_out(&browser).await;

    let id = stored(&app).await[0].id;
    browser
        .sign_in(&app.base, ADMIN, password, "/courses")
        .await;
    browser
        .check_page(&app.url("/admin/segnalazioni"), "errata-queue")
        .await;
    let detail = app.url(&format!("/admin/segnalazioni/{id}"));
    browser.check_page(&detail, "errata-report-open").await;
    submit(
        &browser,
        "form[action$='/risposta']",
        &[("risposta", "")],
        "#answer-error",
    )
    .await;
    browser.assert_accessible("errata-report-refused").await;
    submit(
        &browser,
        "form[action$='/risposta']",
        &[("risposta", "Grazie, la lezione è stata corretta.")],
        ".errata-answer",
    )
    .await;
    browser.assert_accessible("errata-report-answered").await;
    submit(&browser, "form[action$='/chiusura']", &[], ".notice").await;
    browser.assert_accessible("errata-report-closed").await;
    browser.close().await;
}
