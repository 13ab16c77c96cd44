//! L5, caching and transport: answers with personal data carry
//! `Cache-Control: no-store` (pages, API answers, exports, errors), the assets keep
//! their long lifetime, and `Strict-Transport-Security` is sent when the site is
//! served over HTTPS.

use crate::helpers::{ADMIN, LEARNER, TestApp};

#[tokio::test]
async fn personal_data_is_never_stored_by_a_cache() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let learner = app.client_as(LEARNER).await;
    let admin = app.client_as(ADMIN).await;
    for (client, path) in [
        (&learner, "/courses"),
        (&learner, "/profile"),
        (&learner, "/api/v1/me"),
        (&learner, "/api/v1/me/progress"),
        (&admin, "/tutor"),
        (&admin, "/tutor/export/learners.csv"),
        (&admin, "/api/v1/reports/learners"),
        (&admin, "/api/v1/users/1"),
        (&admin, "/api/v1/niente"),
        (&admin, "/pagina-che-non-esiste"),
    ] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }
    let css = learner
        .get(app.url("/assets/aula.css"))
        .send()
        .await
        .unwrap();
    let html = learner
        .get(app.url("/courses"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let versioned = html
        .split("href=\"")
        .find_map(|s| s.strip_prefix("/assets/aula.css?v="))
        .and_then(|s| s.split('"').next())
        .map(|v| format!("/assets/aula.css?v={v}"));
    if let Some(versioned) = versioned {
        let css = learner.get(app.url(&versioned)).send().await.unwrap();
        assert_eq!(
            css.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    assert_ne!(
        css.headers()["cache-control"],
        "no-store",
        "assets keep their own"
    );
}

#[tokio::test]
async fn https_sites_ask_browsers_for_https_only() {
    let plain = TestApp::spawn().await;
    assert!(
        plain
            .get("/")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );

    let secure = TestApp::spawn_with(|c| c.base_url = Some("https://aula.example.it".into())).await;
    for path in ["/", "/login", "/api/v1/niente", "/assets/aula.css"] {
        let response = secure.get(path).await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}
