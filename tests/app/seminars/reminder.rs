//! The reminder e-mail the day before a session: queued by the reminder run for each
//! seated learner of a session that begins tomorrow, once however many runs see it,
//! never for the waiting list, and not for a session further away.

use aula::db::reminders::outbox;
use aula::seminars::TIME_ZONE;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{GENOVA, app, learners, register, seminar_with, session_in};

async fn reminders_to(app: &crate::helpers::TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Rule.eq("seminar-reminder"))
        .all(app.state.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_day_before_each_seated_learner_is_reminded_once() {
    let app = app().await;
    let tomorrow = Utc::now().with_timezone(&TIME_ZONE).date_naive() + Duration::days(1);
    let mut soon = session_in("Liguria", 1);
    soon.first_day = tomorrow;
    soon.deadline = tomorrow.and_hms_opt(8, 0, 0).unwrap();
    let mut later = session_in("Liguria", 5);
    later.first_day = tomorrow + Duration::days(2);
    later.deadline = tomorrow.and_hms_opt(8, 0, 0).unwrap();
    let (_, sessions) = seminar_with(&app, vec![soon, later]).await;
    let ids = learners(&app, 3, GENOVA, "promemoria").await;
    register(&app.state, sessions[0].id, ids[0]).await.unwrap();
    register(&app.state, sessions[0].id, ids[1]).await.unwrap(); // waiting: 1 seat
    register(&app.state, sessions[1].id, ids[2]).await.unwrap(); // in three days

    let ctx = app.state.reminders();
    let first = aula::reminders::run_once(&ctx, false).await.unwrap();
    let second = aula::reminders::run_once(&ctx, false).await.unwrap();
    assert_eq!(first.seminars, 1, "one seated learner begins tomorrow");
    assert_eq!(second.seminars, 0, "a second run queues nothing new");

    let sent = reminders_to(&app).await;
    assert_eq!(sent.len(), 1);
    let seated = aula::accounts::directory::by_id(app.state.db(), ids[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent[0].to_email, seated.email);
    assert!(sent[0].subject.contains("domani"), "{}", sent[0].subject);
    assert!(sent[0].body_text.contains("Sala consiliare"));

    // A dry run queues nothing.
    let dry = aula::reminders::run_once(&ctx, true).await.unwrap();
    assert_eq!(dry.seminars, 0);
    assert_eq!(reminders_to(&app).await.len(), 1);
}
