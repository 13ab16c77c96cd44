//! The refusals: registering or cancelling after the deadline, learners outside the
//! session's region or of a municipality the edition excludes, non-learners, a second
//! session of the same seminar; and the validation of what an admin plans.

use aula::db::municipalities;
use aula::db::seminars::session;
use aula::seminars::registration::{CancelError, RegisterError};
use aula::seminars::{NewSeminar, PlanError, Status, plan, roster};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{
    COURSE, GENOVA, MODULE, app, cancel, day, learners, register, seminar_with, session_in,
};
use crate::helpers::{LEARNER, OTHER_LEARNER, TUTOR};

async fn id_of(app: &crate::helpers::TestApp, email: &str) -> i32 {
    aula::accounts::directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn move_deadline(app: &crate::helpers::TestApp, session_id: i32, by: Duration) {
    session::Entity::update_many()
        .col_expr(session::Column::Deadline, Expr::value(Utc::now() + by))
        .filter(session::Column::Id.eq(session_id))
        .exec(app.state.db())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_deadline_closes_registration_and_cancellation() {
    let app = app().await;
    let db = app.state.db();
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 1)]).await;
    let session = sessions[0].id;
    let learner = id_of(&app, LEARNER).await;
    let others = learners(&app, 2, GENOVA, "termine").await;

    let seated = register(&app.state, session, learner).await.unwrap();
    assert_eq!(seated.status, Status::Registered);
    let waiting = register(&app.state, session, others[0]).await.unwrap();
    assert_eq!(
        (waiting.status, waiting.position),
        (Status::Waiting, Some(1))
    );

    move_deadline(&app, session, -Duration::minutes(1)).await;
    let late = register(&app.state, session, others[1]).await.unwrap_err();
    assert!(
        matches!(late, RegisterError::DeadlinePassed { .. }),
        "{late:?}"
    );
    assert!(
        late.to_string()
            .starts_with("le iscrizioni a questa sessione si sono chiuse il "),
        "{late}"
    );
    let refused = cancel(&app.state, session, learner).await.unwrap_err();
    assert!(
        matches!(refused, CancelError::DeadlinePassed { .. }),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("scrivi alla segreteria"));
    assert_eq!(
        roster::counts(db, session).await.unwrap(),
        (1, 1),
        "nothing changed after the deadline"
    );

    // Before the deadline the same cancellation seats the first in line.
    move_deadline(&app, session, Duration::days(1)).await;
    let done = cancel(&app.state, session, learner).await.unwrap();
    assert!(done.held_seat);
    assert_eq!(done.promoted.map(|p| p.user_id), Some(others[0]));
    let again = cancel(&app.state, session, learner).await.unwrap_err();
    assert!(matches!(again, CancelError::NotRegistered), "{again:?}");
}

#[tokio::test]
async fn only_learners_of_eligible_municipalities_of_the_region_may_register() {
    let app = app().await;
    let db = app.state.db();
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 10)]).await;
    let session = sessions[0].id;

    // A Liguria municipality under the edition's 5,000 inhabitants.
    municipalities::Entity::insert(municipalities::ActiveModel {
        istat: Set("010999".into()),
        name: Set("Borgo Piccolo".into()),
        cadastral_code: Set("Z999".into()),
        province: Set("Genova".into()),
        province_code: Set("GE".into()),
        region: Set("Liguria".into()),
        region_code: Set("07".into()),
        area: Set("Nord-ovest".into()),
        population: Set(1200),
    })
    .exec(db)
    .await
    .unwrap();
    let small = learners(&app, 1, "010999", "borgo").await[0];

    for (who, user) in [
        ("Bari, Puglia", id_of(&app, OTHER_LEARNER).await),
        ("a municipality under the threshold", small),
        ("a tutor", id_of(&app, TUTOR).await),
    ] {
        let refused = register(&app.state, session, user).await.unwrap_err();
        assert!(
            matches!(refused, RegisterError::NotEligible { .. }),
            "{who}: {refused:?}"
        );
        assert!(refused.to_string().contains("regione Liguria"), "{refused}");
    }
    assert_eq!(roster::counts(db, session).await.unwrap(), (0, 0));
    let genova = register(&app.state, session, id_of(&app, LEARNER).await)
        .await
        .unwrap();
    assert_eq!(genova.status, Status::Registered);
    let missing = register(&app.state, session + 1000, small)
        .await
        .unwrap_err();
    assert!(matches!(missing, RegisterError::NotFound), "{missing:?}");
}

