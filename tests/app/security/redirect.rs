//! M1, open redirect: a `next` that leads off-site after signing in, in any disguise
//! (`/%09/evil.example`, `/\t/`, `/%2F/`, backslashes, control characters, `//`,
//! schemes, encoded once or twice), is never followed: the visitor lands on a page of
//! this site.

use super::raw::{Raw, address};
use crate::helpers::{ADMIN, TestApp};

/// Attacks as they are written in a query string or a form body (percent-encoded).
const ATTACKS: &[&str] = &[
    "/%09/evil.example",
    "/%2509/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%2F/evil.example",
    "/%252F/evil.example",
    "/%5C/evil.example",
    "/%5C%5Cevil.example",
    "%2F%2Fevil.example",
    "//evil.example",
    "/%00/evil.example",
    "/%E3%80%80/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
];

/// Where a redirect may lead after a refused `next`.
const HOME: &str = "/courses";

/// Whether an answer sends the visitor off-site: a redirect anywhere but `HOME`.
/// (A 400 for control characters is a refusal too.)
/// Where a sign-in goes while the privacy notice waits to be acknowledged.
const NOTICE_THEN_HOME: &str = "/informativa?next=%2Fcourses";

fn followed(status: u16, location: Option<&str>) -> Option<String> {
    match (status, location) {
        (400, _) => None,
        (_, Some(HOME)) => None,
        // The privacy notice first, then home.
        (_, Some(target)) if target == NOTICE_THEN_HOME => None,
        (status, location) => Some(format!("{status} to {location:?}")),
    }
}

#[tokio::test]
async fn signing_in_never_leads_off_site() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let addr = address(&app.base);
    let mut failures = Vec::new();
    for attack in ATTACKS {
        let form = format!(
            "email={}&password={}&next={attack}",
            ADMIN.replace('@', "%40"),
            aula::demo::DEMO_PASSWORD
        );
        // A fresh visitor: the CSRF cookie and token of the sign-in page.
        let page = Raw::new("GET", "/login").send(&addr).await.unwrap();
        let token = page
            .headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .find_map(|(_, v)| v.strip_prefix("aula_csrf="))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_string();
        let answer = Raw::new("POST", "/login")
            .header(format!("Cookie: aula_csrf={token}"))
            .body(
                "application/x-www-form-urlencoded",
                format!("{form}&csrf_token={token}"),
            )
            .send(&addr)
            .await
            .unwrap();
        assert!(
            answer.status == 303 || answer.status == 400,
            "POST /login with next={attack}: {} {}",
            answer.status,
            answer.text()
        );
        if let Some(how) = followed(answer.status, answer.header("location")) {
            failures.push(format!("POST /login next={attack}: {how}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_signed_in_visitor_of_the_login_page_stays_on_site() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    let mut failures = Vec::new();
    for attack in ATTACKS {
        // Raw, so that the target reaches the server as written.
        let response = admin
            .get(format!("{}/login?next={attack}", app.base))
            .send()
            .await
            .unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if let Some(how) = followed(response.status().as_u16(), location.as_deref()) {
            failures.push(format!("GET /login?next={attack}: {how}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A page of this site is where `next` leads.
    let response = admin
        .get(app.url("/login?next=/library%3Fq%3Dx"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/library?q=x");
}

#[tokio::test]
async fn the_sign_in_form_carries_only_a_local_next() {
    let app = TestApp::spawn().await;
    let html = app
        .get("/login?next=/%252F/evil.example")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("evil.example"), "{html}");
    assert!(
        html.contains(&format!("name=\"next\" value=\"{HOME}\"")),
        "{html}"
    );
}
