//! `aula courses check`: every planted problem at its `path:line`, a clean pass on
//! good content, the real courses against the real library (every cited act declared),
//! a lesson without `reviewed` as an error, and the review warnings for articles
//! changed, and acts whose text in force is dated, after a lesson's `reviewed` date.

use std::process::Command;

use aula::content::library::store::{self, article_change};
use chrono::{TimeZone, Utc};

use crate::corpus::{fixture, normattiva};
use crate::helpers::TestDb;

fn check(args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/aula.db?mode=rwc", dir.path().display());
    check_against(&url, args)
}

/// Runs `aula courses check` with the library in the database at `url`.
fn check_against(database_url: &str, args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["courses", "check"])
        .args(args)
        .current_dir(dir.path())
        .env("AULA_DATABASE_URL", database_url)
        .output()
        .expect("run aula courses check");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.success(), format!("{stdout}{stderr}"))
}

#[test]
fn each_planted_error_is_reported_at_its_line() {
    let broken = fixture("courses-broken");
    let library = fixture("library/dlgs-999-2099.md");
    let (ok, out) = check(&[
        broken.to_str().unwrap(),
        "--library",
        library.to_str().unwrap(),
    ]);
    assert!(!ok, "exit status 1 on errors:\n{out}");
    let base = broken.join("corso-rotto");
    let expect = |file: &str, line: usize, needle: &str| {
        let prefix = format!("{}:{line}: ", base.join(file).display());
        assert!(
            out.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(needle)),
            "expected `{prefix}… {needle}` in:\n{out}"
        );
    };
    expect(
        "modulo-uno/lezione-ok.md",
        9,
        "collegamento a una lezione che non esiste",
    );
    expect("modulo-uno/lezione-ok.md", 11, "articolo che non esiste");
    expect(
        "modulo-uno/lezione-ok.md",
        13,
        "avviso: atto non presente nella biblioteca: dpr-394-1999",
    );
    expect(
        "modulo-uno/front-rotto.md",
        3,
        "intestazione TOML non valida",
    );
    expect(
        "modulo-uno/quiz.toml",
        14,
        "id di domanda duplicato «doppia»",
    );
    expect("modulo-uno/quiz.toml", 24, "non ha nessuna opzione esatta");
    expect("modulo-due/module.toml", 2, "TOML non valido");
    expect("modulo-tre/quiz.toml", 1, "verifica mancante");
    expect(
        "modulo-uno/lezione-ok.md",
        13,
        "avviso: atto citato ma non dichiarato in [library] acts di course.toml: dpr-394-1999 \
         (aggiungere «urn:nir:stato:decreto.del.presidente.della.repubblica:1999-08-31;394»)",
    );
    expect(
        "course.toml",
        12,
        "errore: «urn:nir:stato:regio.decreto:1942-03-16;262» non è l'URN di un atto dello Stato",
    );
    expect(
        "course.toml",
        13,
        "errore: l'URN «urn:nir:stato:legge:1990;241» deve indicare la data completa",
    );
    // The correct citation on line 7 is not reported.
    assert!(!out.contains("lezione-ok.md:7:"), "{out}");
}

#[test]
fn good_content_passes_even_when_strict() {
    let ok_dir = fixture("courses-ok");
    let library = fixture("library/dlgs-999-2099.md");
    let (ok, out) = check(&[
        ok_dir.to_str().unwrap(),
        "--strict",
        "--library",
        library.to_str().unwrap(),
    ]);
    assert!(ok, "{out}");
    assert!(out.contains("0 errori, 0 avvisi"), "{out}");
    assert!(
        out.contains("nota: atto non presente nella biblioteca (dichiarato esterno): l-47-2017"),
        "{out}"
    );
}

#[test]
fn without_the_library_citations_are_warnings_and_strict_fails() {
    let ok_dir = fixture("courses-ok");
    let (ok, out) = check(&[ok_dir.to_str().unwrap()]);
    assert!(ok, "warnings alone pass:\n{out}");
    assert!(
        out.contains("avviso: atto non presente nella biblioteca: dlgs-999-2099"),
        "{out}"
    );
    let (ok, _) = check(&[ok_dir.to_str().unwrap(), "--strict"]);
    assert!(!ok, "--strict turns warnings into errors");
}

#[test]
fn the_real_courses_declare_every_act_they_cite() {
    let courses = concat!(env!("CARGO_MANIFEST_DIR"), "/courses");
    let (_, out) = check(&[courses]);
    assert!(out.contains(" 0 errori,"), "{out}");
    assert!(
        !out.contains("non dichiarato in [library] acts"),
        "every cited act is declared in course.toml:\n{out}"
    );
    assert!(
        !out.contains("cambiato il"),
        "no history, no review warning"
    );
}

