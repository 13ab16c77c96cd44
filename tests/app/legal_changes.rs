//! `/admin/library`, the legal changes found by imports: word-level diffs, the lessons
//! that cite each changed article with their review flags, the summary, pagination
//! and bad page numbers; and the page in Chromium with axe.

use std::path::Path;

use aula::content::library::store::{self, article_change};
use chrono::{DateTime, Duration, Utc};

use crate::browser::Browser;
use crate::corpus::fixture;
use crate::helpers::TestApp;

/// Copies the fixture course into `dir`, giving the first lesson `reviewed =
/// 2026-11-30` and the second a citation of art. 2 and `reviewed = 2026-12-31`.
fn reviewed_course(dir: &Path) {
    copy_dir(&fixture("courses-ok"), dir);
    let module = dir.join("corso-prova/modulo-a");
    let add_front_matter = |file: &str, line: &str, body: &str| {
        let path = module.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        // The fixture may carry its own review date: this one replaces it.
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("reviewed ="))
            .map(|l| format!("{l}\n"))
            .collect();
        let text = text.replacen("+++\ntitle", &format!("+++\n{line}\ntitle"), 1);
        std::fs::write(&path, format!("{text}{body}")).unwrap();
    };
    add_front_matter("prima-lezione.md", "reviewed = 2026-11-30", "");
    add_front_matter(
        "seconda-lezione.md",
        "reviewed = 2026-12-31",
        "\nI termini sono all'art. 2 del D.Lgs. 999/2099.\n",
    );
}

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

/// The app on the reviewed copy of the fixture course, with the fixture act imported
/// and the demo loaded (the demo admin can sign in).
async fn app_with_course(courses: &Path) -> TestApp {
    let courses = courses.to_path_buf();
    let app = TestApp::spawn_with(|config| config.courses_dir = courses).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    app
}

fn at(timestamp: &str) -> DateTime<Utc> {
    timestamp.parse().unwrap()
}

fn change(
    article: &str,
    kind: &str,
    old: Option<&str>,
    new: Option<&str>,
    detected_at: DateTime<Utc>,
) -> article_change::Model {
    article_change::Model {
        id: 0,
        act_id: "dlgs-999-2099".into(),
        article_id: format!("dlgs-999-2099/art-{article}"),
        label: article.into(),
        change: kind.into(),
        old_text: old.map(Into::into),
        new_text: new.map(Into::into),
        old_in_force_at: Some("2099-01-01".into()),
        new_in_force_at: Some("2099-06-30".into()),
        detected_at,
    }
}

/// 25 changes: art. 1 (newest; after the first lesson's review), art. 2 (before
/// both lessons' reviews), a removed art. 7 that no lesson cites, and 22 older
/// changes of uncited articles.
async fn insert_history(app: &TestApp) {
    let mut rows = vec![
        change(
            "1",
            "changed",
            Some("Il presente decreto disciplina, a soli fini di prova, la struttura."),
            Some("Il presente decreto disciplina, a soli fini di verifica, la struttura."),
            at("2026-12-02T09:00:00Z"),
        ),
        change(
            "2",
            "changed",
            Some("La domanda e' presentata entro sessanta giorni dalla data dell'evento."),
            Some("La domanda e' presentata entro novanta giorni dalla data dell'evento."),
            at("2026-11-20T09:00:00Z"),
        ),
        change(
            "7",
            "removed",
            Some("Disposizione transitoria di prova."),
            None,
            at("2026-11-10T09:00:00Z"),
        ),
    ];
    for i in 0..22 {
        rows.push(change(
            &format!("{}", 100 + i),
            "added",
            None,
            Some("Articolo aggiunto di prova."),
            at("2026-10-01T09:00:00Z") + Duration::minutes(i),
        ));
    }
    store::insert_changes(app.state.db(), rows).await.unwrap();
}

/// The text of the first `<tag>` element after `from` in `html`.
fn element_after<'h>(html: &'h str, from: usize, tag: &str) -> &'h str {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = from + html[from..].find(&open).unwrap() + open.len();
    let end = start + html[start..].find(&close).unwrap();
    &html[start..end]
}

