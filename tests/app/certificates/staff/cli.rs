//! `aula certificates …` from the built binary: `verify` exits 0 for a genuine, valid
//! certificate and 1 for a forged, unreadable or revoked one; `rotate-key` makes a new
//! key current while the old certificates still verify and the JWK Set lists both;
//! `revoke` and `issue` act in the name of the first active admin, or refuse when
//! there is none.

use std::path::Path;

use aula::certificates::keys::{self, KeyRing};
use aula::certificates::pdf::{self, Attachment};
use aula::certificates::{credential, seal, store};

use super::sorted;
use crate::certificates::{GENOVA, certified, enrolled_learners, fixture_app, user_id};
use crate::helpers::{ADMIN, TestApp};
use crate::seminars::REMOTE_COURSE;

/// Runs `aula` with `args` against the app's database, keys and courses: whether it
/// succeeded (exit 0), its exit code and its standard output.
fn aula(app: &TestApp, args: &[&str]) -> (bool, i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let config = app.state.config();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(args)
        .current_dir(dir.path())
        .env("AULA_DATABASE_URL", &config.database_url)
        .env("AULA_COURSES_DIR", &config.courses_dir)
        .env("AULA_CERTIFICATES__KEYS_DIR", &config.certificates.keys_dir)
        .env("AULA_LOG", "warn")
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.success(),
        output.status.code().unwrap_or(-1),
        out,
    )
}

/// `aula certificates verify FILE`.
fn verify_file(app: &TestApp, file: &Path) -> (i32, String) {
    let (_, code, out) = aula(app, &["certificates", "verify", file.to_str().unwrap()]);
    (code, out)
}

/// The sealed record of `code` and its PDF.
async fn paper(app: &TestApp, code: &str) -> (store::Record, Vec<u8>) {
    let record = store::find(app.state.db(), code).await.unwrap().unwrap();
    let record = seal::seal(app.state.db(), app.state.issuing(), record)
        .await
        .unwrap();
    let pdf = seal::paper(app.state.issuing(), &record).unwrap();
    (record, pdf)
}

#[tokio::test]
async fn verify_exits_0_for_a_genuine_valid_certificate_and_1_otherwise() {
    let app = fixture_app().await;
    let (_, record) = certified(&app, GENOVA, "clia").await;
    let code = record.certificate.code.clone();
    let (record, genuine) = paper(&app, &code).await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };

    let pdf_file = write("attestato.pdf", &genuine);
    let (exit, out) = verify_file(&app, &pdf_file);
    assert_eq!(exit, 0, "{out}");
    assert!(
        out.contains("AUTENTICO E VALIDO") && out.contains(&code),
        "{out}"
    );
    let json_file = write("attestato.json", &seal::json(&record));
    let (exit, out) = verify_file(&app, &json_file);
    assert_eq!(exit, 0, "{out}");

    // The same PDF carrying a credential whose signature was altered by one character.
    let jws = record.credential.clone().unwrap();
    let signature_at = jws.rfind('.').unwrap() + 10;
    let mut bytes = jws.clone().into_bytes();
    bytes[signature_at] = if bytes[signature_at] == b'A' {
        b'B'
    } else {
        b'A'
    };
    let forged_jws = String::from_utf8(bytes).unwrap();
    let forged_doc = credential::document(&forged_jws).unwrap();
    let url = aula::certificates::Certificate::verify_url(&app.base, &code);
    let forged_pdf = pdf::render(
        &record.certificate,
        app.state.templates().messages(),
        &url,
        Some(Attachment {
            name: &seal::json_name(&code),
            bytes: &forged_doc,
        }),
    )
    .unwrap();
    let (exit, out) = verify_file(&app, &write("falso.pdf", &forged_pdf));
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("FIRMA NON VALIDA"), "{out}");
    let (exit, out) = verify_file(&app, &write("falso.jws", forged_jws.as_bytes()));
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("FIRMA NON VALIDA"), "{out}");
    // Half a PDF, and a file that is nothing of the sort.
    let (exit, out) = verify_file(&app, &write("mezzo.pdf", &genuine[..genuine.len() / 2]));
    assert_eq!(exit, 1, "{out}");
    let (exit, out) = verify_file(&app, &write("nota.txt", b"una nota qualsiasi"));
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("NON VERIFICABILE"), "{out}");

    // Revoked from the command line, the genuine PDF no longer passes.
    let (ok, _, out) = aula(
        &app,
        &[
            "certificates",
            "revoke",
            &code.to_lowercase(),
            "--reason",
            "Frequenza non confermata",
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains(&format!("attestato {code} revocato")), "{out}");
    let history = store::events(app.state.db(), record.id).await.unwrap();
    assert_eq!(history.last().unwrap().action, "revoked");
    assert_eq!(
        history.last().unwrap().actor_id,
        Some(user_id(&app, ADMIN).await)
    );
    let (exit, out) = verify_file(&app, &pdf_file);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("REVOCATO"), "{out}");
    let (ok, exit, out) = aula(
        &app,
        &["certificates", "revoke", &code, "--reason", "ancora"],
    );
    assert!(!ok && exit == 1, "{out}");
    assert!(out.contains("non è valido"), "{out}");
}

