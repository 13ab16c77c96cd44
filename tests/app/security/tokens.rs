//! M4: API tokens were unscoped: a token acted with its owner's every right, on pages
//! too, and could mint more tokens. Now a token has scopes and an expiry, works on
//! `/api/` only (refused on pages that need a sign-in, ignored on public ones) and
//! within the scope each route names, cannot create tokens, and administrators list
//! and revoke tokens.

use aula::accounts::access::{self, Access, Scope, Tokens};
use aula::accounts::api_tokens::{self, NewToken};
use aula::accounts::directory;
use reqwest::Method;

use crate::access::{Body, matrix};
use crate::corpus::fixture;
use crate::helpers::{ADMIN, LEARNER, TestApp, csrf_in};

/// A token acting as `email` with `scopes`.
async fn token(app: &TestApp, email: &str, scopes: &[Scope]) -> String {
    let user = directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap();
    let new = NewToken {
        name: "prova".into(),
        scopes: scopes.iter().map(|s| s.as_str().to_string()).collect(),
        days: None,
    };
    api_tokens::create(app.state.db(), &user, new)
        .await
        .unwrap()
        .1
}

fn every_scope_of(email: &str) -> Vec<Scope> {
    let role = if email == LEARNER {
        aula::accounts::Role::Learner
    } else {
        aula::accounts::Role::Admin
    };
    Scope::for_role(role)
}

