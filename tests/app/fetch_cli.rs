//! The `aula library fetch` command against the fixture Normattiva: exit codes and
//! what it prints.

use std::path::Path;
use std::process::Output;

use aula::content::library::store;

use crate::helpers::TestDb;
use crate::normattiva_fixture::{DLGS_990, FakeNormattiva, Fault, L_991};

/// Runs `aula library fetch <args>` against the server, the database and a courses
/// folder (asynchronously: the fixture server runs on this test's runtime).
async fn run(server: &FakeNormattiva, db: &TestDb, courses: &Path, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["library", "fetch"])
        .args(args)
        .current_dir(db.dir.path())
        .env("AULA_DATABASE_URL", &db.url)
        .env("AULA_COURSES_DIR", courses)
        .env("AULA_INDEX_DIR", db.dir.path().join("index"))
        .env("AULA_LIBRARY__NORMATTIVA_URL", &server.base)
        .env("AULA_LIBRARY__ATTEMPTS", "2")
        .env("AULA_LIBRARY__TIMEOUT_SECONDS", "5")
        .output()
        .await
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A courses folder with one course declaring `acts`.
fn courses_declaring(dir: &Path, acts: &[&str]) -> std::path::PathBuf {
    let courses = dir.join("courses");
    let course = courses.join("corso-fetch");
    std::fs::create_dir_all(&course).unwrap();
    let list: Vec<String> = acts.iter().map(|a| format!("\"{a}\"")).collect();
    std::fs::write(
        course.join("course.toml"),
        format!(
            "id = \"corso-fetch\"\ntitle = \"Corso\"\ndescription = \"Prova.\"\n\n\
             [completion]\nrule = \"modules\"\n\n[library]\nacts = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    courses
}

#[tokio::test]
async fn the_command_fetches_the_courses_acts_then_lists_the_changed_articles() {
    let server = FakeNormattiva::start().await;
    let db = TestDb::new().await;
    let scratch = tempfile::tempdir().unwrap();
    let courses = courses_declaring(scratch.path(), &[DLGS_990, L_991]);

    let first = run(&server, &db, &courses, &["--courses"]).await;
    let text = stdout(&first);
    assert!(
        first.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        text.contains("nuovo dlgs-990-2099: 6 articoli, testo vigente al 2099-03-01"),
        "{text}"
    );
    assert!(text.contains("nuovo l-991-2099: 3 articoli"), "{text}");

    server.serve_second_version();
    let second = run(&server, &db, &courses, &[DLGS_990, L_991]).await;
    let text = stdout(&second);
    assert!(second.status.success(), "{text}");
    assert!(
        text.contains("aggiornato dlgs-990-2099, testo vigente al 2099-06-01: 3 articoli cambiati"),
        "{text}"
    );
    for line in [
        "art. 2 (modificato)",
        "art. 3-bis (nuovo)",
        "art. 4 (eliminato)",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(text.contains("invariato l-991-2099"), "{text}");
    assert!(text.contains("1 aggiornati, 1 invariati"), "{text}");
}

#[tokio::test]
async fn the_command_fails_with_the_reason_and_writes_nothing() {
    let server = FakeNormattiva::start().await;
    let db = TestDb::new().await;
    let scratch = tempfile::tempdir().unwrap();
    let courses = courses_declaring(scratch.path(), &[]);

    server.set_fault(Fault::HtmlError, Some(L_991));
    let failed = run(&server, &db, &courses, &[DLGS_990, L_991]).await;
    let text = stdout(&failed);
    assert!(!failed.status.success(), "{text}");
    assert!(
        text.contains(
            "HTML page instead of the Akoma Ntoso XML of urn:nir:stato:legge:2099-03-15;991"
        ),
        "{text}"
    );
    assert!(text.contains("nessuna modifica scritta"), "{text}");
    let conn = aula::db::connect(&db.url).await.unwrap();
    assert!(store::list_acts(&conn).await.unwrap().is_empty());
    conn.close().await.unwrap();

    let none_declared = run(&server, &db, &courses, &["--courses"]).await;
    assert!(!none_declared.status.success());
    assert!(
        stdout(&none_declared).contains("non dichiarano atti"),
        "{}",
        stdout(&none_declared)
    );
}
