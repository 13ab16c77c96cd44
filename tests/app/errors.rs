//! Error rendering: pages get an HTML error page, the API gets
//! `{"error": {"code", "message"}}`, and no client input yields a 5xx.

use axum::Router;
use axum::routing::get;

use crate::helpers::TestApp;

async fn json_error(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "API errors are JSON problems (RFC 9457)"
    );
    (status, response.json().await.expect("JSON body"))
}

#[tokio::test]
async fn unknown_page_renders_an_italian_error_page() {
    let app = TestApp::spawn().await;
    let response = app.get("/pagina-che-non-esiste").await;
    assert_eq!(response.status(), 404);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="it">"#));
    assert!(html.contains("Pagina non trovata"));
    assert!(html.contains("Torna all&#39;inizio"));
}

#[tokio::test]
async fn unknown_api_route_is_a_json_404() {
    let app = TestApp::spawn().await;
    let (status, body) = json_error(app.get("/api/v1/non-esiste").await).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().len() > 3);
}

#[tokio::test]
async fn wrong_method_is_a_json_405() {
    let app = TestApp::spawn().await;
    let (status, body) = json_error(app.get("/api/v1/csp-reports").await).await;
    assert_eq!(status, 405);
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn malformed_json_is_a_400_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/csp-reports"))
        .header("content-type", "application/json")
        .body(r#"{"csp-report": {"violated-directive": "#)
        .send()
        .await
        .unwrap();
    let (status, body) = json_error(response).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("riga 1")
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn non_json_body_is_a_415() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/csp-reports"))
        .header("content-type", "text/plain")
        .body("ciao")
        .send()
        .await
        .unwrap();
    let (status, body) = json_error(response).await;
    assert_eq!(status, 415);
    assert_eq!(body["error"]["code"], "unsupported_media_type");
}

#[tokio::test]
async fn ten_megabyte_body_is_a_413_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(10 * 1024 * 1024));

    let response = app
        .client
        .post(app.url("/api/v1/csp-reports"))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    let (status, body) = json_error(response).await;
    assert_eq!(status, 413);
    assert_eq!(body["error"]["code"], "payload_too_large");

    // Without Content-Length (chunked), the limit is enforced while reading.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big
        .into_bytes()
        .chunks(64 * 1024)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let response = app
        .client
        .post(app.url("/api/v1/csp-reports"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    let (status, _) = json_error(response).await;
    assert_eq!(status, 413);

    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn csp_report_is_accepted() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/csp-reports"))
        .header("content-type", "application/csp-report")
        .body(r#"{"csp-report":{"document-uri":"http://x/","violated-directive":"script-src"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let metrics = app.metrics().await;
    assert!(metrics.contains("csp_violations_total"));
}

#[tokio::test]
async fn a_panicking_handler_becomes_a_rendered_500_without_details() {
    let app = TestApp::spawn().await;
    async fn boom() -> &'static str {
        panic!("segreto interno")
    }
    let routes = Router::new()
        .route("/esplode", get(boom))
        .route("/api/v1/esplode", get(boom));
    let router = aula::web::with_layers(routes, app.state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let page = reqwest::get(format!("{base}/esplode")).await.unwrap();
    assert_eq!(page.status(), 500);
    let html = page.text().await.unwrap();
    assert!(html.contains("Si è verificato un errore"));
    assert!(
        !html.contains("segreto interno"),
        "panic details stay in the log"
    );

    let (status, body) = json_error(
        reqwest::get(format!("{base}/api/v1/esplode"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 500);
    assert_eq!(body["error"]["code"], "internal");
    assert!(!body.to_string().contains("segreto interno"));
}

#[tokio::test]
async fn malformed_page_numbers_of_paged_admin_pages_are_a_clear_400() {
    let mut app = TestApp::spawn().await;
    app.sign_in_admin().await;
    for path in [
        "/admin/library",
        "/admin/municipalities",
        "/admin/segnalazioni",
    ] {
        for bad in [
            "page=abc",
            "page=0",
            "page=-2",
            "page=1.5",
            "page=",
            "page=%FF",
            "page=4294967296",
            "q=roma&page=%20due",
        ] {
            let response = app.get(&format!("{path}?{bad}")).await;
            assert_eq!(response.status(), 400, "{path}?{bad}");
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{path}?{bad}: an error page"
            );
            let html = response.text().await.unwrap();
            assert!(
                html.contains("numero di pagina non valido"),
                "{path}?{bad}: {html}"
            );
        }
        assert_eq!(app.get(&format!("{path}?page=1")).await.status(), 200);
    }
    // A well-formed page past the last is not found.
    assert_eq!(app.get("/admin/library?page=2").await.status(), 404);
    assert_eq!(app.get("/admin/segnalazioni?page=2").await.status(), 404);
}
