//! Durability under kill -9: the real `aula serve` takes progress events and quiz
//! attempts from 64 concurrent learners, is killed with SIGKILL mid-load and started
//! again on the same database. Every write answered 2xx must be there, none twice; a
//! request in flight at the kill (at most one per learner) may or may not be.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aula::accounts::api_tokens::{self, NewToken};
use aula::accounts::users::{self, NewUser};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::TestDb;

/// Concurrent learners, each a client of its own.
const CLIENTS: usize = 64;
/// Writes acknowledged before the kill.
const KILL_AFTER: usize = 600;
/// Every how many requests a learner takes a quiz.
const QUIZ_EVERY: usize = 4;

/// A small course of two modules with a quiz each (two attempts allowed): the server
/// starts quickly, and the learners' writes are events and attempts alike.
fn courses_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/courses-ok")
}

/// Starts `aula serve` on `port`, its log in `log`: no scheduled job, nothing reaching
/// the internet.
fn serve(db: &TestDb, port: u16, log: &Path) -> Server {
    let log = std::fs::File::create(log).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_aula"))
        .arg("serve")
        .current_dir(db.dir.path())
        .env("AULA_DATABASE_URL", &db.url)
        .env("AULA_BIND", format!("127.0.0.1:{port}"))
        .env("AULA_METRICS__BIND", "127.0.0.1:0")
        .env("AULA_COURSES_DIR", courses_dir())
        .env("AULA_REMINDERS__CRON", "")
        .env("AULA_LIBRARY__FETCH_CRON", "")
        .env("AULA_LIBRARY__NORMATTIVA_URL", "http://127.0.0.1:9")
        .env("AULA_PRIVACY__RETENTION_CRON", "")
        .env("AULA_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start aula serve");
    Server(child)
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

async fn wait_ready(base: &str, server: &mut Server, log: &Path) {
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/readyz")).await
            && r.status() == 200
        {
            return;
        }
        if let Some(status) = server.0.try_wait().unwrap() {
            panic!(
                "aula serve exited with {status}:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not come up:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A write whose answer is awaited.
#[derive(Debug, Clone)]
enum Write {
    /// A progress event, with its client id or without one.
    Event(Option<String>),
    /// The submission of a quiz attempt.
    Attempt(i32),
}

/// What one learner saw.
#[derive(Debug, Default)]
struct Seen {
    /// Client ids of the events answered 200.
    event_ids: Vec<String>,
    /// Events without a client id answered 200.
    events_without_id: usize,
    /// Attempts whose submission was answered 200.
    attempts: Vec<i32>,
    /// The write in flight when the server went away, if any.
    in_flight: Option<Write>,
    /// Answers other than 200 before the kill (there should be none).
    refused: Vec<String>,
}

/// A learner's course: lessons to send events for, modules whose quiz it may take.
struct Plan {
    course: String,
    lessons: Vec<String>,
    quizzes: Vec<String>,
}

/// How a write was answered.
enum Answer {
    /// 200, the body read to the end.
    Ok,
    /// Another status.
    Refused(reqwest::StatusCode),
    /// No answer: the server went away.
    Gone,
}

async fn answered(sent: reqwest::Result<reqwest::Response>) -> Answer {
    match sent {
        Err(_) => Answer::Gone,
        Ok(r) if r.status() != 200 => Answer::Refused(r.status()),
        Ok(r) => match r.bytes().await {
            Ok(_) => Answer::Ok,
            Err(_) => Answer::Gone,
        },
    }
}

/// The server's process, killed if the test ends early.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// One learner sending writes back to back until the server goes away.
async fn learner(
    base: String,
    token: String,
    c: usize,
    plan: Arc<Plan>,
    acknowledged: Arc<AtomicUsize>,
) -> Seen {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let auth = format!("Bearer {token}");
    let mut seen = Seen::default();
    let mut quizzes: Vec<String> = plan.quizzes.clone();
    for n in 0.. {
        if n % QUIZ_EVERY == QUIZ_EVERY - 1
            && let Some(module) = quizzes.first().cloned()
        {
            let url = format!("{base}/api/v1/quizzes/{}/{module}", plan.course);
            let Ok(open) = client.get(&url).header("authorization", &auth).send().await else {
                return seen;
            };
            if open.status() == 409 {
                // No attempts left in this module: the next one.
                quizzes.remove(0);
                continue;
            }
            if open.status() != 200 {
                seen.refused.push(format!("GET quiz: {}", open.status()));
                return seen;
            }
            let Ok(view) = open.json::<serde_json::Value>().await else {
                return seen;
            };
            let attempt = i32::try_from(view["attempt"].as_i64().unwrap()).unwrap();
            let answers: serde_json::Map<String, serde_json::Value> = view["questions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| {
                    (
                        q["id"].as_str().unwrap().to_string(),
                        serde_json::json!([q["options"][0]["id"]]),
                    )
                })
                .collect();
            seen.in_flight = Some(Write::Attempt(attempt));
            let sent = client
                .post(format!("{url}/attempts"))
                .header("authorization", &auth)
                .json(&serde_json::json!({"answers": answers, "attempt": attempt}))
                .send()
                .await;
            match answered(sent).await {
                Answer::Ok => {
                    seen.attempts.push(attempt);
                    seen.in_flight = None;
                    acknowledged.fetch_add(1, Ordering::Relaxed);
                }
                Answer::Refused(status) => {
                    seen.refused.push(format!("attempt {attempt}: {status}"));
                    return seen;
                }
                Answer::Gone => return seen,
            }
            continue;
        }
        // Every other event carries a client id: those are checked one by one, the
        // others by count.
        let id = (n % 2 == 0).then(|| format!("k{c}-{n}"));
        let body = serde_json::json!({
            "lesson": plan.lessons[n % plan.lessons.len()],
            "event": if n < plan.lessons.len() { "started" } else { "heartbeat" },
            "seconds": 1,
            "id": id,
        });
        seen.in_flight = Some(Write::Event(id.clone()));
        let sent = client
            .post(format!("{base}/api/v1/progress"))
            .header("authorization", &auth)
            .json(&body)
            .send()
            .await;
        match answered(sent).await {
            Answer::Ok => {
                match id {
                    Some(id) => seen.event_ids.push(id),
                    None => seen.events_without_id += 1,
                }
                seen.in_flight = None;
                acknowledged.fetch_add(1, Ordering::Relaxed);
            }
            Answer::Refused(status) => {
                seen.refused.push(format!("event: {status}"));
                return seen;
            }
            Answer::Gone => return seen,
        }
    }
    seen
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
}

#[tokio::test]
async fn kill_9_loses_no_acknowledged_write_and_doubles_none() {
    let db = TestDb::new().await;
    let conn = aula::db::connect(&db.url).await.unwrap();
    aula::db::migrate(&conn).await.unwrap();
    let (catalog, _) = aula::content::load::load(&courses_dir(), &Default::default());
    let course_ids: Vec<String> = catalog.courses.iter().map(|c| c.id.clone()).collect();
    aula::demo::load(&conn, &course_ids).await.unwrap();
    let course = &catalog.courses[0];
    let plan = Arc::new(Plan {
        course: course.id.clone(),
        lessons: course
            .modules
            .iter()
            .flat_map(|m| m.lessons.iter().map(|l| l.id.clone()))
            .collect(),
        quizzes: course
            .modules
            .iter()
            .filter(|m| m.quiz.is_some())
            .map(|m| m.id.clone())
            .collect(),
    });
    assert!(!plan.quizzes.is_empty(), "the course has quizzes");

    // 64 learners with a token each (no password to hash), attributable by user id.
    let mut learners = Vec::new();
    for c in 0..CLIENTS {
        let user = users::add(
            &conn,
            NewUser {
                email: format!("durata{c}@comune.it"),
                name: format!("Durata {c}"),
                role: "learner".into(),
                municipality: Some("010025".into()),
                sector: Some("altro".into()),
                ..NewUser::default()
            },
            &course_ids,
        )
        .await
        .unwrap();
        let (_, secret) = api_tokens::create(
            &conn,
            &user,
            NewToken {
                name: "durata".into(),
                scopes: vec!["progress:write".into()],
                days: None,
            },
        )
        .await
        .unwrap();
        learners.push((user.id, secret));
    }
    conn.close().await.unwrap();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let first_log = db.dir.path().join("serve-1.log");
    let mut server = serve(&db, port, &first_log);
    wait_ready(&base, &mut server, &first_log).await;

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = learners
        .iter()
        .enumerate()
        .map(|(c, (_, token))| {
            tokio::spawn(learner(
                base.clone(),
                token.clone(),
                c,
                plan.clone(),
                acknowledged.clone(),
            ))
        })
        .collect();
    let started = Instant::now();
    while acknowledged.load(Ordering::Relaxed) < KILL_AFTER {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "only {} writes acknowledged in a minute:\n{}",
            acknowledged.load(Ordering::Relaxed),
            std::fs::read_to_string(&first_log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL, mid-load.
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    let mut seen = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap());
    }

    // Started again on the same database, it serves.
    let second_log = db.dir.path().join("serve-2.log");
    let mut server = serve(&db, port, &second_log);
    wait_ready(&base, &mut server, &second_log).await;
    let after = reqwest::Client::new()
        .post(format!("{base}/api/v1/progress"))
        .header("authorization", format!("Bearer {}", learners[0].1))
        .json(&serde_json::json!({"lesson": plan.lessons[0], "event": "heartbeat", "seconds": 1, "id": "after-restart"}))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200, "the restarted server records events");

    // What the database holds, per learner.
    let conn = aula::db::connect(&db.url).await.unwrap();
    let user_of: HashMap<i32, usize> = learners
        .iter()
        .enumerate()
        .map(|(c, (id, _))| (*id, c))
        .collect();
    let mut ids_stored: Vec<HashMap<String, usize>> = vec![HashMap::new(); CLIENTS];
    let mut without_id_stored = vec![0usize; CLIENTS];
    for row in rows(&conn, "SELECT user_id, client_id FROM progress_events").await {
        let user: i32 = row.try_get("", "user_id").unwrap();
        let Some(&c) = user_of.get(&user) else {
            continue;
        };
        match row.try_get::<Option<String>>("", "client_id").unwrap() {
            Some(id) => *ids_stored[c].entry(id).or_default() += 1,
            None => without_id_stored[c] += 1,
        }
    }
    let mut attempts_stored: Vec<HashSet<i32>> = vec![HashSet::new(); CLIENTS];
    for row in rows(
        &conn,
        "SELECT id, user_id FROM quiz_attempts WHERE submitted_at IS NOT NULL",
    )
    .await
    {
        let user: i32 = row.try_get("", "user_id").unwrap();
        if let Some(&c) = user_of.get(&user) {
            attempts_stored[c].insert(row.try_get("", "id").unwrap());
        }
    }
    let mut rollup_attempts = vec![0i64; CLIENTS];
    for row in rows(&conn, "SELECT user_id, quiz_attempts FROM course_progress").await {
        let user: i32 = row.try_get("", "user_id").unwrap();
        if let Some(&c) = user_of.get(&user) {
            rollup_attempts[c] += row.try_get::<i64>("", "quiz_attempts").unwrap();
        }
    }
    conn.close().await.unwrap();

    let mut problems = Vec::new();
    let (mut lost, mut doubled, mut in_flight_kept) = (0, 0, 0);
    for (c, seen) in seen.iter().enumerate() {
        problems.extend(seen.refused.iter().map(|r| format!("learner {c}: {r}")));
        let mut ids = ids_stored[c].clone();
        if c == 0 {
            ids.remove("after-restart");
        }
        for id in &seen.event_ids {
            match ids.remove(id) {
                None => {
                    lost += 1;
                    problems.push(format!("learner {c}: acknowledged event {id} lost"));
                }
                Some(1) => {}
                Some(n) => {
                    doubled += 1;
                    problems.push(format!("learner {c}: event {id} stored {n} times"));
                }
            }
        }
        // What remains may only be the event in flight at the kill.
        for (id, n) in ids {
            if matches!(&seen.in_flight, Some(Write::Event(Some(f))) if *f == id) && n == 1 {
                in_flight_kept += 1;
            } else {
                problems.push(format!(
                    "learner {c}: event {id} stored {n} times, never acknowledged"
                ));
            }
        }
        let extra = usize::from(matches!(seen.in_flight, Some(Write::Event(None))));
        let stored = without_id_stored[c];
        if stored < seen.events_without_id {
            lost += seen.events_without_id - stored;
            problems.push(format!(
                "learner {c}: {} events without id acknowledged, {stored} stored",
                seen.events_without_id
            ));
        } else if stored > seen.events_without_id + extra {
            doubled += stored - seen.events_without_id;
            problems.push(format!(
                "learner {c}: {} events without id acknowledged ({extra} in flight), {stored} stored",
                seen.events_without_id
            ));
        } else {
            in_flight_kept += stored - seen.events_without_id;
        }
        let mut attempts = attempts_stored[c].clone();
        for attempt in &seen.attempts {
            if !attempts.remove(attempt) {
                lost += 1;
                problems.push(format!("learner {c}: acknowledged attempt {attempt} lost"));
            }
        }
        for attempt in attempts {
            if matches!(seen.in_flight, Some(Write::Attempt(f)) if f == attempt) {
                in_flight_kept += 1;
            } else {
                problems.push(format!(
                    "learner {c}: attempt {attempt} submitted, never acknowledged"
                ));
            }
        }
        let submitted = attempts_stored[c].len() as i64;
        if rollup_attempts[c] != submitted {
            problems.push(format!(
                "learner {c}: roll-up counts {} attempts, {submitted} submitted",
                rollup_attempts[c]
            ));
        }
    }
    let events: usize = seen
        .iter()
        .map(|s| s.event_ids.len() + s.events_without_id)
        .sum();
    let attempts: usize = seen.iter().map(|s| s.attempts.len()).sum();
    let in_flight = seen.iter().filter(|s| s.in_flight.is_some()).count();
    eprintln!(
        "kill -9: {events} events and {attempts} quiz attempts acknowledged, {in_flight} writes \
         in flight at the kill ({in_flight_kept} of them stored); {lost} lost, {doubled} doubled"
    );
    assert!(
        attempts > 0,
        "quiz attempts were acknowledged before the kill"
    );
    assert!(
        problems.is_empty(),
        "{} problems after kill -9 ({lost} lost, {doubled} doubled):\n{}",
        problems.len(),
        problems.join("\n")
    );
    drop(server);
}
