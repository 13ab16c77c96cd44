//! Issuing: on completion (once, whatever the retries and the concurrency), with the
//! classroom hours attended, by an admin with a reason, and for completions stored
//! before certificates existed.

use aula::certificates::issue::{self, IssueError};
use aula::certificates::{Status, store};
use aula::db::certificates::{certificate, event};
use aula::db::progress::completion;
use aula::seminars::attendance::Half::{Afternoon, Morning};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};

use super::{
    BARI, CLASSROOM_COURSE, REMOTE_COURSE, certificates_of, certified, complete_module,
    enrolled_learners, fixture_app, today, user_id,
};
use crate::helpers::{ADMIN, TUTOR};
use crate::seminars::{complete_course_modules, mark, register, seminar_on, session_in};

#[tokio::test]
async fn completing_the_course_issues_one_certificate_with_what_the_paper_shows() {
    let app = fixture_app().await;
    let learner = enrolled_learners(&app, 1, super::GENOVA, "carta").await[0];
    assert!(certificates_of(&app, learner).await.is_empty());

    complete_module(&app, learner, REMOTE_COURSE, "modulo-unico").await;
    let records = certificates_of(&app, learner).await;
    assert_eq!(records.len(), 1);
    let record = &records[0];
    let catalog = app.state.catalog();
    let course = catalog.course(REMOTE_COURSE).unwrap();
    let c = &record.certificate;
    assert_eq!(record.status, Status::Valid);
    assert!(issue::is_code(&c.code), "{}", c.code);
    assert_eq!(c.holder_name, "Discente carta 000");
    assert_eq!(c.holder_municipality.as_deref(), Some("Genova"));
    assert_eq!(c.course_title, course.title);
    assert_eq!(c.remote_minutes, course.minutes());
    assert_eq!(c.classroom_minutes, 0);
    assert_eq!(c.modules.len(), course.modules.len());
    assert_eq!(c.modules[0].title, course.modules[0].title);
    assert_eq!(c.completed_on, today());
    assert!(!c.edition_title.is_empty());
    let history = store::events(app.state.db(), record.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "issued");
    assert_eq!(history[0].actor_id, None);

    // Completing the module again (a retried quiz, lessons replayed) issues nothing.
    complete_module(&app, learner, REMOTE_COURSE, "modulo-unico").await;
    assert_eq!(certificates_of(&app, learner).await.len(), 1);
}

#[tokio::test]
async fn twenty_concurrent_completions_of_one_learner_issue_one_certificate() {
    let app = fixture_app().await;
    let (learner, _) = certified(&app, super::GENOVA, "gara").await;
    // Back to the moment before the course's completion was stored: the modules are
    // complete, the course is not, and there is no certificate.
    let db = app.state.db();
    event::Entity::delete_many().exec(db).await.unwrap();
    certificate::Entity::delete_many().exec(db).await.unwrap();
    completion::Entity::delete_many()
        .filter(completion::Column::UserId.eq(learner))
        .filter(completion::Column::ModuleId.eq(""))
        .exec(db)
        .await
        .unwrap();

    let catalog = app.state.catalog();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let db = db.clone();
        let catalog = catalog.clone();
        tasks.push(tokio::spawn(async move {
            let course = catalog.course(REMOTE_COURSE).unwrap();
            let txn = db.begin_with_options(immediate()).await.unwrap();
            let done = aula::progress::completion::check_course(&txn, learner, course)
                .await
                .unwrap();
            txn.commit().await.unwrap();
            done
        }));
    }
    for task in tasks {
        assert!(task.await.unwrap(), "every check sees the course complete");
    }
    assert_eq!(certificates_of(&app, learner).await.len(), 1);
    assert_eq!(event::Entity::find().count(db).await.unwrap(), 1);

    // The index decides even when twenty issuers skip the completion's own guard.
    event::Entity::delete_many().exec(db).await.unwrap();
    certificate::Entity::delete_many().exec(db).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let db = db.clone();
        let catalog = catalog.clone();
        tasks.push(tokio::spawn(async move {
            let course = catalog.course(REMOTE_COURSE).unwrap();
            let txn = db.begin_with_options(immediate()).await.unwrap();
            let code = issue::on_completion(&txn, learner, course).await.unwrap();
            txn.commit().await.unwrap();
            code
        }));
    }
    let mut issued = 0;
    for task in tasks {
        issued += usize::from(task.await.unwrap().is_some());
    }
    assert_eq!(issued, 1, "one issuer wins");
    assert_eq!(certificates_of(&app, learner).await.len(), 1);
    assert_eq!(event::Entity::find().count(db).await.unwrap(), 1);
}

