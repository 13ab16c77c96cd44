//! L2, API rejections: every error of the JSON API, whether a handler's, a router's
//! (404, 405) or an extractor's (path, query, JSON), is an RFC 9457 problem
//! (`application/problem+json` with `type`, `title`, `status`, `detail`) that still
//! carries `{"error": {"code", "message"}}`.

use reqwest::Method;

use crate::helpers::{ADMIN, LEARNER, TestApp};

/// Checks that `response` is a problem with `status` and `code`; returns its body.
async fn problem(
    what: &str,
    response: reqwest::Response,
    status: u16,
    code: &str,
) -> serde_json::Value {
    assert_eq!(response.status(), status, "{what}");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    let text = response.text().await.unwrap();
    assert_eq!(kind, "application/problem+json", "{what}: {text}");
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["type"], "about:blank", "{what}: {body}");
    assert_eq!(body["status"], status, "{what}: {body}");
    let reason = reqwest::StatusCode::from_u16(status).unwrap();
    assert_eq!(
        body["title"],
        reason.canonical_reason().unwrap(),
        "{what}: {body}"
    );
    assert!(
        body["detail"].as_str().is_some_and(|d| d.len() > 3),
        "{what}: {body}"
    );
    assert_eq!(body["error"]["code"], code, "{what}: {body}");
    assert_eq!(body["error"]["message"], body["detail"], "{what}: {body}");
    body
}

#[tokio::test]
async fn every_kind_of_api_rejection_is_a_problem() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    let learner = app.client_as(LEARNER).await;
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "path of the wrong type",
            admin.get(app.url("/api/v1/users/abc")),
            400,
            "bad_request",
        ),
        (
            "path out of range",
            admin.delete(app.url("/api/v1/enrolments/99999999999")),
            400,
            "bad_request",
        ),
        (
            "query with a repeated key",
            admin.get(app.url("/api/v1/reports/learners?course=a&course=b")),
            400,
            "bad_request",
        ),
        (
            "query with a control character",
            admin.get(app.url("/api/v1/search?q=a&act=%00")),
            400,
            "bad_request",
        ),
        (
            "JSON of the wrong shape",
            admin
                .post(app.url("/api/v1/enrolments"))
                .json(&serde_json::json!({"user": "uno"})),
            422,
            "validation_failed",
        ),
        (
            "JSON cut short",
            learner
                .post(app.url("/api/v1/progress"))
                .header("content-type", "application/json")
                .body("{\"lesson\": "),
            400,
            "bad_request",
        ),
        (
            "not JSON",
            learner
                .post(app.url("/api/v1/progress"))
                .header("content-type", "text/plain")
                .body("ciao"),
            415,
            "unsupported_media_type",
        ),
        (
            "no such route",
            admin.get(app.url("/api/v1/niente")),
            404,
            "not_found",
        ),
        (
            "wrong method",
            admin.request(Method::PUT, app.url("/api/v1/me")),
            405,
            "method_not_allowed",
        ),
        (
            "signed out",
            reqwest::Client::new().get(app.url("/api/v1/me")),
            401,
            "unauthorized",
        ),
        (
            "not allowed",
            learner.get(app.url("/api/v1/reports/learners")),
            403,
            "forbidden",
        ),
    ];
    for (what, request, status, code) in cases {
        problem(what, request.send().await.unwrap(), status, code).await;
    }
}

#[tokio::test]
async fn pages_render_extractor_rejections_as_an_error_page() {
    let mut app = TestApp::spawn().await;
    app.sign_in_admin().await;
    let response = app.get("/tutor/learners/abc").await;
    assert_eq!(response.status(), 400);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"it\">"), "{html}");
}
