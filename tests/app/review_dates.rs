//! The review dates of a lesson page: "Aggiornato al" the lesson's `reviewed` date,
//! the date of the text in force of each cited act of the library, and the last
//! change of each cited article, flagged when newer than the review; all computed
//! when the catalog is loaded, not per request.

use aula::content::library::store::{self, article_change};
use chrono::{TimeZone, Utc};
use sea_orm::ConnectionTrait;

use crate::corpus::fixture;
use crate::helpers::TestApp;

const LESSON: &str = "/courses/corso-prova/modulo-a/prima-lezione";

fn change(article: &str, day: u32, month: u32) -> article_change::Model {
    article_change::Model {
        id: 0,
        act_id: "dlgs-999-2099".into(),
        article_id: format!("dlgs-999-2099/{article}"),
        label: article.trim_start_matches("art-").into(),
        change: "changed".into(),
        old_text: Some("prima".into()),
        new_text: Some("dopo".into()),
        old_in_force_at: None,
        new_in_force_at: None,
        detected_at: Utc.with_ymd_and_hms(2026, month, day, 9, 0, 0).unwrap(),
    }
}

async fn set_in_force(app: &TestApp, date: &str) {
    app.state
        .db()
        .execute_unprepared(&format!(
            "UPDATE acts SET in_force_at = '{date}' WHERE id = 'dlgs-999-2099'"
        ))
        .await
        .unwrap();
}

/// The `<li>` of the cited list that links to `href`.
fn item<'h>(html: &'h str, href: &str) -> &'h str {
    let at = html
        .find(&format!("<a href=\"{href}\" class=\"cited-link\""))
        .unwrap_or_else(|| panic!("{href} cited"));
    &html[at..at + html[at..].find("</li>").unwrap()]
}

#[tokio::test]
async fn a_lesson_page_shows_its_review_date_and_the_dates_of_the_law_it_cites() {
    let mut app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    app.sign_in_admin().await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    // Reviewed on 2026-11-26: art. 1 changed after it, art. 2 before it; the act's
    // text is in force at a date after it.
    store::insert_changes(
        app.state.db(),
        vec![change("art-1", 3, 12), change("art-2", 20, 11)],
    )
    .await
    .unwrap();
    set_in_force(&app, "2026-12-05").await;
    app.state.reload_courses().await.unwrap();

    let html = app.get(LESSON).await.text().await.unwrap();
    assert!(
        html.contains("Aggiornato al <time datetime=\"2026-11-26\">26 novembre 2026</time>"),
        "{html}"
    );
    assert!(html.contains("Testi vigenti di riferimento"));
    assert!(html.contains(
        "<a href=\"/library/dlgs-999-2099\">D.Lgs. 999/2099</a>: testo vigente al \
         <time datetime=\"2026-12-05\">5 dicembre 2026</time> <span class=\"badge-review\">\
         successivo all&#39;aggiornamento della lezione</span>"
    ));
    let art1 = item(&html, "/library/dlgs-999-2099/art-1");
    assert!(
        art1.contains("modificato il <time datetime=\"2026-12-03\">3 dicembre 2026</time>"),
        "{art1}"
    );
    assert!(
        art1.contains("badge-review"),
        "changed after the review: {art1}"
    );
    let art2 = item(&html, "/library/dlgs-999-2099/art-2");
    assert!(art2.contains("20 novembre 2026</time>"), "{art2}");
    assert!(
        !art2.contains("badge-review"),
        "changed before the review: {art2}"
    );
    let art1bis = item(&html, "/library/dlgs-999-2099/art-1-bis");
    assert!(
        !art1bis.contains("modificato il"),
        "never changed: {art1bis}"
    );

    // The dates come from the catalog loaded with the library, not from each request:
    // a date changed in the database shows once the catalog is loaded again.
    set_in_force(&app, "2026-12-10").await;
    let again = app.get(LESSON).await.text().await.unwrap();
    assert!(
        again.contains("5 dicembre 2026"),
        "the loaded catalog's date"
    );
    let catalog = app.state.catalog();
    let (_, _, lesson) = catalog
        .lesson("corso-prova", "modulo-a", "prima-lezione")
        .unwrap();
    assert_eq!(lesson.cited_acts.len(), 1);
    assert_eq!(
        lesson.cited_acts[0]
            .in_force_at
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-12-05")
    );
    assert_eq!(lesson.cited_changes.len(), 2);
    app.state.reload_courses().await.unwrap();
    let reloaded = app.get(LESSON).await.text().await.unwrap();
    assert!(reloaded.contains("10 dicembre 2026"));

    // The article page gives the same date of the text in force.
    let article = app
        .get("/library/dlgs-999-2099/art-1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        article.contains("testo vigente al 10 dicembre 2026"),
        "{article}"
    );
}

#[tokio::test]
async fn an_act_without_a_date_of_text_in_force_says_so() {
    let mut app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    app.sign_in_admin().await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    let html = app.get(LESSON).await.text().await.unwrap();
    assert!(html.contains(
        "<a href=\"/library/dlgs-999-2099\">D.Lgs. 999/2099</a>: data del testo vigente non \
         indicata"
    ));
    assert!(!html.contains("modificato il"));
}
