//! The demo: its learner who completed the course (Savona) holds a certificate, and
//! the others none.

use aula::certificates::{Status, store};

#[tokio::test]
async fn the_demo_learner_who_completed_the_course_has_a_certificate() {
    let app = crate::helpers::TestApp::spawn().await;
    aula::demo::load_with_progress(app.state.db(), &app.state.catalog())
        .await
        .unwrap();
    let savona = crate::seminars::user_id(&app, "sociali.savona@demo.aula.it").await;
    let records = store::of_learner(app.state.db(), savona).await.unwrap();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].status, Status::Valid);
    assert_eq!(records[0].certificate.course_id, crate::seminars::COURSE);
    assert_eq!(records[0].certificate.holder_name, "Giulia Russo");
    let genova = crate::seminars::user_id(&app, crate::helpers::LEARNER).await;
    assert!(
        store::of_learner(app.state.db(), genova)
            .await
            .unwrap()
            .is_empty()
    );
}
