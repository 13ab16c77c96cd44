//! Health, readiness, metrics, OpenAPI, assets and the headers every response carries.

use crate::helpers::TestApp;

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["checks"]["index"], "ok");

    let metrics = reqwest::get(format!("{}/metrics", app.metrics_base))
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    assert!(
        metrics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"}"#),
        "request counter by route: {text}"
    );
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "latency histogram"
    );
    assert!(
        text.contains("process_resident_memory_bytes"),
        "process metrics"
    );
}

#[tokio::test]
async fn every_response_carries_request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert!(headers.contains_key("x-request-id"));
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");

    let echoed = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "prova-123")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "prova-123");
}

#[tokio::test]
async fn home_page_is_accessible_italian_html() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="it">"#));
    assert!(html.contains(r##"class="skip-link" href="#contenuto""##));
    assert!(html.contains("<main id=\"contenuto\""));
    assert!(html.contains("<nav aria-label=\"Navigazione principale\""));
    assert!(html.contains("Minori stranieri non accompagnati"));
}

#[tokio::test]
async fn assets_are_versioned_and_cached() {
    let app = TestApp::spawn().await;
    let html = app.get("/").await.text().await.unwrap();
    let start = html.find("/assets/aula.css?v=").expect("stylesheet link");
    let url: String = html[start..].chars().take_while(|c| *c != '"').collect();

    let css = app.get(&url).await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(
        css.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let stale = app.get("/assets/aula.css?v=old").await;
    assert_eq!(stale.headers()["cache-control"], "public, max-age=300");

    let missing = app.get("/assets/nope.css").await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn openapi_document_describes_the_routes() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/healthz", "/readyz", "/api/v1/csp-reports"] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
}
