//! Tutor reports against a small cohort computed by hand, on both databases: the
//! overview, the matrix, the at-risk list, a learner's detail and the exports; a tutor
//! never sees a learner outside the cohort; a report page runs the same number of
//! queries for 10 learners and for 1,000.
//!
//! The fixture course has 3 lessons and 2 quizzes: 5 items. The cohort:
//! - Genova (Liguria): both lessons of module A completed, quiz A passed at 100%:
//!   3 items, 60%, in progress; module A complete.
//! - Savona (Liguria): opened the first lesson: 0 items, in progress.
//! - Bari (Puglia): nothing: not started; enrolled 10 days ago (at risk).
//! - Lecce (Puglia): quiz A failed twice (50%, then 0%): in progress, at risk.

use serde_json::{Value, json};

use crate::corpus::fixture;
use crate::helpers::{ADMIN, LEARNER, OTHER_LEARNER, TUTOR, TestApp};

const COURSE: &str = "corso-prova";
const SAVONA: &str = "sociali.savona@demo.aula.it";
const LECCE: &str = "pm.lecce@demo.aula.it";

async fn post(client: &reqwest::Client, url: String, body: Value) -> Value {
    let response = client.post(url).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap_or(Value::Null)
}

pub async fn cohort() -> TestApp {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let quiz = app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-a"));

    let genova = app.client_as(LEARNER).await;
    // The lessons opened two minutes ago (reading time is credited from the server's
    // clock), then completed.
    for lesson in ["prima-lezione", "seconda-lezione"] {
        post(
            &genova,
            app.url("/api/v1/progress"),
            json!({"lesson": format!("{COURSE}/modulo-a/{lesson}"), "event": "started"}),
        )
        .await;
    }
    crate::progress::rewind(&app, 120).await;
    for lesson in ["prima-lezione", "seconda-lezione"] {
        post(
            &genova,
            app.url("/api/v1/progress"),
            json!({"lesson": format!("{COURSE}/modulo-a/{lesson}"), "event": "completed", "seconds": 120}),
        )
        .await;
    }
    genova.get(&quiz).send().await.unwrap();
    let graded = post(
        &genova,
        format!("{quiz}/attempts"),
        json!({"answers": {"definizioni": ["a"], "uffici": ["a", "b"], "vero-falso": ["vero"]}}),
    )
    .await;
    assert_eq!(graded["passed"], true);

    let savona = app.client_as(SAVONA).await;
    post(
        &savona,
        app.url("/api/v1/progress"),
        json!({"lesson": format!("{COURSE}/modulo-a/prima-lezione"), "event": "started"}),
    )
    .await;

    let lecce = app.client_as(LECCE).await;
    for answers in [
        json!({"definizioni": ["a"], "uffici": ["a"], "vero-falso": ["falso"]}),
        json!({"definizioni": [], "uffici": [], "vero-falso": ["falso"]}),
    ] {
        lecce.get(&quiz).send().await.unwrap();
        let graded = post(
            &lecce,
            format!("{quiz}/attempts"),
            json!({ "answers": answers }),
        )
        .await;
        assert_eq!(graded["passed"], false);
    }

    // Bari enrolled ten days ago.
    use sea_orm::ConnectionTrait;
    let bari = aula::accounts::directory::by_email(app.state.db(), OTHER_LEARNER)
        .await
        .unwrap()
        .unwrap();
    let ten_days_ago = chrono::Utc::now() - chrono::Duration::days(10);
    app.state
        .db()
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            app.state.db().get_database_backend(),
            match app.state.db().get_database_backend() {
                sea_orm::DbBackend::Postgres => {
                    "UPDATE enrolments SET enrolled_at = $1 WHERE user_id = $2"
                }
                _ => "UPDATE enrolments SET enrolled_at = ? WHERE user_id = ?",
            },
            [ten_days_ago.into(), bari.id.into()],
        ))
        .await
        .unwrap();
    app
}

