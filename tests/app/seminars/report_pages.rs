//! The learner's dashboard with both halves of each course (modules, and the
//! classroom: session, seat or place in line, half-days attended and required, what
//! is missing), over HTTP; and in Chromium with axe (WCAG 2.1 A and AA): the session
//! report and the never-attended report as a tutor, the dashboard as a learner.

use aula::seminars::attendance::Half::Morning;

use super::{
    CLASSROOM_COURSE, GENOVA, REMOTE_COURSE, complete_course_modules, complete_module,
    enrolled_learners, fixture_app, mark, move_to_past, register, seminar_on, session_in, user_id,
};
use crate::browser::Browser;
use crate::helpers::{LEARNER, OTHER_LEARNER, TUTOR, TestApp};

async fn dashboard(app: &TestApp, email: &str) -> String {
    let client = app.client_as(email).await;
    let page = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    page.text().await.unwrap()
}

/// The part of the dashboard about one course (its card).
fn card<'a>(html: &'a str, course: &str) -> &'a str {
    let start = html
        .find(&format!("aria-labelledby=\"c-{course}\""))
        .unwrap_or_else(|| panic!("the card of {course} in {html}"));
    let rest = &html[start..];
    let end = rest.find("<section class=\"card\"").unwrap_or(rest.len());
    &rest[..end]
}

/// The demo learner of Genova: seated in a session of the classroom course with one
/// half-day present and one module of two done; on the waiting list of a session of
/// the remote course.
async fn learner_with_both_halves() -> (TestApp, i32, i32) {
    let app = fixture_app().await;
    let tutor = user_id(&app, TUTOR).await;
    let learner = user_id(&app, LEARNER).await;
    let (_, classroom) = seminar_on(&app, CLASSROOM_COURSE, vec![session_in("Liguria", 10)]).await;
    let (_, remote) = seminar_on(&app, REMOTE_COURSE, vec![session_in("Liguria", 1)]).await;
    let other = enrolled_learners(&app, 1, GENOVA, "primo").await[0];
    register(&app.state, remote[0].id, other).await.unwrap();
    register(&app.state, remote[0].id, learner).await.unwrap();
    register(&app.state, classroom[0].id, learner)
        .await
        .unwrap();
    mark(&app, classroom[0].id, tutor, &[(learner, 1, Morning, true)]).await;
    complete_module(&app, learner, CLASSROOM_COURSE, "modulo-uno").await;
    (app, classroom[0].id, learner)
}

