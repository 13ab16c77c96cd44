//! Classroom seminars: planning (validation of seminars and sessions), capacity held
//! by the database under concurrent registrations and cancellations with a waiting
//! list in a well-defined order, each answer and promotion e-mailed (`capacity`); the
//! refusals: deadline, eligibility, one session per seminar (`rules`); the JSON API
//! with the confirmation's `.ics` checked field by field (`api`); `aula seminars add`
//! (`cli`); the administrators' pages and API: planning with errors beside fields,
//! rosters, capacity changes seating the first in line (`admin`); tutor approval,
//! with 30 concurrent approvals for 10 seats (`approval`); the demo's seminars
//! (`demo`).

mod admin;
mod api;
mod approval;
mod capacity;
mod cli;
mod demo;
mod pages;
mod reminder;
mod rules;

use aula::app::AppState;
use aula::db::users::{Role, user};
use aula::seminars::approval::{Decided, Decision, DecisionError};
use aula::seminars::registration::{self, CancelError, Cancelled, RegisterError, Registration};
use aula::seminars::{Mailing, NewSeminar, NewSession, Seminar, Session, plan};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

use crate::helpers::TestApp;

/// The demo course and one of its modules, the theme of every test seminar.
pub const COURSE: &str = "immigrazione-servizi-comunali";
/// A module of [`COURSE`].
pub const MODULE: &str = "semplificazione";
/// Genova, Liguria: eligible for the demo edition.
pub const GENOVA: &str = "010025";

/// The app on the repository's courses with the demo edition (number 4) loaded.
pub async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    app
}

/// A session in `region` with `capacity` seats, a month from now, open for a week more.
pub fn session_in(region: &str, capacity: i32) -> NewSession {
    let first_day = (Utc::now() + Duration::days(40)).date_naive();
    NewSession {
        first_day,
        days: 2,
        starts_at: "09:30".into(),
        ends_at: "17:30".into(),
        venue: "Sala consiliare".into(),
        address: "Via Garibaldi 9, Genova".into(),
        region: region.into(),
        capacity,
        deadline: (first_day - Duration::days(7))
            .and_hms_opt(18, 0, 0)
            .unwrap(),
    }
}

/// Plans a seminar of the demo edition with these sessions.
pub async fn seminar_with(app: &TestApp, sessions: Vec<NewSession>) -> (Seminar, Vec<Session>) {
    plan_seminar(app, sessions, false).await
}

/// Plans a seminar of the demo edition whose registrations wait for approval.
pub async fn seminar_needing_approval(
    app: &TestApp,
    sessions: Vec<NewSession>,
) -> (Seminar, Vec<Session>) {
    plan_seminar(app, sessions, true).await
}

async fn plan_seminar(
    app: &TestApp,
    sessions: Vec<NewSession>,
    requires_approval: bool,
) -> (Seminar, Vec<Session>) {
    plan::add(
        app.state.db(),
        &app.state.catalog(),
        NewSeminar {
            edition: 4,
            course_id: COURSE.into(),
            module_id: MODULE.into(),
            title: "Semplificazione: seminario in aula".into(),
            requires_approval,
            sessions,
        },
    )
    .await
    .unwrap()
}

/// The account of `email`.
pub async fn account(app: &TestApp, email: &str) -> aula::accounts::directory::User {
    aula::accounts::directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap()
}

/// Decides a request through the domain, as `by`, with the app's mailer.
pub async fn decide(
    state: &AppState,
    registration: i32,
    by: &aula::accounts::directory::User,
    decision: Decision,
    reason: Option<&str>,
) -> Result<Decided, DecisionError> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    aula::seminars::approval::decide(state.db(), mail, registration, by, decision, reason).await
}

/// The outbox's e-mails of one kind (template), oldest first.
pub async fn outbox_of(app: &TestApp, kind: &str) -> Vec<aula::db::reminders::outbox::Model> {
    use aula::db::reminders::outbox;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    outbox::Entity::find()
        .filter(outbox::Column::Rule.eq(kind))
        .order_by_asc(outbox::Column::Id)
        .all(app.state.db())
        .await
        .unwrap()
}

/// Adds `n` learners of municipality `istat` (no password: they never sign in here)
/// and returns their ids in order.
pub async fn learners(app: &TestApp, n: usize, istat: &str, tag: &str) -> Vec<i32> {
    let rows = (0..n).map(|i| user::ActiveModel {
        email: Set(format!("{tag}{i:03}@comune.test.it")),
        name: Set(format!("Discente {tag} {i:03}")),
        role: Set(Role::Learner),
        municipality: Set(Some(istat.into())),
        sector: Set(Some("servizi-demografici".into())),
        job_title: Set(None),
        password_hash: Set(None),
        created_at: Set(Utc::now()),
        disabled_at: Set(None),
        ..Default::default()
    });
    user::Entity::insert_many(rows)
        .exec(app.state.db())
        .await
        .unwrap();
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("{tag}{i:03}@comune.test.it");
        ids.push(
            aula::accounts::directory::by_email(app.state.db(), &email)
                .await
                .unwrap()
                .unwrap()
                .id,
        );
    }
    ids
}

/// Registers through the domain, with the app's mailer (e-mails go to the outbox).
pub async fn register(
    state: &AppState,
    session: i32,
    user: i32,
) -> Result<Registration, RegisterError> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    registration::register(state.db(), mail, session, user).await
}

/// Cancels through the domain, with the app's mailer.
pub async fn cancel(state: &AppState, session: i32, user: i32) -> Result<Cancelled, CancelError> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    registration::cancel(state.db(), mail, session, user).await
}

/// A date that cannot be mistaken: the 1st of a month, for validation cases.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
