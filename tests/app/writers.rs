//! Several writers on one database: command-line writers (`aula users add`,
//! `aula users import`) beside a server under write load, and processes migrating an
//! empty database at once. None may fail with "database is locked" (SQLite codes 5 and
//! 517) or with a half-applied migration; on PostgreSQL the same tests check that the
//! migration lock and the write transactions hold there too.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::helpers::{TestApp, TestDb};

/// Command-line writers started at once.
const CLI_WRITERS: usize = 20;
/// Of those, how many import a CSV (the others add one account each).
const IMPORTERS: usize = 6;
/// Learners in each imported CSV.
const PER_IMPORT: usize = 5;
/// Clients posting progress events meanwhile.
const LOAD_CLIENTS: usize = 4;

fn fixture_courses() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/courses-ok")
}

/// The `aula` binary with the configuration of the test: the database, the courses,
/// and the outbox folder (imports write their invitations there).
fn aula(url: &str, courses: &std::path::Path, dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aula"));
    command
        .current_dir(dir)
        .env("AULA_DATABASE_URL", url)
        .env("AULA_COURSES_DIR", courses)
        .env("AULA_OUTBOX_DIR", dir.join("outbox"))
        .env("AULA_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Waits for every child in a blocking thread each, so they all run at once.
async fn wait_all(children: Vec<(String, std::process::Child)>) -> Vec<(String, Output)> {
    let waits: Vec<_> = children
        .into_iter()
        .map(|(what, child)| {
            tokio::task::spawn_blocking(move || (what, child.wait_with_output().unwrap()))
        })
        .collect();
    let mut outputs = Vec::new();
    for wait in waits {
        outputs.push(wait.await.unwrap());
    }
    outputs
}

/// The failures among `outputs`, each with its output, for the assertion message.
fn failures(outputs: &[(String, Output)]) -> Vec<String> {
    outputs
        .iter()
        .filter(|(_, o)| !o.status.success())
        .map(|(what, o)| {
            format!(
                "{what}: {}\nstdout: {}\nstderr: {}",
                o.status,
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        })
        .collect()
}

#[tokio::test]
async fn command_line_writers_beside_a_busy_server_never_find_the_database_locked() {
    // A small course, so the 20 processes spend their time writing, not loading it.
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture_courses()).await;
    let logins = aula::demo::load(app.state.db(), &app.state.course_ids())
        .await
        .unwrap();
    let catalog = app.state.catalog();
    let course = &catalog.courses[0];
    let lessons: Vec<String> = course
        .modules
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.id.clone()))
        .collect();

    // The write load: learners posting progress events back to back until told to stop.
    let learners: Vec<&String> = logins
        .iter()
        .filter(|(_, role)| role == "learner")
        .map(|(email, _)| email)
        .take(LOAD_CLIENTS)
        .collect();
    assert_eq!(learners.len(), LOAD_CLIENTS, "demo learners: {logins:?}");
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut load = Vec::new();
    for (c, email) in learners.into_iter().enumerate() {
        let client = app.client_as(email).await;
        let (url, lessons) = (app.url("/api/v1/progress"), lessons.clone());
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        load.push(tokio::spawn(async move {
            let mut refused = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let body = serde_json::json!({
                    "lesson": lessons[n % lessons.len()], "event": "heartbeat", "seconds": 1,
                    "id": format!("carico-{c}-{n}"),
                });
                let response = client.post(&url).json(&body).send().await.unwrap();
                let status = response.status();
                let text = response.text().await.unwrap();
                if status == 200 {
                    acknowledged.fetch_add(1, Ordering::Relaxed);
                } else {
                    refused.push(format!("{status}: {text}"));
                }
                n += 1;
            }
            refused
        }));
    }
    assert!(
        crate::helpers::eventually(|| acknowledged.load(Ordering::Relaxed) >= 20).await,
        "the write load is running"
    );
    let before = acknowledged.load(Ordering::Relaxed);

    // Beside it, 20 command-line writers at once.
    let dir = tempfile::tempdir().unwrap();
    let config = app.state.config();
    let (url, courses) = (&config.database_url, &config.courses_dir);
    let mut expected = Vec::new();
    let mut children = Vec::new();
    for w in 0..CLI_WRITERS {
        if w < IMPORTERS {
            let path = dir.path().join(format!("discenti-{w}.csv"));
            let mut csv = String::from("email,name,municipality,sector,job_title\n");
            for i in 0..PER_IMPORT {
                let email = format!("import-{w}-{i}@comune.it");
                csv.push_str(&format!(
                    "{email},Discente {w} {i},010025,servizi-sociali,Istruttore\n"
                ));
                expected.push(email);
            }
            std::fs::write(&path, csv).unwrap();
            let child = aula(url, courses, dir.path())
                .args(["users", "import", path.to_str().unwrap()])
                .spawn()
                .unwrap();
            children.push((format!("users import {}", path.display()), child));
        } else {
            let email = format!("cli-{w}@comune.it");
            let mut child = aula(url, courses, dir.path())
                .args(["users", "add", "--email", &email, "--name"])
                .arg(format!("Discente {w}"))
                .args(["--role", "learner", "--municipality", "010025"])
                .args(["--sector", "altro", "--password-stdin"])
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"una-password-abbastanza-lunga-2026\n")
                .unwrap();
            children.push((format!("users add {email}"), child));
            expected.push(email);
        }
    }
    let outputs = wait_all(children).await;
    let during = acknowledged.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    let mut refused = Vec::new();
    for task in load {
        refused.extend(task.await.unwrap());
    }

    let failed = failures(&outputs);
    assert!(
        failed.is_empty(),
        "{} of {CLI_WRITERS} command-line writers failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert!(refused.is_empty(), "the server refused events: {refused:?}");
    assert!(
        during > 0,
        "the server kept recording events while the commands ran"
    );
    for email in &expected {
        let user = aula::accounts::directory::by_email(app.state.db(), email)
            .await
            .unwrap();
        assert!(user.is_some(), "{email} was created");
    }
    assert_eq!(
        expected.len(),
        IMPORTERS * PER_IMPORT + CLI_WRITERS - IMPORTERS
    );
}

