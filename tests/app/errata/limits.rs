//! The throttle (decided by the database, also under concurrent requests), the
//! length limits with their messages and the text kept, and malformed input of every
//! new route: 4xx with a clear message, nothing stored, never a 5xx.

use aula::db::errata::error_report;
use sea_orm::EntityTrait;
use sea_orm::sea_query::Expr;

use crate::helpers::{ADMIN, LEARNER, TUTOR};

use super::{ARTICLE, LESSON, app, csrf, outbox_rows, report, stored};

const PROBLEM: &str = "Il termine indicato non corrisponde alla norma in vigore oggi.";

#[tokio::test]
async fn the_sixth_report_within_an_hour_is_refused_with_the_text_kept() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;
    for i in 0..5 {
        let page = if i % 2 == 0 { LESSON } else { ARTICLE };
        let sent = report(&app, &learner, page, &format!("{PROBLEM} ({i})"), "").await;
        assert_eq!(sent.status(), 303, "report {i}");
    }
    let sixth = report(
        &app,
        &learner,
        LESSON,
        "Un sesto errore nello stesso testo.",
        "il passo",
    )
    .await;
    assert_eq!(sixth.status(), 429);
    let page = sixth.text().await.unwrap();
    assert!(
        page.contains("hai già inviato 5 segnalazioni nell&#39;ultima ora"),
        "{page}"
    );
    assert!(
        page.contains(">Un sesto errore nello stesso testo.</textarea>"),
        "text kept"
    );
    assert!(page.contains(">il passo</textarea>"), "passage kept");
    assert_eq!(stored(&app).await.len(), 5, "nothing stored past the limit");
    let api = learner
        .post(app.url("/api/v1/error-reports"))
        .json(&serde_json::json!({"lesson": "corso-prova/modulo-a/prima-lezione", "description": PROBLEM}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 429);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");

    // The limit is per account...
    let tutor = app.client_as(TUTOR).await;
    assert_eq!(
        report(&app, &tutor, LESSON, PROBLEM, "").await.status(),
        303
    );
    // ...and per hour: reports older than the window no longer count.
    error_report::Entity::update_many()
        .col_expr(
            error_report::Column::CreatedAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(61)),
        )
        .exec(app.state.db())
        .await
        .unwrap();
    assert_eq!(
        report(&app, &learner, LESSON, PROBLEM, "").await.status(),
        303
    );
}

#[tokio::test]
async fn concurrent_reports_cannot_pass_the_throttle_together() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;
    let requests = (0..12).map(|i| {
        let request = learner
            .post(app.url("/api/v1/error-reports"))
            .json(&serde_json::json!({
                "article": "dlgs-999-2099/art-1",
                "description": format!("{PROBLEM} Richiesta numero {i}."),
            }));
        async move { request.send().await.unwrap().status().as_u16() }
    });
    let mut statuses = futures_util::future::join_all(requests).await;
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [201, 201, 201, 201, 201, 429, 429, 429, 429, 429, 429, 429]
    );
    assert_eq!(stored(&app).await.len(), 5);
}

