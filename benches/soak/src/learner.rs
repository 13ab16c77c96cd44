//! The learner: signs in, then, with a pause to read between each step, opens the
//! home and course pages, reads lessons (the page, its "started" event, heartbeats
//! while reading, "completed" at the end), takes a module's quiz, searches, and looks
//! at their progress.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use goose::prelude::*;
use rand::Rng as _;
use serde_json::{Value, json};

use crate::http;
use crate::plan::{self, SEARCHES};
use crate::sign_in::sign_in;

/// The learner scenario, with its weight among the scenarios.
pub fn scenario() -> Result<Scenario, GooseError> {
    Ok(scenario!("learner")
        .set_weight(plan::LEARNER_WEIGHT)?
        // Reading a page, thinking about a question: people are slow.
        .set_wait_time(Duration::from_secs(5), Duration::from_secs(25))?
        .register_transaction(transaction!(start).set_name("sign in").set_on_start())
        .register_transaction(transaction!(home).set_name("home").set_weight(1)?)
        .register_transaction(transaction!(course).set_name("course").set_weight(1)?)
        .register_transaction(transaction!(lesson).set_name("lesson").set_weight(4)?)
        .register_transaction(
            transaction!(heartbeat)
                .set_name("heartbeat")
                .set_weight(6)?,
        )
        .register_transaction(transaction!(complete).set_name("complete").set_weight(2)?)
        .register_transaction(transaction!(quiz).set_name("quiz").set_weight(1)?)
        .register_transaction(transaction!(search).set_name("search").set_weight(2)?)
        .register_transaction(transaction!(progress).set_name("progress").set_weight(1)?))
}

/// What one simulated learner remembers.
struct Learner {
    email: String,
    number: usize,
    signed_in: bool,
    /// The next lesson to open (an index into the plan's lessons).
    next_lesson: usize,
    /// The lesson being read.
    reading: Option<String>,
    /// Events sent, for their client ids.
    events: u64,
    /// Quizzes passed or out of attempts, by `course/module`.
    quizzes_done: HashSet<String>,
    /// Attempts submitted, by `course/module`.
    attempts: HashMap<String, u32>,
}

async fn start(user: &mut GooseUser) -> TransactionResult {
    let Some(plan) = plan::get() else {
        return Ok(());
    };
    let number = plan.take_learner();
    let lessons = plan.lessons.len().max(1);
    user.set_session_data(Learner {
        email: plan::learner_email(number),
        number,
        signed_in: false,
        // Learners are spread along the course, as in a running edition.
        next_lesson: number % lessons,
        reading: None,
        events: 0,
        quizzes_done: HashSet::new(),
        attempts: HashMap::new(),
    });
    ensure_signed_in(user).await.map(|_| ())
}

/// Signs in again when the first attempt failed; whether the session is open.
async fn ensure_signed_in(user: &mut GooseUser) -> Result<bool, Box<TransactionError>> {
    let Some(me) = user.get_session_data::<Learner>() else {
        return Ok(false);
    };
    if me.signed_in {
        return Ok(true);
    }
    let email = me.email.clone();
    let ok = sign_in(user, &email).await?;
    user.get_session_data_unchecked_mut::<Learner>().signed_in = ok;
    Ok(ok)
}

async fn home(user: &mut GooseUser) -> TransactionResult {
    if !ensure_signed_in(user).await? {
        return Ok(());
    }
    http::get_page(user, "/", "page: home", "/logout").await?;
    Ok(())
}

async fn course(user: &mut GooseUser) -> TransactionResult {
    let Some(plan) = plan::get() else {
        return Ok(());
    };
    if !ensure_signed_in(user).await? || plan.courses.is_empty() {
        return Ok(());
    }
    let pick = rand::rng().random_range(0..plan.courses.len());
    let path = format!("/courses/{}", plan.courses[pick]);
    http::get_page(user, &path, "page: course", "/logout").await?;
    Ok(())
}

/// Opens the next lesson and sends its "started" event, as the page's script does.
async fn lesson(user: &mut GooseUser) -> TransactionResult {
    let Some(plan) = plan::get() else {
        return Ok(());
    };
    if !ensure_signed_in(user).await? || plan.lessons.is_empty() {
        return Ok(());
    }
    let me = user.get_session_data_unchecked_mut::<Learner>();
    let lesson = plan.lessons[me.next_lesson % plan.lessons.len()].clone();
    let path = format!("/courses/{lesson}");
    if http::get_page(user, &path, "page: lesson", "data-progress-lesson")
        .await?
        .is_none()
    {
        return Ok(());
    }
    user.get_session_data_unchecked_mut::<Learner>().reading = Some(lesson.clone());
    send_event(user, &lesson, "started", 0, "api: progress started").await
}

