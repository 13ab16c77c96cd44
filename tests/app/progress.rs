//! Progress and quizzes on the fixture course: idempotent events, completion only
//! after the quiz is passed, shuffling remembered, attempt and time limits, scoring,
//! no answer leaks, no second submission.

use aula::content::library::import_file;
use serde_json::{Value, json};

use crate::corpus::fixture;
use crate::helpers::{LEARNER, TestApp};

const COURSE: &str = "corso-prova";

/// The fixture course, the demo accounts (enrolled in it), a signed-in learner.
async fn setup() -> (TestApp, reqwest::Client) {
    let app = TestApp::spawn_with(|config| config.courses_dir = fixture("courses-ok")).await;
    import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    (app, client)
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let response = client.post(app.url(path)).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Moves the previous event of every lesson `seconds` into the past, as if that much
/// time had passed since: the server credits reading time from its own clock, never
/// more than really passed since a lesson's previous event.
pub async fn rewind(app: &TestApp, seconds: i64) {
    use aula::db::progress::lesson;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let db = app.state.db();
    for row in lesson::Entity::find().all(db).await.unwrap() {
        let at = row.last_event_at - chrono::Duration::seconds(seconds);
        let mut row: lesson::ActiveModel = row.into();
        row.last_event_at = Set(at);
        row.update(db).await.unwrap();
    }
}

/// The learner's progress, as `GET /api/v1/me/progress` reports it.
pub async fn progress(app: &TestApp, client: &reqwest::Client) -> Value {
    client
        .get(app.url("/api/v1/me/progress"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn module<'a>(progress: &'a Value, id: &str) -> &'a Value {
    progress["courses"][0]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap()
}

#[tokio::test]
async fn a_retried_event_is_counted_once() {
    let (app, client) = setup().await;
    let started = json!({"lesson": "corso-prova/modulo-a/prima-lezione", "event": "started"});
    assert_eq!(
        post(&app, &client, "/api/v1/progress", started).await.0,
        200
    );
    rewind(&app, 30).await;
    let event = json!({"lesson": "corso-prova/modulo-a/prima-lezione", "event": "heartbeat", "seconds": 30, "id": "battito-1"});
    assert_eq!(
        post(&app, &client, "/api/v1/progress", event.clone()).await,
        (200, json!({"status": "recorded"}))
    );
    assert_eq!(
        post(&app, &client, "/api/v1/progress", event).await,
        (200, json!({"status": "duplicate"}))
    );
    rewind(&app, 30).await;
    let other = json!({"lesson": "corso-prova/modulo-a/prima-lezione", "event": "heartbeat", "seconds": 30, "id": "battito-2"});
    assert_eq!(post(&app, &client, "/api/v1/progress", other).await.0, 200);
    let p = progress(&app, &client).await;
    let lesson = &module(&p, "modulo-a")["lessons"][0];
    assert_eq!(
        lesson["seconds"], 60,
        "two distinct heartbeats, the retry not counted"
    );
    assert_eq!(lesson["status"], "in_progress");

    // Bad input gets a 4xx, never a record.
    let (status, _) = post(
        &app,
        &client,
        "/api/v1/progress",
        json!({"lesson": "corso-prova/x/y", "event": "started"}),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post(&app, &client, "/api/v1/progress", json!({"lesson": "corso-prova/modulo-a/prima-lezione", "event": "started", "seconds": 100000})).await;
    assert_eq!(status, 422);
    let (status, _) = post(
        &app,
        &client,
        "/api/v1/progress",
        json!({"lesson": "corso-prova/modulo-a/prima-lezione", "event": "finito"}),
    )
    .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_batch_of_events_is_recorded_whole_or_not_at_all() {
    let (app, client) = setup().await;
    let first = "corso-prova/modulo-a/prima-lezione";
    let second = "corso-prova/modulo-a/seconda-lezione";
    let beat = |lesson: &str, id: &str, seconds: i32| json!({"lesson": lesson, "event": "heartbeat", "seconds": seconds, "id": id});

    // One bad event refuses the batch and is named; nothing of the batch is written.
    let (status, body) = post(
        &app,
        &client,
        "/api/v1/progress",
        json!({"events": [beat(first, "b-1", 30), beat(second, "b-2", 100000)]}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "events[1].seconds");
    let (status, body) = post(
        &app,
        &client,
        "/api/v1/progress",
        json!({"events": [beat(first, "b-1", 30), {"lesson": "corso-prova/x/y", "event": "started"}]}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "events[1].lesson");
    for events in [json!([]), json!(vec![beat(first, "b-1", 1); 501])] {
        let (status, body) = post(
            &app,
            &client,
            "/api/v1/progress",
            json!({ "events": events }),
        )
        .await;
        assert_eq!((status, &body["error"]["field"]), (422, &json!("events")));
    }
    let p = progress(&app, &client).await;
    assert_eq!(
        module(&p, "modulo-a")["lessons"][0]["status"],
        "not_started"
    );
    assert_eq!(
        module(&p, "modulo-a")["lessons"][1]["status"],
        "not_started"
    );

    // A good batch: one outcome per event, in order; an id already recorded and an id
    // repeated inside the batch are counted once.
    let started = json!({"lesson": first, "event": "started"});
    assert_eq!(
        post(&app, &client, "/api/v1/progress", started).await.0,
        200
    );
    rewind(&app, 10).await;
    assert_eq!(
        post(&app, &client, "/api/v1/progress", beat(first, "b-0", 10)).await,
        (200, json!({"status": "recorded"}))
    );
    let batch = json!({"events": [
        beat(first, "b-0", 10),
        beat(first, "b-1", 30),
        beat(first, "b-1", 30),
        {"lesson": second, "event": "started", "id": "b-3"},
    ]});
    rewind(&app, 30).await;
    let statuses = |s: [&str; 4]| json!({"events": s.map(|s| json!({"status": s}))});
    assert_eq!(
        post(&app, &client, "/api/v1/progress", batch.clone()).await,
        (
            200,
            statuses(["duplicate", "recorded", "duplicate", "recorded"])
        )
    );
    assert_eq!(
        post(&app, &client, "/api/v1/progress", batch).await,
        (200, statuses(["duplicate"; 4])),
        "a retried batch records nothing"
    );
    let p = progress(&app, &client).await;
    let lessons = &module(&p, "modulo-a")["lessons"];
    assert_eq!(lessons[0]["seconds"], 40);
    assert_eq!(lessons[0]["status"], "in_progress");
    assert_eq!(lessons[1]["status"], "in_progress");

    // The largest batch (written over several statements), every event counted (the
    // time it claims has passed).
    rewind(&app, 1500).await;
    let events: Vec<Value> = (0..500)
        .map(|n| beat(second, &format!("g-{n}"), 3))
        .collect();
    let (status, body) = post(
        &app,
        &client,
        "/api/v1/progress",
        json!({ "events": events }),
    )
    .await;
    assert_eq!(status, 200);
    let acks = body["events"].as_array().unwrap();
    assert_eq!(acks.len(), 500);
    assert!(acks.iter().all(|e| e["status"] == "recorded"));
    let p = progress(&app, &client).await;
    assert_eq!(module(&p, "modulo-a")["lessons"][1]["seconds"], 1500);
}

#[tokio::test]
async fn two_instances_recording_one_learner_at_once_keep_the_roll_up_exact() {
    let (app, client) = setup().await;
    let sibling = app.spawn_sibling().await;
    let sibling_client = sibling.client_as(LEARNER).await;
    // Each round, both instances record a batch of the same learner and course at
    // once, each on a lesson of its own (so no lesson row serialises them), and the
    // first round also submits the module quiz. After every round the roll-up must
    // agree with the rows it summarises: a refresh that read before the other
    // instance committed, then wrote after it, would leave it short.
    assert_eq!(get_quiz_status(&app, &client).await, 200);
    for round in 0..40 {
        // Time passes between rounds, so each credits reading time (from round 1: the
        // lessons' first events credit none).
        rewind(&app, 60).await;
        let batch = |lesson: &str, side: &str| {
            let events: Vec<Value> = (0..5)
                .map(|k| json!({"lesson": lesson, "event": "heartbeat", "seconds": 7, "id": format!("{side}-{round}-{k}")}))
                .collect();
            json!({ "events": events })
        };
        let quiz = async {
            if round == 0 {
                let (status, graded) = post(
                    &app,
                    &client,
                    "/api/v1/quizzes/corso-prova/modulo-a/attempts",
                    json!({"answers": right_answers()}),
                )
                .await;
                assert_eq!((status, graded["passed"].as_bool()), (200, Some(true)));
            }
        };
        let (one, other, ()) = tokio::join!(
            post(
                &app,
                &client,
                "/api/v1/progress",
                batch("corso-prova/modulo-a/prima-lezione", "a")
            ),
            post(
                &sibling,
                &sibling_client,
                "/api/v1/progress",
                batch("corso-prova/modulo-b/lezione-b", "b")
            ),
            quiz,
        );
        assert_eq!((one.0, other.0), (200, 200));
        assert_roll_up_exact(&app, round).await;
    }
}

/// Every roll-up row of the fixture course agrees with the lesson rows it summarises.
async fn assert_roll_up_exact(app: &TestApp, round: usize) {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.state.db();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT cp.seconds, cp.lessons_started, \
               (SELECT SUM(lp.seconds) FROM lesson_progress lp WHERE lp.user_id = cp.user_id AND lp.course_id = cp.course_id) AS summed, \
               (SELECT COUNT(*) FROM lesson_progress lp WHERE lp.user_id = cp.user_id AND lp.course_id = cp.course_id) AS started \
             FROM course_progress cp WHERE cp.course_id = 'corso-prova'",
        ))
        .await
        .unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let rolled: (i64, i64) = (
            row.try_get("", "seconds").unwrap(),
            row.try_get("", "lessons_started").unwrap(),
        );
        let counted: (i64, i64) = (
            row.try_get::<Option<i64>>("", "summed")
                .unwrap()
                .unwrap_or(0),
            row.try_get("", "started").unwrap(),
        );
        assert_eq!(
            rolled, counted,
            "round {round}: roll-up (seconds, lessons started) against the rows"
        );
    }
}

async fn get_quiz_status(app: &TestApp, client: &reqwest::Client) -> u16 {
    client
        .get(app.url("/api/v1/quizzes/corso-prova/modulo-a"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn complete_lessons(app: &TestApp, client: &reqwest::Client, lessons: &[&str]) {
    for lesson in lessons {
        let (status, _) = post(
            app,
            client,
            "/api/v1/progress",
            json!({"lesson": lesson, "event": "completed"}),
        )
        .await;
        assert_eq!(status, 200);
    }
}

fn right_answers() -> Value {
    json!({"definizioni": ["a"], "uffici": ["a", "b"], "vero-falso": ["vero"]})
}

#[tokio::test]
async fn a_module_completes_only_after_its_quiz_is_passed() {
    let (app, client) = setup().await;
    complete_lessons(
        &app,
        &client,
        &[
            "corso-prova/modulo-a/prima-lezione",
            "corso-prova/modulo-a/seconda-lezione",
        ],
    )
    .await;
    let p = progress(&app, &client).await;
    let m = module(&p, "modulo-a");
    assert_eq!(m["completed"], false, "lessons done, quiz not passed");
    assert_eq!(m["percent"], 67, "2 of 3 items");

    let quiz: Value = client
        .get(app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-a")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(quiz["questions"].as_array().unwrap().len(), 3);
    let (status, graded) = post(
        &app,
        &client,
        &format!("/api/v1/quizzes/{COURSE}/modulo-a/attempts"),
        json!({"answers": right_answers()}),
    )
    .await;
    assert_eq!(status, 200, "{graded}");
    assert_eq!(graded["passed"], true);
    assert_eq!(graded["percent"], 100.0);
    assert_eq!(graded["module_completed"], true);
    // Feedback comes in the attempt's shuffled order: look the question up by id.
    let definizioni = graded["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["question"] == "definizioni")
        .unwrap();
    assert!(
        definizioni["explanation_html"]
            .as_str()
            .unwrap()
            .contains("/library/dlgs-999-2099/art-1"),
        "feedback links the article: {definizioni}"
    );

    let p = progress(&app, &client).await;
    let m = module(&p, "modulo-a");
    assert_eq!(m["completed"], true);
    assert_eq!(m["percent"], 100);
    assert_eq!(m["quiz"]["attempts"], 1);
    assert_eq!(p["courses"][0]["percent"], 60, "3 of 5 items in the course");
    assert!(p["courses"][0]["completed_at"].is_null());

    // The second module completes the course.
    complete_lessons(&app, &client, &["corso-prova/modulo-b/lezione-b"]).await;
    client
        .get(app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-b")))
        .send()
        .await
        .unwrap();
    let (_, graded) = post(
        &app,
        &client,
        &format!("/api/v1/quizzes/{COURSE}/modulo-b/attempts"),
        json!({"answers": {"unica": ["vero"]}}),
    )
    .await;
    assert_eq!(graded["module_completed"], true);
    let p = progress(&app, &client).await;
    assert_eq!(p["courses"][0]["percent"], 100);
    assert!(
        p["courses"][0]["completed_at"].is_string(),
        "course completion stored with its date"
    );
}

#[tokio::test]
async fn passing_the_quiz_first_completes_the_module_with_the_last_lesson() {
    let (app, client) = setup().await;
    client
        .get(app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-a")))
        .send()
        .await
        .unwrap();
    let (_, graded) = post(
        &app,
        &client,
        &format!("/api/v1/quizzes/{COURSE}/modulo-a/attempts"),
        json!({"answers": right_answers()}),
    )
    .await;
    assert_eq!(graded["passed"], true);
    assert_eq!(graded["module_completed"], false, "lessons still missing");
    complete_lessons(
        &app,
        &client,
        &[
            "corso-prova/modulo-a/prima-lezione",
            "corso-prova/modulo-a/seconda-lezione",
        ],
    )
    .await;
    assert_eq!(
        module(&progress(&app, &client).await, "modulo-a")["completed"],
        true
    );
}

#[tokio::test]
async fn the_quiz_api_never_reveals_answers_and_keeps_its_order_across_reloads() {
    let (app, client) = setup().await;
    let url = app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-a"));
    let first: Value = client.get(&url).send().await.unwrap().json().await.unwrap();
    let text = first.to_string();
    assert!(
        !text.contains("correct") && !text.contains("feedback") && !text.contains("answer\""),
        "{text}"
    );
    let second: Value = client.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        first, second,
        "the same attempt, in the same order, on reload"
    );
    // The page shows the same order too.
    let page = client
        .get(app.url(&format!("/courses/{COURSE}/modulo-a/quiz")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let ids: Vec<&str> = first["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| page.find(&format!("name=\"q:{id}\"")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "page order {positions:?} follows the attempt"
    );
}

#[tokio::test]
async fn shuffling_varies_between_attempts() {
    let (app, client) = setup().await;
    let url = app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-a"));
    let mut orders = std::collections::BTreeSet::new();
    // Attempts are limited to 2 per learner; use fresh learners to draw many orders.
    for i in 0..12 {
        let email = format!("mescola{i}@comune.it");
        aula::accounts::users::add(
            app.state.db(),
            aula::accounts::users::NewUser {
                email: email.clone(),
                name: format!("Mescola {i}"),
                role: "learner".into(),
                municipality: Some("010025".into()),
                sector: Some("altro".into()),
                password: Some(aula::demo::DEMO_PASSWORD.into()),
                ..Default::default()
            },
            &app.state.course_ids(),
        )
        .await
        .unwrap();
        let c = app.client_as(&email).await;
        let q: Value = c.get(&url).send().await.unwrap().json().await.unwrap();
        let order: Vec<String> = q["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_str().unwrap().to_string())
            .collect();
        orders.insert(order);
    }
    let _ = client;
    assert!(orders.len() > 1, "12 attempts never shuffled differently");
}

#[tokio::test]
async fn attempts_are_limited_and_submitted_once() {
    let (app, client) = setup().await;
    let quiz = format!("/api/v1/quizzes/{COURSE}/modulo-a");
    let attempts = format!("{quiz}/attempts");
    let first: Value = client
        .get(app.url(&quiz))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, _) = post(
        &app,
        &client,
        &attempts,
        json!({"answers": {"definizioni": ["b"]}}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = post(
        &app,
        &client,
        &attempts,
        json!({"answers": {}, "attempt": first["attempt"]}),
    )
    .await;
    assert_eq!(
        status, 409,
        "a second submission of the same attempt: {body}"
    );
    let (status, _) = post(&app, &client, &attempts, json!({"answers": {}})).await;
    assert_eq!(status, 409, "no open attempt");
    // The fixture allows 2 attempts.
    client.get(app.url(&quiz)).send().await.unwrap();
    let (status, _) = post(&app, &client, &attempts, json!({"answers": {}})).await;
    assert_eq!(status, 200);
    let third = client.get(app.url(&quiz)).send().await.unwrap();
    assert_eq!(third.status(), 409);
    let body: Value = third.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2 tentativi")
    );
}

#[tokio::test]
async fn unknown_questions_and_options_get_a_4xx_and_change_nothing() {
    let (app, client) = setup().await;
    let quiz = format!("/api/v1/quizzes/{COURSE}/modulo-a");
    client.get(app.url(&quiz)).send().await.unwrap();
    for answers in [
        json!({"inventata": ["a"]}),
        json!({"definizioni": ["z"]}),
        json!({"definizioni": ["a", "b"]}),
        json!({"uffici": ["a", "a"]}),
    ] {
        let (status, _) = post(
            &app,
            &client,
            &format!("{quiz}/attempts"),
            json!({"answers": answers}),
        )
        .await;
        assert_eq!(status, 422, "{answers}");
    }
    let (status, graded) = post(
        &app,
        &client,
        &format!("{quiz}/attempts"),
        json!({"answers": right_answers()}),
    )
    .await;
    assert_eq!(
        (status, graded["passed"].clone()),
        (200, json!(true)),
        "the attempt stayed open"
    );
}

#[tokio::test]
async fn scoring_gives_partial_credit_on_multiple_choice() {
    let (app, client) = setup().await;
    let quiz = format!("/api/v1/quizzes/{COURSE}/modulo-a");
    client.get(app.url(&quiz)).send().await.unwrap();
    // definizioni right (1), uffici one right of two (0.5), vero-falso wrong (0).
    let (_, graded) = post(
        &app,
        &client,
        &format!("{quiz}/attempts"),
        json!({"answers": {"definizioni": ["a"], "uffici": ["a"], "vero-falso": ["falso"]}}),
    )
    .await;
    assert_eq!(graded["score"], 1.5);
    assert_eq!(graded["max_score"], 3.0);
    assert_eq!(graded["percent"], 50.0);
    assert_eq!(graded["passed"], false, "the fixture threshold is 60%");
    let uffici = graded["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["question"] == "uffici")
        .unwrap();
    assert_eq!(uffici["score"], 0.5);
    assert_eq!(uffici["correct"], false);
}

#[tokio::test]
async fn the_quiz_page_counts_every_ticked_checkbox() {
    let (app, client) = setup().await;
    let url = app.url(&format!("/courses/{COURSE}/modulo-a/quiz"));
    let page = client.get(&url).send().await.unwrap().text().await.unwrap();
    let csrf = crate::helpers::csrf_in(&page);
    let marker = "name=\"attempt\" value=\"";
    let start = page.find(marker).expect("the attempt field") + marker.len();
    let attempt: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let not_a_form = client
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&json!({"q:definizioni": "a"}))
        .send()
        .await
        .unwrap();
    assert_eq!(not_a_form.status(), 415);
    // A checkbox question sends its field once per ticked option.
    let result = client
        .post(&url)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("attempt", &attempt),
            ("q:definizioni", "a"),
            ("q:uffici", "a"),
            ("q:uffici", "b"),
            ("q:vero-falso", "vero"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(result.status(), 200);
    let html = result.text().await.unwrap();
    assert!(html.contains("Art. 1-bis; Art. 2"), "both options chosen");
    assert_eq!(html.matches("feedback is-correct").count(), 3, "{html}");
}

#[tokio::test]
async fn a_late_submission_is_refused_and_closes_the_attempt() {
    let (app, client) = setup().await;
    let quiz = format!("/api/v1/quizzes/{COURSE}/modulo-a");
    let opened: Value = client
        .get(app.url(&quiz))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        opened["deadline"].is_string(),
        "the fixture quiz has a 10-minute limit"
    );
    // Move the deadline into the past, as if the learner had left the page open.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    aula::db::progress::attempt::Entity::update_many()
        .col_expr(
            aula::db::progress::attempt::Column::DeadlineAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(5)),
        )
        .filter(
            aula::db::progress::attempt::Column::Id.eq(opened["attempt"].as_i64().unwrap() as i32),
        )
        .exec(app.state.db())
        .await
        .unwrap();
    let (status, body) = post(
        &app,
        &client,
        &format!("{quiz}/attempts"),
        json!({"answers": right_answers()}),
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("tempo scaduto")
    );
    let p = progress(&app, &client).await;
    assert_eq!(
        module(&p, "modulo-a")["quiz"]["attempts"],
        1,
        "the late attempt counts, failed"
    );
    assert_eq!(module(&p, "modulo-a")["quiz"]["passed"], false);
}

#[tokio::test]
async fn the_lesson_page_button_completes_without_javascript() {
    let (app, client) = setup().await;
    let page = client
        .get(app.url("/courses/corso-prova/modulo-a/prima-lezione"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Segna come completata"));
    let csrf = crate::helpers::csrf_in(&page);
    let done = client
        .post(app.url("/courses/corso-prova/modulo-a/prima-lezione/complete"))
        .form(&[("csrf_token", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    let page = client
        .get(app.url("/courses/corso-prova/modulo-a/prima-lezione"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Lezione completata"));
    let course = client
        .get(app.url("/courses/corso-prova"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(course.contains("status-completed"));
}
