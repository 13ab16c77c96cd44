//! "Segnala un errore": a learner or tutor reports an error in a lesson or an
//! article, the administrators answer and close it from `/admin/segnalazioni`, and
//! the reporter is e-mailed through the outbox (`flow`); the throttle, length limits
//! and malformed input (`limits`); the pages in Chromium with axe (`pages`).

mod flow;
mod limits;
mod pages;

use aula::db::errata::error_report;
use aula::db::reminders::outbox;
use sea_orm::{EntityTrait, QueryOrder};

use crate::corpus::fixture;
use crate::helpers::{TestApp, csrf_in};

/// The lesson every test reports on.
pub const LESSON: &str = "/courses/corso-prova/modulo-a/prima-lezione";
/// The article every test reports on.
pub const ARTICLE: &str = "/library/dlgs-999-2099/art-1";

/// The app on the fixture course with the fixture act imported and the demo loaded.
pub async fn app() -> TestApp {
    let app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    app
}

/// The CSRF token of the page at `path` for `client`.
pub async fn csrf(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let page = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(page.status(), 200, "{path}");
    csrf_in(&page.text().await.unwrap())
}

/// Posts the report form under `page` (a lesson or article path).
pub async fn report(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    description: &str,
    quote: &str,
) -> reqwest::Response {
    let form = format!("{page}/segnala");
    let token = csrf(app, client, &form).await;
    client
        .post(app.url(&form))
        .form(&[
            ("descrizione", description),
            ("passo", quote),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap()
}

/// Every stored report.
pub async fn stored(app: &TestApp) -> Vec<error_report::Model> {
    error_report::Entity::find()
        .order_by_asc(error_report::Column::Id)
        .all(app.state.db())
        .await
        .unwrap()
}

/// Every message of the outbox table.
pub async fn outbox_rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(app.state.db())
        .await
        .unwrap()
}
