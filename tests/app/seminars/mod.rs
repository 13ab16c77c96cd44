//! Classroom seminars: planning (validation of seminars and sessions), capacity held
//! by the database under concurrent registrations and cancellations with a waiting
//! list in a well-defined order, each answer and promotion e-mailed (`capacity`); the
//! refusals: deadline, eligibility, one session per seminar (`rules`); the JSON API
//! with the confirmation's `.ics` checked field by field (`api`); `aula seminars add`
//! (`cli`); attendance: marks, history, refusals and the API (`attendance`), the CSV
//! sign-in sheet (`attendance_import`), the tutor's pages with Chromium and axe
//! (`attendance_pages`); the completion rule with and without seminar half-days
//! (`completion`); the session report with its exports and API (`report`); the
//! learners who completed the remote part and never attended (`never_attended`); the
//! report pages and the learner's dashboard in Chromium with axe (`report_pages`); the administrators' pages and API: planning with errors beside
//! fields, rosters, capacity changes seating the first in line (`admin`); tutor
//! approval, with 30 concurrent approvals for 10 seats (`approval`); the demo's
//! seminars (`demo`).

mod admin;
mod api;
mod approval;
mod attendance;
mod attendance_import;
mod attendance_pages;
mod capacity;
mod cli;
mod completion;
mod demo;
mod never_attended;
mod pages;
mod reminder;
mod report;
mod report_pages;
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

/// The courses of `tests/fixtures/courses-seminars`: one that requires three
/// half-days of seminar, one that does not.
pub const CLASSROOM_COURSE: &str = "corso-aula";
/// The course completed by its module alone.
pub const REMOTE_COURSE: &str = "corso-distanza";

/// The app on `tests/fixtures/courses-seminars` with the demo edition loaded (its
/// learners enrolled in both courses).
pub async fn fixture_app() -> TestApp {
    let app =
        TestApp::spawn_with(|c| c.courses_dir = crate::corpus::fixture("courses-seminars")).await;
    app.load_demo().await;
    app
}

/// Plans a seminar of the demo edition on the first module of `course`.
pub async fn seminar_on(
    app: &TestApp,
    course: &str,
    sessions: Vec<NewSession>,
) -> (Seminar, Vec<Session>) {
    let catalog = app.state.catalog();
    let module = catalog.course(course).unwrap().modules[0].id.clone();
    plan::add(
        app.state.db(),
        &catalog,
        NewSeminar {
            edition: 4,
            course_id: course.into(),
            module_id: module,
            title: format!("Seminario in aula di {course}"),
            requires_approval: false,
            sessions,
        },
    )
    .await
    .unwrap()
}

/// The id of the account `email`.
pub async fn user_id(app: &TestApp, email: &str) -> i32 {
    aula::accounts::directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Adds `n` learners of municipality `istat` through the accounts module, so they are
/// enrolled in the courses like any learner, and returns their ids in order.
pub async fn enrolled_learners(app: &TestApp, n: usize, istat: &str, tag: &str) -> Vec<i32> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let user = aula::accounts::users::add(
            app.state.db(),
            aula::accounts::users::NewUser {
                email: format!("{tag}{i:03}@comune.test.it"),
                name: format!("Discente {tag} {i:03}"),
                role: "learner".into(),
                municipality: Some(istat.into()),
                sector: Some("servizi-sociali".into()),
                ..Default::default()
            },
            &app.state.course_ids(),
        )
        .await
        .unwrap();
        ids.push(user.id);
    }
    ids
}

/// Completes module `module` of `course` for `user`: every lesson, and the quiz
/// passed with the right answers.
pub async fn complete_module(app: &TestApp, user: i32, course: &str, module: &str) {
    use aula::progress::{EventKind, ProgressEvent};
    let catalog = app.state.catalog();
    let course = catalog.course(course).unwrap();
    let module = course.module(module).unwrap();
    let events: Vec<ProgressEvent> = module
        .lessons
        .iter()
        .map(|lesson| ProgressEvent {
            user_id: user,
            course_id: course.id.clone(),
            module_id: module.id.clone(),
            lesson_id: lesson.id.clone(),
            kind: EventKind::Completed,
            seconds: 60,
            client_id: None,
        })
        .collect();
    let refs: Vec<&ProgressEvent> = events.iter().collect();
    aula::progress::batch::write_batch(app.state.db(), &catalog, &refs)
        .await
        .unwrap();
    if let Some(quiz) = &module.quiz {
        aula::quiz::engine::open_attempt(app.state.db(), user, course, module)
            .await
            .unwrap();
        let answers = quiz
            .questions
            .iter()
            .map(|q| {
                let right = q.options.iter().filter(|o| o.correct);
                (q.id.clone(), right.map(|o| o.id.clone()).collect())
            })
            .collect();
        let graded = aula::quiz::engine::submit(
            app.state.db(),
            user,
            course,
            module,
            &answers,
            None,
            &catalog.library,
        )
        .await
        .unwrap();
        assert!(graded.passed, "the right answers pass");
    }
}

/// Completes every module of `course` for `user`.
pub async fn complete_course_modules(app: &TestApp, user: i32, course: &str) {
    let modules: Vec<String> = app
        .state
        .catalog()
        .course(course)
        .unwrap()
        .modules
        .iter()
        .map(|m| m.id.clone())
        .collect();
    for module in modules {
        complete_module(app, user, course, &module).await;
    }
}

/// Sets marks of a session as `by` (a tutor or an admin), through the domain.
pub async fn mark(
    app: &TestApp,
    session: i32,
    by: i32,
    marks: &[(i32, i32, aula::seminars::attendance::Half, bool)],
) -> usize {
    let marks: Vec<aula::seminars::attendance::Mark> = marks
        .iter()
        .map(
            |&(user_id, day, half, present)| aula::seminars::attendance::Mark {
                user_id,
                day,
                half,
                present,
            },
        )
        .collect();
    aula::seminars::attendance::set(
        app.state.db(),
        &app.state.catalog(),
        session,
        by,
        &marks,
        aula::seminars::attendance::Source::Page,
    )
    .await
    .unwrap()
}

/// Moves a session so that its first day was `days_ago` days ago (its registrations
/// stay as they are): a session that has taken place.
pub async fn move_to_past(app: &TestApp, session: i32, days_ago: i64) {
    use aula::db::seminars::session;
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let row = session::Entity::find_by_id(session)
        .one(app.state.db())
        .await
        .unwrap()
        .unwrap();
    let first_day = (Utc::now() - Duration::days(days_ago)).date_naive();
    let mut row = row.into_active_model();
    row.first_day = Set(first_day);
    row.deadline = Set((first_day - Duration::days(7))
        .and_hms_opt(16, 0, 0)
        .unwrap()
        .and_utc());
    row.update(app.state.db()).await.unwrap();
}

/// Whether `user` has completed `course` (its completion stored).
pub async fn course_complete(app: &TestApp, user: i32, course: &str) -> bool {
    aula::progress::summary::for_learner(app.state.db(), &app.state.catalog(), user)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == course)
        .is_some_and(|c| c.completed_at.is_some())
}
