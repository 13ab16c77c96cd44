//! The staff API with tokens: the list a page after a cursor under the cohort rule,
//! one certificate with its history, the archive, and issuing, revoking and reissuing
//! with `certificates:write`, a scope only admins' tokens may carry.

use aula::accounts::Role;
use aula::accounts::access::Scope;
use aula::accounts::api_tokens::{self, NewToken};
use aula::accounts::directory;
use aula::certificates::verify::{self, Lookup};
use reqwest::Method;
use serde_json::{Value, json};

use super::{get, sorted, zip_codes};
use crate::certificates::{BARI, GENOVA, certified, enrolled_learners, fixture_app};
use crate::helpers::{ADMIN, TUTOR, TestApp};
use crate::seminars::REMOTE_COURSE;

/// A token of `email` carrying `scopes`.
async fn token(app: &TestApp, email: &str, scopes: &[&str]) -> String {
    let user = directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap();
    let new = NewToken {
        name: "attestati".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        days: None,
    };
    api_tokens::create(app.state.db(), &user, new)
        .await
        .unwrap()
        .1
}

/// A call with a bearer token: status and JSON body (Null when not JSON).
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    bearer: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(bearer);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

fn codes_of(page: &Value) -> Vec<String> {
    let mut codes: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn the_api_lists_certificates_after_a_cursor_under_the_cohort_rule() {
    let app = fixture_app().await;
    let (_, a) = certified(&app, GENOVA, "apia").await;
    let (_, b) = certified(&app, GENOVA, "apib").await;
    let (_, d) = certified(&app, BARI, "apid").await;
    let [a, b, d] = [a, b, d].map(|r| r.certificate.code);
    let admin = token(&app, ADMIN, &["reports:read"]).await;
    let tutor = token(&app, TUTOR, &["reports:read"]).await;

    // Two at a time: the second page follows the first, and is the last.
    let (status, first) = call(
        &app,
        Method::GET,
        "/api/v1/certificates?limit=2",
        &admin,
        None,
    )
    .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next"].as_i64().expect("a next page");
    assert_eq!(next, first["items"][1]["id"].as_i64().unwrap());
    let path = format!("/api/v1/certificates?limit=2&after={next}");
    let (_, second) = call(&app, Method::GET, &path, &admin, None).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next"], Value::Null);
    let mut all = codes_of(&first);
    all.extend(codes_of(&second));
    all.sort();
    assert_eq!(all, sorted(&[&a, &b, &d]));
    let item = &first["items"][0];
    assert_eq!(item["status"], "valid");
    assert_eq!(item["edition"], 4);
    assert!(
        item["holder_email"]
            .as_str()
            .unwrap()
            .ends_with("@comune.test.it")
    );

    // A tutor sees their cohort's.
    let (_, page) = call(&app, Method::GET, "/api/v1/certificates", &tutor, None).await;
    assert_eq!(codes_of(&page), sorted(&[&a, &b]));
    let (_, page) = call(
        &app,
        Method::GET,
        "/api/v1/certificates?status=revoked",
        &admin,
        None,
    )
    .await;
    assert!(codes_of(&page).is_empty());
    let (_, page) = call(
        &app,
        Method::GET,
        "/api/v1/certificates?edition=4&status=valid",
        &admin,
        None,
    )
    .await;
    assert_eq!(codes_of(&page).len(), 3);

    for bad in [
        "?limit=0",
        "?limit=201",
        "?limit=x",
        "?after=-1",
        "?status=x",
        "?edition=0",
    ] {
        let (status, body) = call(
            &app,
            Method::GET,
            &format!("/api/v1/certificates{bad}"),
            &admin,
            None,
        )
        .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let (status, _) = call(
        &app,
        Method::GET,
        "/api/v1/certificates?edition=99",
        &admin,
        None,
    )
    .await;
    assert_eq!(status, 404);

    // One certificate, with its history; another cohort's is not found.
    let (status, one) = call(
        &app,
        Method::GET,
        &format!("/api/v1/certificates/{}", a.to_lowercase()),
        &tutor,
        None,
    )
    .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["code"], a.as_str());
    assert_eq!(one["events"][0]["action"], "issued");
    assert!(
        one["pdf_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/attestati/{a}.pdf"))
    );
    assert!(
        one["verify_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/verify/{a}"))
    );
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/certificates/{d}"),
        &tutor,
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/certificates/{d}"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, 200);

    // The archive: the cohort's, as a ZIP.
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/certificates/archive?edition=4"))
        .bearer_auth(&tutor)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(zip_codes(&bytes), sorted(&[&a, &b]));
}

