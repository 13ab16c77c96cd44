//! The certificates' pages in Chromium with axe (WCAG 2.1 A and AA): `/verify/{code}`
//! for a valid and a revoked certificate and an unknown code, `/verify` with its forms
//! and with the verdict on an uploaded PDF (chosen through the real file input), and
//! the learner's dashboard with a certificate.

use aula::certificates::actions;
use fantoccini::Locator;

use super::super::{GENOVA, certified, fixture_app, user_id};
use super::{learner_certificate, paper};
use crate::browser::Browser;
use crate::helpers::{ADMIN, LEARNER};

#[tokio::test]
async fn the_verification_pages_are_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = fixture_app().await;
    let admin = user_id(&app, ADMIN).await;
    let (_, valid) = certified(&app, GENOVA, "axe").await;
    let (_, revoked) = certified(&app, GENOVA, "axe-revocato").await;
    let (valid, pdf) = paper(&app, valid).await;
    actions::revoke(
        app.state.db(),
        admin,
        &revoked.certificate.code,
        "Frequenza non attestata",
    )
    .await
    .unwrap();

    let code = &valid.certificate.code;
    browser
        .check_page(&app.url(&format!("/verify/{code}")), "verify-valid")
        .await;
    browser
        .check_page(
            &app.url(&format!("/verify/{}", revoked.certificate.code)),
            "verify-revoked",
        )
        .await;
    browser
        .check_page(&app.url("/verify/AULA-0000-0000-0000"), "verify-unknown")
        .await;
    browser.check_page(&app.url("/verify"), "verify-form").await;

    // The code form takes the browser to the code's page.
    let form = browser
        .client
        .form(Locator::Css("form[method=get][action='/verify']"))
        .await
        .expect("the code form");
    form.set_by_name("code", &code.to_lowercase())
        .await
        .expect("type the code");
    form.submit().await.expect("submit the code");
    browser.wait_for(".verify-valid").await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), format!("/verify/{code}"));

    // The file form, with the PDF chosen through the file input.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attestato.pdf");
    std::fs::write(&file, &pdf).unwrap();
    browser.client.goto(&app.url("/verify")).await.unwrap();
    browser
        .client
        .find(Locator::Css("input[type=file]"))
        .await
        .expect("the file input")
        .send_keys(file.to_str().unwrap())
        .await
        .expect("choose the file");
    browser
        .client
        .find(Locator::Css(
            "form[enctype='multipart/form-data'] button[type=submit]",
        ))
        .await
        .expect("the upload button")
        .click()
        .await
        .expect("send the file");
    let verdict = browser.wait_for(".verify-result").await;
    assert!(
        verdict
            .text()
            .await
            .unwrap()
            .contains("Il file è autentico"),
        "the verdict on the genuine PDF"
    );
    browser.assert_accessible("verify-file-genuine").await;
    browser.close().await;
}

#[tokio::test]
async fn the_dashboard_with_a_certificate_is_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = fixture_app().await;
    let (_, record) = learner_certificate(&app).await;
    browser
        .sign_in(&app.base, LEARNER, aula::demo::DEMO_PASSWORD, "/courses")
        .await;
    browser
        .check_page(&app.url("/"), "dashboard-certificate")
        .await;
    let link = browser
        .client
        .find(Locator::Css(&format!(
            "a[href='/attestati/{}.pdf']",
            record.certificate.code
        )))
        .await
        .expect("the PDF link");
    assert!(link.text().await.unwrap().contains("Scarica PDF"));
    browser.close().await;
}