/// A transaction that takes SQLite's write lock at once, as the application's
/// writers do (on PostgreSQL the transactions run truly at once).
fn immediate() -> sea_orm::TransactionOptions {
    sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_classroom_rule_issues_on_the_last_half_day_with_the_hours_attended() {
    let app = fixture_app().await;
    let tutor = user_id(&app, TUTOR).await;
    let learner = enrolled_learners(&app, 1, super::GENOVA, "aula").await[0];
    let (_, sessions) = seminar_on(&app, CLASSROOM_COURSE, vec![session_in("Liguria", 5)]).await;
    let session = sessions[0].id;
    register(&app.state, session, learner).await.unwrap();
    complete_course_modules(&app, learner, CLASSROOM_COURSE).await;
    assert!(
        certificates_of(&app, learner).await.is_empty(),
        "modules alone"
    );

    mark(
        &app,
        session,
        tutor,
        &[
            (learner, 1, Morning, true),
            (learner, 1, Afternoon, true),
            (learner, 2, Afternoon, false),
        ],
    )
    .await;
    assert!(
        certificates_of(&app, learner).await.is_empty(),
        "two of three"
    );
    mark(&app, session, tutor, &[(learner, 2, Morning, true)]).await;
    let records = certificates_of(&app, learner).await;
    assert_eq!(records.len(), 1);
    // 09:30–17:30 is eight hours a day, four a half-day: three half-days present.
    assert_eq!(records[0].certificate.classroom_minutes, 3 * 240);
    let course = app
        .state
        .catalog()
        .course(CLASSROOM_COURSE)
        .unwrap()
        .clone();
    assert_eq!(records[0].certificate.remote_minutes, course.minutes());
}

#[tokio::test]
async fn an_admin_issues_by_hand_with_a_reason_once() {
    let app = fixture_app().await;
    let db = app.state.db();
    let admin = user_id(&app, ADMIN).await;
    let learner = enrolled_learners(&app, 1, BARI, "mano").await[0];
    let catalog = app.state.catalog();
    let course = catalog.course(REMOTE_COURSE).unwrap();

    let refused = issue::by_admin(db, learner, course, admin, "  ").await;
    assert!(matches!(refused, Err(IssueError::Reason)), "{refused:?}");
    assert!(certificates_of(&app, learner).await.is_empty());

    let code = issue::by_admin(db, learner, course, admin, "Frequenza documentata su carta")
        .await
        .unwrap();
    let record = store::find(db, &code).await.unwrap().unwrap();
    assert_eq!(record.issued_by, Some(admin));
    assert_eq!(
        record.issue_reason.as_deref(),
        Some("Frequenza documentata su carta")
    );
    let history = store::events(db, record.id).await.unwrap();
    assert_eq!(history[0].actor_id, Some(admin));

    match issue::by_admin(db, learner, course, admin, "di nuovo").await {
        Err(IssueError::AlreadyIssued(existing)) => assert_eq!(existing, code),
        other => panic!("expected AlreadyIssued, got {other:?}"),
    }
    // Completing the course afterwards keeps the one certificate.
    complete_module(&app, learner, REMOTE_COURSE, "modulo-unico").await;
    assert_eq!(certificates_of(&app, learner).await.len(), 1);

    // An account not enrolled in the course (the tutor) gets none.
    let tutor = user_id(&app, TUTOR).await;
    let refused = issue::by_admin(db, tutor, course, admin, "prova").await;
    assert!(
        matches!(refused, Err(IssueError::NotEnrolled)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn completions_without_a_certificate_get_one_dated_on_their_completion() {
    let app = fixture_app().await;
    let (learner, _) = certified(&app, super::GENOVA, "arretrati").await;
    let db = app.state.db();
    event::Entity::delete_many().exec(db).await.unwrap();
    certificate::Entity::delete_many().exec(db).await.unwrap();
    // The completion was stored on an earlier day.
    let earlier = chrono::Utc::now() - chrono::Duration::days(30);
    completion::Entity::update_many()
        .col_expr(completion::Column::CompletedAt, earlier.into())
        .filter(completion::Column::UserId.eq(learner))
        .exec(db)
        .await
        .unwrap();

    let issued = issue::backfill(db, &app.state.catalog()).await.unwrap();
    assert_eq!(issued, 1);
    let records = certificates_of(&app, learner).await;
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].certificate.completed_on,
        earlier
            .with_timezone(&aula::seminars::TIME_ZONE)
            .date_naive()
    );
    assert_eq!(issue::backfill(db, &app.state.catalog()).await.unwrap(), 0);
}