/// A heartbeat of the lesson being read (the page sends one every 30 s).
async fn heartbeat(user: &mut GooseUser) -> TransactionResult {
    let Some(lesson) = reading(user) else {
        return Ok(());
    };
    let seconds = rand::rng().random_range(10..=30);
    send_event(
        user,
        &lesson,
        "heartbeat",
        seconds,
        "api: progress heartbeat",
    )
    .await
}

/// Marks the lesson being read completed and moves on to the next.
async fn complete(user: &mut GooseUser) -> TransactionResult {
    let Some(lesson) = reading(user) else {
        return Ok(());
    };
    send_event(user, &lesson, "completed", 30, "api: progress completed").await?;
    let me = user.get_session_data_unchecked_mut::<Learner>();
    me.reading = None;
    me.next_lesson += 1;
    Ok(())
}

fn reading(user: &GooseUser) -> Option<String> {
    user.get_session_data::<Learner>()
        .filter(|me| me.signed_in)
        .and_then(|me| me.reading.clone())
}

/// `POST /api/v1/progress` with one event in a batch, as `lesson.js` sends them, with
/// a client id of its own.
async fn send_event(
    user: &mut GooseUser,
    lesson: &str,
    event: &str,
    seconds: u32,
    name: &str,
) -> TransactionResult {
    let me = user.get_session_data_unchecked_mut::<Learner>();
    me.events += 1;
    let id = format!("soak-{}-{}", me.number, me.events);
    let body =
        json!({"events": [{"lesson": lesson, "event": event, "seconds": seconds, "id": id}]});
    http::json(
        user,
        GooseMethod::Post,
        "/api/v1/progress",
        name,
        Some(&body),
    )
    .await?;
    Ok(())
}

/// Opens a module's quiz (its attempt), answers every question, and submits.
async fn quiz(user: &mut GooseUser) -> TransactionResult {
    let Some(plan) = plan::get() else {
        return Ok(());
    };
    if !ensure_signed_in(user).await? {
        return Ok(());
    }
    let me = user.get_session_data_unchecked::<Learner>();
    let open: Vec<&String> = plan
        .quizzes
        .iter()
        .filter(|module| !me.quizzes_done.contains(*module))
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let module = open[rand::rng().random_range(0..open.len())].clone();
    let path = format!("/api/v1/quizzes/{module}");
    let Some(attempt) = http::json(user, GooseMethod::Get, &path, "api: quiz open", None).await?
    else {
        return Ok(());
    };
    let answers = answer(&attempt);
    // Reading and answering the questions takes a while.
    let thinking = Duration::from_secs(rand::rng().random_range(5..=20));
    tokio::time::sleep(thinking).await;
    let body = json!({"answers": answers, "attempt": attempt["attempt"]});
    let graded = http::json(
        user,
        GooseMethod::Post,
        &format!("{path}/attempts"),
        "api: quiz submit",
        Some(&body),
    )
    .await?;
    let me = user.get_session_data_unchecked_mut::<Learner>();
    let used = me.attempts.entry(module.clone()).or_insert(0);
    *used += 1;
    let allowed = attempt["attempts_allowed"].as_u64().unwrap_or(0);
    let number = attempt["number"].as_u64().unwrap_or(0);
    let passed = graded.is_some_and(|g| g["passed"].as_bool() == Some(true));
    if passed || (allowed > 0 && number >= allowed) {
        me.quizzes_done.insert(module);
    }
    Ok(())
}

/// An answer to every question: one option at random (two for a multiple choice).
fn answer(attempt: &Value) -> Value {
    let mut rng = rand::rng();
    let mut answers = serde_json::Map::new();
    for question in attempt["questions"].as_array().into_iter().flatten() {
        let options: Vec<&str> = question["options"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["id"].as_str())
            .collect();
        if options.is_empty() {
            continue;
        }
        let first = rng.random_range(0..options.len());
        let mut chosen = vec![options[first]];
        if question["kind"] == "multiple" && options.len() > 1 {
            chosen.push(options[(first + 1) % options.len()]);
        }
        if let Some(id) = question["id"].as_str() {
            answers.insert(id.to_string(), json!(chosen));
        }
    }
    Value::Object(answers)
}

async fn search(user: &mut GooseUser) -> TransactionResult {
    if !ensure_signed_in(user).await? {
        return Ok(());
    }
    let words = SEARCHES[rand::rng().random_range(0..SEARCHES.len())];
    let query: String = words
        .bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    http::get_page(
        user,
        &format!("/search?q={query}"),
        "page: search",
        "/logout",
    )
    .await?;
    Ok(())
}

async fn progress(user: &mut GooseUser) -> TransactionResult {
    if !ensure_signed_in(user).await? {
        return Ok(());
    }
    http::json(
        user,
        GooseMethod::Get,
        "/api/v1/me/progress",
        "api: my progress",
        None,
    )
    .await?;
    Ok(())
}
