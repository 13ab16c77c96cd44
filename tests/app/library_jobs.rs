//! The library over time, against the fixture Normattiva: a legal change seen end to
//! end (history, the diff page, the review warning of `courses check`), the scheduled
//! refresh across two instances, the change reaching another instance's search, and
//! the demo's fetch online and offline.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aula::content::library::fetch;
use futures_util::FutureExt;
use sea_orm::{ConnectionTrait, Statement};

use crate::helpers::{ADMIN, LEARNER, TestApp, TestDb};
use crate::normattiva_fixture::{DLGS_990, FakeNormattiva, L_991};

/// A courses folder with one course declaring the fixture acts, whose one lesson cites
/// art. 2 of the fixture decree and was reviewed on 1 January 2026.
fn course_citing_the_fixture(dir: &Path) -> PathBuf {
    let courses = dir.join("courses");
    let module = courses.join("corso-norme").join("modulo");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        courses.join("corso-norme/course.toml"),
        format!(
            "id = \"corso-norme\"\ntitle = \"Corso sulle norme\"\ndescription = \"Prova.\"\n\n\
             [completion]\nrule = \"modules\"\n\n[library]\nacts = [\"{DLGS_990}\", \"{L_991}\"]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        module.join("module.toml"),
        "title = \"Modulo\"\nsummary = \"Prova.\"\nminutes = 10\norder = 1\n",
    )
    .unwrap();
    std::fs::write(
        module.join("attestato.md"),
        "+++\ntitle = \"L'attestato\"\nminutes = 5\norder = 1\nreviewed = 2026-01-01\n+++\n\n\
         ## Il termine\n\nIl sindaco rilascia l'attestato nel termine dell'art. 2 del D.Lgs. 990/2099.\n",
    )
    .unwrap();
    courses
}

/// The fixture Normattiva, and the app on a course citing its acts (with `cron` as the
/// refresh schedule) in `scratch`.
async fn app_on_the_fixture(scratch: &Path, cron: &str) -> (FakeNormattiva, TestApp) {
    let server = FakeNormattiva::start().await;
    let courses = course_citing_the_fixture(scratch);
    let base = server.base.clone();
    let app = TestApp::spawn_with(|c| {
        c.courses_dir = courses;
        c.library.normattiva_url = base;
        c.library.fetch_cron = cron.into();
    })
    .await;
    (server, app)
}

/// Polls `check` every 100 ms until it holds, failing with `what` after `limit`.
async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

fn names() -> Vec<String> {
    vec![DLGS_990.to_string(), L_991.to_string()]
}

#[tokio::test]
async fn a_legal_change_is_kept_shown_as_a_diff_and_warned_on_the_lessons_citing_it() {
    let scratch = tempfile::tempdir().unwrap();
    let (server, mut app) = app_on_the_fixture(scratch.path(), "").await;
    let courses = app.state.config().courses_dir.clone();
    let library = app.state.config().library.clone();
    fetch::fetch_acts(app.state.db(), &library, &names(), |_| {})
        .await
        .unwrap();
    server.serve_second_version();
    let report = fetch::fetch_acts(app.state.db(), &library, &names(), |_| {})
        .await
        .unwrap();
    assert!(report.wrote(), "{report:?}");
    app.state.reload_courses().await.unwrap();
    assert_eq!(
        count(app.state.db(), "SELECT COUNT(*) FROM article_changes").await,
        3,
        "art. 2 changed, 3-bis added, 4 removed"
    );

    app.sign_in_admin().await;
    let page = app.get("/admin/library").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("trenta"), "{html}");
    let removed = html.find("trenta").unwrap();
    let added = html
        .find("quarantacinque")
        .expect("the new words are shown");
    let del_open = html[..removed].rfind("<del").unwrap();
    let ins_open = html[..added].rfind("<ins").unwrap();
    assert!(
        html[del_open..removed].find("</del>").is_none(),
        "«trenta» is inside <del>"
    );
    assert!(
        html[ins_open..added].find("</ins>").is_none(),
        "«quarantacinque» is inside <ins>"
    );
    assert!(
        html.contains("/courses/corso-norme/modulo/attestato"),
        "the lesson citing art. 2 is listed: {html}"
    );

    let check = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["courses", "check"])
        .arg(&courses)
        .current_dir(scratch.path())
        .env("AULA_DATABASE_URL", &app.state.config().database_url)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    let lesson = courses.join("corso-norme/modulo/attestato.md");
    let expected = format!(
        "{}:10: avviso: l'art. 2 del D.Lgs. 990/2099 è cambiato il",
        lesson.display()
    );
    assert!(out.contains(&expected), "expected «{expected}…» in:\n{out}");
    assert!(out.contains("dopo la revisione del 2026-01-01"), "{out}");
}

#[tokio::test]
async fn a_fetch_on_one_instance_is_searchable_on_the_other_within_a_minute() {
    let scratch = tempfile::tempdir().unwrap();
    let (server, first) = app_on_the_fixture(scratch.path(), "").await;
    let second = first.spawn_sibling().await;
    first.load_demo().await;
    let reader = second.client_as(LEARNER).await;
    let hits = |q: &'static str| {
        let request = reader.get(second.url(&format!("/api/v1/search?q={q}&kind=article")));
        async move {
            let body: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            body["total"].as_u64().unwrap()
        }
    };
    assert_eq!(hits("quarantacinque").await, 0);

    let library = first.state.config().library.clone();
    fetch::fetch_acts(first.state.db(), &library, &names(), |_| {})
        .await
        .unwrap();
    server.serve_second_version();
    fetch::fetch_acts(first.state.db(), &library, &names(), |_| {})
        .await
        .unwrap();
    eventually(
        Duration::from_secs(60),
        "the amended article is found on the other instance",
        || hits("quarantacinque").map(|n| n > 0),
    )
    .await;
    assert!(
        second.state.library().act("dlgs-990-2099").is_some(),
        "the other instance's library snapshot has the act"
    );
}

