//! Conflicts are answers, not crashes: when 50 identical requests race to create the
//! same thing, one succeeds and every other is refused with the reason (409, or the
//! form's own refusal), never a 5xx, on SQLite and PostgreSQL.
//!
//! On PostgreSQL a [`Gate`] holds back every write to the contested table until at
//! least two racers have passed their "does it exist yet?" check, so the race that only
//! the unique index can settle happens on every run, not by luck. SQLite runs the same
//! racers ungated (a lock there would not tell who waits behind it).

use std::future::Future;

use aula::accounts::editions::NewEdition;
use aula::accounts::users::{NewUser, UserError};
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::corpus::fixture;
use crate::helpers::{ADMIN, Backend, LEARNER, TestApp, backend, csrf_in};

/// How many identical requests race.
const RACERS: usize = 50;

/// An answer as a client sees it.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    async fn of(response: reqwest::Response) -> Self {
        Self {
            status: response.status().as_u16(),
            content_type: response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string(),
            body: response.text().await.unwrap(),
        }
    }

    fn json(&self) -> Value {
        assert_eq!(self.content_type, "application/problem+json", "{self:?}");
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A PostgreSQL table lock that lets readers through and holds writers back.
struct Gate {
    held: Option<(DatabaseConnection, DatabaseTransaction)>,
    table: &'static str,
}

impl Gate {
    /// Closes the gate on `table` (PostgreSQL only; elsewhere it is always open).
    async fn close(app: &TestApp, table: Option<&'static str>) -> Self {
        let Some(table) = table.filter(|_| backend() == Backend::Postgres) else {
            return Self {
                held: None,
                table: "",
            };
        };
        let db = Database::connect(app.state.config().database_url.clone())
            .await
            .unwrap();
        let txn = db.begin().await.unwrap();
        // EXCLUSIVE admits SELECT and blocks INSERT and UPDATE until we commit.
        txn.execute_unprepared(&format!("LOCK TABLE {table} IN EXCLUSIVE MODE"))
            .await
            .unwrap();
        Self {
            held: Some((db, txn)),
            table,
        }
    }

    /// Opens the gate once two racers wait at it (or every racer is done, so no more
    /// will come) and returns the most seen waiting; None on SQLite.
    async fn open_when_raced<T>(self, racers: &[JoinHandle<T>]) -> Option<i64> {
        let (db, txn) = self.held?;
        let sql = format!(
            "SELECT count(*) AS n FROM pg_locks WHERE relation = '{}'::regclass AND NOT granted",
            self.table
        );
        let waiting = loop {
            let n: i64 = txn
                .query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    sql.clone(),
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get("", "n")
                .unwrap();
            if n >= 2 || racers.iter().all(JoinHandle::is_finished) {
                break n;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        };
        txn.commit().await.unwrap();
        db.close().await.unwrap();
        Some(waiting)
    }
}

/// Runs [`RACERS`] copies of `attempt` at once and returns their outcomes. With the
/// `table` whose unique key settles the race, on PostgreSQL, the racers are gated there
/// and asserted to have really raced past their checks.
async fn race<T, Fut>(
    app: &TestApp,
    table: Option<&'static str>,
    attempt: impl Fn() -> Fut,
) -> Vec<T>
where
    T: Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    let gate = Gate::close(app, table).await;
    let racers: Vec<JoinHandle<T>> = (0..RACERS).map(|_| tokio::spawn(attempt())).collect();
    if let Some(waiting) = gate.open_when_raced(&racers).await {
        assert!(
            waiting >= 2,
            "at least two racers reached the insert together (saw {waiting})"
        );
    }
    let mut outcomes = Vec::with_capacity(RACERS);
    for racer in racers {
        outcomes.push(racer.await.unwrap());
    }
    outcomes
}

/// Posts `body` as JSON [`RACERS`] times at once.
async fn race_json(
    app: &TestApp,
    client: &reqwest::Client,
    table: Option<&'static str>,
    path: &str,
    body: Value,
) -> Vec<Answer> {
    let url = app.url(path);
    race(app, table, || {
        let request = client.post(&url).json(&body);
        async move { Answer::of(request.send().await.unwrap()).await }
    })
    .await
}

/// Exactly one answer has `success`; every other is a 409 whose JSON body is the
/// conflict `message` (blaming `field`, if given). Never a 5xx.
fn assert_one_success_and_json_conflicts(
    answers: &[Answer],
    success: u16,
    field: Option<&str>,
    message: &str,
) {
    assert!(
        answers.iter().all(|a| a.status < 500),
        "no 5xx: {:?}",
        answers.iter().find(|a| a.status >= 500)
    );
    let won: Vec<&Answer> = answers.iter().filter(|a| a.status == success).collect();
    assert_eq!(won.len(), 1, "exactly one success: {answers:?}");
    for lost in answers.iter().filter(|a| a.status != success) {
        assert_eq!(lost.status, 409, "{lost:?}");
        let body = lost.json();
        assert_eq!(body["error"]["code"], "conflict", "{body}");
        assert_eq!(body["error"]["message"], message, "{body}");
        match field {
            Some(field) => assert_eq!(body["error"]["field"], field, "{body}"),
            None => assert!(body["error"].get("field").is_none(), "{body}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_enrolments_enrol_once_and_the_rest_are_409() {
    let (app, body) = learner_and_new_edition(5).await;

    let answers = race_json(
        &app,
        &app.client,
        Some("enrolments"),
        "/api/v1/enrolments",
        body,
    )
    .await;

    assert_one_success_and_json_conflicts(
        &answers,
        201,
        Some("course"),
        "il discente è già iscritto a questo corso",
    );
    assert_one_active_enrolment(&app, 5).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_reenrolments_of_a_withdrawn_learner_reactivate_once() {
    let (app, body) = learner_and_new_edition(6).await;
    let first = app
        .client
        .post(app.url("/api/v1/enrolments"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let id = first.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let withdrawn = app
        .client
        .delete(app.url(&format!("/api/v1/enrolments/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 204);

    // The enrolment exists, withdrawn: every racer takes the reactivation path.
    let answers = race_json(
        &app,
        &app.client,
        Some("enrolments"),
        "/api/v1/enrolments",
        body,
    )
    .await;

    assert_one_success_and_json_conflicts(
        &answers,
        201,
        Some("course"),
        "il discente è già iscritto a questo corso",
    );
    assert_one_active_enrolment(&app, 6).await;
}

/// The app with the demo signed in as admin, a new Liguria edition `number` the demo
/// learner is not enrolled in yet, and the body enrolling them in its first course.
async fn learner_and_new_edition(number: i32) -> (TestApp, Value) {
    let mut app = TestApp::spawn().await;
    app.sign_in_admin().await;
    aula::accounts::editions::add(
        app.state.db(),
        NewEdition {
            number,
            title: format!("Edizione {number}"),
            regions: vec!["Liguria".into()],
            population_over: 0,
            starts_on: None,
            ends_on: None,
        },
    )
    .await
    .unwrap();
    let learner = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap();
    let course = app.state.course_ids()[0].clone();
    let body = json!({"user": learner.id, "edition": number, "course": course});
    (app, body)
}

/// The demo learner has exactly one enrolment in edition `number`, and it is active.
async fn assert_one_active_enrolment(app: &TestApp, number: i32) {
    let learner = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap();
    let edition = aula::accounts::editions::by_number(app.state.db(), number)
        .await
        .unwrap()
        .unwrap();
    let rows = aula::db::enrolments::Entity::find()
        .filter(aula::db::enrolments::Column::UserId.eq(learner.id))
        .filter(aula::db::enrolments::Column::EditionId.eq(edition.id))
        .all(app.state.db())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].withdrawn_at.is_none(), "{rows:?}");
}

/// The fixture course (with quizzes), the demo accounts enrolled in it, a client
/// signed in as the demo learner, and the attempt it opened on `modulo-a`: identical
/// submissions name it, so every loser meets the same "already submitted".
async fn learner_with_open_quiz() -> (TestApp, reqwest::Client, i64) {
    let app = TestApp::spawn_with(|config| config.courses_dir = fixture("courses-ok")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let opened = client
        .get(app.url("/api/v1/quizzes/corso-prova/modulo-a"))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    let attempt = opened.json::<Value>().await.unwrap()["attempt"]
        .as_i64()
        .unwrap();
    (app, client, attempt)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_simultaneous_openings_of_a_quiz_open_one_attempt() {
    let app = TestApp::spawn_with(|config| config.courses_dir = fixture("courses-ok")).await;
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let url = app.url("/api/v1/quizzes/corso-prova/modulo-a");
    // No gate: openings queue on the learner's lock before they look for an open
    // attempt, so no table lock could show two of them past the look.
    let answers = race(&app, None, || {
        let request = client.get(&url);
        async move { Answer::of(request.send().await.unwrap()).await }
    })
    .await;
    assert!(
        answers.iter().all(|a| a.status == 200),
        "every opening answers the attempt: {:?}",
        answers.iter().find(|a| a.status != 200)
    );
    let mut attempts: Vec<i64> = answers
        .iter()
        .map(|a| {
            serde_json::from_str::<Value>(&a.body).unwrap()["attempt"]
                .as_i64()
                .unwrap()
        })
        .collect();
    attempts.sort_unstable();
    attempts.dedup();
    assert_eq!(
        attempts.len(),
        1,
        "every opening answers the same attempt: {attempts:?}"
    );
    let learner = aula::db::users::user::Entity::find()
        .filter(aula::db::users::user::Column::Email.eq(LEARNER))
        .one(app.state.db())
        .await
        .unwrap()
        .unwrap();
    use aula::db::progress::attempt;
    let open = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(learner.id))
        .filter(attempt::Column::CourseId.eq("corso-prova"))
        .filter(attempt::Column::ModuleId.eq("modulo-a"))
        .filter(attempt::Column::SubmittedAt.is_null())
        .count(app.state.db())
        .await
        .unwrap();
    assert_eq!(open, 1, "one open attempt stored, not one per opening");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_quiz_submissions_grade_once_and_the_rest_are_409() {
    let (app, client, attempt) = learner_with_open_quiz().await;
    let answers = race_json(
        &app,
        &client,
        // No gate: the submission locks the learner's roll-up row before it claims the
        // attempt, so racers queue there and the claim is a conditional UPDATE.
        None,
        "/api/v1/quizzes/corso-prova/modulo-a/attempts",
        json!({"answers": {"definizioni": ["a"]}, "attempt": attempt}),
    )
    .await;
    assert_one_success_and_json_conflicts(
        &answers,
        200,
        None,
        "questo tentativo è già stato consegnato",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_quiz_forms_grade_once_and_the_rest_see_the_409_page() {
    let (app, client, attempt) = learner_with_open_quiz().await;
    let page = client
        .get(app.url("/courses/corso-prova/modulo-a/quiz"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = vec![
        ("csrf_token".to_string(), csrf_in(&page)),
        ("attempt".to_string(), attempt.to_string()),
        ("q:definizioni".to_string(), "a".to_string()),
    ];
    let url = app.url("/courses/corso-prova/modulo-a/quiz");
    let answers = race(&app, None, || {
        let request = client.post(&url).form(&form);
        async move { Answer::of(request.send().await.unwrap()).await }
    })
    .await;

    assert!(answers.iter().all(|a| a.status < 500), "{answers:?}");
    assert_eq!(answers.iter().filter(|a| a.status == 200).count(), 1);
    for lost in answers.iter().filter(|a| a.status != 200) {
        assert_eq!(lost.status, 409, "{lost:?}");
        assert!(lost.content_type.starts_with("text/html"), "{lost:?}");
        assert!(lost.body.contains("Errore 409"), "{}", lost.body);
        assert!(
            lost.body
                .contains("questo tentativo è già stato consegnato")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_edition_forms_create_one_edition_and_refuse_the_rest() {
    let mut app = TestApp::spawn().await;
    app.sign_in_admin().await;
    let page = app.get("/admin/editions").await.text().await.unwrap();
    let form = vec![
        ("csrf_token", csrf_in(&page)),
        ("number", "7".to_string()),
        ("title", "Settima edizione".to_string()),
        ("regions", "Liguria".to_string()),
        ("population_over", "0".to_string()),
    ];
    let url = app.url("/admin/editions");
    let client = app.client.clone();
    let answers = race(&app, Some("editions"), || {
        let request = client.post(&url).form(&form);
        async move { Answer::of(request.send().await.unwrap()).await }
    })
    .await;

    assert!(answers.iter().all(|a| a.status < 500), "{answers:?}");
    assert_eq!(
        answers.iter().filter(|a| a.status == 303).count(),
        1,
        "{answers:?}"
    );
    // The form shows the conflict (409) with the field's message.
    for lost in answers.iter().filter(|a| a.status != 303) {
        assert_eq!(lost.status, 409, "{lost:?}");
        assert!(lost.body.contains("esiste già l&#39;edizione numero 7"));
    }
    let editions = aula::accounts::editions::all(app.state.db()).await.unwrap();
    assert_eq!(editions.iter().filter(|e| e.number == 7).count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_accounts_create_one_and_the_rest_are_duplicates() {
    let app = TestApp::spawn().await;
    let db = app.state.db().clone();
    let outcomes = race(&app, Some("users"), || {
        let db = db.clone();
        async move {
            let new = NewUser {
                email: "doppio@comune.it".into(),
                name: "Doppio".into(),
                role: "admin".into(),
                ..NewUser::default()
            };
            aula::accounts::users::add(&db, new, &[]).await
        }
    })
    .await;
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
    for outcome in outcomes.into_iter().filter(Result::is_err) {
        let err = outcome.unwrap_err();
        assert!(
            matches!(&err, UserError::Duplicate(email) if email == "doppio@comune.it"),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn a_tutor_given_the_same_region_twice_follows_it_once() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let tutor = aula::accounts::users::add(
        app.state.db(),
        NewUser {
            email: "tutor.doppio@comune.it".into(),
            name: "Tutor".into(),
            role: "tutor".into(),
            regions: vec!["Liguria".into(), "Liguria".into()],
            ..NewUser::default()
        },
        &[],
    )
    .await
    .unwrap();
    let scopes = aula::db::users::tutor_scope::Entity::find()
        .filter(aula::db::users::tutor_scope::Column::UserId.eq(tutor.id))
        .count(app.state.db())
        .await
        .unwrap();
    assert_eq!(scopes, 1);
}

#[tokio::test]
async fn users_add_of_a_taken_address_says_so_in_one_line_and_fails() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
            .args([
                "users",
                "add",
                "--email",
                "doppio@comune.it",
                "--name",
                "Doppio",
            ])
            .args(["--role", "admin", "--password-stdin"])
            .current_dir(dir.path())
            .env("AULA_DATABASE_URL", &app.state.config().database_url)
            .env("AULA_COURSES_DIR", &app.state.config().courses_dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"una-password-abbastanza-lunga-2026\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = run();
    assert!(!second.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&second.stdout),
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(
        said.trim(),
        "errore: esiste già un account con l'indirizzo doppio@comune.it"
    );
}

/// Inserts a second account with the demo admin's address: a unique violation that
/// no handler catches, as any route's `?` would meet it.
async fn insert_taken_address(
    State(state): State<aula::app::AppState>,
) -> aula::error::AppResult<()> {
    aula::db::users::user::ActiveModel {
        email: Set(ADMIN.into()),
        name: Set("Doppione".into()),
        role: Set(aula::accounts::Role::Admin),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(state.db())
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_unique_violation_no_handler_catches_is_a_409_page_and_a_409_json() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let routes = Router::new()
        .route("/doppione", post(insert_taken_address))
        .route("/api/v1/doppione", post(insert_taken_address));
    let router = aula::web::with_layers(routes, app.state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = reqwest::Client::new();

    let page = Answer::of(
        client
            .post(format!("{base}/doppione"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, 409, "{page:?}");
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("Errore 409"), "{}", page.body);
    assert!(
        page.body
            .contains("esiste già un account con questo indirizzo e-mail"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(ADMIN),
        "the clashing value is not echoed"
    );

    let api = Answer::of(
        client
            .post(format!("{base}/api/v1/doppione"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(api.status, 409);
    assert_eq!(
        api.json(),
        json!({
            "type": "about:blank",
            "title": "Conflict",
            "status": 409,
            "detail": "esiste già un account con questo indirizzo e-mail",
            "error": {
                "code": "conflict",
                "message": "esiste già un account con questo indirizzo e-mail",
                "field": "email",
            }
        })
    );
}