#[tokio::test]
async fn bad_report_forms_get_a_clear_4xx_and_store_nothing() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;

    let long = "è".repeat(4001);
    let response = report(&app, &learner, LESSON, &long, "").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("la descrizione può avere al massimo 4000 caratteri (ne hai scritti 4001)"),
        "{page}"
    );
    assert!(
        page.contains(&format!(">{long}</textarea>")),
        "the text is kept"
    );
    assert!(page.contains("aria-invalid=\"true\""));

    // A control character is refused by the one rule on form fields (400), before
    // the report's own checks (422).
    let cases: [(&str, &str, &str, u16); 4] = [
        (
            PROBLEM,
            &"x".repeat(1001),
            "il passaggio citato può avere al massimo 1000 caratteri",
            422,
        ),
        (
            "Troppo breve",
            "",
            "descrivi il problema in almeno 20 caratteri (ne hai scritti 12)",
            422,
        ),
        (
            "Un testo abbastanza lungo\u{0} con un NUL",
            "",
            "caratteri di controllo",
            400,
        ),
        ("   ", "", "almeno 20 caratteri", 422),
    ];
    for (description, quote, message, status) in cases {
        for page in [LESSON, ARTICLE] {
            let response = report(&app, &learner, page, description, quote).await;
            assert_eq!(response.status(), status, "{page}: {message}");
            let html = response.text().await.unwrap();
            assert!(html.contains(message), "{page}: {message} in {html}");
        }
    }

    // A form without its fields, without a CSRF token, or not a form at all.
    let form = format!("{LESSON}/segnala");
    let token = csrf(&app, &learner, &form).await;
    let empty = learner
        .post(app.url(&form))
        .form(&[("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    let forged = learner
        .post(app.url(&form))
        .form(&[("descrizione", PROBLEM)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "CSRF");
    let json = learner
        .post(app.url(&form))
        .header("x-csrf-token", &token)
        .json(&serde_json::json!({"descrizione": PROBLEM}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);

    // Pages that do not exist.
    for path in [
        "/courses/corso-prova/modulo-a/nessuna/segnala",
        "/courses/nessuno/modulo-a/prima-lezione/segnala",
        "/library/dlgs-999-2099/art-999/segnala",
        "/library/nessuno/art-1/segnala",
    ] {
        assert_eq!(
            learner.get(app.url(path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
        let posted = learner
            .post(app.url(path))
            .form(&[("descrizione", PROBLEM), ("csrf_token", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 404, "{path}");
    }
    assert!(stored(&app).await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn bad_api_reports_get_a_clear_json_4xx_and_store_nothing() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;
    let lesson = "corso-prova/modulo-a/prima-lezione";
    let cases = [
        (
            serde_json::json!({"lesson": lesson, "description": "x".repeat(4001)}),
            422,
            Some("description"),
        ),
        (
            serde_json::json!({"lesson": lesson, "description": PROBLEM, "quote": "x".repeat(1001)}),
            422,
            Some("quote"),
        ),
        (
            serde_json::json!({"lesson": lesson, "article": "dlgs-999-2099/art-1", "description": PROBLEM}),
            422,
            Some("lesson"),
        ),
        (
            serde_json::json!({"description": PROBLEM}),
            422,
            Some("lesson"),
        ),
        (serde_json::json!({"lesson": lesson}), 422, None),
        (
            serde_json::json!({"lesson": lesson, "description": PROBLEM, "extra": 1}),
            422,
            None,
        ),
        (
            serde_json::json!({"lesson": 5, "description": PROBLEM}),
            422,
            None,
        ),
        (
            serde_json::json!({"lesson": "corso-prova/x/y", "description": PROBLEM}),
            404,
            None,
        ),
        (
            serde_json::json!({"article": "dlgs-999-2099/art-77", "description": PROBLEM}),
            404,
            None,
        ),
    ];
    for (body, status, field) in cases {
        let response = learner
            .post(app.url("/api/v1/error-reports"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert!(
            error["error"]["message"].as_str().unwrap().len() > 5,
            "{error}"
        );
        if let Some(field) = field {
            assert_eq!(error["error"]["field"], field, "{body}");
        }
    }
    let garbled = learner
        .post(app.url("/api/v1/error-reports"))
        .header("content-type", "application/json")
        .body("{\"lesson\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(garbled.status(), 400);
    assert!(stored(&app).await.is_empty());
}

#[tokio::test]
async fn bad_answers_and_unknown_reports_get_a_clear_4xx_and_send_nothing() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;
    let sent = report(&app, &learner, LESSON, PROBLEM, "").await;
    assert_eq!(sent.status(), 303);
    let id = stored(&app).await[0].id;
    let admin = app.client_as(ADMIN).await;
    let detail = format!("/admin/segnalazioni/{id}");
    let token = csrf(&app, &admin, &detail).await;
    let answer = |text: String| {
        admin
            .post(app.url(&format!("{detail}/risposta")))
            .form(&[("risposta", text), ("csrf_token", token.clone())])
            .send()
    };
    let empty = answer("  ".into()).await.unwrap();
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("scrivi la risposta"));
    let long = "a".repeat(4001);
    let too_long = answer(long.clone()).await.unwrap();
    assert_eq!(too_long.status(), 422);
    let page = too_long.text().await.unwrap();
    assert!(
        page.contains("al massimo 4000 caratteri (ne hai scritti 4001)"),
        "{page}"
    );
    assert!(
        page.contains(&format!(">{long}</textarea>")),
        "the text is kept"
    );
    assert!(outbox_rows(&app).await.is_empty());
    assert_eq!(stored(&app).await[0].status, "open");

    for path in [
        "/admin/segnalazioni/999999".to_string(),
        "/admin/segnalazioni/abc".to_string(),
        "/admin/segnalazioni/-1".to_string(),
        "/admin/segnalazioni/99999999999999999999".to_string(),
    ] {
        assert_eq!(
            admin.get(app.url(&path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
        for action in ["risposta", "chiusura"] {
            let posted = admin
                .post(app.url(&format!("{path}/{action}")))
                .form(&[("risposta", "Risposta"), ("csrf_token", &token)])
                .send()
                .await
                .unwrap();
            assert_eq!(posted.status(), 404, "{path}/{action}");
        }
    }
    assert_eq!(
        admin
            .get(app.url("/admin/segnalazioni?page=2"))
            .send()
            .await
            .unwrap()
            .status(),
        404,
        "past the last page"
    );
    assert!(outbox_rows(&app).await.is_empty());
}
