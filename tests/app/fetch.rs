//! `aula library fetch` against a local server that answers like Normattiva
//! (`normattiva_fixture.rs`): acts stored whole with their source, nothing written when
//! nothing changed, the history of changed articles, and every failure leaving the
//! library exactly as it was with a message that says what happened.

use aula::content::library::fetch::{
    ActStatus, ArticleChange, ChangeKind, FetchError, FetchReport, fetch_acts,
};
use aula::content::library::parse::akoma_ntoso;
use aula::content::library::store::{self, act, article, article_change};
use aula::content::library::view::plain_text;
use sea_orm::DatabaseConnection;

use crate::corpus::fixture;
use crate::helpers::{TestDb, test_config};
use crate::normattiva_fixture::{DLGS_990, FakeNormattiva, Fault, L_991};

/// A fresh, migrated database.
async fn library_db() -> (TestDb, DatabaseConnection) {
    let test_db = TestDb::new().await;
    let db = aula::db::connect(&test_db.url).await.unwrap();
    aula::db::migrate(&db).await.unwrap();
    (test_db, db)
}

/// The library settings of a test, pointed at the fixture server.
fn settings(test_db: &TestDb, server: &FakeNormattiva) -> aula::config::Library {
    let mut library = test_config(test_db).library;
    library.normattiva_url = server.base.clone();
    library
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

async fn fetch(
    db: &DatabaseConnection,
    library: &aula::config::Library,
    acts: &[&str],
) -> Result<FetchReport, FetchError> {
    fetch_acts(db, library, &names(acts), |_| {}).await
}

/// Everything the library holds.
type Dump = (
    Vec<act::Model>,
    Vec<article::Model>,
    Vec<article_change::Model>,
);

async fn dump(db: &DatabaseConnection) -> Dump {
    (
        store::list_acts(db).await.unwrap(),
        store::all_articles(db).await.unwrap(),
        store::changes_page(db, 0, 100_000).await.unwrap().0,
    )
}

/// The ids and plain texts of a fixture act's articles, as its parser reads them.
fn fixture_articles(file: &str) -> Vec<(String, String)> {
    let xml = std::fs::read_to_string(fixture(&format!("normattiva/{file}"))).unwrap();
    let act = akoma_ntoso::parse(&xml).unwrap();
    let mut rows = Vec::new();
    for a in &act.articles {
        let commi: Vec<String> = a
            .commi
            .iter()
            .map(|c| {
                format!(
                    "{}. {}",
                    c.label,
                    c.text.replace("((", "").replace("))", "")
                )
            })
            .collect();
        rows.push((a.id(&act.id), commi.join("\n\n")));
    }
    rows
}

async fn stored_articles(db: &DatabaseConnection, act_id: &str) -> Vec<(String, String)> {
    store::articles_of(db, act_id)
        .await
        .unwrap()
        .iter()
        .map(|a| (a.id.clone(), plain_text(a)))
        .collect()
}

#[tokio::test]
async fn fetching_two_acts_stores_exactly_their_articles_and_where_they_came_from() {
    let server = FakeNormattiva::start().await;
    let (test_db, db) = library_db().await;
    let report = fetch(&db, &settings(&test_db, &server), &[DLGS_990, L_991])
        .await
        .unwrap();
    let statuses: Vec<(&str, &ActStatus)> = report
        .acts
        .iter()
        .map(|a| (a.id.as_str(), &a.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("dlgs-990-2099", &ActStatus::New { articles: 6 }),
            ("l-991-2099", &ActStatus::New { articles: 3 }),
        ]
    );

    let decree = stored_articles(&db, "dlgs-990-2099").await;
    let ids: Vec<&str> = decree.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "dlgs-990-2099/art-1",
            "dlgs-990-2099/art-2",
            "dlgs-990-2099/art-2-bis",
            "dlgs-990-2099/art-3",
            "dlgs-990-2099/art-4",
            "dlgs-990-2099/art-5",
        ]
    );
    assert_eq!(decree, fixture_articles("dlgs-990-2099.xml"));
    assert_eq!(
        decree[2].1,
        "1. L'attestato di prova puo' essere rinnovato una sola volta, per la stessa attivita' di orientamento."
    );
    let law = stored_articles(&db, "l-991-2099").await;
    assert_eq!(law, fixture_articles("l-991-2099.xml"));
    assert_eq!(law[1].0, "l-991-2099/art-1-bis");

    let decree = store::find_act(&db, "dlgs-990-2099")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(decree.urn.as_deref(), Some(DLGS_990));
    assert_eq!(
        decree.source_url,
        Some(format!("{}/uri-res/N2Ls?{DLGS_990}", server.base))
    );
    assert_eq!(decree.in_force_at.as_deref(), Some("2099-03-01"));
    assert!(decree.fetched_at.is_some());
    assert_eq!(decree.article_count, 6);
    let law = store::find_act(&db, "l-991-2099").await.unwrap().unwrap();
    assert_eq!(law.in_force_at.as_deref(), Some("2099-04-01"));
    assert_eq!(law.title, "Norme di prova sulla collaborazione tra comuni.");
    assert!(dump(&db).await.2.is_empty(), "no history on a first import");

    // A polite client, a session of its own per act, the export asked with its cookie.
    let seen = server.seen();
    assert!(
        seen.iter().all(|s| s.user_agent.starts_with("Aula/")),
        "{seen:?}"
    );
    let resolver: Vec<_> = seen
        .iter()
        .filter(|s| s.target.starts_with("/uri-res/"))
        .collect();
    assert_eq!(resolver.len(), 2);
    assert!(resolver.iter().all(|s| s.cookie.is_none()), "{seen:?}");
    let exports: Vec<_> = seen
        .iter()
        .filter(|s| s.target.contains("caricaAKN"))
        .collect();
    assert_eq!(exports.len(), 2);
    assert!(exports.iter().all(|s| s.cookie.is_some()), "{seen:?}");
    assert_ne!(exports[0].cookie, exports[1].cookie);
}

