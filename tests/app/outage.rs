//! A database outage under load: the test starts a PostgreSQL server of its own (in a
//! temporary folder, with `initdb` and `pg_ctl`), serves Aula on it, and while clients
//! read pages and the API and send progress, stops PostgreSQL for 20 s and starts it
//! again. Meanwhile every request is answered: 503 with `Retry-After` (an HTML page
//! or the API's problem body), never a hang into the request timeout, never a 500;
//! `/readyz` fails. Afterwards the same server process serves again, every progress
//! event acknowledged is stored once, and a reminder that fell due during the outage
//! is e-mailed once. The server is the test's own whatever `AULA_TEST_DATABASE` says,
//! so the test runs in both suites. (The mail server's outage is in `reminders.rs`.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use serde_json::json;

use crate::corpus::fixture;
use crate::helpers::{LEARNER, OTHER_LEARNER, TUTOR, TestApp, TestDb};
use crate::smtp::{self, Inbox};

const COURSE: &str = "corso-prova";
const LECCE: &str = "pm.lecce@demo.aula.it";
/// How long PostgreSQL stays down.
const OUTAGE: Duration = Duration::from_secs(20);
/// When, after the test arranges it, the reminder falls due: after PostgreSQL has
/// stopped (which takes about a second), well before it starts again.
const DUE_IN: Duration = Duration::from_secs(8);
/// The kinds of request of the load, each of which must be served again after it.
const KINDS: [&str; 5] = [
    "progress",
    "progress (second learner)",
    "lesson page",
    "my progress (API)",
    "learners report (API)",
];

/// A PostgreSQL server of the test's own, in a temporary folder owned by the
/// `postgres` user (PostgreSQL refuses to run as root); stopped when dropped.
struct Postgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Postgres {
    /// The folder of `initdb` and `pg_ctl`: `AULA_TEST_PG_BIN`, else the newest
    /// `/usr/lib/postgresql/<version>/bin` that has them.
    fn find_bin() -> Option<PathBuf> {
        if let Ok(dir) = std::env::var("AULA_TEST_PG_BIN") {
            return Some(PathBuf::from(dir));
        }
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let version = e.file_name().to_str()?.parse::<u32>().ok()?;
                let bin = e.path().join("bin");
                bin.join("initdb").exists().then_some((version, bin))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    }

