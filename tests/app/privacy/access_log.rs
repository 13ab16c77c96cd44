//! Who looked at whose data: a tutor's look at a learner's page and a tutor's export
//! of the cohort are logged, learner by learner; the learner sees the look at
//! `/profilo/accessi`, another learner does not; the administrators see it all.

use crate::helpers::{ADMIN, LEARNER, OTHER_LEARNER, TUTOR, TestApp};
use crate::seminars::user_id;

#[tokio::test]
async fn a_tutors_view_and_export_are_logged_and_the_learner_sees_them() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let learner = user_id(&app, LEARNER).await;
    let tutor = app.client_as(TUTOR).await;
    let course = "immigrazione-servizi-comunali";
    let seen = tutor
        .get(app.url(&format!("/tutor/learners/{learner}?course={course}")))
        .send()
        .await
        .unwrap();
    assert_eq!(seen.status(), 200);
    let csv = tutor
        .get(app.url(&format!("/tutor/export/learners.csv?course={course}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let exported = csv.lines().count() - 1;
    assert!(exported >= 1, "{csv}");

    let log = aula::privacy::access_log::page(app.state.db(), None, 1)
        .await
        .unwrap();
    let exports = log.entries.iter().filter(|e| e.kind == "export").count();
    assert_eq!(exports, exported, "one row per learner in the export");
    assert!(log.entries.iter().all(|e| e.viewer_role == "tutor"));

    let page = app
        .client_as(LEARNER)
        .await
        .get(app.url("/profilo/accessi"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let tutor_name = aula::accounts::directory::by_email(app.state.db(), TUTOR)
        .await
        .unwrap()
        .unwrap()
        .name;
    assert!(page.contains(&tutor_name), "the learner sees who looked");
    assert!(
        page.contains(&format!("/tutor/learners/{learner}")),
        "and which page"
    );
    assert!(
        page.contains("/tutor/export/learners.csv"),
        "and which export"
    );

    let other = app
        .client_as(OTHER_LEARNER)
        .await
        .get(app.url("/profilo/accessi"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !other.contains(&format!("/tutor/learners/{learner}")),
        "not another learner's log"
    );

    let admin = app
        .client_as(ADMIN)
        .await
        .get(app.url("/admin/privacy"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        admin.contains(&format!("/tutor/learners/{learner}")),
        "the admins see it all"
    );
}