#[tokio::test]
async fn admin_library_shows_word_diffs_citing_lessons_and_review_flags() {
    let courses = tempfile::tempdir().unwrap();
    reviewed_course(courses.path());
    let mut app = app_with_course(courses.path()).await;
    app.client = app.client_as(crate::helpers::ADMIN).await;

    // Nothing recorded yet: the empty state says where changes come from.
    let empty = app.get("/admin/library").await;
    assert_eq!(empty.status(), 200);
    let html = empty.text().await.unwrap();
    assert!(
        html.contains("Nessuna modifica normativa registrata"),
        "{html}"
    );
    assert!(html.contains("<code>aula library fetch</code>"));
    assert!(!html.contains("class=\"change\""));

    insert_history(&app).await;
    let response = app.get("/admin/library").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();

    // The summary: 25 articles changed, and one lesson to review (the first lesson,
    // reviewed before the change of art. 1; the second was reviewed after art. 2's).
    let stats: Vec<&str> = html
        .match_indices("class=\"stat-value\">")
        .map(|(i, m)| {
            let from = i + m.len();
            &html[from..from + html[from..].find('<').unwrap()]
        })
        .collect();
    assert_eq!(stats, vec!["25", "1"], "summary figures");

    // Newest first: art. 1, with the removed and added words in <del> and <ins>, a
    // link to the article and its citing lesson flagged for review.
    let starts: Vec<usize> = html
        .match_indices("<article class=\"change\"")
        .map(|(i, _)| i)
        .collect();
    let (art1, art2, art7) = (starts[0], starts[1], starts[2]);
    let first = &html[art1..art2];
    assert!(first.contains("<a href=\"/library/dlgs-999-2099/art-1\">D.Lgs. 999/2099, Art. 1</a>"));
    let removed = element_after(&html, art1, "del");
    let added = element_after(&html, art1, "ins");
    assert_eq!(
        removed,
        "<span class=\"visually-hidden\">testo eliminato: </span>prova\
         <span class=\"visually-hidden\"> fine del testo eliminato.</span>"
    );
    assert!(
        added.contains("testo aggiunto: </span>verifica<span"),
        "{added}"
    );
    assert!(first.contains("Il presente decreto disciplina, a soli fini di <del>"));
    assert!(first.contains("</ins>, la struttura."));
    assert!(
        first.contains("<a href=\"/courses/corso-prova/modulo-a/prima-lezione\">Prima lezione</a>")
    );
    assert!(first.contains("rivista il 2026-11-30"));
    assert_eq!(first.matches("class=\"badge-review\"").count(), 1);

    // Art. 2: both lessons cite it and both were reviewed since: no badge.
    let second = &html[art2..art7];
    assert!(element_after(&html, art2, "del").contains("sessanta"));
    assert!(element_after(&html, art2, "ins").contains("novanta"));
    assert!(second.contains("/courses/corso-prova/modulo-a/prima-lezione"));
    assert!(second.contains("/courses/corso-prova/modulo-a/seconda-lezione"));
    assert!(second.contains("rivista il 2026-12-31"));
    assert!(!second.contains("badge-review"), "{second}");

    // Art. 7 is gone from the library: no link, its whole old text removed.
    let third = &html[art7..];
    let third = &third[..third.find("</article>").unwrap()];
    assert!(third.contains("D.Lgs. 999/2099, Art. 7</h2>"), "{third}");
    assert!(!third.contains("href=\"/library/"));
    assert!(third.contains("Soppresso"));
    assert!(element_after(&html, art7, "del").contains("Disposizione transitoria di prova."));
    assert!(third.contains("Nessuna lezione cita questo articolo."));

    // 25 changes, 20 a page: page 2 holds the five oldest.
    assert_eq!(html.matches("class=\"change\"").count(), 20);
    assert!(html.contains("href=\"?page=2\" rel=\"next\""));
    let page2 = app.get("/admin/library?page=2").await;
    assert_eq!(page2.status(), 200);
    let page2 = page2.text().await.unwrap();
    assert_eq!(page2.matches("class=\"change\"").count(), 5);
    assert!(page2.contains("Pagina 2 di 2"));
    assert!(page2.contains("href=\"?page=1\" rel=\"prev\""));
    assert!(page2.contains("Art. 100"), "the oldest change is last");

    // A page past the last is a 404; a malformed one a 400 that says why.
    assert_eq!(app.get("/admin/library?page=3").await.status(), 404);
    let bad = app.get("/admin/library?page=due").await;
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("numero di pagina non valido")
    );
}

#[tokio::test]
async fn admin_library_is_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let courses = tempfile::tempdir().unwrap();
    reviewed_course(courses.path());
    let app = app_with_course(courses.path()).await;
    browser
        .sign_in(
            &app.base,
            crate::helpers::ADMIN,
            aula::demo::DEMO_PASSWORD,
            "/courses",
        )
        .await;
    browser
        .check_page(&app.url("/admin/library"), "admin-library-empty")
        .await;
    insert_history(&app).await;
    browser
        .check_page(&app.url("/admin/library"), "admin-library")
        .await;
    browser
        .check_page(&app.url("/admin/library?page=2"), "admin-library-page-2")
        .await;
    browser.close().await;
}
