//! L4: `/password/forgot` answered faster for unknown addresses (the known ones waited
//! for the link and the e-mail), telling which addresses have an account, and was not
//! throttled. Now every request gets the same answer at once and the work follows it;
//! requests are counted per e-mail and per client address in the database.

use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::helpers::{LEARNER, OTHER_LEARNER, TestApp, csrf_in, eventually, outbox_files};

/// A client with cookies and the CSRF token of its forms.
async fn visitor(app: &TestApp) -> (reqwest::Client, String) {
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

/// Status and page of a reset request for `email`.
async fn forgot(
    app: &TestApp,
    (client, csrf): &(reqwest::Client, String),
    email: &str,
) -> (u16, String) {
    let response = client
        .post(app.url("/password/forgot"))
        .form(&[("email", email), ("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let visitor = visitor(&app).await;
    let known = forgot(&app, &visitor, LEARNER).await;
    let unknown = forgot(&app, &visitor, "nessuno@example.it").await;
    assert_eq!(known.0, 200);
    assert_eq!(known, unknown, "status and page are the same");

    // The e-mail follows the answer, for the known address only.
    let outbox = app.state.config().outbox_dir.clone();
    assert!(eventually(|| !outbox_files(&outbox).is_empty()).await);
    let work = app
        .state
        .recovery()
        .request("nessuno.affatto@example.it", "192.0.2.1")
        .await
        .unwrap();
    work.await.unwrap();
    let mails = outbox_files(&outbox);
    assert_eq!(mails.len(), 1, "{mails:?}");
    let raw = std::fs::read_to_string(&mails[0]).unwrap();
    assert!(raw.contains(LEARNER), "the e-mail is the learner's");
}

#[tokio::test]
async fn the_answer_does_not_wait_for_the_e_mail() {
    // A mail server that greets its client only when the test says so.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = crate::smtp::Inbox::default();
    let gate = Arc::new(Notify::new());
    let (served, opened) = (inbox.clone(), gate.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            opened.notified().await;
            tokio::spawn(crate::smtp::session(stream, served.clone()));
        }
    });
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    app.load_demo().await;
    let visitor = visitor(&app).await;

    // The answer comes while the mail server has not even greeted: it waited for no
    // e-mail. (Were it to wait, the client would give up before the greeting, and the
    // e-mail below would never arrive.)
    let (status, _) = forgot(&app, &visitor, LEARNER).await;
    assert_eq!(status, 200);
    assert!(inbox.lock().unwrap().is_empty());
    gate.notify_one();
    assert!(
        eventually(|| !inbox.lock().unwrap().is_empty()).await,
        "the e-mail is delivered after the answer"
    );
    assert_eq!(inbox.lock().unwrap()[0].to, [LEARNER.to_string()]);
}

#[tokio::test]
async fn requests_are_throttled_per_e_mail() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let limit = app.state.config().accounts.reset_requests_per_email;
    let visitor = visitor(&app).await;
    for email in [LEARNER, "nessuno@example.it"] {
        for _ in 0..limit {
            assert_eq!(forgot(&app, &visitor, email).await.0, 200);
        }
        let (status, page) = forgot(&app, &visitor, email).await;
        assert_eq!(status, 429, "{email}: request {} in the window", limit + 1);
        assert!(page.contains("troppe richieste"), "{page}");
    }
    // Another address is not affected.
    assert_eq!(forgot(&app, &visitor, OTHER_LEARNER).await.0, 200);
    let outbox = app.state.config().outbox_dir.clone();
    let expected = limit as usize + 1;
    assert!(eventually(|| outbox_files(&outbox).len() == expected).await);
}

#[tokio::test]
async fn requests_are_throttled_per_client_address() {
    let app = TestApp::spawn().await;
    let limit = app.state.config().accounts.reset_requests_per_address;
    let visitor = visitor(&app).await;
    for n in 0..limit {
        let (status, _) = forgot(&app, &visitor, &format!("persona{n}@example.it")).await;
        assert_eq!(status, 200);
    }
    let (status, _) = forgot(&app, &visitor, "ancora.una@example.it").await;
    assert_eq!(status, 429, "request {} from one address", limit + 1);
}
