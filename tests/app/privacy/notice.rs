//! The privacy notice: at sign-in a version not acknowledged yet comes first; its
//! acknowledgement is kept with the version and the time, and the next sign-in goes
//! straight on; after a new version, the next sign-in asks again.

use crate::helpers::{LEARNER, TestApp, csrf_in};

fn page(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"Cosa cambia.\"\n+++\n\n## Titolare\n\nIl titolare del trattamento.\n"
    )
}

/// Signs in through the form; returns the client and where the sign-in sent it.
async fn sign_in(app: &TestApp) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = client
        .get(app.url("/login?next=/courses"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_in(&html);
    let answer = client
        .post(app.url("/login"))
        .form(&[
            ("email", LEARNER),
            ("password", aula::demo::DEMO_PASSWORD),
            ("next", "/courses"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    (client, location)
}

#[tokio::test]
async fn a_new_version_is_acknowledged_at_the_next_sign_in() {
    let courses = tempfile::tempdir().unwrap();
    let folder = courses.path().join("informativa");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("2026-01-15.md"), page("Informativa")).unwrap();
    let dir = courses.path().to_path_buf();
    let app = TestApp::spawn_with(|c| c.courses_dir = dir).await;
    app.load_demo().await;
    let learner = crate::seminars::user_id(&app, LEARNER).await;

    let (client, location) = sign_in(&app).await;
    assert_eq!(location, "/informativa?next=%2Fcourses");
    let html = client
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Il titolare del trattamento."));
    assert!(html.contains("name=\"version\" value=\"2026-01-15\""));
    // A stale version is refused; the one in force is kept.
    let token = csrf_in(&html);
    let stale = client
        .post(app.url("/informativa/presa-visione"))
        .form(&[
            ("version", "2025-01-01"),
            ("next", "/courses"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 409);
    let done = client
        .post(app.url("/informativa/presa-visione"))
        .form(&[
            ("version", "2026-01-15"),
            ("next", "/courses"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/courses");
    let acks = aula::privacy::notice::acknowledgements(app.state.db(), learner)
        .await
        .unwrap();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].version, "2026-01-15");
    assert!((chrono::Utc::now() - acks[0].acknowledged_at).num_seconds() < 600);

    let (_, location) = sign_in(&app).await;
    assert_eq!(location, "/courses", "acknowledged: straight on");

    // A new version, read by an instance started after it was written.
    std::fs::write(folder.join("2026-06-01.md"), page("Informativa aggiornata")).unwrap();
    let sibling = app.spawn_sibling().await;
    let (client, location) = sign_in(&sibling).await;
    assert_eq!(
        location, "/informativa?next=%2Fcourses",
        "the new version first"
    );
    let html = client
        .get(sibling.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Informativa aggiornata"));
    let token = csrf_in(&html);
    let done = client
        .post(sibling.url("/informativa/presa-visione"))
        .form(&[
            ("version", "2026-06-01"),
            ("next", "/courses"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    let versions: Vec<String> = aula::privacy::notice::acknowledgements(app.state.db(), learner)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.version)
        .collect();
    assert_eq!(versions.len(), 2);
    assert!(
        versions.contains(&"2026-01-15".to_string())
            && versions.contains(&"2026-06-01".to_string())
    );
    // The old version stays readable, marked as superseded.
    let old = sibling
        .get("/informativa/2026-01-15")
        .await
        .text()
        .await
        .unwrap();
    assert!(old.contains("Informativa"));
}
