//! M6: reading time was whatever the client said: 500 heartbeats of 300 s each
//! credited 41.7 hours in 12 ms. Now the server credits no more than really passed
//! since the learner's previous event on the lesson (by its own clock), at most what
//! was claimed, and at most 8 hours a day. Time "passing" in the normal-cadence tests
//! is simulated by moving the stored time of the previous event back.

use std::time::Instant;

use aula::progress::reading::MAX_SECONDS_PER_DAY;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::corpus::fixture;
use crate::helpers::{ADMIN, LEARNER, TestApp};
use crate::progress::{progress, rewind};

const FIRST: &str = "corso-prova/modulo-a/prima-lezione";
const SECOND: &str = "corso-prova/modulo-a/seconda-lezione";

async fn setup() -> (TestApp, reqwest::Client) {
    let app = TestApp::spawn_with(|config| config.courses_dir = fixture("courses-ok")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    (app, client)
}

async fn send(app: &TestApp, client: &reqwest::Client, body: Value) {
    let response = client
        .post(app.url("/api/v1/progress"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{body}");
}

fn beat(lesson: &str, seconds: i32) -> Value {
    json!({"lesson": lesson, "event": "heartbeat", "seconds": seconds})
}

/// Seconds credited to the learner on `lesson`.
async fn credited(app: &TestApp, client: &reqwest::Client, lesson: &str) -> i64 {
    progress(app, client).await["courses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["modules"].as_array().unwrap())
        .flat_map(|m| m["lessons"].as_array().unwrap())
        .find(|l| l["id"] == lesson)
        .and_then(|l| l["seconds"].as_i64())
        .unwrap()
}

/// Seconds the tutor report shows for the learner (the course roll-up).
async fn reported(app: &TestApp) -> i64 {
    let admin = app.client_as(ADMIN).await;
    let rows: Vec<Value> = admin
        .get(app.url("/api/v1/reports/learners?course=corso-prova"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    rows.iter()
        .find(|r| r["email"] == LEARNER)
        .and_then(|r| r["seconds"].as_i64())
        .unwrap()
}

#[tokio::test]
async fn a_burst_of_heartbeats_credits_no_more_than_the_time_that_passed() {
    let (app, client) = setup().await;
    let sibling = app.spawn_sibling().await;
    let sibling_client = sibling.client_as(LEARNER).await;
    let start = Instant::now();
    send(&app, &client, json!({"lesson": FIRST, "event": "started"})).await;
    send(&app, &client, json!({"lesson": SECOND, "event": "started"})).await;

    // The attack: 500 heartbeats of 300 s each, at once, through two instances; and
    // 500 more in one batch.
    let burst = (0..500).map(|i| {
        let (app, client) = if i % 2 == 0 {
            (&app, &client)
        } else {
            (&sibling, &sibling_client)
        };
        send(app, client, beat(FIRST, 300))
    });
    join_all(burst).await;
    let batch: Vec<Value> = (0..500).map(|_| beat(SECOND, 300)).collect();
    send(&app, &client, json!({ "events": batch })).await;
    let elapsed = start.elapsed();

    let first = credited(&app, &client, FIRST).await;
    let second = credited(&app, &client, SECOND).await;
    let report = reported(&app).await;
    println!(
        "1,000 heartbeats claiming 300 s each (300,000 s) in {} ms credited {first} s + \
         {second} s; the tutor report shows {report} s",
        elapsed.as_millis()
    );
    // Each lesson is credited at most the time that passed; the report adds up the
    // two lessons, which were open at the same time.
    let bound = elapsed.as_secs_f64();
    for (what, seconds) in [("burst", first), ("batch", second)] {
        assert!(
            seconds as f64 <= bound,
            "{what}: {seconds} s credited in {bound:.1} s of real time"
        );
    }
    assert_eq!(
        report,
        first + second,
        "the report shows what the lessons were credited"
    );
}

#[tokio::test]
async fn a_normal_cadence_is_credited_in_full() {
    let (app, client) = setup().await;
    send(&app, &client, json!({"lesson": FIRST, "event": "started"})).await;
    assert_eq!(
        credited(&app, &client, FIRST).await,
        0,
        "the first event credits nothing"
    );
    for _ in 0..10 {
        rewind(&app, 30).await;
        send(&app, &client, beat(FIRST, 30)).await;
    }
    assert_eq!(credited(&app, &client, FIRST).await, 300);
    // A page that reports less than passed (it was hidden meanwhile) gets what it says.
    rewind(&app, 60).await;
    send(&app, &client, beat(FIRST, 20)).await;
    assert_eq!(credited(&app, &client, FIRST).await, 320);
    // A page offline for ten minutes sends its queue at once: all of it passed.
    rewind(&app, 600).await;
    let queue: Vec<Value> = (0..20).map(|_| beat(FIRST, 30)).collect();
    send(&app, &client, json!({ "events": queue })).await;
    assert_eq!(credited(&app, &client, FIRST).await, 920);
    assert_eq!(reported(&app).await, 920);
}

#[tokio::test]
async fn a_day_credits_at_most_eight_hours() {
    let (app, client) = setup().await;
    send(&app, &client, json!({"lesson": FIRST, "event": "started"})).await;
    send(&app, &client, json!({"lesson": SECOND, "event": "started"})).await;
    // As if the lessons had been open for eleven hours, with a full queue of beats.
    rewind(&app, 40_000).await;
    let queue: Vec<Value> = (0..500).map(|_| beat(FIRST, 300)).collect();
    send(&app, &client, json!({ "events": queue })).await;
    assert_eq!(
        credited(&app, &client, FIRST).await,
        i64::from(MAX_SECONDS_PER_DAY)
    );
    let more: Vec<Value> = (0..10).map(|_| beat(SECOND, 300)).collect();
    send(&app, &client, json!({ "events": more })).await;
    assert_eq!(
        credited(&app, &client, SECOND).await,
        0,
        "the day is used up, whatever the lesson"
    );
}
