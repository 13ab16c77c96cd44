//! Accounts: eligibility of the 4th edition on the real ISTAT list, CSV imports,
//! sign-in and out, session rotation, throttling, invitations, password reset, CSRF,
//! API tokens.

use std::path::PathBuf;

use aula::accounts::editions::{self, NewEdition};
use aula::accounts::users::{self, INVITE_TTL, NewUser};

use crate::helpers::{ADMIN, LEARNER, TestApp};

fn istat_list() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/comuni-istat.csv");
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the ISTAT list is missing at {} (required under CI=true)",
            path.display()
        );
    }
    eprintln!("SKIPPED: the ISTAT list is not at {}", path.display());
    None
}

#[tokio::test]
async fn the_fourth_edition_rule_selects_374_municipalities() {
    let Some(csv) = istat_list() else { return };
    let mut app = TestApp::spawn().await;
    let outcome = aula::accounts::municipalities::import(app.state.db(), &csv)
        .await
        .unwrap();
    assert!(
        matches!(
            outcome,
            aula::accounts::municipalities::ImportOutcome::Imported(7904)
        ),
        "{outcome:?}"
    );
    let edition = editions::add(
        app.state.db(),
        NewEdition {
            number: 4,
            title: "Quarta edizione".into(),
            regions: [
                "Trentino-Alto Adige/Südtirol",
                "Liguria",
                "Basilicata",
                "Puglia",
                "Calabria",
            ]
            .map(String::from)
            .to_vec(),
            population_over: 5000,
            starts_on: None,
            ends_on: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        editions::eligible(app.state.db(), &edition)
            .await
            .unwrap()
            .len(),
        374
    );

    app.sign_in_admin().await;
    let body: serde_json::Value = app
        .get("/api/v1/editions/4/eligible-municipalities")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["count"], 374);
    assert_eq!(body["municipalities"].as_array().unwrap().len(), 374);
    // Importing again updates in place.
    let again = aula::accounts::municipalities::import(app.state.db(), &csv)
        .await
        .unwrap();
    assert!(matches!(
        again,
        aula::accounts::municipalities::ImportOutcome::Imported(7904)
    ));
}

#[tokio::test]
async fn an_unknown_region_is_refused_with_its_name() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let err = editions::add(
        app.state.db(),
        NewEdition {
            number: 9,
            title: "x".into(),
            regions: vec!["Trentino".into()],
            population_over: 0,
            starts_on: None,
            ends_on: None,
        },
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("«Trentino»"), "{err}");
}

#[tokio::test]
async fn a_bad_municipality_row_imports_nothing() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comuni.csv");
    std::fs::write(
        &path,
        "codice_istat,denominazione,codice_catastale,provincia,sigla,regione,codice_regione,ripartizione,popolazione_2011\n\
         010025,Genova,D969,Genova,GE,Liguria,07,Nord-ovest,586180\n\
         010026,Senza popolazione,X000,Genova,GE,Liguria,07,Nord-ovest,\n",
    )
    .unwrap();
    let outcome = aula::accounts::municipalities::import(app.state.db(), &path)
        .await
        .unwrap();
    match outcome {
        aula::accounts::municipalities::ImportOutcome::Rejected(errors) => {
            assert_eq!(errors[0].line, 3)
        }
        other => panic!("{other:?}"),
    }
    assert!(
        aula::accounts::municipalities::find(app.state.db(), "010025")
            .await
            .unwrap()
            .is_none(),
        "nothing half-imported"
    );
}

#[tokio::test]
async fn csv_import_reports_three_bad_rows_and_creates_97_accounts_once() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("discenti.csv");
    let mut csv = String::from("email,name,municipality,sector,job_title\n");
    for i in 1..=100 {
        let line = i + 1;
        let row = match line {
            11 => format!("non-una-email,Persona {i},010025,servizi-sociali,Istruttore\n"),
            42 => format!("p{i}@comune.it,Persona {i},999999,servizi-sociali,Istruttore\n"),
            77 => format!("p{i}@comune.it,Persona {i},072006,astronauta,Istruttore\n"),
            _ => format!(
                "p{i}@comune.it,Persona {i},{},servizi-demografici,Istruttore\n",
                if i % 2 == 0 { "010025" } else { "072006" }
            ),
        };
        csv.push_str(&row);
    }
    std::fs::write(&path, csv).unwrap();
    let courses = app.state.course_ids();
    let report = users::import_csv(app.state.db(), &path, &courses)
        .await
        .unwrap();
    let lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [11, 42, 77]);
    assert_eq!(report.created.len(), 97);
    assert_eq!(report.updated, 0);

    let again = users::import_csv(app.state.db(), &path, &courses)
        .await
        .unwrap();
    assert_eq!(again.created.len(), 0, "running it again creates nobody");
    assert_eq!(again.updated, 97);

    // Learners of eligible municipalities are enrolled in every course at once.
    let learner = aula::accounts::directory::by_email(app.state.db(), "p2@comune.it")
        .await
        .unwrap()
        .unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let enrolled = aula::db::enrolments::Entity::find()
        .filter(aula::db::enrolments::Column::UserId.eq(learner.id))
        .count(app.state.db())
        .await
        .unwrap();
    assert_eq!(enrolled as usize, courses.len());
}

