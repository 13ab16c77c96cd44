//! The dashboard's "Attestati": the empty state before the course is completed; then
//! the certificate with its course, edition, completion day, code, state and links;
//! after a correction, the old one shown as replaced by the new code (without files)
//! and the new one valid; a revoked one with its date.

use aula::certificates::actions;
use aula::render::dates::long_italian;

use super::super::{fixture_app, today, user_id};
use super::{escaped, learner_certificate};
use crate::helpers::{ADMIN, LEARNER, TestApp};

async fn dashboard(app: &TestApp, client: &reqwest::Client) -> String {
    let page = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    page.text().await.unwrap()
}

#[tokio::test]
async fn the_dashboard_lists_the_learner_s_certificates_with_their_links() {
    let app = fixture_app().await;
    let db = app.state.db();
    let learner = app.client_as(LEARNER).await;

    let html = dashboard(&app, &learner).await;
    assert!(
        html.contains(r#"<h2 id="certificates-title">Attestati</h2>"#),
        "{html}"
    );
    assert!(html.contains(&escaped(
        "L'attestato sarà disponibile qui quando avrai completato il corso."
    )));
    assert!(!html.contains("/attestati/"));

    let (_, record) = learner_certificate(&app).await;
    let c = &record.certificate;
    let html = dashboard(&app, &learner).await;
    assert!(
        !html.contains("sarà disponibile qui"),
        "no empty state any more"
    );
    for shown in [&c.course_title, &c.edition_title, &c.code] {
        assert!(html.contains(&escaped(shown)), "«{shown}» on the dashboard");
    }
    assert!(html.contains(&long_italian(c.completed_on)));
    assert!(html.contains(&format!(r#"href="/attestati/{}.pdf""#, c.code)));
    assert!(html.contains(&format!(r#"href="/attestati/{}.json""#, c.code)));
    assert!(html.contains(&format!(r#"href="/verify/{}""#, c.code)));
    assert!(html.contains("Scarica PDF") && html.contains("Credenziale (JSON)"));
    assert!(html.contains("certificate-status-valid"));

    // Corrected: the old one replaced by the new code, with no files to download.
    let admin = user_id(&app, ADMIN).await;
    let new = actions::reissue(db, admin, &c.code, Some("Marco Bianchi Rossi"), "nome")
        .await
        .unwrap();
    let html = dashboard(&app, &learner).await;
    assert!(html.contains("certificate-status-replaced"));
    assert!(
        html.contains(&format!(r##"<a href="#certificate-{new}">{new}</a>"##)),
        "{html}"
    );
    assert!(!html.contains(&format!(r#"href="/attestati/{}.pdf""#, c.code)));
    assert!(html.contains(&format!(r#"href="/attestati/{new}.pdf""#)));

    // Revoked: the date, and no files.
    actions::revoke(db, admin, &new, "errore").await.unwrap();
    let html = dashboard(&app, &learner).await;
    assert!(
        html.contains(&format!("Revocato il {}", long_italian(today()))),
        "{html}"
    );
    assert!(!html.contains(&format!(r#"href="/attestati/{new}.pdf""#)));
    assert!(html.contains(&format!(r#"href="/verify/{new}""#)));
}