async fn learners_json(app: &TestApp, client: &reqwest::Client, query: &str) -> Vec<Value> {
    let response = client
        .get(app.url(&format!("/api/v1/reports/learners?course={COURSE}{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn by_email<'a>(rows: &'a [Value], email: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["email"] == email)
        .unwrap_or_else(|| panic!("{email} in {rows:?}"))
}

#[tokio::test]
async fn the_figures_match_the_hand_computed_cohort() {
    let app = cohort().await;
    let admin = app.client_as(ADMIN).await;
    let rows = learners_json(&app, &admin, "").await;
    assert_eq!(rows.len(), 4);
    let genova = by_email(&rows, LEARNER);
    assert_eq!(genova["percent"], 60.0);
    assert_eq!(genova["lessons_completed"], 2);
    assert_eq!(genova["quizzes_passed"], 1);
    assert_eq!(genova["quiz_average"], 100.0);
    assert_eq!(genova["status"], "in-progress");
    assert_eq!(genova["seconds"], 240);
    assert!(genova["last_activity"].is_string());
    let savona = by_email(&rows, SAVONA);
    assert_eq!(savona["percent"], 0.0);
    assert_eq!(savona["status"], "in-progress");
    assert!(savona["quiz_average"].is_null());
    let bari = by_email(&rows, OTHER_LEARNER);
    assert_eq!(bari["status"], "not-started");
    assert!(bari["last_activity"].is_null());
    let lecce = by_email(&rows, LECCE);
    assert_eq!(lecce["status"], "in-progress");
    assert_eq!(lecce["quiz_average"], 50.0);
    assert_eq!(lecce["quiz_failures"], 2);
    assert_eq!(lecce["quiz_attempts"], 2);

    // The overview: totals and breakdowns.
    let scope = aula::reports::Scope::of(aula::accounts::Role::Admin, &[]);
    let filters = aula::reports::Filters {
        course: COURSE.into(),
        ..Default::default()
    };
    let size = aula::reports::course_size(&app.state.catalog(), COURSE);
    assert_eq!((size.lessons, size.quizzes), (3, 2));
    let o = aula::reports::overview::compute(
        app.state.db(),
        &scope,
        &filters,
        size,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            o.total.enrolled,
            o.total.not_started,
            o.total.in_progress,
            o.total.completed
        ),
        (4, 1, 3, 0)
    );
    assert_eq!(o.total.quiz_average, Some(75.0));
    assert_eq!(o.total.percent, 15.0, "3 items of 4 × 5");
    let liguria = o.regions.iter().find(|r| r.label == "Liguria").unwrap();
    assert_eq!(
        (liguria.enrolled, liguria.not_started, liguria.in_progress),
        (2, 0, 2)
    );
    assert_eq!(liguria.percent, 30.0);
    let puglia = o.regions.iter().find(|r| r.label == "Puglia").unwrap();
    assert_eq!(
        (puglia.enrolled, puglia.not_started, puglia.in_progress),
        (2, 1, 1)
    );
    assert_eq!(puglia.quiz_average, Some(50.0));
    assert_eq!(o.municipalities.len(), 4);
    assert_eq!(o.sectors.len(), 4);
    let mut bands = vec![0; 10];
    bands[5] = 1; // Lecce, 50
    bands[9] = 1; // Genova, 100
    assert_eq!(o.quiz_bands, bands);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let active_today = o
        .activity
        .iter()
        .find(|(d, _)| *d == today)
        .map(|(_, n)| *n);
    assert_eq!(active_today, Some(2), "Genova and Savona sent events today");

    // The matrix cells.
    let ids: Vec<i32> = rows
        .iter()
        .map(|r| r["learner_id"].as_i64().unwrap() as i32)
        .collect();
    let cells = aula::reports::matrix::cells(app.state.db(), COURSE, &ids)
        .await
        .unwrap();
    let id = |email: &str| by_email(&rows, email)["learner_id"].as_i64().unwrap() as i32;
    use aula::reports::matrix::Cell;
    assert_eq!(
        cells.get(&(id(LEARNER), "modulo-a".into())),
        Some(&Cell::Completed)
    );
    assert_eq!(cells.get(&(id(LEARNER), "modulo-b".into())), None);
    assert_eq!(
        cells.get(&(id(SAVONA), "modulo-a".into())),
        Some(&Cell::InProgress)
    );
    assert_eq!(
        cells.get(&(id(LECCE), "modulo-a".into())),
        Some(&Cell::QuizFailed)
    );
    assert_eq!(cells.get(&(id(OTHER_LEARNER), "modulo-a".into())), None);

    // At risk: Bari (not started after 10 days, threshold 7) and Lecce (failed twice).
    let html = admin
        .get(app.url(&format!("/tutor/at-risk?course={COURSE}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Antonio De Santis") && html.contains("Francesca Greco"),
        "{html}"
    );
    assert!(!html.contains("Marco Bianchi") && !html.contains("Giulia Russo"));

    // Sorted by progress, Genova comes first.
    let sorted = learners_json(&app, &admin, "&sort=progress").await;
    assert_eq!(sorted[0]["email"], LEARNER);

    // The learner detail shows each attempt and answer.
    let html = admin
        .get(app.url(&format!("/tutor/learners/{}?course={COURSE}", id(LECCE))))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("class=\"attempt\"").count(), 2, "{html}");
    assert!(html.contains("uffici"));
    assert!(html.contains("0.5 / 1"), "partial credit shown: {html}");
}

#[tokio::test]
async fn a_tutor_sees_only_the_cohort_in_pages_api_and_exports() {
    let app = cohort().await;
    let tutor = app.client_as(TUTOR).await;
    let rows = learners_json(&app, &tutor, "").await;
    let emails: Vec<&str> = rows.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails.len(), 2, "{emails:?}");
    assert!(emails.contains(&LEARNER) && emails.contains(&SAVONA));
    // Asking for a region outside the cohort gives nothing, not the region.
    assert!(
        learners_json(&app, &tutor, "&region=Puglia")
            .await
            .is_empty()
    );

    let outsiders = ["Antonio De Santis", "Francesca Greco", OTHER_LEARNER, LECCE];
    let mut bodies = Vec::new();
    for path in [
        format!("/tutor?course={COURSE}"),
        format!("/tutor/matrix?course={COURSE}"),
        format!("/tutor/at-risk?course={COURSE}"),
        format!("/tutor/export/learners.csv?course={COURSE}"),
        format!("/tutor/export/at-risk.csv?course={COURSE}"),
        format!("/tutor/export/matrix.csv?course={COURSE}"),
        format!("/tutor/export/overview.csv?course={COURSE}"),
        format!("/api/v1/reports/learners.csv?course={COURSE}"),
        format!("/tutor?course={COURSE}&region=Puglia"),
    ] {
        let response = tutor.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.unwrap();
        for outsider in outsiders {
            assert!(!body.contains(outsider), "{path} shows {outsider}");
        }
        bodies.push(body);
    }
    assert!(bodies[1].contains("Marco Bianchi") && bodies[1].contains("Giulia Russo"));
    let csv = &bodies[3];
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 3, "header and two learners: {csv}");
    // The API with Accept: text/csv gives the same CSV.
    let accepted = tutor
        .get(app.url(&format!("/api/v1/reports/learners?course={COURSE}")))
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert!(
        accepted.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(accepted.text().await.unwrap().lines().count(), 3);
    // XLSX is a real spreadsheet (a zip).
    let xlsx = tutor
        .get(app.url(&format!("/tutor/export/learners.xlsx?course={COURSE}")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX file is a zip");
    // A learner outside the cohort: refused.
    let bari = aula::accounts::directory::by_email(app.state.db(), OTHER_LEARNER)
        .await
        .unwrap()
        .unwrap();
    let refused = tutor
        .get(app.url(&format!("/tutor/learners/{}", bari.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let missing = tutor
        .get(app.url("/tutor/learners/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403, "no probing which ids exist");
    // An unknown export is a 404, not a 5xx.
    let unknown = tutor
        .get(app.url("/tutor/export/passwords.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

/// Statements run by one request to `path`, after a warm-up request (so caches of
/// the session and enrolments are warm both times).
/// The statements one request of `path` runs, once its caches are warm: the fewest of
/// two requests, since the counter is the whole pool's and work of the server that is
/// nobody's request (a cache renewed, a poll) can only add to it.
async fn queries_for(app: &TestApp, client: &reqwest::Client, path: &str) -> u64 {
    let warm = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(warm.status(), 200, "{path}");
    warm.bytes().await.unwrap();
    let mut fewest = u64::MAX;
    for _ in 0..2 {
        let before = app.state.queries_run();
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.bytes().await.unwrap();
        fewest = fewest.min(app.state.queries_run() - before);
    }
    fewest
}

#[tokio::test]
async fn report_pages_run_as_many_queries_for_1000_learners_as_for_10() {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    let catalog = app.state.catalog();
    aula::demo::generate::generate(app.state.db(), &catalog, 10, 7, None)
        .await
        .unwrap();
    let admin = app.client_as(ADMIN).await;
    let pages = [
        format!("/tutor?course={COURSE}"),
        format!("/tutor/matrix?course={COURSE}"),
        format!("/tutor/matrix?course={COURSE}&sort=activity"),
        format!("/tutor/at-risk?course={COURSE}"),
        format!("/api/v1/reports/learners?course={COURSE}"),
    ];
    let mut small = Vec::new();
    for page in &pages {
        small.push(queries_for(&app, &admin, page).await);
    }
    let generated = aula::demo::generate::generate(app.state.db(), &catalog, 990, 8, None)
        .await
        .unwrap();
    assert_eq!(generated.learners, 990);
    assert!(generated.lesson_rows > 990, "{generated:?}");
    for (page, before) in pages.iter().zip(&small) {
        let after = queries_for(&app, &admin, page).await;
        assert_eq!(
            after, *before,
            "{page}: {before} queries for 10 learners, {after} for 1,000"
        );
    }
    assert!(small.iter().all(|&n| n > 0 && n < 20), "{small:?}");
}