#[tokio::test]
async fn users_import_command_sends_invitations_that_set_a_password_once() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("discenti.csv");
    std::fs::write(&path, "email,name,municipality,sector,job_title\nnuova@comune.it,Nuova Discente,010025,servizi-sociali,Assistente\n").unwrap();
    let outbox = dir.path().join("outbox");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["users", "import", path.to_str().unwrap()])
        .current_dir(dir.path())
        .env("AULA_DATABASE_URL", &app.state.config().database_url)
        .env("AULA_OUTBOX_DIR", &outbox)
        .env("AULA_BASE_URL", &app.base)
        .env("AULA_COURSES_DIR", &app.state.config().courses_dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let mail = std::fs::read_dir(&outbox)
        .unwrap()
        .next()
        .expect("an invitation")
        .unwrap()
        .path();
    let (to, text) = read_mail(&mail);
    assert_eq!(to, "nuova@comune.it");
    let start = text
        .find(&format!("{}/invite/", app.base))
        .expect("invitation link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '<' && *c != '"')
        .collect();

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Nuova Discente"),
        "the invitation page greets the learner"
    );
    let csrf = crate::helpers::csrf_in(&page);
    let set = client
        .post(&link)
        .form(&[
            ("password", "la mia password"),
            ("confirm", "la mia password"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 303, "password set, signed in");
    let me: serde_json::Value = client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "nuova@comune.it");

    // The link works once (the now signed-in browser has a new CSRF token).
    let page = client
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("non è valido"),
        "the page says the link is spent"
    );
    let csrf = crate::helpers::csrf_in(&page);
    let again = client
        .post(&link)
        .form(&[
            ("password", "un'altra password"),
            ("confirm", "un'altra password"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 410);
}

/// An `.eml` file of the outbox: its first recipient and its plain-text body
/// (decoded from quoted-printable).
fn read_mail(path: &std::path::Path) -> (String, String) {
    let raw = std::fs::read(path).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("a readable e-mail");
    let to = message
        .to()
        .and_then(|to| to.first())
        .and_then(|to| to.address())
        .expect("a recipient")
        .to_string();
    let text = message.body_text(0).expect("a text body").into_owned();
    (to, text)
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let first = app.client_as(LEARNER).await;
    let me = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), 200);
    // Signing in again with the same browser replaces its session.
    let response = client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": LEARNER, "password": aula::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.starts_with("aula_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Path=/")
            && cookie.contains(&format!(
                "Max-Age={}",
                aula::accounts::sessions::SESSION_TTL.num_seconds()
            )),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http base URL");
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        first
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "other browsers keep theirs"
    );
    // Signing out ends it.
    assert_eq!(
        client
            .delete(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn the_old_session_id_stops_working_after_sign_in() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let sign_in = |cookie: Option<String>| {
        let mut request = reqwest::Client::new()
            .post(app.url("/api/v1/session"))
            .json(&serde_json::json!({"email": LEARNER, "password": aula::demo::DEMO_PASSWORD}));
        if let Some(c) = cookie {
            request = request.header("cookie", c);
        }
        request.send()
    };
    let first = sign_in(None).await.unwrap();
    let old = first.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let second = sign_in(Some(old.clone())).await.unwrap();
    let new = second.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(old, new);
    let me = |c: String| {
        reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .header("cookie", c)
            .send()
    };
    assert_eq!(
        me(old).await.unwrap().status(),
        401,
        "the session id is rotated at sign-in"
    );
    assert_eq!(me(new).await.unwrap().status(), 200);
}

#[tokio::test]
async fn sign_in_is_throttled_per_account() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = reqwest::Client::new();
    let attempt = |password: &'static str| {
        client
            .post(app.url("/api/v1/session"))
            .json(&serde_json::json!({"email": LEARNER, "password": password}))
            .send()
    };
    for _ in 0..app.state.config().accounts.login_failures_per_account {
        assert_eq!(attempt("sbagliata").await.unwrap().status(), 401);
    }
    let throttled = attempt(aula::demo::DEMO_PASSWORD).await.unwrap();
    assert_eq!(throttled.status(), 429, "even the right password waits");
    let body: serde_json::Value = throttled.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
}

