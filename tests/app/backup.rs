//! `aula backup` and `aula restore` (the real binary) on the configured backend: a
//! backup taken while learners write restores into an empty database with every table
//! equal to the manifest and consistent in itself; a restore refuses a database that
//! is not empty, a copy or manifest that was altered, and a backup of the other backend.
//! On PostgreSQL they need `pg_dump` and `pg_restore` on PATH (missing: a failure under
//! `CI=true`, else the test says it was skipped).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use aula::backup::checksum::{self, TableSum};
use aula::backup::manifest::{Backend as CopyBackend, Manifest};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::corpus::fixture;
use crate::helpers::{Backend, LEARNER, TestApp, TestDb, backend, eventually};

/// The demo learners enrolled in the fixture course.
const LEARNERS: [&str; 4] = [
    "anagrafe.genova@demo.aula.it",
    "sociali.savona@demo.aula.it",
    "sportello.bari@demo.aula.it",
    "pm.lecce@demo.aula.it",
];

const LESSONS: [&str; 3] = [
    "corso-prova/modulo-a/prima-lezione",
    "corso-prova/modulo-a/seconda-lezione",
    "corso-prova/modulo-b/lezione-b",
];

/// Whether the PostgreSQL tools are on PATH (always true on SQLite); under `CI=true`
/// their absence fails the test instead of skipping it.
fn tools_present() -> bool {
    if backend() == Backend::Sqlite {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .any(|dir| dir.join(name).is_file())
    };
    let present = on_path("pg_dump") && on_path("pg_restore");
    if !present {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pg_dump and pg_restore must be on PATH for the backup tests under CI"
        );
        eprintln!("SKIPPED: pg_dump or pg_restore is not on PATH; this backup test did not run");
    }
    present
}

/// The app on the fixture course with the demo accounts.
async fn setup() -> TestApp {
    let app = TestApp::spawn_with(|config| config.courses_dir = fixture("courses-ok")).await;
    app.load_demo().await;
    app
}

