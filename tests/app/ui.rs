//! The pages in a real browser: every content page of the shipped course and the
//! library pass axe (WCAG 2.1 A and AA), and a citation link leads to its article.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::corpus::{act_files, normattiva};
use crate::helpers::TestApp;

#[tokio::test]
async fn content_and_library_pages_are_accessible_in_chromium() {
    let Some(corpus) = normattiva() else { return };
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    for file in act_files(&corpus) {
        aula::content::library::import_file(app.state.db(), &file)
            .await
            .unwrap();
    }
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let catalog = app.state.catalog();

    // Sign in through the real page.
    browser.check_page(&app.url("/login"), "login").await;
    browser
        .sign_in(
            &app.base,
            crate::helpers::ADMIN,
            aula::demo::DEMO_PASSWORD,
            "/courses",
        )
        .await;
    let course = catalog.courses.first().expect("the shipped course");

    browser.check_page(&app.url("/"), "home").await;
    browser.check_page(&app.url("/courses"), "catalogue").await;
    browser
        .check_page(&app.url(&format!("/courses/{}", course.id)), "course")
        .await;
    browser
        .check_page(
            &app.url(&format!("/courses/{}?settore=servizi-sociali", course.id)),
            "course-sector",
        )
        .await;
    browser
        .check_page(
            &app.url(&format!("/courses/{}/glossario", course.id)),
            "glossary",
        )
        .await;
    for (_, module, lesson) in catalog.lessons() {
        let name = format!("lesson-{}-{}", module.id, lesson.slug);
        browser
            .check_page(&app.url(&format!("/courses/{}", lesson.id)), &name)
            .await;
    }
    browser.check_page(&app.url("/library"), "library").await;
    browser
        .check_page(&app.url("/search"), "search-empty")
        .await;
    browser
        .check_page(
            &app.url("/search?q=rinnovo+del+permesso+di+soggiorno"),
            "search-results",
        )
        .await;
    browser
        .check_page(
            &app.url("/search?q=rinnovo&kind=article&act=dlgs-286-1998"),
            "search-filtered",
        )
        .await;
    browser
        .check_page(&app.url("/search?q=zzzqqq+inesistente"), "search-none")
        .await;
    // A citation typed in the search form leads to its article, first.
    browser.client.goto(&app.url("/search")).await.unwrap();
    let form = browser
        .client
        .form(Locator::Css("form.search-form"))
        .await
        .unwrap();
    form.set_by_name("q", "art. 5 TUI").await.unwrap();
    form.submit().await.unwrap();
    let first = browser.wait_for(".hit-title a").await;
    assert_eq!(
        first.attr("href").await.unwrap().as_deref(),
        Some("/library/dlgs-286-1998/art-5")
    );
    browser
        .check_page(&app.url("/library/dlgs-286-1998"), "library-act")
        .await;
    browser
        .check_page(&app.url("/library/dlgs-286-1998/art-5"), "library-article")
        .await;
    browser
        .check_page_with_status(&app.url("/pagina-inesistente"), "not-found", 404)
        .await;

    // Follow a citation from a lesson to its article.
    let (_, _, lesson) = catalog
        .lessons()
        .find(|(_, _, l)| !l.citations.is_empty())
        .expect("a lesson with citations");
    browser
        .client
        .goto(&app.url(&format!("/courses/{}", lesson.id)))
        .await
        .unwrap();
    let link = browser
        .client
        .find(Locator::Css(".prose a.cite"))
        .await
        .expect("a citation link");
    let target = link
        .attr("data-article")
        .await
        .unwrap()
        .expect("article id");
    link.click().await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    assert!(url.path().starts_with("/library/"), "{url}");
    assert_eq!(url.path(), format!("/library/{target}"));
    let heading = browser
        .client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(heading.starts_with("Art."), "{heading}");
    browser.assert_accessible("citation-target").await;

    // Every module quiz of the shipped course, as a learner sees it, and one result.
    browser.client.delete_all_cookies().await.unwrap();
    browser
        .sign_in(
            &app.base,
            crate::helpers::LEARNER,
            aula::demo::DEMO_PASSWORD,
            "/courses",
        )
        .await;
    for module in &course.modules {
        let url = app.url(&format!("/courses/{}/{}/quiz", course.id, module.id));
        browser
            .check_page(&url, &format!("quiz-{}", module.id))
            .await;
    }
    let first = &course.modules[0];
    browser
        .client
        .goto(&app.url(&format!("/courses/{}/{}/quiz", course.id, first.id)))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("form.quiz button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for(".result-score").await;
    browser.assert_accessible("quiz-result").await;
    browser.close().await;
}

#[tokio::test]
async fn account_pages_are_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn().await;
    // The demo learners at their stages, plus generated ones, so the reports have
    // figures and charts to show.
    aula::demo::load_with_progress(app.state.db(), &app.state.catalog())
        .await
        .unwrap();
    aula::demo::generate::generate(app.state.db(), &app.state.catalog(), 40, 3, None)
        .await
        .unwrap();
    browser
        .check_page(&app.url("/login"), "account-login")
        .await;
    browser
        .check_page(&app.url("/password/forgot"), "account-forgot")
        .await;
    browser
        .check_page(&app.url("/invite/not-a-token"), "account-invite-invalid")
        .await;
    // A wrong password shows the error on the page, still accessible.
    browser.client.goto(&app.url("/login")).await.unwrap();
    let form = browser
        .client
        .form(Locator::Css("form.form"))
        .await
        .unwrap();
    form.set_by_name("email", crate::helpers::LEARNER)
        .await
        .unwrap();
    form.set_by_name("password", "sbagliata-sbagliata")
        .await
        .unwrap();
    form.submit().await.unwrap();
    let alert = browser.wait_for("[role=alert]").await;
    assert!(alert.text().await.unwrap().contains("non corretti"));
    browser.assert_accessible("account-login-error").await;
    browser
        .sign_in(
            &app.base,
            crate::helpers::ADMIN,
            aula::demo::DEMO_PASSWORD,
            "/courses",
        )
        .await;
    for (path, name) in [
        ("/profile", "account-profile"),
        ("/admin", "admin-index"),
        ("/admin/editions", "admin-editions"),
        ("/admin/municipalities", "admin-municipalities"),
        ("/admin/tokens", "admin-tokens"),
        ("/admin/search", "admin-search"),
        ("/admin/reminders", "admin-reminders"),
        ("/tutor", "tutor-overview"),
        ("/tutor/matrix", "tutor-matrix"),
        (
            "/tutor/matrix?sort=progress&region=Liguria",
            "tutor-matrix-filtered",
        ),
        ("/tutor/at-risk", "tutor-at-risk"),
    ] {
        browser.check_page(&app.url(path), name).await;
    }
    let savona = aula::accounts::directory::by_email(app.state.db(), "sociali.savona@demo.aula.it")
        .await
        .unwrap()
        .unwrap();
    browser
        .check_page(
            &app.url(&format!("/tutor/learners/{}", savona.id)),
            "tutor-learner",
        )
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_learner_completes_a_lesson_and_passes_a_quiz_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn_with(|c| c.courses_dir = crate::corpus::fixture("courses-ok")).await;
    aula::content::library::import_file(
        app.state.db(),
        &crate::corpus::fixture("library/dlgs-999-2099.md"),
    )
    .await
    .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    browser
        .sign_in(
            &app.base,
            crate::helpers::LEARNER,
            aula::demo::DEMO_PASSWORD,
            "/",
        )
        .await;

    // The dashboard, then each lesson of the module, completed with the button.
    browser.check_page(&app.url("/"), "learner-dashboard").await;
    for lesson in ["prima-lezione", "seconda-lezione"] {
        browser
            .client
            .goto(&app.url(&format!("/courses/corso-prova/modulo-a/{lesson}")))
            .await
            .unwrap();
        browser
            .assert_accessible(&format!("learner-{lesson}"))
            .await;
        let button = browser
            .client
            .find(Locator::Css("#stato button[type=submit]"))
            .await
            .expect("completion button");
        button.click().await.unwrap();
        let status = browser
            .wait_for("#stato .lesson-state-completed")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(status, "Lezione completata");
    }

    // The quiz: tick the right answers on the real form and submit.
    browser
        .client
        .goto(&app.url("/courses/corso-prova/modulo-a/quiz"))
        .await
        .unwrap();
    browser.assert_accessible("learner-quiz").await;
    for (question, options) in [
        ("definizioni", vec!["a"]),
        ("uffici", vec!["a", "b"]),
        ("vero-falso", vec!["vero"]),
    ] {
        for option in options {
            let selector = format!("input[name='q:{question}'][value='{option}']");
            browser
                .client
                .find(Locator::Css(&selector))
                .await
                .expect("option")
                .click()
                .await
                .unwrap();
        }
    }
    browser
        .client
        .find(Locator::Css("form.quiz button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Submitting navigates to the result page (same URL): wait for it.
    let result = browser
        .wait_for(".result-score")
        .await
        .text()
        .await
        .unwrap();
    assert!(result.contains("100"), "{result}");
    let done = browser
        .client
        .find(Locator::Css("[role=status]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(done.contains("Hai completato il modulo"), "{done}");
    browser.assert_accessible("learner-quiz-result").await;
    browser
        .check_page(&app.url("/courses/corso-prova"), "learner-course-progress")
        .await;
    browser.close().await;
}

/// Seconds the learner has spent on a lesson, as the API reports them.
async fn lesson_seconds(app: &TestApp, client: &reqwest::Client, lesson: &str) -> i64 {
    crate::progress::progress(app, client).await["courses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["modules"].as_array().unwrap())
        .flat_map(|m| m["lessons"].as_array().unwrap())
        .find(|l| l["id"] == lesson)
        .and_then(|l| l["seconds"].as_i64())
        .expect("lesson in the learner's progress")
}

#[tokio::test]
async fn events_a_page_queued_offline_go_out_with_the_next_page_and_only_for_their_learner() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn_with(|c| c.courses_dir = crate::corpus::fixture("courses-ok")).await;
    app.load_demo().await;
    let api = app.client_as(crate::helpers::LEARNER).await;
    let queued_lesson = "corso-prova/modulo-b/lezione-b";
    // The lesson was opened a minute ago (reading time is credited from the server's
    // clock: no more than passed since the lesson's previous event).
    let started = api
        .post(app.url("/api/v1/progress"))
        .json(&serde_json::json!({"lesson": queued_lesson, "event": "started"}))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 200);
    crate::progress::rewind(&app, 60).await;
    let before = lesson_seconds(&app, &api, queued_lesson).await;
    browser
        .sign_in(
            &app.base,
            crate::helpers::LEARNER,
            aula::demo::DEMO_PASSWORD,
            "/",
        )
        .await;
    let page = app.url("/courses/corso-prova/modulo-a/prima-lezione");
    browser.client.goto(&page).await.unwrap();
    let learner = browser
        .client
        .execute(
            "return document.querySelector('[data-progress-learner]').getAttribute('data-progress-learner');",
            vec![],
        )
        .await
        .unwrap();
    let key = format!("aula.progress.{}", learner.as_str().unwrap());

    // As if an earlier page view had lost its connection: an event waits in this
    // learner's queue, and another in the queue of someone else who used this browser.
    browser
        .client
        .execute(
            "localStorage.setItem(arguments[0], JSON.stringify([{lesson: arguments[1], event: 'heartbeat', seconds: 42, id: 'offline-1'}]));
             localStorage.setItem('aula.progress.0', JSON.stringify([{lesson: arguments[1], event: 'heartbeat', seconds: 99, id: 'other-1'}]));",
            vec![key.clone().into(), queued_lesson.into()],
        )
        .await
        .unwrap();
    browser.client.goto(&page).await.unwrap();

    let started = std::time::Instant::now();
    loop {
        let queue = browser
            .client
            .execute(
                "return localStorage.getItem(arguments[0]);",
                vec![key.clone().into()],
            )
            .await
            .unwrap();
        if queue.as_str() == Some("[]") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the queue was never acknowledged: {queue}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        lesson_seconds(&app, &api, queued_lesson).await,
        before + 42,
        "the queued heartbeat is recorded once, the other learner's is not"
    );
    let other = browser
        .client
        .execute("return localStorage.getItem('aula.progress.0');", vec![])
        .await
        .unwrap();
    assert!(other.as_str().unwrap().contains("other-1"));
    browser.close().await;
}