#[tokio::test]
async fn fetching_an_unchanged_act_again_writes_nothing() {
    let server = FakeNormattiva::start().await;
    let (test_db, db) = library_db().await;
    let library = settings(&test_db, &server);
    fetch(&db, &library, &[DLGS_990, L_991]).await.unwrap();
    let before = dump(&db).await;
    let fingerprint = store::fingerprint(&db).await.unwrap();

    let report = fetch(&db, &library, &[DLGS_990, L_991]).await.unwrap();
    assert!(
        report.acts.iter().all(|a| a.status == ActStatus::Unchanged),
        "{report:?}"
    );
    assert!(!report.wrote());
    assert_eq!(dump(&db).await, before, "not even fetched_at is written");
    assert_eq!(store::fingerprint(&db).await.unwrap(), fingerprint);
}

#[tokio::test]
async fn a_changed_act_records_the_history_of_its_articles() {
    let server = FakeNormattiva::start().await;
    let (test_db, db) = library_db().await;
    let library = settings(&test_db, &server);
    fetch(&db, &library, &[DLGS_990, L_991]).await.unwrap();
    let fingerprint = store::fingerprint(&db).await.unwrap();
    let law_before = store::find_act(&db, "l-991-2099").await.unwrap();

    server.serve_second_version();
    let report = fetch(&db, &library, &[DLGS_990, L_991]).await.unwrap();
    let change = |label: &str, kind| ArticleChange {
        article_id: format!("dlgs-990-2099/art-{label}"),
        label: label.into(),
        kind,
    };
    assert_eq!(
        report.acts[0].status,
        ActStatus::Updated {
            changes: vec![
                change("2", ChangeKind::Changed),
                change("3-bis", ChangeKind::Added),
                change("4", ChangeKind::Removed),
            ]
        }
    );
    assert_eq!(report.acts[0].in_force_at.as_deref(), Some("2099-06-01"));
    assert_eq!(report.acts[1].status, ActStatus::Unchanged);
    assert_eq!(
        store::find_act(&db, "l-991-2099").await.unwrap(),
        law_before
    );
    assert_ne!(store::fingerprint(&db).await.unwrap(), fingerprint);
    assert_eq!(
        stored_articles(&db, "dlgs-990-2099").await,
        fixture_articles("dlgs-990-2099-v2.xml")
    );

    let (_, _, history) = dump(&db).await;
    let mut rows: Vec<_> = history
        .iter()
        .map(|c| (c.article_id.as_str(), c.change.as_str()))
        .collect();
    rows.sort_unstable();
    assert_eq!(
        rows,
        [
            ("dlgs-990-2099/art-2", "changed"),
            ("dlgs-990-2099/art-3-bis", "added"),
            ("dlgs-990-2099/art-4", "removed"),
        ]
    );
    let changed = history.iter().find(|c| c.change == "changed").unwrap();
    assert!(
        changed
            .old_text
            .as_deref()
            .unwrap()
            .contains("entro trenta giorni"),
        "{changed:?}"
    );
    assert!(
        changed
            .new_text
            .as_deref()
            .unwrap()
            .contains("entro quarantacinque giorni")
    );
    assert!(
        changed
            .new_text
            .as_deref()
            .unwrap()
            .starts_with("Attestato di prova\n\n1. ")
    );
    assert_eq!(changed.old_in_force_at.as_deref(), Some("2099-03-01"));
    assert_eq!(changed.new_in_force_at.as_deref(), Some("2099-06-01"));
    let added = history.iter().find(|c| c.change == "added").unwrap();
    assert_eq!(added.old_text, None);
    assert!(
        added
            .new_text
            .as_deref()
            .unwrap()
            .contains("per via telematica")
    );
    let removed = history.iter().find(|c| c.change == "removed").unwrap();
    assert_eq!(removed.new_text, None);
    assert!(
        removed
            .old_text
            .as_deref()
            .unwrap()
            .contains("ufficio anagrafe")
    );

    // Fetched once more, nothing new: the history is not written twice.
    let again = fetch(&db, &library, &[DLGS_990]).await.unwrap();
    assert_eq!(again.acts[0].status, ActStatus::Unchanged);
    assert_eq!(dump(&db).await.2.len(), 3);
}

