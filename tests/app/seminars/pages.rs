//! The learner's page `/seminari`: the sessions of their region, registering and
//! cancelling through forms with CSRF, refusals shown beside the session (over HTTP);
//! and the page in Chromium with axe (WCAG 2.1 A and AA), for a learner before and
//! after registering and for a tutor.

use fantoccini::Locator;

use super::{GENOVA, app, learners, register, seminar_with, session_in};
use crate::browser::Browser;
use crate::helpers::{LEARNER, OTHER_LEARNER, TUTOR, TestApp, csrf_in};

async fn page(app: &TestApp, client: &reqwest::Client) -> String {
    let page = client.get(app.url("/seminari")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    page.text().await.unwrap()
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    let token = csrf_in(&page(app, client).await);
    client
        .post(app.url(path))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_learner_registers_and_cancels_through_the_page() {
    let app = app().await;
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 1)]).await;
    let (_, puglia) = seminar_with(&app, vec![session_in("Puglia", 5)]).await;
    let id = sessions[0].id;
    let learner = app.client_as(LEARNER).await;

    let html = page(&app, &learner).await;
    assert!(html.contains(&format!("id=\"sessione-{id}\"")), "{html}");
    assert!(
        !html.contains(&format!("id=\"sessione-{}\"", puglia[0].id)),
        "another region"
    );
    assert!(html.contains(">Iscriviti</button>"));

    let without_csrf = learner
        .post(app.url(&format!("/seminari/sessioni/{id}/iscrizione")))
        .form(&[("csrf_token", "falso")])
        .send()
        .await
        .unwrap();
    assert_eq!(without_csrf.status(), 403);

    let done = post(
        &app,
        &learner,
        &format!("/seminari/sessioni/{id}/iscrizione"),
    )
    .await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        format!("/seminari?esito=iscritto#sessione-{id}").as_str()
    );
    let html = learner
        .get(app.url("/seminari?esito=iscritto"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Iscrizione confermata"));
    assert!(html.contains("Sei iscritto a questa sessione."));
    assert!(
        html.contains(">Annulla l&#39;iscrizione</button>"),
        "{html}"
    );

    let again = post(
        &app,
        &learner,
        &format!("/seminari/sessioni/{id}/iscrizione"),
    )
    .await;
    assert_eq!(again.status(), 409);
    let html = again.text().await.unwrap();
    assert!(html.contains(&format!("id=\"sessione-{id}-errore\"")));
    assert!(html.contains("sei già iscritto"));

    let bari = app.client_as(OTHER_LEARNER).await;
    let refused = post(&app, &bari, &format!("/seminari/sessioni/{id}/iscrizione")).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("regione Liguria"), "{html}");

    let waiting = learners(&app, 1, GENOVA, "pagina").await[0];
    register(&app.state, id, waiting).await.unwrap();
    let gone = post(&app, &learner, &format!("/seminari/sessioni/{id}/rinuncia")).await;
    assert_eq!(gone.status(), 303);
    let html = page(&app, &learner).await;
    assert!(
        html.contains("1 occupati su 1"),
        "the next in line took the seat"
    );
    assert!(
        html.contains(">Entra in lista d&#39;attesa</button>"),
        "{html}"
    );
    let twice = post(&app, &learner, &format!("/seminari/sessioni/{id}/rinuncia")).await;
    assert_eq!(twice.status(), 404);
    assert!(twice.text().await.unwrap().contains("non risulti iscritto"));
}

#[tokio::test]
async fn the_seminars_page_is_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = app().await;
    let (_, sessions) = seminar_with(
        &app,
        vec![session_in("Liguria", 30), session_in("Liguria", 1)],
    )
    .await;
    let others = learners(&app, 2, GENOVA, "axe").await;
    register(&app.state, sessions[1].id, others[0])
        .await
        .unwrap();
    let password = aula::demo::DEMO_PASSWORD;

    browser
        .sign_in(&app.base, LEARNER, password, "/courses")
        .await;
    browser
        .check_page(&app.url("/seminari"), "seminars-learner")
        .await;
    let form = browser
        .client
        .form(Locator::Css(&format!(
            "form[action='/seminari/sessioni/{}/iscrizione']",
            sessions[0].id
        )))
        .await
        .expect("the registration form");
    form.submit().await.expect("submit");
    browser.wait_for(".notice-ok").await;
    browser.assert_accessible("seminars-registered").await;
    // A refusal, shown beside its session.
    let form = browser
        .client
        .form(Locator::Css(&format!(
            "form[action='/seminari/sessioni/{}/iscrizione']",
            sessions[1].id
        )))
        .await
        .expect("the waiting-list form");
    form.submit().await.expect("submit");
    browser
        .wait_for(&format!("#sessione-{}-errore", sessions[1].id))
        .await;
    browser.assert_accessible("seminars-refused").await;
    browser.client.set_window_size(768, 1024).await.unwrap();
    browser
        .check_page(&app.url("/seminari"), "seminars-learner-768")
        .await;
    browser.close().await;

    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.sign_in(&app.base, TUTOR, password, "/tutor").await;
    browser
        .check_page(&app.url("/seminari"), "seminars-tutor")
        .await;
    browser.close().await;
}
