//! `aula seminars add`: a seminar with two sessions from the command line, a bad
//! session refused with its field named and nothing stored, and `--approval`.

use super::{COURSE, MODULE, app};

fn run(app: &crate::helpers::TestApp, sessions: &[String]) -> (bool, String) {
    run_with(app, sessions, &[])
}

fn run_with(app: &crate::helpers::TestApp, sessions: &[String], extra: &[&str]) -> (bool, String) {
    let mut args = vec![
        "seminars",
        "add",
        "--edition",
        "4",
        "--course",
        COURSE,
        "--module",
        MODULE,
        "--title",
        "Semplificazione in aula",
    ];
    args.extend(extra);
    for session in sessions {
        args.extend(["--session", session.as_str()]);
    }
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
        .args(&args)
        .current_dir(dir.path())
        .env("AULA_DATABASE_URL", &app.state.config().database_url)
        .env("AULA_COURSES_DIR", &app.state.config().courses_dir)
        .env("AULA_LOG", "warn")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Next year: sessions may not begin in the past, and March keeps Rome on CET.
fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year() + 1
}

#[tokio::test]
async fn seminars_add_plans_sessions_and_refuses_a_bad_one() {
    let app = app().await;
    let y = year();
    let (ok, out) = run(
        &app,
        &[
            format!(
                "first_day={y}-03-10;hours=09:30-17:30;venue=Sala consiliare;\
                 address=Via Garibaldi 9, Genova;region=Liguria;capacity=40;\
                 deadline={y}-03-01 18:00"
            ),
            format!(
                "first_day={y}-04-14;days=1;hours=09:00-13:00;venue=Palazzo della Provincia;\
                 address=Corso Vittorio Emanuele 150, Bari;region=Puglia;capacity=25;\
                 deadline={y}-04-07 12:00"
            ),
        ],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("seminario 1 creato: «Semplificazione in aula»"),
        "{out}"
    );
    assert!(
        out.contains(&format!("iscrizioni fino al 01/03/{y} alle 18:00")),
        "{out}"
    );
    let sessions = aula::seminars::plan::sessions_of(app.state.db(), 1)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].days, 2);
    assert_eq!(sessions[1].region, "Puglia");
    // 18:00 in Rome on 1 March (CET) is 17:00 UTC.
    assert_eq!(
        sessions[0].deadline.to_rfc3339(),
        format!("{y}-03-01T17:00:00+00:00")
    );

    let (ok, out) = run(
        &app,
        &[format!(
            "first_day={y}-03-10;hours=09:30-17:30;venue=Sala;address=Via Roma 1;\
             region=Lombardia;capacity=40;deadline={y}-03-01 18:00"
        )],
    );
    assert!(!ok);
    assert!(out.contains("errore (sessions[0].region)"), "{out}");
    let (ok, out) = run(&app, &[format!("first_day={y}-03-10;capacity=molti")]);
    assert!(!ok);
    assert!(out.contains("errore (sessione 1)"), "{out}");
    assert!(
        aula::seminars::plan::seminar(app.state.db(), 2)
            .await
            .unwrap()
            .is_none(),
        "nothing stored by the refused commands"
    );
}

#[tokio::test]
async fn seminars_add_with_approval_plans_a_seminar_whose_registrations_wait() {
    let app = app().await;
    let y = year();
    let session = format!(
        "first_day={y}-05-12;hours=09:30-17:30;venue=Sala consiliare;\
         address=Via Garibaldi 9, Genova;region=Liguria;capacity=30;deadline={y}-05-05 18:00"
    );
    let (ok, out) = run_with(&app, std::slice::from_ref(&session), &["--approval"]);
    assert!(ok, "{out}");
    let (ok, out) = run(&app, &[session]);
    assert!(ok, "{out}");
    let with = aula::seminars::plan::seminar(app.state.db(), 1)
        .await
        .unwrap()
        .unwrap();
    let without = aula::seminars::plan::seminar(app.state.db(), 2)
        .await
        .unwrap()
        .unwrap();
    assert!(
        with.requires_approval,
        "--approval asks for the tutor's approval"
    );
    assert!(!without.requires_approval);
}
