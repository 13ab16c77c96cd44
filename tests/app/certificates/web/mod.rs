//! The certificates' pages and their API: the public verification by code (valid,
//! revoked with its date, replaced by its new code, unknown and malformed as 404) and
//! by file (genuine, one byte changed, JSON, garbage, too large), the published keys
//! (`verify`); the files of a certificate for its holder, their tutor and admins and
//! nobody else, and the learner's list through the API (`downloads`); the dashboard's
//! section (`dashboard`); the pages in Chromium with axe (`browser`).

mod browser;
mod dashboard;
mod downloads;
mod verify;

use aula::certificates::seal;
use aula::certificates::store::Record;

use super::{REMOTE_COURSE, certificates_of, complete_module, user_id};
use crate::helpers::{LEARNER, TestApp, csrf_in};

/// The demo learner of Genova (who can sign in), holding the certificate of the
/// remote course they have just completed.
pub async fn learner_certificate(app: &TestApp) -> (i32, Record) {
    let learner = user_id(app, LEARNER).await;
    complete_module(app, learner, REMOTE_COURSE, "modulo-unico").await;
    let mut records = certificates_of(app, learner).await;
    assert_eq!(records.len(), 1, "one certificate on completion");
    (learner, records.remove(0))
}

/// The record sealed, and its PDF as a download would give it.
pub async fn paper(app: &TestApp, record: Record) -> (Record, Vec<u8>) {
    let record = seal::seal(app.state.db(), app.state.issuing(), record)
        .await
        .unwrap();
    let pdf = seal::paper(app.state.issuing(), &record).unwrap();
    (record, pdf)
}

/// A client of nobody signed in, keeping cookies, not following redirects.
pub fn anonymous() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The `multipart/form-data` body of the `/verify` upload form: the CSRF token and
/// the file `name` (an empty name: no file chosen).
pub fn form_body(csrf: &str, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----aulaVerifyBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends `bytes` as file `name` with the `/verify` form, from `client` (after opening
/// the form, which gives the CSRF token); returns the status and the page.
pub async fn check(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: &[u8],
) -> (u16, String) {
    let form = client.get(app.url("/verify")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let csrf = csrf_in(&form.text().await.unwrap());
    let (content_type, body) = form_body(&csrf, name, bytes);
    let answer = client
        .post(app.url("/verify"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap())
}

/// `text` as it appears in a page (the templates escape `'` and `"`).
pub fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