#[tokio::test]
async fn rotate_key_signs_with_a_new_key_while_the_old_certificates_still_verify() {
    let app = fixture_app().await;
    let (_, record) = certified(&app, GENOVA, "chiave").await;
    let (_, old_pdf) = paper(&app, &record.certificate.code).await;
    let old_kid = app.state.keys().current_kid().to_string();
    let dir = tempfile::tempdir().unwrap();
    let old_file = dir.path().join("vecchio.pdf");
    std::fs::write(&old_file, &old_pdf).unwrap();

    let (ok, _, out) = aula(&app, &["certificates", "rotate-key"]);
    assert!(ok, "{out}");
    let new_kid = out.lines().last().unwrap().trim().to_string();
    assert_ne!(new_kid, old_kid);
    let ring = KeyRing::load_or_create(&app.state.config().certificates.keys_dir).unwrap();
    assert_eq!(
        ring.current_kid(),
        new_kid,
        "the new key is the current one"
    );

    let published = keys::published(app.state.db()).await.unwrap();
    let kids: Vec<&str> = published.iter().map(|k| k.kid.as_str()).collect();
    let mut both = kids.clone();
    both.sort_unstable();
    assert_eq!(both, sorted(&[&old_kid, &new_kid]), "{kids:?}");
    let jwks = keys::jwks(&published);
    let listed: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&old_kid.as_str()) && listed.contains(&new_kid.as_str()));

    // The certificate signed before still verifies, with the old key.
    let (exit, out) = verify_file(&app, &old_file);
    assert_eq!(exit, 0, "{out}");
    assert!(out.contains(&old_kid), "{out}");
}

#[tokio::test]
async fn issue_acts_in_the_name_of_the_first_active_admin() {
    let app = fixture_app().await;
    let learner = enrolled_learners(&app, 1, GENOVA, "clim").await[0];
    let issue = |email: &str, reason: &str| {
        aula(
            &app,
            &[
                "certificates",
                "issue",
                "--email",
                email,
                "--course",
                REMOTE_COURSE,
                "--reason",
                reason,
            ],
        )
    };
    let (ok, _, out) = issue("nessuno@comune.test.it", "Frequenza registrata altrove");
    assert!(!ok, "{out}");
    assert!(out.contains("errore (email)"), "{out}");
    let (ok, _, out) = issue("clim000@comune.test.it", " ");
    assert!(!ok && out.contains("errore (reason)"), "{out}");
    assert!(
        store::of_learner(app.state.db(), learner)
            .await
            .unwrap()
            .is_empty()
    );

    let (ok, _, out) = issue("clim000@comune.test.it", "Frequenza registrata altrove");
    assert!(ok, "{out}");
    let records = store::of_learner(app.state.db(), learner).await.unwrap();
    assert_eq!(records.len(), 1);
    assert!(out.contains(&records[0].certificate.code), "{out}");
    assert_eq!(records[0].issued_by, Some(user_id(&app, ADMIN).await));
    let (ok, exit, out) = issue("clim000@comune.test.it", "di nuovo");
    assert!(!ok && exit == 1, "{out}");
    assert!(out.contains("esiste già"), "{out}");
}

#[tokio::test]
async fn without_an_active_admin_the_commands_refuse_to_act() {
    let app = TestApp::spawn().await;
    let (ok, exit, out) = aula(
        &app,
        &[
            "certificates",
            "revoke",
            "AULA-0000-0000-0000",
            "--reason",
            "prova",
        ],
    );
    assert!(!ok && exit == 1, "{out}");
    assert!(out.contains("nessun amministratore attivo"), "{out}");
}
