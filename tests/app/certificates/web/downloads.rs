//! A certificate's files: the PDF and the credential for the learner who holds it, the
//! tutor of their cohort and admins; 404 for another learner, a tutor of another
//! cohort, an unknown code or file; the sign-in page for nobody. The first download
//! seals the certificate, and what is downloaded verifies as genuine. The learner's own
//! list through the API.

use aula::accounts::users::{self, NewUser};
use aula::certificates::store;
use aula::certificates::verify::{self, FileCheck, Lookup};

use super::super::fixture_app;
use super::{anonymous, learner_certificate};
use crate::helpers::{ADMIN, LEARNER, OTHER_LEARNER, TUTOR, TestApp};

/// A tutor of Calabria: another cohort than the demo learner's (Liguria).
async fn other_tutor(app: &TestApp) -> reqwest::Client {
    users::add(
        app.state.db(),
        NewUser {
            email: "tutor.calabria@example.it".into(),
            name: "Tutor Calabria".into(),
            role: "tutor".into(),
            regions: vec!["Calabria".into()],
            password: Some(aula::demo::DEMO_PASSWORD.into()),
            ..NewUser::default()
        },
        &[],
    )
    .await
    .unwrap();
    app.client_as("tutor.calabria@example.it").await
}

async fn status_of(app: &TestApp, client: &reqwest::Client, path: &str) -> u16 {
    client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_certificate_s_files_go_to_its_holder_their_tutor_and_admins_only() {
    let app = fixture_app().await;
    let db = app.state.db();
    let (_, record) = learner_certificate(&app).await;
    let code = record.certificate.code.clone();
    assert!(
        record.credential.is_none(),
        "not sealed before it is needed"
    );
    let pdf_path = format!("/attestati/{code}.pdf");
    let json_path = format!("/attestati/{code}.json");

    let learner = app.client_as(LEARNER).await;
    let answer = learner.get(app.url(&pdf_path)).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let headers = answer.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"attestato-{code}.pdf\"").as_str()
    );
    assert_eq!(headers["cache-control"], "private, no-store");
    let pdf = answer.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    // The download sealed it, and the file is the genuine, valid certificate.
    let sealed = store::find(db, &code).await.unwrap().unwrap();
    assert!(sealed.credential.is_some());
    match verify::file(db, &pdf).await.unwrap() {
        FileCheck::Genuine { record, .. } => assert!(matches!(record, Lookup::Valid(_))),
        other => panic!("expected genuine, got {other:?}"),
    }

    let answer = learner.get(app.url(&json_path)).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/json");
    assert_eq!(
        answer.headers()["content-disposition"],
        format!("attachment; filename=\"attestato-{code}.json\"").as_str()
    );
    let json = answer.bytes().await.unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).expect("JSON");
    assert!(matches!(
        verify::file(db, &json).await.unwrap(),
        FileCheck::Genuine { .. }
    ));
    // The code in lower case (as typed from the paper) works too.
    let lower = format!("/attestati/{}.pdf", code.to_lowercase());
    assert_eq!(status_of(&app, &learner, &lower).await, 200);

    // The tutor of the learner's cohort and an admin: yes.
    let tutor = app.client_as(TUTOR).await;
    let admin = app.client_as(ADMIN).await;
    for (who, client) in [("tutor", &tutor), ("admin", &admin)] {
        for path in [&pdf_path, &json_path] {
            assert_eq!(status_of(&app, client, path).await, 200, "{who} {path}");
        }
    }
    // Another learner, a tutor of another cohort: as if it did not exist.
    let other = app.client_as(OTHER_LEARNER).await;
    let stranger = other_tutor(&app).await;
    for (who, client) in [("other learner", &other), ("other tutor", &stranger)] {
        for path in [&pdf_path, &json_path] {
            assert_eq!(status_of(&app, client, path).await, 404, "{who} {path}");
        }
    }
    // Nobody: to the sign-in page, and back here afterwards.
    let nobody = anonymous().get(app.url(&pdf_path)).send().await.unwrap();
    assert_eq!(nobody.status(), 303);
    assert_eq!(
        nobody.headers()["location"],
        format!("/login?next=%2Fattestati%2F{code}.pdf").as_str()
    );
    // Unknown codes and files: 404.
    for path in [
        "/attestati/AULA-0000-0000-0000.pdf",
        &format!("/attestati/{code}.zip"),
        &format!("/attestati/{code}"),
        "/attestati/learners.csv",
        "/attestati/..%2F..%2Fetc%2Fpasswd",
    ] {
        assert_eq!(status_of(&app, &admin, path).await, 404, "{path}");
    }
}

#[tokio::test]
async fn a_learner_lists_their_certificates_through_the_api() {
    let app = fixture_app().await;
    let learner = app.client_as(LEARNER).await;
    let empty: serde_json::Value = learner
        .get(app.url("/api/v1/me/certificates"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(empty, serde_json::json!({"certificates": []}));

    let (_, record) = learner_certificate(&app).await;
    let c = &record.certificate;
    let answer = learner
        .get(app.url("/api/v1/me/certificates"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let body: serde_json::Value = answer.json().await.unwrap();
    let list = body["certificates"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{body}");
    let entry = &list[0];
    assert_eq!(entry["code"], c.code.as_str());
    assert_eq!(entry["course_title"], c.course_title.as_str());
    assert_eq!(entry["edition_title"], c.edition_title.as_str());
    assert_eq!(entry["status"], "valid");
    assert_eq!(entry["completed_on"], c.completed_on.to_string());
    assert_eq!(entry["links"]["pdf"], format!("/attestati/{}.pdf", c.code));
    assert_eq!(
        entry["links"]["json"],
        format!("/attestati/{}.json", c.code)
    );
    assert_eq!(entry["links"]["verify"], format!("/verify/{}", c.code));

    // Another learner sees none of it; staff have no list of their own.
    let other: serde_json::Value = app
        .client_as(OTHER_LEARNER)
        .await
        .get(app.url("/api/v1/me/certificates"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other, serde_json::json!({"certificates": []}));
    let tutor = app.client_as(TUTOR).await;
    assert_eq!(
        status_of(&app, &tutor, "/api/v1/me/certificates").await,
        403
    );
}