#[tokio::test]
async fn processes_migrating_an_empty_database_at_once_all_succeed() {
    let db = TestDb::new().await;
    let children = (0..CLI_WRITERS)
        .map(|i| {
            let child = aula(&db.url, std::path::Path::new("courses"), db.dir.path())
                .arg("migrate")
                .spawn()
                .unwrap();
            (format!("migrate #{i}"), child)
        })
        .collect();
    let outputs = wait_all(children).await;
    let failed = failures(&outputs);
    assert!(
        failed.is_empty(),
        "{} of {CLI_WRITERS} concurrent migrations failed:\n{}",
        failed.len(),
        failed.join("\n")
    );

    // Each migration was applied by exactly one of them.
    let migrations = <::migrations::Migrator as ::migrations::MigratorTrait>::migrations().len();
    let applied: Vec<String> = outputs
        .iter()
        .flat_map(|(_, o)| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .filter_map(|l| l.strip_prefix("applied ").map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(applied.len(), migrations, "applied once each: {applied:?}");

    let conn = aula::db::connect(&db.url).await.unwrap();
    assert_eq!(
        aula::db::pending_migrations(&conn).await.unwrap(),
        Vec::<String>::new(),
        "every migration applied"
    );
    use sea_orm::ConnectionTrait;
    let backend = conn.get_database_backend();
    let count = |sql: &'static str| {
        let conn = &conn;
        async move {
            let row = conn
                .query_one_raw(sea_orm::Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    let recorded = count("SELECT COUNT(*) FROM seaql_migrations").await;
    let distinct = count("SELECT COUNT(DISTINCT version) FROM seaql_migrations").await;
    assert_eq!(recorded, distinct, "each migration recorded once");
    assert_eq!(recorded as usize, migrations);
    conn.close().await.unwrap();
}