#[tokio::test]
async fn certificates_write_is_an_admins_scope_for_issuing_revoking_and_reissuing() {
    let app = fixture_app().await;
    assert!(!Scope::for_role(Role::Tutor).contains(&Scope::CertificatesWrite));
    assert!(Scope::for_role(Role::Admin).contains(&Scope::CertificatesWrite));
    assert_eq!(
        Scope::parse("certificates:write"),
        Some(Scope::CertificatesWrite)
    );
    let tutor_user = directory::by_email(app.state.db(), TUTOR)
        .await
        .unwrap()
        .unwrap();
    let refused = api_tokens::create(
        app.state.db(),
        &tutor_user,
        NewToken {
            name: "attestati".into(),
            scopes: vec!["certificates:write".into()],
            days: None,
        },
    )
    .await;
    assert!(
        refused.is_err(),
        "a tutor's token cannot carry certificates:write"
    );
    // The token form offers the scope to admins.
    let client = app.client_as(ADMIN).await;
    let (_, html) = get(&app, &client, "/admin/tokens").await;
    assert!(html.contains("value=\"certificates:write\""));

    let (_, record) = certified(&app, GENOVA, "apiw").await;
    let code = record.certificate.code.clone();
    let tutor = token(&app, TUTOR, &["reports:read"]).await;
    let reader = token(&app, ADMIN, &["reports:read", "admin"]).await;
    let writer = token(&app, ADMIN, &["certificates:write"]).await;
    let revoke = format!("/api/v1/certificates/{code}/revoke");
    let body = json!({"reason": "Frequenza non confermata"});
    for bearer in [&tutor, &reader] {
        let (status, _) = call(&app, Method::POST, &revoke, bearer, Some(body.clone())).await;
        assert_eq!(status, 403);
    }
    assert!(matches!(
        verify::by_code(app.state.db(), &code).await.unwrap(),
        Lookup::Valid(_)
    ));

    let (status, refused) = call(
        &app,
        Method::POST,
        &revoke,
        &writer,
        Some(json!({"reason": ""})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "reason");
    let (status, unknown) = call(
        &app,
        Method::POST,
        &revoke,
        &writer,
        Some(json!({"motivo": "x"})),
    )
    .await;
    assert_eq!(status, 422, "unknown fields are refused: {unknown}");
    let (status, revoked) = call(&app, Method::POST, &revoke, &writer, Some(body.clone())).await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revocation_reason"], "Frequenza non confermata");
    assert_eq!(revoked["events"][1]["action"], "revoked");
    assert_eq!(
        revoked["events"][1]["actor_name"],
        "Segreteria del programma"
    );
    let (status, again) = call(&app, Method::POST, &revoke, &writer, Some(body.clone())).await;
    assert_eq!(status, 409, "{again}");
    let reissue_revoked = format!("/api/v1/certificates/{code}/reissue");
    let (status, _) = call(
        &app,
        Method::POST,
        &reissue_revoked,
        &writer,
        Some(json!({"reason": "correzione"})),
    )
    .await;
    assert_eq!(status, 409);

    // A reissue answers the new certificate; the old one says it was replaced.
    let (_, other) = certified(&app, GENOVA, "apir").await;
    let old = other.certificate.code.clone();
    let reissue = format!("/api/v1/certificates/{old}/reissue");
    let (status, refused) = call(
        &app,
        Method::POST,
        &reissue,
        &writer,
        Some(json!({"name": " ", "reason": "correzione"})),
    )
    .await;
    assert_eq!((status, &refused["error"]["field"]), (422, &json!("name")));
    let (status, fresh) = call(
        &app,
        Method::POST,
        &reissue,
        &writer,
        Some(json!({"name": "Anna Maria Rossi", "reason": "Nome corretto"})),
    )
    .await;
    assert_eq!(status, 201, "{fresh}");
    let new = fresh["code"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(fresh["holder_name"], "Anna Maria Rossi");
    assert_eq!(fresh["replaces"], old.as_str());
    assert_eq!(fresh["events"][0]["action"], "reissued");
    assert_eq!(fresh["events"][0]["reason"], "Nome corretto");
    let (_, before) = call(
        &app,
        Method::GET,
        &format!("/api/v1/certificates/{old}"),
        &reader,
        None,
    )
    .await;
    assert_eq!(before["status"], "replaced");
    assert_eq!(before["replaced_by"], new.as_str());

    // Issuing by hand: each mistake names its field; a second one is a conflict.
    let learner = enrolled_learners(&app, 1, GENOVA, "apim").await[0];
    let issue = |body: Value| {
        call(
            &app,
            Method::POST,
            "/api/v1/certificates",
            &writer,
            Some(body),
        )
    };
    for (body, field) in [
        (
            json!({"email": "nessuno@example.it", "course_id": REMOTE_COURSE, "reason": "x"}),
            "email",
        ),
        (
            json!({"email": "apim000@comune.test.it", "course_id": "nessuno", "reason": "x"}),
            "course_id",
        ),
        (
            json!({"email": "apim000@comune.test.it", "course_id": REMOTE_COURSE, "reason": " "}),
            "reason",
        ),
    ] {
        let (status, refused) = issue(body).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["error"]["field"], field, "{refused}");
    }
    let (status, issued) = issue(json!({
        "email": "apim000@comune.test.it", "course_id": REMOTE_COURSE,
        "reason": "Frequenza registrata altrove",
    }))
    .await;
    assert_eq!(status, 201, "{issued}");
    assert_eq!(issued["user_id"], learner);
    assert_eq!(issued["issue_reason"], "Frequenza registrata altrove");
    let code = issued["code"].as_str().unwrap();
    let (status, twice) = issue(json!({
        "email": "apim000@comune.test.it", "course_id": REMOTE_COURSE, "reason": "di nuovo",
    }))
    .await;
    assert_eq!(status, 409);
    assert!(
        twice["error"]["message"].as_str().unwrap().contains(code),
        "{twice}"
    );
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/certificates",
        &tutor,
        Some(json!({"email": "apim000@comune.test.it", "course_id": REMOTE_COURSE, "reason": "x"})),
    )
    .await;
    assert_eq!(status, 403);
}