#[tokio::test]
async fn the_dashboard_shows_both_halves_of_each_course_and_what_is_missing() {
    let (app, _, learner) = learner_with_both_halves().await;
    let html = dashboard(&app, LEARNER).await;

    let classroom = card(&html, CLASSROOM_COURSE);
    assert!(classroom.contains("Parte a distanza"), "{classroom}");
    assert!(
        classroom.contains("1 di 2 moduli completati"),
        "{classroom}"
    );
    assert!(classroom.contains("Parte in aula"), "{classroom}");
    assert!(
        classroom.contains("Seminario in aula di corso-aula"),
        "{classroom}"
    );
    assert!(classroom.contains("Via Garibaldi 9, Genova"), "{classroom}");
    assert!(classroom.contains("Hai un posto assegnato."), "{classroom}");
    assert!(
        classroom.contains("Presente a 1 mezza giornata."),
        "{classroom}"
    );
    assert!(
        classroom.contains("1 di 3 mezze giornate richieste"),
        "{classroom}"
    );
    assert!(
        classroom.contains("Per completare il corso ti manca:"),
        "{classroom}"
    );
    assert!(
        classroom.contains("1 modulo della parte a distanza"),
        "{classroom}"
    );
    assert!(
        classroom.contains("2 mezze giornate di seminario in aula"),
        "{classroom}"
    );
    assert!(
        !classroom.contains("l&#39;iscrizione a una sessione"),
        "registered for a session to come: {classroom}"
    );

    let remote = card(&html, REMOTE_COURSE);
    assert!(remote.contains("0 di 1 moduli completati"), "{remote}");
    assert!(
        remote.contains("Sei in lista d&#39;attesa, in posizione 1."),
        "{remote}"
    );
    assert!(
        remote.contains("0 mezze giornate di presenza"),
        "no requirement: {remote}"
    );
    assert!(!remote.contains("mezze giornate richieste"), "{remote}");

    // Both halves done: the course is complete, and says so.
    complete_course_modules(&app, learner, REMOTE_COURSE).await;
    let html = dashboard(&app, LEARNER).await;
    let remote = card(&html, REMOTE_COURSE);
    assert!(remote.contains("Corso completato il"), "{remote}");
    assert!(!remote.contains("ti manca"), "{remote}");

    // Bari: no session in Puglia, attendance required: register is what is missing.
    let html = dashboard(&app, OTHER_LEARNER).await;
    let classroom = card(&html, CLASSROOM_COURSE);
    assert!(
        classroom.contains("Non sei iscritto a nessuna sessione di seminario."),
        "{classroom}"
    );
    assert!(
        classroom.contains("0 di 3 mezze giornate richieste"),
        "{classroom}"
    );
    assert!(
        classroom.contains("l&#39;iscrizione a una sessione di seminario in aula."),
        "{classroom}"
    );
    let remote = card(&html, REMOTE_COURSE);
    assert!(
        !remote.contains("Parte in aula"),
        "nothing to say about a classroom: {remote}"
    );
}

#[tokio::test]
async fn the_seminar_report_pages_and_the_dashboard_are_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, session, _) = learner_with_both_halves().await;
    let tutor = user_id(&app, TUTOR).await;
    // A past session of 2 seats with 4 learners: a waiting list, one present, one
    // no-show; all four finished the remote part, three never came.
    let (_, past) = seminar_on(&app, CLASSROOM_COURSE, vec![session_in("Liguria", 2)]).await;
    let others = enrolled_learners(&app, 4, GENOVA, "axe").await;
    for user in &others {
        register(&app.state, past[0].id, *user).await.unwrap();
        complete_course_modules(&app, *user, CLASSROOM_COURSE).await;
    }
    mark(
        &app,
        past[0].id,
        tutor,
        &[
            (others[0], 1, Morning, true),
            (others[1], 1, Morning, false),
        ],
    )
    .await;
    move_to_past(&app, past[0].id, 10).await;
    let password = aula::demo::DEMO_PASSWORD;

    browser.sign_in(&app.base, TUTOR, password, "/tutor").await;
    browser
        .check_page(
            &app.url(&format!("/tutor/seminari/sessioni/{session}/resoconto")),
            "seminar-report-session",
        )
        .await;
    browser
        .check_page(
            &app.url(&format!(
                "/tutor/seminari/sessioni/{}/resoconto",
                past[0].id
            )),
            "seminar-report-past-session",
        )
        .await;
    let source = browser.client.source().await.unwrap();
    assert!(source.contains("Lista d'attesa") || source.contains("Lista d&#39;attesa"));
    assert!(source.contains("mai presente"), "a no-show is shown");
    browser
        .check_page(
            &app.url(&format!(
                "/tutor/seminari/mai-presenti?course={CLASSROOM_COURSE}"
            )),
            "seminar-report-never-attended",
        )
        .await;
    browser.client.set_window_size(768, 1024).await.unwrap();
    browser
        .check_page(
            &app.url(&format!(
                "/tutor/seminari/sessioni/{}/resoconto",
                past[0].id
            )),
            "seminar-report-past-session-768",
        )
        .await;
    browser.close().await;

    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.sign_in(&app.base, LEARNER, password, "/").await;
    browser
        .check_page(&app.url("/"), "dashboard-both-halves")
        .await;
    let source = browser.client.source().await.unwrap();
    assert!(
        source.contains("Parte in aula"),
        "the classroom section is there"
    );
    browser.close().await;
}
