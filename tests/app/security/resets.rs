//! L3: after a password reset, the account's other reset links stayed valid, so a
//! link left in a mailbox (or requested by someone else) could set the password again.
//! Now a reset ends every other link and every session of the account. And a made-up
//! link costs no password hash.

use aula::accounts::users::{INVITE_TTL, RESET_TTL, issue_link_token};

use crate::helpers::{LEARNER, TestApp, csrf_in};

/// A client with cookies and the CSRF token of its forms.
async fn anonymous(app: &TestApp) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    (client, csrf)
}

async fn set_password(app: &TestApp, path: &str, password: &str) -> u16 {
    let (client, csrf) = anonymous(app).await;
    client
        .post(app.url(path))
        .form(&[
            ("password", password),
            ("confirm", password),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn signs_in(app: &TestApp, password: &str) -> bool {
    reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": LEARNER, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        == 200
}

#[tokio::test]
async fn a_reset_ends_every_other_link_and_session_of_the_account() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let learner = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap();
    let db = app.state.db();
    // Two reset links (asked twice, or once by the learner and once by someone who
    // knows the address) and an invitation still lying in the mailbox.
    let first = issue_link_token(db, learner.id, "reset", RESET_TTL)
        .await
        .unwrap();
    let second = issue_link_token(db, learner.id, "reset", RESET_TTL)
        .await
        .unwrap();
    let invite = issue_link_token(db, learner.id, "invite", INVITE_TTL)
        .await
        .unwrap();
    let signed_in = app.client_as(LEARNER).await;
    let me = |client: &reqwest::Client| client.get(app.url("/api/v1/me")).send();
    assert_eq!(me(&signed_in).await.unwrap().status(), 200);

    assert_eq!(
        set_password(
            &app,
            &format!("/password/reset/{first}"),
            "la prima nuova password"
        )
        .await,
        303
    );
    assert!(signs_in(&app, "la prima nuova password").await);

    // The attack: the other links set the password again. They are dead now.
    assert_eq!(
        set_password(
            &app,
            &format!("/password/reset/{second}"),
            "password dell'attaccante"
        )
        .await,
        410
    );
    assert_eq!(
        set_password(
            &app,
            &format!("/invite/{invite}"),
            "password dell'attaccante"
        )
        .await,
        410
    );
    let page = reqwest::Client::new()
        .get(app.url(&format!("/password/reset/{second}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("name=\"confirm\""),
        "the page of a dead link offers no form"
    );
    assert!(!signs_in(&app, "password dell'attaccante").await);
    assert!(signs_in(&app, "la prima nuova password").await);
    // The session opened before the reset is over.
    assert_eq!(me(&signed_in).await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_made_up_link_costs_no_password_hash() {
    let app = TestApp::spawn().await;
    for n in 0..20 {
        let status = set_password(
            &app,
            &format!("/password/reset/falso{n}"),
            "abbastanza-lunga",
        )
        .await;
        assert_eq!(status, 410);
    }
    assert_eq!(app.state.passwords().hashes(), 0);
}