#[tokio::test]
async fn password_reset_by_email_link() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::helpers::csrf_in(&page);
    let sent = client
        .post(app.url("/password/forgot"))
        .form(&[("email", LEARNER), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    // The e-mail is sent after the answer.
    let outbox = &app.state.config().outbox_dir;
    let written =
        crate::helpers::eventually(|| !crate::helpers::outbox_files(outbox).is_empty()).await;
    assert!(written, "a reset e-mail");
    let mail = crate::helpers::outbox_files(outbox).remove(0);
    let (to, text) = read_mail(&mail);
    assert_eq!(to, LEARNER);
    let marker = "/password/reset/";
    let start = text.find(marker).unwrap() + marker.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64);
    let reset = client
        .post(app.url(&format!("/password/reset/{token}")))
        .form(&[
            ("password", "nuova password sicura"),
            ("confirm", "nuova password sicura"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 303);
    let old = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": LEARNER, "password": aula::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401, "the old password no longer works");
    let new = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": LEARNER, "password": "nuova password sicura"}))
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), 200);
    let _ = INVITE_TTL;
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_rejected() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(ADMIN).await;
    let forged = client
        .post(app.url("/admin/tokens"))
        .form(&[("name", "rubato")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let wrong = client
        .post(app.url("/admin/tokens"))
        .form(&[("name", "rubato"), ("csrf_token", "00")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let page = client
        .get(app.url("/admin/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("rubato"), "nothing was created");
    let anonymous = reqwest::Client::new()
        .post(app.url("/login"))
        .form(&[("email", LEARNER), ("password", aula::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 403, "the sign-in form is protected too");
    // A cross-site API write with the session cookie is refused.
    let cross = client
        .post(app.url("/api/v1/enrolments"))
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({"user": 1, "edition": 4, "course": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
}

#[tokio::test]
async fn api_tokens_are_shown_once_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let admin = aula::accounts::directory::by_email(app.state.db(), ADMIN)
        .await
        .unwrap()
        .unwrap();
    let new = aula::accounts::api_tokens::NewToken {
        name: "integrazione".into(),
        scopes: vec!["admin".into()],
        days: None,
    };
    let (token, secret) = aula::accounts::api_tokens::create(app.state.db(), &admin, new)
        .await
        .unwrap();
    assert!(
        aula::accounts::api_tokens::list(app.state.db())
            .await
            .unwrap()
            .iter()
            .all(|t| !format!("{t:?}").contains(&secret)),
        "only the hash is stored"
    );
    let with_token = |s: String| {
        reqwest::Client::new()
            .get(app.url("/api/v1/editions/4/eligible-municipalities"))
            .bearer_auth(s)
            .send()
    };
    let last_used = || async {
        aula::accounts::api_tokens::list(app.state.db())
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.id == token.id)
            .unwrap()
            .last_used_at
    };
    assert_eq!(last_used().await, None, "not used yet");
    assert_eq!(with_token(secret.clone()).await.unwrap().status(), 200);
    let first = last_used().await;
    assert!(first.is_some(), "the use is recorded");
    // Within the minute, a use is not written again.
    assert_eq!(with_token(secret.clone()).await.unwrap().status(), 200);
    assert_eq!(
        last_used().await,
        first,
        "recorded once a minute, not per call"
    );
    assert_eq!(
        with_token("aula_sbagliato".into()).await.unwrap().status(),
        401
    );
    assert!(
        aula::accounts::api_tokens::revoke(app.state.db(), token.id)
            .await
            .unwrap()
    );
    assert_eq!(with_token(secret).await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_learner_outside_every_edition_exists_but_is_enrolled_in_nothing() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    // Castrovillari has 22,515 inhabitants but the demo edition only covers... all five
    // regions; a tiny threshold edition is not needed: use a municipality outside them.
    aula::accounts::municipalities::upsert_all(
        app.state.db(),
        vec![aula::db::municipalities::Model {
            istat: "001272".into(),
            name: "Torino".into(),
            cadastral_code: "L219".into(),
            province: "Torino".into(),
            province_code: "TO".into(),
            region: "Piemonte".into(),
            region_code: "01".into(),
            area: "Nord-ovest".into(),
            population: 872367,
        }],
    )
    .await
    .unwrap();
    let user = users::add(
        app.state.db(),
        NewUser {
            email: "torino@comune.it".into(),
            name: "Fuori edizione".into(),
            role: "learner".into(),
            municipality: Some("001272".into()),
            sector: Some("altro".into()),
            ..NewUser::default()
        },
        &app.state.course_ids(),
    )
    .await
    .unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let enrolled = aula::db::enrolments::Entity::find()
        .filter(aula::db::enrolments::Column::UserId.eq(user.id))
        .count(app.state.db())
        .await
        .unwrap();
    assert_eq!(enrolled, 0);
}