#[tokio::test]
async fn one_session_per_seminar_decided_by_the_unique_index() {
    let app = app().await;
    let db = app.state.db();
    let (_, sessions) = seminar_with(
        &app,
        vec![session_in("Liguria", 5), session_in("Liguria", 5)],
    )
    .await;
    let (first, second) = (sessions[0].id, sessions[1].id);
    let learner = id_of(&app, LEARNER).await;

    register(&app.state, first, learner).await.unwrap();
    for session in [first, second] {
        let twice = register(&app.state, session, learner).await.unwrap_err();
        assert!(
            matches!(twice, RegisterError::AlreadyRegistered),
            "{twice:?}"
        );
    }
    // Two requests at once for the two sessions: one wins.
    cancel(&app.state, first, learner).await.unwrap();
    let (a, b) = tokio::join!(
        register(&app.state, first, learner),
        register(&app.state, second, learner)
    );
    assert_eq!(
        u8::from(a.is_ok()) + u8::from(b.is_ok()),
        1,
        "exactly one: {a:?} {b:?}"
    );
    let live =
        roster::counts(db, first).await.unwrap().0 + roster::counts(db, second).await.unwrap().0;
    assert_eq!(live, 1);
    // A second seminar of the same theme is a separate choice.
    let (_, other) = seminar_with(&app, vec![session_in("Liguria", 5)]).await;
    assert_eq!(
        register(&app.state, other[0].id, learner)
            .await
            .unwrap()
            .status,
        Status::Registered
    );
}

#[tokio::test]
async fn bad_plans_name_the_field_and_store_nothing() {
    let app = app().await;
    let db = app.state.db();
    let catalog = app.state.catalog();
    let good = || NewSeminar {
        edition: 4,
        course_id: COURSE.into(),
        module_id: MODULE.into(),
        title: "Seminario".into(),
        requires_approval: false,
        sessions: vec![session_in("Liguria", 30)],
    };
    let mut cases: Vec<(NewSeminar, &str, &str)> = vec![
        (
            NewSeminar {
                edition: 9,
                ..good()
            },
            "edition",
            "non esiste",
        ),
        (
            NewSeminar {
                module_id: "nessuno".into(),
                ..good()
            },
            "module",
            "non esiste",
        ),
        (
            NewSeminar {
                title: " ".into(),
                ..good()
            },
            "title",
            "obbligatorio",
        ),
        (
            NewSeminar {
                sessions: vec![],
                ..good()
            },
            "sessions",
            "almeno una",
        ),
    ];
    let mut tweak =
        |f: fn(&mut aula::seminars::NewSession), field: &'static str, message: &'static str| {
            let mut plan = good();
            f(&mut plan.sessions[0]);
            cases.push((plan, field, message));
        };
    tweak(
        |s| s.region = "Lombardia".into(),
        "sessions[0].region",
        "non è tra quelle",
    );
    tweak(|s| s.capacity = 0, "sessions[0].capacity", "da 1 a");
    tweak(|s| s.days = 9, "sessions[0].days", "da 1 a 5 giorni");
    tweak(
        |s| s.starts_at = "9.30".into(),
        "sessions[0].starts_at",
        "HH:MM",
    );
    tweak(
        |s| s.ends_at = "08:00".into(),
        "sessions[0].ends_at",
        "deve seguire",
    );
    tweak(
        |s| s.venue = "\u{7}".into(),
        "sessions[0].venue",
        "caratteri di controllo",
    );
    tweak(
        |s| s.deadline = day(2100, 1, 1).and_hms_opt(0, 0, 0).unwrap(),
        "sessions[0].deadline",
        "non può seguire",
    );
    for (plan, field, message) in cases {
        match plan::add(db, &catalog, plan).await {
            Err(PlanError::Invalid {
                field: f,
                message: m,
            }) => {
                assert_eq!(f, field);
                assert!(m.contains(message), "{field}: {m}");
            }
            other => panic!("{field}: expected a refusal, got {other:?}"),
        }
    }
    assert!(
        aula::seminars::plan::seminar(db, 1)
            .await
            .unwrap()
            .is_none()
    );
    let (seminar, sessions) = seminar_with(&app, vec![session_in("Liguria", 30)]).await;
    assert_eq!(sessions[0].starts_at, "09:30");
    assert_eq!(
        plan::sessions_of(db, seminar.id).await.unwrap(),
        sessions,
        "stored as given"
    );
}