#[tokio::test]
async fn articles_changed_after_the_review_date_are_warned_at_their_first_citation() {
    let test_db = TestDb::new().await;
    let db = aula::db::connect(&test_db.url).await.unwrap();
    aula::db::migrate(&db).await.unwrap();
    aula::content::library::import_file(&db, &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    let change = |article: &str, y, m, d| article_change::Model {
        id: 0,
        act_id: "dlgs-999-2099".into(),
        article_id: format!("dlgs-999-2099/{article}"),
        label: article.trim_start_matches("art-").into(),
        change: "changed".into(),
        old_text: Some("prima".into()),
        new_text: Some("dopo".into()),
        old_in_force_at: None,
        new_in_force_at: None,
        detected_at: Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap(),
    };
    store::insert_changes(
        &db,
        vec![
            // Art. 1 changed twice: the later change counts (2099-06-01).
            change("art-1", 2099, 3, 1),
            change("art-1", 2099, 6, 1),
            change("art-1-bis", 2099, 4, 1),
            change("art-2", 2099, 4, 1),
        ],
    )
    .await
    .unwrap();
    db.close().await.unwrap();

    let courses = fixture("courses-review");
    let (ok, out) = check_against(&test_db.url, &[courses.to_str().unwrap()]);
    assert!(ok, "review warnings do not fail the check:\n{out}");
    let lesson = |name: &str| courses.join("corso-revisione/modulo").join(name);
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains("cambiato il")).collect();
    assert_eq!(
        warnings,
        [format!(
            "{}:12: avviso: l'art. 1 del D.Lgs. 999/2099 è cambiato il 2099-06-01 (dopo la \
             revisione del 2099-05-01): rivedere la lezione",
            lesson("rivista-prima.md").display()
        )],
        "one warning per lesson and changed article, none for art. 2 (changed before the \
         review) nor for the lesson reviewed after the change:\n{out}"
    );
    assert!(out.contains("0 errori, 1 avvisi"), "{out}");
    let (strict_ok, _) = check_against(&test_db.url, &[courses.to_str().unwrap(), "--strict"]);
    assert!(!strict_ok, "--strict fails on review warnings");
}

#[test]
fn a_lesson_without_a_review_date_is_an_error_at_its_file_and_line() {
    let courses = fixture("courses-unreviewed");
    let library = fixture("library/dlgs-999-2099.md");
    let (ok, out) = check(&[
        courses.to_str().unwrap(),
        "--library",
        library.to_str().unwrap(),
    ]);
    assert!(!ok, "a lesson without reviewed fails the check:\n{out}");
    let module = courses.join("corso-senza-revisione/modulo");
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": errore: ")).collect();
    assert_eq!(
        errors,
        [format!(
            "{}:1: errore: manca la data di revisione: aggiungere all'intestazione reviewed = \
             AAAA-MM-GG, il giorno in cui la lezione è stata confrontata con il testo vigente \
             delle norme che cita",
            module.join("senza-data.md").display()
        )],
        "the lesson without reviewed, and only it:\n{out}"
    );
    assert!(out.contains("1 errori, 0 avvisi"), "{out}");
}

#[tokio::test]
async fn acts_in_force_after_the_review_date_are_warned_at_their_first_citation() {
    let courses = fixture("courses-review");
    let lesson = |name: &str| courses.join("corso-revisione/modulo").join(name);
    let expected = format!(
        "{}:10: avviso: il testo vigente del D.Lgs. 999/2099 nella biblioteca è al 2099-06-30, \
         dopo la revisione del 2099-05-01: rivedere la lezione",
        lesson("rivista-prima.md").display()
    );
    let in_force_warnings = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains("testo vigente"))
            .map(str::to_string)
            .collect()
    };

    // From the database: the act's text in force as a fetch stored it.
    let test_db = TestDb::new().await;
    let db = aula::db::connect(&test_db.url).await.unwrap();
    aula::db::migrate(&db).await.unwrap();
    aula::content::library::import_file(&db, &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    let (_, out) = check_against(&test_db.url, &[courses.to_str().unwrap()]);
    assert!(
        in_force_warnings(&out).is_empty(),
        "no date, no warning:\n{out}"
    );
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("UPDATE acts SET in_force_at = '2099-06-30' WHERE id = 'dlgs-999-2099'")
        .await
        .unwrap();
    db.close().await.unwrap();
    let (ok, out) = check_against(&test_db.url, &[courses.to_str().unwrap()]);
    assert!(ok, "review warnings do not fail the check:\n{out}");
    assert_eq!(
        in_force_warnings(&out),
        std::slice::from_ref(&expected),
        "once, at the lesson's first citation of the act; not for the lesson reviewed \
         after it:\n{out}"
    );

    // From files: the date of the Akoma Ntoso expression.
    let dir = tempfile::tempdir().unwrap();
    let akn = std::fs::read_to_string(fixture("library/dlgs-999-2099.akn.xml")).unwrap();
    let file = dir.path().join("dlgs-999-2099.akn.xml");
    std::fs::write(&file, &akn).unwrap();
    let (_, out) = check(&[
        courses.to_str().unwrap(),
        "--library",
        file.to_str().unwrap(),
    ]);
    assert!(
        in_force_warnings(&out).is_empty(),
        "in force on 2099-03-01, before both reviews:\n{out}"
    );
    let later = akn.replace(
        r#"<FRBRdate date="2099-03-01" name="vigenza"/>"#,
        r#"<FRBRdate date="2099-06-30" name="vigenza"/>"#,
    );
    assert_ne!(later, akn, "the fixture names its date of text in force");
    std::fs::write(&file, later).unwrap();
    let (_, out) = check(&[
        courses.to_str().unwrap(),
        "--library",
        file.to_str().unwrap(),
    ]);
    assert_eq!(in_force_warnings(&out), [expected], "{out}");
}

#[test]
fn real_courses_pass_strict_against_the_shared_corpus() {
    let Some(corpus) = normattiva() else { return };
    let courses = concat!(env!("CARGO_MANIFEST_DIR"), "/courses");
    let (ok, out) = check(&[courses, "--strict", "--library", corpus.to_str().unwrap()]);
    assert!(ok, "{out}");
    println!("{out}");
}
