//! L1, identifiers: a control character in a course, act, article or lesson id (path
//! or query) or in `next` is a 400 that says so, never a 500; and a course id, whatever
//! it holds, cannot shape the `Content-Disposition` of an export.

use super::raw::{Raw, address};
use crate::helpers::{ADMIN, TestApp};

#[tokio::test]
async fn control_characters_in_identifiers_are_a_clear_400() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    let session = {
        // The raw client below needs the session cookie as a header.
        let response = reqwest::Client::new()
            .post(app.url("/api/v1/session"))
            .json(&serde_json::json!({"email": ADMIN, "password": aula::demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("aula_session="))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_string()
    };
    let addr = address(&app.base);
    let mut failures = Vec::new();
    for target in [
        "/tutor/export/learners.csv?course=%0D%0AX-Injected:%201",
        "/tutor/export/learners.xlsx?course=a%00b",
        "/api/v1/reports/learners.csv?course=%1B%5B31m",
        "/tutor?course=%00",
        "/tutor/matrix?region=%00",
        "/api/v1/reports/learners?municipality=%00",
        "/login?next=/%00",
        "/login?next=/%0D%0ALocation:%20https://evil.example",
        "/courses/a%00b",
        "/courses/immigrazione-servizi-comunali/%0A/quadro-normativo",
        "/library/%1B",
        "/library/dlgs-999-2099/art-%7F",
        "/api/v1/lessons/x%00/y/z",
        "/api/v1/library/%C2%85/art-1",
        "/api/v1/quizzes/%00/m",
        "/search?course=%00&q=x",
        "/api/v1/search?act=%00&q=x",
        "/assets/aula%00.css",
    ] {
        let answer = Raw::new("GET", target)
            .header(format!("Cookie: {session}"))
            .send(&addr)
            .await
            .unwrap();
        let text = answer.text();
        if answer.status != 400 || !text.contains("caratteri di controllo") {
            failures.push(format!(
                "{target}: {} {}",
                answer.status,
                text.chars().take(200).collect::<String>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The signed-in client is still served.
    assert_eq!(
        admin.get(app.url("/tutor")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn a_course_id_cannot_shape_the_export_file_name() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    for (course, expected) in [
        (
            "x%22%3B%20filename%3D..%2F..%2Fevil.sh%3B",
            "attachment; filename=\"learners-x___filename_.._.._evil.sh_.csv\"; \
             filename*=UTF-8''learners-x%22%3B%20filename%3D..%2F..%2Fevil.sh%3B.csv",
        ),
        (
            "corso-%C3%A8",
            "attachment; filename=\"learners-corso-_.csv\"; \
             filename*=UTF-8''learners-corso-%C3%A8.csv",
        ),
    ] {
        for path in [
            format!("/tutor/export/learners.csv?course={course}"),
            format!("/api/v1/reports/learners.csv?course={course}"),
        ] {
            let response = admin.get(app.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(
                response.headers()["content-disposition"],
                expected,
                "{path}"
            );
        }
    }
}
