//! The demo's seminars (`serve --demo`): two seminars of the 4th edition with
//! sessions in Liguria and Puglia, learners registered, a full session with a waiting
//! list, a request waiting for approval, and a session that took place with its
//! attendance taken (some half-days absent); loading the demo twice changes nothing.

use aula::db::seminars::attendance_change;
use aula::demo::seminars::{RECEPTION, SIMPLIFICATION};
use aula::seminars::{Status, TIME_ZONE, attendance, listing, roster};
use chrono::Utc;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::TestApp;

/// What the demo's seminars are made of, to compare two loads.
async fn snapshot(app: &TestApp) -> (Vec<listing::EditionSeminars>, u64, u64) {
    let db = app.state.db();
    let views = listing::by_edition(db).await.unwrap();
    let changes = attendance_change::Entity::find().count(db).await.unwrap();
    let outbox = aula::db::reminders::outbox::Entity::find()
        .count(db)
        .await
        .unwrap();
    (views, changes, outbox)
}

#[tokio::test]
async fn the_demo_has_two_seminars_a_waiting_list_a_request_and_attendance_taken() {
    let app = TestApp::spawn().await;
    aula::demo::load_with_progress(app.state.db(), &app.state.catalog())
        .await
        .unwrap();
    let logins = aula::demo::seminars::load(&app.state).await.unwrap();
    assert_eq!(logins.len(), 3, "three more learners: {logins:?}");
    let db = app.state.db();

    let (views, changes, outbox) = snapshot(&app).await;
    let edition = views.iter().find(|e| e.number == 4).unwrap();
    let titles: Vec<&str> = edition.seminars.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, [SIMPLIFICATION, RECEPTION]);
    let regions: Vec<&str> = edition
        .seminars
        .iter()
        .flat_map(|s| s.sessions.iter().map(|x| x.region.as_str()))
        .collect();
    assert!(
        regions.contains(&"Liguria") && regions.contains(&"Puglia"),
        "{regions:?}"
    );

    let simplification = &edition.seminars[0];
    let genova = &simplification.sessions[0];
    assert!(genova.open, "upcoming");
    assert_eq!((genova.seated, genova.waiting), (2, 0));
    let bari = &simplification.sessions[1];
    assert_eq!(
        (bari.seated, bari.waiting, bari.capacity),
        (2, 2, 2),
        "full, two in line"
    );
    let line = roster::waiting(db, bari.id).await.unwrap();
    let emails: Vec<&str> = line.iter().map(|e| e.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "anagrafe.taranto@demo.aula.it",
            "sociali.taranto@demo.aula.it"
        ]
    );

    let reception = &edition.seminars[1];
    assert!(reception.requires_approval);
    let past = &reception.sessions[0];
    let today = Utc::now().with_timezone(&TIME_ZONE).date_naive();
    assert!(past.first_day < today, "the session already took place");
    assert_eq!(past.seated, 3);
    let marks = attendance::marks(db, past.id).await.unwrap();
    assert_eq!(marks.len(), 12, "3 learners × 2 days × 2 half-days");
    assert_eq!(
        marks.iter().filter(|m| !m.present).count(),
        3,
        "some absent"
    );
    let history = attendance::history(db, past.id).await.unwrap();
    assert!(history.iter().all(|c| c.source == "demo"));
    let marco = aula::accounts::directory::by_email(db, crate::helpers::LEARNER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        attendance::attended_half_days(db, marco.id, &reception.course_id)
            .await
            .unwrap(),
        4
    );
    let lecce = &reception.sessions[1];
    assert_eq!(
        (lecce.seated, lecce.pending),
        (1, 1),
        "one approved, one to decide"
    );
    let sheet = roster::sheet(db, lecce.id).await.unwrap().unwrap();
    assert_eq!(sheet.pending[0].email, "sportello.bari@demo.aula.it");
    assert_eq!(sheet.pending[0].status, Status::Pending);
    assert_eq!(sheet.seated[0].decision.as_deref(), Some("approved"));
    let admin = aula::accounts::directory::by_email(db, crate::helpers::ADMIN)
        .await
        .unwrap()
        .unwrap();
    let requests = aula::seminars::approval::pending_for(db, &admin)
        .await
        .unwrap();
    assert_eq!(requests.len(), 1);

    // Loading again changes nothing.
    aula::demo::load_with_progress(app.state.db(), &app.state.catalog())
        .await
        .unwrap();
    aula::demo::seminars::load(&app.state).await.unwrap();
    let again = snapshot(&app).await;
    assert_eq!(again.0, views);
    assert_eq!((again.1, again.2), (changes, outbox));
}