async fn status(app: &TestApp, method: Method, path: &str, bearer: &str, body: &Body) -> u16 {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(bearer);
    request = match body {
        Body::None => request,
        Body::Json(value) => request.json(value),
        Body::Form(pairs) => request.form(pairs),
    };
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_token_works_on_the_api_only() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let secret = token(&app, ADMIN, &every_scope_of(ADMIN)).await;
    for page in [
        "/courses",
        "/profile",
        "/admin",
        "/admin/tokens",
        "/tutor",
        "/search?q=x",
    ] {
        let got = status(&app, Method::GET, page, &secret, &Body::None).await;
        assert_eq!(got, 401, "GET {page} with a token");
    }
    // On a public page the token counts for nothing: the visitor is anonymous.
    let home = reqwest::Client::new()
        .get(app.url("/"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200);
    assert!(!home.text().await.unwrap().contains("action=\"/logout\""));
    for api in [
        "/api/v1/editions/4/eligible-municipalities",
        "/api/v1/reports/learners",
        "/api/v1/courses",
    ] {
        let got = status(&app, Method::GET, api, &secret, &Body::None).await;
        assert_eq!(got, 200, "GET {api} with a token");
    }
}

#[tokio::test]
async fn a_token_cannot_create_tokens() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let secret = token(&app, ADMIN, &every_scope_of(ADMIN)).await;
    let json = Body::Json(serde_json::json!({"name": "altro", "scopes": ["admin"]}));
    let got = status(&app, Method::POST, "/api/v1/tokens", &secret, &json).await;
    assert_eq!(got, 403, "POST /api/v1/tokens with a token");
    // The page's form, with a CSRF cookie and field the caller made up.
    let forged = reqwest::Client::new()
        .post(app.url("/admin/tokens"))
        .bearer_auth(&secret)
        .header("cookie", "aula_csrf=inventato")
        .form(&[
            ("name", "altro"),
            ("scope", "admin"),
            ("csrf_token", "inventato"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401, "POST /admin/tokens with a token");
    assert_eq!(api_tokens::list(app.state.db()).await.unwrap().len(), 1);
}

/// Every API route of the access table, called with a token of an account whose role
/// may call it: without the route's scope it is refused; with it alone, the answer is
/// the one a browser session of that account gets. Routes no token may call refuse a
/// token with every scope.
#[tokio::test]
async fn every_api_route_needs_its_scope() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    let learner_id = directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut failures = Vec::new();
    let mut checked = 0;
    for column in [1, 5] {
        let email = if column == 1 { LEARNER } else { ADMIN };
        for row in matrix(learner_id, column) {
            if !row.template.starts_with("/api/") {
                continue;
            }
            let rule = access::rule(row.method, row.template).unwrap();
            let for_learner = rule.access == Access::Learner;
            if for_learner != (column == 1) {
                continue;
            }
            let method = Method::from_bytes(row.method.as_bytes()).unwrap();
            let all = every_scope_of(email);
            let (without, with, expected) = match rule.tokens {
                Tokens::Scope(needed) => (
                    all.iter()
                        .copied()
                        .filter(|s| *s != needed)
                        .collect::<Vec<_>>(),
                    vec![needed],
                    row.expect[column],
                ),
                Tokens::Any => (Vec::new(), vec![all[0]], row.expect[column]),
                Tokens::Refused => (all.clone(), Vec::new(), 403),
            };
            if !without.is_empty() {
                let secret = token(&app, email, &without).await;
                let got = status(&app, method.clone(), &row.path, &secret, &row.body).await;
                checked += 1;
                if got != 403 {
                    failures.push(format!(
                        "{} {} without its scope: {got}",
                        row.method, row.path
                    ));
                }
            }
            if !with.is_empty() {
                let secret = token(&app, email, &with).await;
                let got = status(&app, method, &row.path, &secret, &row.body).await;
                checked += 1;
                if got != expected {
                    failures.push(format!(
                        "{} {} with {with:?}: {got}, expected {expected}",
                        row.method, row.path
                    ));
                }
            }
        }
    }
    assert!(checked > 30, "{checked} calls");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn expired_tokens_and_tokens_from_before_scopes_are_refused() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let secret = token(&app, ADMIN, &[Scope::ContentRead]).await;
    let call = |s: String| {
        reqwest::Client::new()
            .get(app.url("/api/v1/courses"))
            .bearer_auth(s)
            .send()
    };
    assert_eq!(call(secret.clone()).await.unwrap().status(), 200);
    aula::db::auth::api_token::Entity::update_many()
        .col_expr(
            aula::db::auth::api_token::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(aula::db::auth::api_token::Column::Id.gt(0))
        .exec(app.state.db())
        .await
        .unwrap();
    assert_eq!(call(secret).await.unwrap().status(), 401, "expired");

    // A token as the table held them before scopes: no scope, no expiry.
    let admin = directory::by_email(app.state.db(), ADMIN)
        .await
        .unwrap()
        .unwrap();
    let old = "aula_un_token_di_prima";
    aula::db::auth::api_token::ActiveModel {
        name: Set("vecchio".into()),
        token_hash: Set(aula::accounts::tokens::digest(old)),
        user_id: Set(admin.id),
        created_at: Set(chrono::Utc::now()),
        scopes: Set(String::new()),
        expires_at: Set(None),
        ..Default::default()
    }
    .insert(app.state.db())
    .await
    .unwrap();
    assert_eq!(
        call(old.into()).await.unwrap().status(),
        401,
        "from before scopes"
    );
}

#[tokio::test]
async fn an_admin_creates_lists_and_revokes_tokens() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = app.client_as(ADMIN).await;
    let page = admin
        .get(app.url("/admin/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let created = admin
        .post(app.url("/admin/tokens"))
        .form(&[
            ("name", "cruscotto"),
            ("scope", "content:read"),
            ("days", "30"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let html = created.text().await.unwrap();
    let marker = "class=\"secret\">";
    let start = html.find(marker).expect("the secret, shown once") + marker.len();
    let secret: String = html[start..].chars().take_while(|c| *c != '<').collect();
    let get = |path: &'static str, s: String| {
        reqwest::Client::new()
            .get(app.url(path))
            .bearer_auth(s)
            .send()
    };
    assert_eq!(
        get("/api/v1/courses", secret.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        get("/api/v1/reports/learners", secret.clone())
            .await
            .unwrap()
            .status(),
        403,
        "outside its scope, though its owner is an admin"
    );

    // Listed with owner, scopes and expiry; never the secret.
    let listed = admin.get(app.url("/api/v1/tokens")).send().await.unwrap();
    assert_eq!(listed.status(), 200);
    let text = listed.text().await.unwrap();
    assert!(!text.contains(&secret));
    let tokens: serde_json::Value = serde_json::from_str(&text).unwrap();
    let row = &tokens[0];
    assert_eq!(row["owner"], ADMIN);
    assert_eq!(row["scopes"], serde_json::json!(["content:read"]));
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(row["expires_at"].clone()).unwrap();
    let days = (expires - chrono::Utc::now()).num_days();
    assert!((29..=30).contains(&days), "{days} days");
    let id = row["id"].as_i64().unwrap();

    // Revoking needs the form's CSRF token.
    let revoke = format!("/admin/tokens/{id}/revoke");
    let forged = admin
        .post(app.url(&revoke))
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(
        get("/api/v1/courses", secret.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    let revoked = admin
        .post(app.url(&revoke))
        .form(&[("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);
    assert_eq!(get("/api/v1/courses", secret).await.unwrap().status(), 401);

    // Through the API: a learner creates a token for their own use, within their role.
    let learner = app.client_as(LEARNER).await;
    let create =
        |body: serde_json::Value| learner.post(app.url("/api/v1/tokens")).json(&body).send();
    for refused in [
        serde_json::json!({"name": "x", "scopes": ["reports:read"]}),
        serde_json::json!({"name": "x", "scopes": []}),
        serde_json::json!({"name": "x", "scopes": ["tutto"]}),
        serde_json::json!({"name": "x", "scopes": ["progress:write"], "days": 0}),
        serde_json::json!({"name": "x", "scopes": ["progress:write"], "days": 366}),
    ] {
        assert_eq!(
            create(refused.clone()).await.unwrap().status(),
            422,
            "{refused}"
        );
    }
    let created = create(serde_json::json!({"name": "app", "scopes": ["progress:read"]}))
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: serde_json::Value = created.json().await.unwrap();
    let own = body["token"].as_str().unwrap().to_string();
    assert_eq!(
        get("/api/v1/me/progress", own.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    // The admin revokes it through the API.
    let gone = admin
        .delete(app.url(&format!("/api/v1/tokens/{}", body["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 204);
    assert_eq!(get("/api/v1/me/progress", own).await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_upgrade_ends_tokens_made_before_scopes() {
    use ::migrations::{Migrator, MigratorTrait};
    use sea_orm::ConnectionTrait;
    let test_db = crate::helpers::TestDb::new().await;
    let db = aula::db::connect(&test_db.url).await.unwrap();
    // The schema as it was before scopes, with an account and its token.
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261202_000009_api_token_scopes")
        .unwrap() as u32;
    Migrator::up(&db, Some(before)).await.unwrap();
    let backend = db.get_database_backend();
    let now = chrono::Utc::now();
    let secret = "aula_token_di_prima_dell_aggiornamento";
    for (sql, values) in [
        (
            "INSERT INTO users (email, name, role, created_at) VALUES (?, ?, ?, ?)",
            vec![ADMIN.into(), "Admin".into(), "admin".into(), now.into()],
        ),
        (
            "INSERT INTO api_tokens (name, token_hash, user_id, created_at) \
             VALUES (?, ?, (SELECT id FROM users), ?)",
            vec![
                "integrazione".into(),
                aula::accounts::tokens::digest(secret).into(),
                now.into(),
            ],
        ),
    ] {
        let sql = match backend {
            sea_orm::DbBackend::Postgres => {
                let mut n = 0;
                sql.chars()
                    .map(|c| {
                        if c == '?' {
                            n += 1;
                            format!("${n}")
                        } else {
                            c.to_string()
                        }
                    })
                    .collect()
            }
            _ => sql.to_string(),
        };
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .await
        .unwrap();
    }
    aula::db::migrate(&db).await.unwrap();
    assert!(
        api_tokens::resolve(&db, secret).await.unwrap().is_none(),
        "a token from before scopes no longer works"
    );
    let listed = api_tokens::list(&db).await.unwrap();
    assert_eq!(listed.len(), 1, "it is still listed, for the admin to see");
    assert!(!listed[0].active && listed[0].scopes.is_empty());
    db.close().await.unwrap();
}