/// Runs `aula <args>` against the database at `url`, from an empty folder.
async fn aula(url: &str, args: &[&str]) -> Output {
    let cwd = tempfile::tempdir().unwrap();
    tokio::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(args)
        .current_dir(cwd.path())
        .env("AULA_DATABASE_URL", url)
        .output()
        .await
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

async fn backup(url: &str, path: &Path) -> Output {
    aula(url, &["backup", path.to_str().unwrap()]).await
}

async fn restore(url: &str, path: &Path) -> Output {
    aula(url, &["restore", path.to_str().unwrap()]).await
}

fn rows(sums: &[TableSum], table: &str) -> u64 {
    sums.iter()
        .find(|t| t.name == table)
        .unwrap_or_else(|| panic!("table {table} in {sums:?}"))
        .rows
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap()
}

/// What the load acknowledged: events and quiz attempts answered 200.
#[derive(Default)]
struct Acked {
    events: AtomicU64,
    attempts: AtomicU64,
}

/// One learner's client sending batches of heartbeats (ids of its own) until `stop`,
/// and, for `quiz`, submitting the module quiz twice (the fixture's limit) on the way.
/// Any answer but 200 to an event, or a 5xx to a quiz, fails the task.
async fn learner_load(
    client: reqwest::Client,
    base: String,
    name: String,
    quiz: bool,
    stop: Arc<AtomicBool>,
    acked: Arc<Acked>,
) {
    let mut round = 0u64;
    while !stop.load(Ordering::SeqCst) {
        let events: Vec<Value> = (0..4)
            .map(|k| {
                json!({"lesson": LESSONS[(round as usize + k) % LESSONS.len()], "event": "heartbeat",
                       "seconds": 5, "id": format!("{name}-{round}-{k}")})
            })
            .collect();
        let response = client
            .post(format!("{base}/api/v1/progress"))
            .json(&json!({ "events": events }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{name}: progress events");
        acked.events.fetch_add(4, Ordering::SeqCst);
        if quiz && (round == 2 || round == 5) {
            let quiz = format!("{base}/api/v1/quizzes/corso-prova/modulo-a");
            let opened = client.get(&quiz).send().await.unwrap();
            assert_eq!(opened.status(), 200, "{name}: quiz opened");
            let answers =
                json!({"definizioni": ["a"], "uffici": ["a", "b"], "vero-falso": ["vero"]});
            let submitted = client
                .post(format!("{quiz}/attempts"))
                .json(&json!({ "answers": answers }))
                .send()
                .await
                .unwrap();
            assert_eq!(submitted.status(), 200, "{name}: quiz submitted");
            acked.attempts.fetch_add(1, Ordering::SeqCst);
        }
        round += 1;
    }
}

/// The restored database is consistent in itself: every answer's attempt exists, and
/// every roll-up row agrees with the lesson rows it sums (written in one transaction,
/// so a copy mixing moments would break it).
async fn assert_consistent(db: &DatabaseConnection) {
    let orphans = count(
        db,
        "SELECT COUNT(*) AS n FROM quiz_answers a \
         WHERE NOT EXISTS (SELECT 1 FROM quiz_attempts t WHERE t.id = a.attempt_id)",
    )
    .await;
    assert_eq!(orphans, 0, "answers without their attempt");
    let disagreeing = count(
        db,
        "SELECT COUNT(*) AS n FROM course_progress cp WHERE \
           cp.seconds <> (SELECT COALESCE(SUM(lp.seconds), 0) FROM lesson_progress lp \
                          WHERE lp.user_id = cp.user_id AND lp.course_id = cp.course_id) \
           OR cp.lessons_started <> (SELECT COUNT(*) FROM lesson_progress lp \
                          WHERE lp.user_id = cp.user_id AND lp.course_id = cp.course_id)",
    )
    .await;
    assert_eq!(disagreeing, 0, "roll-up rows against their lesson rows");
}

#[tokio::test]
async fn a_backup_taken_under_write_load_restores_every_table_as_the_manifest_says() {
    if !tools_present() {
        return;
    }
    let app = setup().await;
    let url = app.state.config().database_url.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Acked::default());
    let mut tasks = Vec::new();
    for (i, email) in LEARNERS.iter().enumerate() {
        for side in 0..2 {
            tasks.push(tokio::spawn(learner_load(
                app.client_as(email).await,
                app.base.clone(),
                format!("l{i}-{side}"),
                side == 0,
                stop.clone(),
                acked.clone(),
            )));
        }
    }
    assert!(
        eventually(|| acked.events.load(Ordering::SeqCst) >= 400
            && acked.attempts.load(Ordering::SeqCst) >= 4)
        .await,
        "the load is flowing"
    );
    let events_before = acked.events.load(Ordering::SeqCst);
    let attempts_before = acked.attempts.load(Ordering::SeqCst);

    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("backup");
    let taken = backup(&url, &path).await;
    let events_during = acked.events.load(Ordering::SeqCst) - events_before;
    stop.store(true, Ordering::SeqCst);
    for task in tasks {
        task.await.unwrap();
    }
    assert!(taken.status.success(), "{}", text(&taken));
    assert!(
        text(&taken).contains("backup scritto in"),
        "{}",
        text(&taken)
    );
    eprintln!("events acknowledged while the backup ran: {events_during}");

    // The manifest: this backend, every table of the live database, and a snapshot
    // holding at least what was acknowledged before the backup began, at most what the
    // live database holds once the load stopped.
    let manifest = Manifest::read(&path).unwrap();
    assert_eq!(
        manifest.backend,
        match backend() {
            Backend::Sqlite => CopyBackend::Sqlite,
            Backend::Postgres => CopyBackend::Postgres,
        }
    );
    assert!(!manifest.migration.is_empty());
    let live = app.state.db();
    let names: Vec<&str> = manifest.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        checksum::tables(live).await.unwrap(),
        "every table in the manifest"
    );
    let live_events = count(live, "SELECT COUNT(*) AS n FROM progress_events").await as u64;
    let backed_events = rows(&manifest.tables, "progress_events");
    assert!(
        (events_before..=live_events).contains(&backed_events),
        "{events_before} acknowledged before the backup, {backed_events} in it, {live_events} after"
    );
    let backed_attempts = rows(&manifest.tables, "quiz_attempts");
    assert!(backed_attempts >= attempts_before);
    assert!(rows(&manifest.tables, "quiz_answers") >= 3 * attempts_before);

    // Restored into a fresh, empty database: every table equal to the manifest
    // (checked here again, apart from the command's own check), consistent in itself.
    let target = TestDb::new().await;
    let restored = restore(&target.url, &path).await;
    assert!(restored.status.success(), "{}", text(&restored));
    assert!(
        text(&restored).contains("ripristino completato"),
        "{}",
        text(&restored)
    );
    let conn = aula::db::connect(&target.url).await.unwrap();
    assert_eq!(checksum::live(&conn, None).await.unwrap(), manifest.tables);
    assert_consistent(&conn).await;
    conn.close().await.unwrap();

    // And it serves: a learner signs in and records progress (new rows after the
    // restored ones: sequences came back too).
    let target_url = target.url.clone();
    let served = TestApp::spawn_with(|config| {
        config.courses_dir = fixture("courses-ok");
        config.database_url = target_url;
    })
    .await;
    let client = served.client_as(LEARNER).await;
    let response = client
        .post(served.url("/api/v1/progress"))
        .json(&json!({"lesson": LESSONS[0], "event": "heartbeat", "seconds": 5, "id": "after-restore"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let after = count(
        served.state.db(),
        "SELECT COUNT(*) AS n FROM progress_events",
    )
    .await as u64;
    assert_eq!(after, backed_events + 1);
    served.shutdown().await.unwrap();
    drop(target);
}

#[tokio::test]
async fn a_restore_refuses_a_database_that_is_not_empty_and_a_backup_overwrites_nothing() {
    if !tools_present() {
        return;
    }
    let app = setup().await;
    let url = app.state.config().database_url.clone();
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("backup");
    let taken = backup(&url, &path).await;
    assert!(taken.status.success(), "{}", text(&taken));

    let before = checksum::live(app.state.db(), None).await.unwrap();
    let refused = restore(&url, &path).await;
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(text(&refused).contains("non è vuoto"), "{}", text(&refused));
    assert_eq!(
        checksum::live(app.state.db(), None).await.unwrap(),
        before,
        "the database is untouched"
    );

    let again = backup(&url, &path).await;
    assert!(!again.status.success());
    assert!(text(&again).contains("esiste già"), "{}", text(&again));
    assert_eq!(Manifest::read(&path).unwrap().tables, before);
}

/// A copy of the backup folder `from` at `to`.
fn copy_folder(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    to.to_path_buf()
}

/// Rewrites `manifest.json` of `folder` through `edit`.
fn edit_manifest(folder: &Path, edit: impl FnOnce(&mut Value)) {
    let path = folder.join("manifest.json");
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut manifest);
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}

/// Sets the field `field` of table `table` in a manifest.
fn set_table(manifest: &mut Value, table: &str, field: &str, value: Value) {
    let tables = manifest["tables"].as_array_mut().unwrap();
    let entry = tables.iter_mut().find(|t| t["name"] == table).unwrap();
    entry[field] = value;
}

/// Restores `folder` into a fresh database: the command must fail, say `expected`,
/// and leave the database without a table; returns what it said.
async fn assert_refused(folder: &Path, expected: &str) -> String {
    let target = TestDb::new().await;
    let refused = restore(&target.url, folder).await;
    let said = text(&refused);
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains(expected), "expected «{expected}» in: {said}");
    let conn = aula::db::connect(&target.url).await.unwrap();
    assert_eq!(
        checksum::tables(&conn).await.unwrap(),
        Vec::<String>::new(),
        "nothing restored: {said}"
    );
    conn.close().await.unwrap();
    said
}

#[tokio::test]
async fn an_altered_backup_is_reported_and_nothing_is_restored() {
    if !tools_present() {
        return;
    }
    let app = setup().await;
    let url = app.state.config().database_url.clone();
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("backup");
    let taken = backup(&url, &path).await;
    assert!(taken.status.success(), "{}", text(&taken));
    let manifest = Manifest::read(&path).unwrap();

    // The manifest's sums altered: the restored tables differ, the restore is undone.
    let sums = copy_folder(&path, &scratch.path().join("sums"));
    edit_manifest(&sums, |m| {
        set_table(m, "users", "sha256", json!("0".repeat(64)));
        set_table(
            m,
            "enrolments",
            "rows",
            json!(rows(&manifest.tables, "enrolments") + 1),
        );
    });
    let said = assert_refused(&sums, "non corrisponde al manifesto").await;
    assert!(said.contains("tabella users: stesse righe"), "{said}");
    assert!(said.contains("tabella enrolments:"), "{said}");

    // A byte of the copy changed: refused before anything is written.
    let damaged = copy_folder(&path, &scratch.path().join("damaged"));
    let copy = damaged.join(&manifest.file);
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&copy, &bytes).unwrap();
    assert_refused(&damaged, "alterata o danneggiata").await;

    // A backup of the other backend.
    let other = copy_folder(&path, &scratch.path().join("other"));
    let (name, file) = match backend() {
        Backend::Sqlite => ("postgres", "aula.dump"),
        Backend::Postgres => ("sqlite", "aula.db"),
    };
    std::fs::rename(other.join(&manifest.file), other.join(file)).unwrap();
    edit_manifest(&other, |m| {
        m["backend"] = json!(name);
        m["file"] = json!(file);
    });
    assert_refused(&other, "stesso tipo di database").await;

    // SQLite: a row changed inside the copy and the file's digest updated to match
    // (only the tables' sums can tell).
    if backend() == Backend::Sqlite {
        let edited = copy_folder(&path, &scratch.path().join("edited"));
        let copy = edited.join("aula.db");
        let conn = aula::db::connect(&format!("sqlite://{}", copy.display()))
            .await
            .unwrap();
        conn.execute_unprepared(
            "UPDATE users SET name = 'Altro nome' WHERE id = (SELECT MIN(id) FROM users)",
        )
        .await
        .unwrap();
        conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .unwrap();
        conn.close().await.unwrap();
        let (bytes, sha) = aula::backup::manifest::file_digest(&copy).unwrap();
        edit_manifest(&edited, |m| {
            m["file_bytes"] = json!(bytes);
            m["file_sha256"] = json!(sha);
        });
        assert_refused(&edited, "tabella users: stesse righe").await;
    }

    // The untouched backup still restores.
    let target = TestDb::new().await;
    let restored = restore(&target.url, &path).await;
    assert!(restored.status.success(), "{}", text(&restored));
}