/// Fetches both acts (the decree's second version served, so a fetch that succeeded
/// would write) with `fault` on, and checks that nothing changed and the message says
/// `expected`. Returns the requests the server saw during that failed fetch.
async fn fails_leaving_the_library_unchanged(
    fault: Fault,
    only: Option<&str>,
    timeout_seconds: u32,
    expected: &str,
) -> Vec<crate::normattiva_fixture::Seen> {
    let server = FakeNormattiva::start().await;
    let (test_db, db) = library_db().await;
    let mut library = settings(&test_db, &server);
    library.timeout_seconds = timeout_seconds;
    fetch(&db, &library, &[DLGS_990, L_991]).await.unwrap();
    let before = dump(&db).await;
    server.serve_second_version();
    server.set_fault(fault, only);
    let already = server.seen().len();

    let err = fetch(&db, &library, &[DLGS_990, L_991])
        .await
        .expect_err("the fetch fails");
    assert!(
        err.to_string().contains(expected),
        "{fault:?}: «{err}» should say «{expected}»"
    );
    assert_eq!(
        dump(&db).await,
        before,
        "{fault:?}: the library is unchanged"
    );
    let during = server.seen().split_off(already);

    // On an empty library too, the act fetched before the failure is not written.
    let (_empty_db, empty) = library_db().await;
    fetch(&empty, &library, &[DLGS_990, L_991])
        .await
        .expect_err("the fetch fails");
    let (acts, articles, history) = dump(&empty).await;
    assert!(acts.is_empty() && articles.is_empty() && history.is_empty());
    during
}

#[tokio::test]
async fn a_server_error_is_retried_then_reported_and_nothing_is_written() {
    let seen = fails_leaving_the_library_unchanged(
        Fault::ServerError,
        None,
        5,
        "answered HTTP 500 Internal Server Error",
    )
    .await;
    let attempts = seen
        .iter()
        .take_while(|s| s.target.starts_with("/uri-res/"))
        .count();
    assert_eq!(attempts, 2, "tried as many times as configured: {seen:?}");
}

#[tokio::test]
async fn a_timeout_leaves_the_library_unchanged() {
    fails_leaving_the_library_unchanged(Fault::Slow, None, 1, "did not answer within 1 s").await;
}

#[tokio::test]
async fn a_garbage_answer_leaves_the_library_unchanged() {
    fails_leaving_the_library_unchanged(
        Fault::Garbage,
        None,
        5,
        "an answer that is neither XML nor HTML",
    )
    .await;
}

#[tokio::test]
async fn the_html_error_page_of_the_export_leaves_the_library_unchanged() {
    fails_leaving_the_library_unchanged(
        Fault::HtmlError,
        None,
        5,
        "HTML page instead of the Akoma Ntoso XML",
    )
    .await;
}

#[tokio::test]
async fn a_changed_form_leaves_the_library_unchanged() {
    fails_leaving_the_library_unchanged(
        Fault::MissingField,
        None,
        5,
        "no longer has the field atto.dataVigenza",
    )
    .await;
}

#[tokio::test]
async fn when_the_second_act_fails_the_first_is_not_written_either() {
    let seen = fails_leaving_the_library_unchanged(Fault::ServerError, Some(L_991), 5, L_991).await;
    assert!(
        seen.iter().any(|s| s.target.contains("caricaAKN?dataGU")),
        "the decree was downloaded before the law failed: {seen:?}"
    );
}

#[tokio::test]
async fn an_unknown_act_or_no_network_is_said_so_and_nothing_is_written() {
    let server = FakeNormattiva::start().await;
    let (test_db, db) = library_db().await;
    let library = settings(&test_db, &server);
    let unknown = "urn:nir:stato:legge:2099-12-31;999";
    let err = fetch(&db, &library, &[DLGS_990, unknown])
        .await
        .expect_err("unknown act");
    assert!(
        err.to_string()
            .contains(&format!("Normattiva does not know the act {unknown}")),
        "{err}"
    );
    let err = fetch(&db, &library, &["dlgs-999-2099"])
        .await
        .expect_err("an id without a known date");
    assert!(err.to_string().contains("give its full URN"), "{err}");

    let offline = test_config(&test_db).library;
    let err = fetch(&db, &offline, &[DLGS_990])
        .await
        .expect_err("offline");
    assert!(
        err.to_string()
            .contains("Normattiva could not be reached at http://127.0.0.1:9"),
        "{err}"
    );
    let (acts, articles, history) = dump(&db).await;
    assert!(acts.is_empty() && articles.is_empty() && history.is_empty());
}