/// E-mails in an outbox folder whose subject starts with `subject`, by recipient.
fn mails(dir: &Path, subject: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut to = Vec::new();
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        if message.subject().unwrap_or_default().starts_with(subject) {
            let address = message
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address());
            to.push(address.unwrap_or_default().to_string());
        }
    }
    to
}

#[tokio::test]
async fn the_scheduled_refresh_runs_once_per_occurrence_and_mails_the_admins_once_per_change() {
    let scratch = tempfile::tempdir().unwrap();
    let (server, first) = app_on_the_fixture(scratch.path(), "* * * * * *").await;
    let second = first.spawn_sibling().await;
    first.load_demo().await;
    let db = first.state.db().clone();
    eventually(
        Duration::from_secs(30),
        "the scheduled refresh imports the declared acts",
        || {
            let db = db.clone();
            async move { count(&db, "SELECT COUNT(*) FROM acts").await == 2 }
        },
    )
    .await;
    let outboxes = [
        first.state.config().outbox_dir.clone(),
        second.state.config().outbox_dir.clone(),
    ];
    let sent = || {
        outboxes
            .iter()
            .flat_map(|dir| mails(dir, "Normativa aggiornata"))
            .collect::<Vec<_>>()
    };
    assert!(sent().is_empty(), "a first import is not a change");

    server.serve_second_version();
    eventually(
        Duration::from_secs(30),
        "the change is found and mailed",
        || std::future::ready(!sent().is_empty()),
    )
    .await;
    // Later occurrences find nothing new: wait until three more have been claimed.
    let slot = "SELECT COUNT(*) FROM job_runs WHERE name = 'library-fetch'";
    assert_eq!(count(&db, slot).await, 1);
    let claimed_at = |db: sea_orm::DatabaseConnection| async move {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT last_slot FROM job_runs WHERE name = 'library-fetch'",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<chrono::DateTime<chrono::Utc>>(0)
            .unwrap()
    };
    let after = claimed_at(db.clone()).await + chrono::Duration::seconds(3);
    eventually(Duration::from_secs(30), "three more occurrences", || {
        claimed_at(db.clone()).map(move |slot| slot >= after)
    })
    .await;
    assert_eq!(
        sent(),
        [ADMIN.to_string()],
        "one e-mail, to the one admin, from one instance"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM article_changes").await,
        3,
        "each change recorded once"
    );
}

/// A port nobody listens on now (bound, read, released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `aula serve --demo` on `db` with `courses` and Normattiva at `normattiva`, waits
/// for a line of standard output containing `wanted`, checks that the server answers,
/// then stops it. Returns the output read.
async fn demo_prints(db: &TestDb, courses: &Path, normattiva: &str, wanted: &str) -> String {
    use tokio::io::AsyncBufReadExt;
    let port = free_port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["serve", "--demo"])
        .current_dir(db.dir.path())
        .env("AULA_DATABASE_URL", &db.url)
        .env("AULA_BIND", format!("127.0.0.1:{port}"))
        .env("AULA_METRICS__BIND", "")
        .env("AULA_COURSES_DIR", courses)
        .env("AULA_INDEX_DIR", db.dir.path().join("index"))
        .env("AULA_OUTBOX_DIR", db.dir.path().join("outbox"))
        .env("AULA_REMINDERS__CRON", "")
        .env("AULA_LIBRARY__FETCH_CRON", "")
        .env("AULA_LIBRARY__NORMATTIVA_URL", normattiva)
        .env("AULA_LIBRARY__ATTEMPTS", "2")
        .env("AULA_LIBRARY__TIMEOUT_SECONDS", "5")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = String::new();
    let read = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(wanted) {
                return true;
            }
        }
        false
    };
    let found = tokio::time::timeout(Duration::from_secs(120), read).await;
    assert!(matches!(found, Ok(true)), "«{wanted}» not printed:\n{seen}");
    let url = format!("http://127.0.0.1:{port}/healthz");
    eventually(Duration::from_secs(60), "the demo server answers", || {
        let url = url.clone();
        async move {
            reqwest::get(&url)
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    child.kill().await.unwrap();
    seen
}

#[tokio::test]
async fn the_demo_offline_prints_the_hint_and_serves() {
    let db = TestDb::new().await;
    let courses = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("courses");
    let out = demo_prints(
        &db,
        &courses,
        "http://127.0.0.1:9",
        "aula library fetch --courses",
    )
    .await;
    let hint: Vec<&str> = out.lines().filter(|l| l.contains("Normattiva")).collect();
    assert_eq!(hint.len(), 1, "one line about the library:\n{out}");
    assert!(
        hint[0].starts_with("Biblioteca normativa vuota: atti non scaricati da Normattiva ("),
        "{out}"
    );
    assert!(
        hint[0].contains("127.0.0.1:9"),
        "it says where it failed: {out}"
    );
}

#[tokio::test]
async fn the_demo_online_fetches_the_courses_acts_first() {
    let server = FakeNormattiva::start().await;
    let db = TestDb::new().await;
    let courses = course_citing_the_fixture(db.dir.path());
    let out = demo_prints(&db, &courses, &server.base, "Demo: accounts").await;
    assert!(
        out.contains("Biblioteca normativa: 2 atti scaricati da Normattiva (testo vigente)"),
        "{out}"
    );
    let conn = aula::db::connect(&db.url).await.unwrap();
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM acts").await, 2);
    conn.close().await.unwrap();
}
