//! `aula courses check` on translations: one older than its original, one citing other
//! articles, one of a lesson that does not exist, one in a language Aula does not
//! speak, and a quiz translation naming a question or option that does not exist.

use std::path::Path;

use crate::corpus::fixture;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs `aula courses check` on `dir` with the fixture act; (exit code, output).
fn check(dir: &Path) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(["courses", "check"])
        .arg(dir)
        .arg("--library")
        .arg(fixture("library/dlgs-999-2099.md"))
        .env("AULA_LOG", "error")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

/// A "translation" of the first lesson: its own front matter, the original's text
/// (so the same citations).
fn translation(module: &Path, reviewed: &str) -> String {
    let original = std::fs::read_to_string(module.join("prima-lezione.md")).unwrap();
    let body = original.splitn(3, "+++").nth(2).unwrap();
    format!(
        "+++\ntitle = \"Erste Lektion\"\nsummary = \"Eine Lektion.\"\nreviewed = {reviewed}\n+++{body}"
    )
}

#[test]
fn translations_are_checked_against_their_originals() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("courses-ok"), dir.path());
    let module = dir.path().join("corso-prova/modulo-a");

    // A faithful translation: nothing to say.
    let good = translation(&module, "2026-11-30");
    assert!(good.contains("art. 1 del D.Lgs. 999/2099"));
    std::fs::write(module.join("prima-lezione.de.md"), &good).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.lines().any(|l| l.contains("prima-lezione.de.md")
            && (l.contains(": avviso:") || l.contains(": errore:"))),
        "{out}"
    );

    // Older than the original, and citing another article.
    std::fs::write(
        module.join("prima-lezione.de.md"),
        translation(&module, "2026-10-01").replace("art. 1 del D.Lgs.", "art. 3 del D.Lgs."),
    )
    .unwrap();
    // A lesson that does not exist, a language Aula does not speak.
    std::fs::write(module.join("inesistente.de.md"), &good).unwrap();
    std::fs::write(module.join("seconda-lezione.fr.md"), &good).unwrap();
    // A quiz translation naming a question and an option that do not exist.
    std::fs::write(
        module.join("quiz.de.toml"),
        "[[questions]]\nid = \"definizioni\"\ntext = \"Wo stehen die Begriffe?\"\n\
         options = [{ id = \"z\", text = \"Nirgends\" }]\n\n\
         [[questions]]\nid = \"erfunden\"\ntext = \"?\"\n",
    )
    .unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, 1, "errors fail the check: {out}");
    for expected in [
        "prima-lezione.de.md:1: avviso: traduzione più vecchia dell'originale",
        "non cita articoli che l'originale prima-lezione.md cita: dlgs-999-2099/art-1",
        "cita articoli che l'originale prima-lezione.md non cita: dlgs-999-2099/art-3",
        "inesistente.de.md:1: errore: traduzione di una lezione che non esiste: inesistente.md",
        "seconda-lezione.fr.md:1: errore: lingua «fr» non prevista",
        "quiz.de.toml:2: errore: la domanda «definizioni» non ha l'opzione «z»",
        "la domanda «erfunden» non esiste nella verifica originale",
        "la domanda «uffici» non è tradotta",
    ] {
        assert!(out.contains(expected), "missing «{expected}» in:\n{out}");
    }
}