    /// Initialises a cluster in a temporary folder and starts it on a free port.
    fn start_new(bin: PathBuf) -> Self {
        let dir = tempfile::tempdir().unwrap();
        if running_as_root() {
            run(Command::new("chown")
                .arg("-R")
                .arg("postgres:")
                .arg(dir.path()));
        }
        let pg = Self {
            bin,
            dir,
            port: free_port(),
        };
        run(pg
            .as_postgres(&pg.bin.join("initdb"))
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
            .arg("-D")
            .arg(pg.data()));
        pg.start();
        pg
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A command run as `postgres` when the test runs as root.
    fn as_postgres(&self, program: &Path) -> Command {
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn pg_ctl(&self) -> Command {
        let mut command = self.as_postgres(&self.bin.join("pg_ctl"));
        command.arg("-D").arg(self.data());
        command
    }

    /// Starts the server and waits until it accepts connections.
    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        run(self
            .pg_ctl()
            .args(["-w", "-t", "60", "-o", &options, "-l"])
            .arg(self.dir.path().join("server.log"))
            .arg("start"));
    }

    /// Stops the server (fast: sessions are cut, as in a restart) and waits until it
    /// has.
    fn stop(&self) {
        run(self.pg_ctl().args(["-w", "-t", "60", "-m", "fast", "stop"]));
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // Whatever happened to the test, the server goes with it.
        let _ = self
            .pg_ctl()
            .args(["-m", "immediate", "stop"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

/// Runs a command to its end; panics with its output if it fails.
fn run(command: &mut Command) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Where the test stands when a request is sent or answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Phase {
    /// PostgreSQL up, before the outage.
    Before = 0,
    /// PostgreSQL stopping, stopped, or starting again.
    Outage = 1,
    /// PostgreSQL back and `/readyz` answering 200 again.
    After = 2,
}

impl Phase {
    fn of(value: u8) -> Self {
        match value {
            0 => Self::Before,
            1 => Self::Outage,
            _ => Self::After,
        }
    }
}

/// One request of the load and how it was answered.
#[derive(Debug)]
struct Answer {
    what: &'static str,
    sent: Phase,
    answered: Phase,
    /// The status, or 0 when no answer came (a connection error, or the client's
    /// timeout: past the server's request timeout).
    status: u16,
    retry_after: bool,
    content_type: String,
    /// The client id of a progress event.
    event: Option<String>,
}

/// The load: each client sends its request again and again until told to stop.
struct Load {
    phase: Arc<AtomicU8>,
    stop: Arc<AtomicBool>,
    answers: Arc<Mutex<Vec<Answer>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    fn new() -> Self {
        Self {
            phase: Arc::new(AtomicU8::new(Phase::Before as u8)),
            stop: Arc::default(),
            answers: Arc::default(),
            tasks: Vec::new(),
        }
    }

    fn set(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::SeqCst);
    }

    /// Adds a client sending `request` (a progress event when `progress`).
    fn client(
        &mut self,
        what: &'static str,
        client: reqwest::Client,
        url: String,
        progress: Option<&'static str>,
    ) {
        let (phase, stop, answers) = (self.phase.clone(), self.stop.clone(), self.answers.clone());
        self.tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let sent = Phase::of(phase.load(Ordering::SeqCst));
                let event = progress.map(|_| uuid::Uuid::new_v4().to_string());
                let request = match (progress, &event) {
                    (Some(lesson), Some(id)) => client
                        .post(&url)
                        .json(&json!({"lesson": lesson, "event": "started", "id": id})),
                    _ => client.get(&url),
                };
                // A bound past the server's request timeout: a hang shows as status 0.
                let response = request
                    .timeout(aula::web::REQUEST_TIMEOUT + Duration::from_secs(10))
                    .send()
                    .await;
                let answered = Phase::of(phase.load(Ordering::SeqCst));
                let answer = match response {
                    Ok(r) => Answer {
                        what,
                        sent,
                        answered,
                        status: r.status().as_u16(),
                        retry_after: r.headers().contains_key(reqwest::header::RETRY_AFTER),
                        content_type: r
                            .headers()
                            .get(reqwest::header::CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_string(),
                        event,
                    },
                    Err(err) => {
                        eprintln!("{what}: no answer: {err}");
                        Answer {
                            what,
                            sent,
                            answered,
                            status: 0,
                            retry_after: false,
                            content_type: String::new(),
                            event,
                        }
                    }
                };
                answers.lock().unwrap().push(answer);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }

    /// Whether a request of kind `what` sent after the outage has been answered 200.
    fn served_after(&self, what: &str) -> bool {
        self.answers
            .lock()
            .unwrap()
            .iter()
            .any(|a| a.what == what && a.sent == Phase::After && a.status == 200)
    }

    async fn finish(self) -> Vec<Answer> {
        self.stop.store(true, Ordering::SeqCst);
        for task in self.tasks {
            task.await.unwrap();
        }
        std::mem::take(&mut *self.answers.lock().unwrap())
    }
}

async fn exec(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    let db = app.state.db();
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values,
    ))
    .await
    .unwrap();
}

/// The messages whose `X-Aula-Reminder` key starts with `prefix`.
fn reminders_to(inbox: &Inbox, prefix: &str) -> usize {
    inbox
        .lock()
        .unwrap()
        .iter()
        .filter(|m| {
            m.data
                .lines()
                .any(|l| l.starts_with(&format!("X-Aula-Reminder: {prefix}")))
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_for_20_s_under_load_means_503s_then_service_and_reminders_once() {
    let Some(bin) = Postgres::find_bin() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "PostgreSQL's initdb and pg_ctl are needed (set AULA_TEST_PG_BIN)"
        );
        eprintln!(
            "SKIPPED postgres_stopped_for_20_s_under_load…: no PostgreSQL server binaries \
             under /usr/lib/postgresql/*/bin (set AULA_TEST_PG_BIN)"
        );
        return;
    };
    let pg = tokio::task::spawn_blocking(move || Postgres::start_new(bin))
        .await
        .unwrap();
    let admin = Database::connect(pg.url("postgres")).await.unwrap();
    admin
        .execute_unprepared("CREATE DATABASE aula")
        .await
        .unwrap();
    admin.close().await.unwrap();

    let (smtp_port, inbox) = smtp::start().await;
    let app = TestApp::spawn_on(TestDb::existing(pg.url("aula")), |c| {
        c.courses_dir = fixture("courses-ok");
        c.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"));
        c.reminders.cron = "* * * * * *".into();
        c.reminders.delivery_seconds = 1;
        c.reminders.not_started_days = 7;
    })
    .await;
    app.load_demo().await;
    let bari = aula::accounts::directory::by_email(app.state.db(), OTHER_LEARNER)
        .await
        .unwrap()
        .unwrap();
    let lesson = format!("{COURSE}/modulo-a/prima-lezione");
    let genova = app.client_as(LEARNER).await;
    let lecce = app.client_as(LECCE).await;
    let tutor = app.client_as(TUTOR).await;

    let mut load = Load::new();
    let lesson_path: &'static str = Box::leak(lesson.clone().into_boxed_str());
    load.client(
        "progress",
        genova.clone(),
        app.url("/api/v1/progress"),
        Some(lesson_path),
    );
    load.client(
        "progress (second learner)",
        lecce.clone(),
        app.url("/api/v1/progress"),
        Some(lesson_path),
    );
    load.client(
        "lesson page",
        genova.clone(),
        app.url(&format!("/courses/{lesson}")),
        None,
    );
    load.client(
        "my progress (API)",
        lecce.clone(),
        app.url("/api/v1/me/progress"),
        None,
    );
    load.client(
        "learners report (API)",
        tutor.clone(),
        app.url("/api/v1/reports/learners"),
        None,
    );
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Bari, enrolled and never started, falls due for the not-started reminder
    // during the outage.
    let due = chrono::Utc::now() + chrono::Duration::from_std(DUE_IN).unwrap();
    exec(
        &app,
        "UPDATE enrolments SET enrolled_at = $1 WHERE user_id = $2",
        vec![(due - chrono::Duration::days(7)).into(), bari.id.into()],
    )
    .await;
    let bari_key = format!("not-started:{}:", bari.id);

    load.set(Phase::Outage);
    let stopped_at = Instant::now();
    let pg = tokio::task::spawn_blocking(move || {
        pg.stop();
        pg
    })
    .await
    .unwrap();
    assert!(
        chrono::Utc::now() < due && reminders_to(&inbox, &bari_key) == 0,
        "PostgreSQL took longer than {DUE_IN:?} to stop: the reminder was not due in the outage"
    );

    // Not ready while the database is away.
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    assert!(ready.headers().contains_key("retry-after"));
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["checks"]["database"], "failing", "{body}");

    // Once the caches of sessions have run out: the API answers its problem body,
    // pages the 503 page, both with Retry-After.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let api = lecce
        .get(app.url("/api/v1/me/progress"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 503);
    assert_eq!(api.headers()["retry-after"], "5");
    let problem: serde_json::Value = api.json().await.unwrap();
    assert_eq!(problem["error"]["code"], "unavailable", "{problem}");
    let page = lecce.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Servizio momentaneamente non disponibile") && html.contains("riprova"),
        "{html}"
    );

    let left = OUTAGE.saturating_sub(stopped_at.elapsed());
    tokio::time::sleep(left).await;
    let pg = tokio::task::spawn_blocking(move || {
        pg.start();
        pg
    })
    .await
    .unwrap();

    // The same process serves again, without a restart.
    let back = Instant::now() + Duration::from_secs(30);
    loop {
        if app.get("/readyz").await.status() == 200 {
            break;
        }
        assert!(
            Instant::now() < back,
            "/readyz still failing 30 s after PostgreSQL is back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Until every kind has been served once more (a request sent in the outage may
    // still be waiting for a connection; its answer does not count as after), with a
    // bound so that a server that never recovers fails the checks below.
    load.set(Phase::After);
    let until = Instant::now() + Duration::from_secs(45);
    while Instant::now() < until && !KINDS.iter().all(|what| load.served_after(what)) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let answers = load.finish().await;

    // The reminder due in the outage goes out, once, from the rule runs after it.
    assert!(
        crate::helpers::eventually(|| reminders_to(&inbox, &bari_key) > 0).await,
        "the reminder due during the outage was never sent"
    );
    // A few more runs of the rules and of the delivery: nothing more for Bari.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(reminders_to(&inbox, &bari_key), 1, "sent exactly once");
    let mut keys = std::collections::HashMap::<String, usize>::new();
    for m in inbox.lock().unwrap().iter() {
        if let Some(key) = m
            .data
            .lines()
            .find_map(|l| l.strip_prefix("X-Aula-Reminder: "))
        {
            *keys.entry(key.trim().to_string()).or_default() += 1;
        }
    }
    assert!(
        keys.values().all(|&n| n == 1),
        "every reminder once: {keys:?}"
    );

    // Every request was answered: 2xx, or 503 with Retry-After; never a 500, a 408
    // (a hang into the request timeout) or no answer.
    let count = |f: &dyn Fn(&Answer) -> bool| answers.iter().filter(|a| f(a)).count();
    let bad: Vec<&Answer> = answers
        .iter()
        .filter(|a| !((200..300).contains(&a.status) || (a.status == 503 && a.retry_after)))
        .collect();
    assert!(
        bad.is_empty(),
        "answers neither 2xx nor 503 with Retry-After: {bad:#?}"
    );
    let unavailable = count(&|a| a.status == 503);
    assert!(unavailable > 0, "the outage was seen by the load");
    let strays: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == 503 && (a.sent == Phase::After || a.answered == Phase::Before))
        .collect();
    assert!(strays.is_empty(), "503 outside the outage: {strays:#?}");
    let pages_503 = count(&|a| a.what == "lesson page" && a.status == 503);
    assert!(
        answers
            .iter()
            .filter(|a| a.what == "lesson page" && a.status == 503)
            .all(|a| a.content_type.starts_with("text/html")),
        "pages answer an HTML page"
    );
    assert!(
        answers
            .iter()
            .filter(|a| a.what != "lesson page" && a.status == 503)
            .all(|a| a.content_type.starts_with("application/problem+json")),
        "the API answers its problem body"
    );
    for what in KINDS {
        assert!(
            count(&|a| a.what == what && a.sent == Phase::After && a.status == 200) > 0,
            "{what} served again after the outage"
        );
    }
    eprintln!(
        "outage: {} requests, {unavailable} answered 503 ({pages_503} pages), {} after it, all 2xx",
        answers.len(),
        count(&|a| a.sent == Phase::After)
    );

    // Every event acknowledged is stored, once.
    let acknowledged: Vec<&str> = answers
        .iter()
        .filter(|a| a.status == 200)
        .filter_map(|a| a.event.as_deref())
        .collect();
    assert!(!acknowledged.is_empty());
    let rows = app
        .state
        .db()
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT client_id, COUNT(*) AS n FROM progress_events \
             WHERE client_id IS NOT NULL GROUP BY client_id",
        ))
        .await
        .unwrap();
    let stored: std::collections::HashMap<String, i64> = rows
        .iter()
        .map(|r| {
            (
                r.try_get::<String>("", "client_id").unwrap(),
                r.try_get::<i64>("", "n").unwrap(),
            )
        })
        .collect();
    for id in &acknowledged {
        assert_eq!(
            stored.get(*id),
            Some(&1),
            "event {id} acknowledged: stored once"
        );
    }

    // A new sign-in works: the pools (requests and the progress writer) reconnected.
    app.client_as(OTHER_LEARNER).await;
    app.shutdown().await.unwrap();
    drop(pg);
}
