//! Erasure by an admin: afterwards no value of any column of any table (the outbox, a
//! tutor's digest and an answer naming the learner included) and no file of the search
//! index holds the learner's name, address or job title; the other learner is
//! untouched; the reports list the same learners with the same figures; the
//! certificate is revoked (`privacy.certificates = "delete"`).

use std::collections::BTreeMap;

use aula::config::CertificateRule;

use super::{Person, every_value, full_history, post_form};
use crate::helpers::{ADMIN, TestApp};
use crate::seminars::REMOTE_COURSE;

/// The learners report as the admin gets it, by learner, without name and address.
async fn report(app: &TestApp, admin: &reqwest::Client) -> BTreeMap<i64, serde_json::Value> {
    let rows: Vec<serde_json::Value> = admin
        .get(app.url(&format!("/api/v1/reports/learners?course={REMOTE_COURSE}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    rows.into_iter()
        .map(|mut row| {
            let id = row["learner_id"].as_i64().unwrap();
            let object = row.as_object_mut().unwrap();
            object.remove("name");
            object.remove("email");
            (id, row)
        })
        .collect()
}

/// Where any of `person`'s values are found: in the database, and in the files of the
/// search index.
async fn traces(app: &TestApp, person: &Person) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column, value) in every_value(app).await {
        for needle in person.values() {
            if value.contains(&needle) {
                found.push(format!("{table}.{column}: {needle}"));
            }
        }
    }
    let index = &app.state.config().index_dir;
    for entry in walk(index) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        for needle in person.values() {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(format!("{}: {needle}", entry.display()));
            }
        }
    }
    found
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn after_erasure_no_table_and_no_index_file_holds_the_person() {
    let app = TestApp::spawn_with(|c| {
        c.courses_dir = crate::corpus::fixture("courses-seminars");
        c.privacy.certificates = CertificateRule::Delete;
    })
    .await;
    app.load_demo().await;
    let a = full_history(&app, "cancella").await;
    let b = full_history(&app, "resta").await;
    let admin = app.client_as(ADMIN).await;
    let before = report(&app, &admin).await;
    assert!(
        before.contains_key(&i64::from(a.id)),
        "the learner is in the report"
    );
    let found = traces(&app, &a).await;
    for table in [
        "users",
        "outbox",
        "certificates",
        "error_reports",
        "notifications",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(&format!("{table}."))),
            "before erasure, {table} names the learner: {found:?}"
        );
    }

    // A wrong confirmation erases nothing.
    let page = format!("/admin/privacy/utenti/{}", a.id);
    let action = format!("{page}/cancellazione");
    let refused = post_form(&app, &admin, &page, &action, &[("confirmation", &b.email)]).await;
    assert_eq!(refused.status(), 422);
    assert!(!traces(&app, &a).await.is_empty());

    let erased = post_form(&app, &admin, &page, &action, &[("confirmation", &a.email)]).await;
    assert_eq!(erased.status(), 303);
    let left = traces(&app, &a).await;
    assert!(
        left.is_empty(),
        "personal values left after erasure:\n{}",
        left.join("\n")
    );
    let other = traces(&app, &b).await;
    assert!(
        other.iter().any(|f| f.starts_with("users.name"))
            && other.iter().any(|f| f.starts_with("certificates.")),
        "the other learner is untouched: {other:?}"
    );

    // The reports: the same learners, the same figures.
    let after = report(&app, &admin).await;
    assert_eq!(after, before, "reports unchanged by the erasure");

    // The certificate says it is revoked; the erasure is in the access log.
    let certificates = aula::certificates::store::of_learner(app.state.db(), a.id)
        .await
        .unwrap();
    assert!(!certificates.is_empty());
    assert!(
        certificates
            .iter()
            .all(|c| c.status == aula::certificates::Status::Revoked)
    );
    let log = aula::privacy::access_log::page(app.state.db(), Some(a.id), 1)
        .await
        .unwrap();
    assert!(log.entries.iter().any(|e| e.kind == "erasure"), "{log:?}");
    // No e-mail can reach the erased account any more.
    let reminder = aula::mail::Rendered {
        subject: "x".into(),
        text: "x".into(),
        html: "x".into(),
    };
    let user = aula::accounts::directory::by_id(app.state.db(), a.id)
        .await
        .unwrap()
        .unwrap();
    let queued = aula::reminders::outbox::queue(
        app.state.db(),
        aula::reminders::outbox::Outgoing {
            key: "after-erasure".into(),
            kind: "reminder-not-started",
            user_id: Some(a.id),
            to: &user.email,
            rendered: &reminder,
            calendar: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert!(!queued, "the placeholder address is never written to");
    // Erased twice: refused with a reason.
    let again = aula::privacy::erase::erase_one(
        app.state.db(),
        a.id,
        CertificateRule::Delete,
        chrono::Utc::now(),
    )
    .await;
    assert!(matches!(
        again,
        Err(aula::privacy::erase::EraseError::AlreadyErased)
    ));
}

#[tokio::test]
async fn with_the_keep_rule_only_the_certificate_still_names_the_person() {
    let app = crate::seminars::fixture_app().await;
    let a = full_history(&app, "conserva").await;
    let done = aula::privacy::erase::erase_one(
        app.state.db(),
        a.id,
        CertificateRule::Keep,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(done.accounts, 1);
    let left = traces(&app, &a).await;
    assert!(!left.is_empty(), "the certificate keeps the name");
    assert!(
        left.iter().all(|f| f.starts_with("certificates.")),
        "only the certificate names the person: {left:?}"
    );
    let certificates = aula::certificates::store::of_learner(app.state.db(), a.id)
        .await
        .unwrap();
    assert!(
        certificates
            .iter()
            .all(|c| c.status == aula::certificates::Status::Valid)
    );
}

#[tokio::test]
async fn a_learner_erases_their_own_account_when_the_edition_allows_it() {
    let app = crate::seminars::fixture_app().await;
    let a = full_history(&app, "sestesso").await;
    let client = super::client_for(&app, a.id).await;
    let action = "/profilo/dati/cancellazione";
    // Not allowed by the edition: refused, and the page says why.
    let refused = post_form(
        &app,
        &client,
        "/profilo/dati",
        action,
        &[("confirmation", &a.email)],
    )
    .await;
    assert_eq!(refused.status(), 403);
    let page = client
        .get(app.url("/profilo/dati"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains(action),
        "no erasure form while the edition does not allow it"
    );

    assert!(
        aula::privacy::profile::set_self_erasure(app.state.db(), 4, true)
            .await
            .unwrap()
    );
    let page = client
        .get(app.url("/profilo/dati"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(action),
        "the form, now that the edition allows it"
    );
    let wrong = post_form(
        &app,
        &client,
        "/profilo/dati",
        action,
        &[("confirmation", "altro@comune.test.it")],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    assert!(
        !traces(&app, &a).await.is_empty(),
        "nothing erased on a wrong confirmation"
    );
    let done = post_form(
        &app,
        &client,
        "/profilo/dati",
        action,
        &[("confirmation", &a.email)],
    )
    .await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/login?cancellato=1");
    let user = aula::accounts::directory::by_id(app.state.db(), a.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.name, format!("Utente cancellato {}", a.id));
    let left = traces(&app, &a).await;
    assert!(
        left.iter().all(|f| f.starts_with("certificates.")),
        "{left:?}"
    );
}
