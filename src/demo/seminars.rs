//! The demo's classroom seminars (`serve --demo`), on top of the demo edition of
//! `demo::load`: two seminars of the 4th edition with sessions in Liguria and Puglia.
//!
//! - «Semplificazione …»: an upcoming session in Genova with the two Ligurian demo
//!   learners seated, and a full session in Bari (two seats) with two learners of
//!   Taranto on its waiting list.
//! - «Modelli organizzativi …», whose registrations need a tutor's approval: a session
//!   in La Spezia that already took place, its three learners seated and their
//!   attendance taken by the Ligurian tutor (some half-days absent), and an upcoming
//!   session in Lecce with one request approved and one still pending.
//!
//! Upcoming sessions are registered for through `seminars::registration` (the e-mails
//! go to the outbox as for anyone); the past session's registrations are written
//! directly, as they were approved before it took place. A seminar already there (by
//! its title) is left as it is, so loading the demo twice changes nothing.

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::accounts::directory;
use crate::accounts::users::{self, NewUser};
use crate::app::AppState;
use crate::content::Catalog;
use crate::db::seminars::registration as registration_row;
use crate::seminars::approval::{self, Decision};
use crate::seminars::attendance::{self, Half, Mark, Source};
use crate::seminars::registration::{self, RegisterError};
use crate::seminars::{Mailing, NewSeminar, NewSession, Session, TIME_ZONE, plan};

/// Title of the seminar with an upcoming session and a full one.
pub const SIMPLIFICATION: &str = "Semplificazione delle procedure sull'immigrazione (demo)";
/// Title of the seminar that requires approval, with a session that took place.
pub const RECEPTION: &str = "Modelli organizzativi per l'accoglienza e l'integrazione (demo)";

/// (e-mail, name, municipality, sector, job title) of the learners the seminars add.
const LEARNERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "anagrafe.taranto@demo.aula.it",
        "Luca Romano",
        "073027",
        "servizi-demografici",
        "Ufficiale d'anagrafe",
    ),
    (
        "sociali.taranto@demo.aula.it",
        "Sara Colombo",
        "073027",
        "servizi-sociali",
        "Assistente sociale",
    ),
    (
        "pm.laspezia@demo.aula.it",
        "Davide Marino",
        "011015",
        "polizia-municipale",
        "Agente di polizia locale",
    ),
];

const GENOVA: &str = "anagrafe.genova@demo.aula.it";
const SAVONA: &str = "sociali.savona@demo.aula.it";
const BARI: &str = "sportello.bari@demo.aula.it";
const LECCE: &str = "pm.lecce@demo.aula.it";
const TARANTO: [&str; 2] = [
    "anagrafe.taranto@demo.aula.it",
    "sociali.taranto@demo.aula.it",
];
const LA_SPEZIA: &str = "pm.laspezia@demo.aula.it";
const TUTOR: &str = "tutor.liguria@demo.aula.it";
const ADMIN: &str = "segreteria@demo.aula.it";

/// Loads the demo's seminars (after `demo::load`); returns the logins it added.
pub async fn load(state: &AppState) -> anyhow::Result<Vec<(String, String)>> {
    let db = state.db();
    let catalog = state.catalog();
    let Some(edition) = crate::accounts::editions::by_number(db, 4).await? else {
        anyhow::bail!("the demo's seminars need the demo edition: load the demo first");
    };
    let logins = learners(db, &state.course_ids()).await?;
    // The theme: the first course's first two modules (the repository's course has
    // three).
    let Some(course) = catalog.courses.first() else {
        return Ok(logins);
    };
    let modules: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
    let (Some(first), Some(second)) = (modules.first(), modules.get(1).or_else(|| modules.first()))
    else {
        return Ok(logins);
    };
    let existing: Vec<String> = plan::seminars_of_edition(db, edition.id)
        .await?
        .into_iter()
        .map(|s| s.title)
        .collect();
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    if !existing.iter().any(|t| t == SIMPLIFICATION) {
        simplification(db, &catalog, mail, &course.id, first).await?;
    }
    if !existing.iter().any(|t| t == RECEPTION) {
        reception(db, &catalog, mail, &course.id, second).await?;
    }
    Ok(logins)
}

/// The learners the seminars need beyond `demo::load`'s, added once.
async fn learners(
    db: &DatabaseConnection,
    courses: &[String],
) -> anyhow::Result<Vec<(String, String)>> {
    let mut logins = Vec::new();
    for (email, name, municipality, sector, job) in LEARNERS {
        if directory::by_email(db, email).await?.is_none() {
            let new = NewUser {
                email: (*email).into(),
                name: (*name).into(),
                role: "learner".into(),
                municipality: Some((*municipality).into()),
                sector: Some((*sector).into()),
                job_title: Some((*job).into()),
                password: Some(super::DEMO_PASSWORD.into()),
                ..NewUser::default()
            };
            users::add(db, new, courses)
                .await
                .map_err(|e| anyhow::anyhow!("demo account {email}: {e}"))?;
        }
        logins.push(((*email).to_string(), "learner".to_string()));
    }
    Ok(logins)
}

/// A session of the demo: `first_day` with two days, registrations until a week
/// before at 18:00.
fn session(
    first_day: NaiveDate,
    venue: &str,
    address: &str,
    region: &str,
    seats: i32,
) -> NewSession {
    NewSession {
        first_day,
        days: 2,
        starts_at: "09:30".into(),
        ends_at: "17:30".into(),
        venue: venue.into(),
        address: address.into(),
        region: region.into(),
        capacity: seats,
        deadline: (first_day - Duration::days(7))
            .and_hms_opt(18, 0, 0)
            .unwrap_or_default(),
    }
}

/// Today in Europe/Rome moved by `days`, then on to the nearest Tuesday outside the
/// Christmas and mid-August holidays (later for a day to come, earlier for a past
/// one), so that a two-day session falls on working days, as a real one would.
fn day(days: i64) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    let step = Duration::days(if days < 0 { -1 } else { 1 });
    let mut date = Utc::now().with_timezone(&TIME_ZONE).date_naive() + Duration::days(days);
    let holiday = |d: NaiveDate| {
        matches!(
            (d.month(), d.day()),
            (12, 20..=31) | (1, 1..=7) | (8, 5..=25)
        )
    };
    while date.weekday() != Weekday::Tue || holiday(date) || holiday(date + Duration::days(1)) {
        date += step;
    }
    date
}

async fn id_of(db: &DatabaseConnection, email: &str) -> anyhow::Result<i32> {
    Ok(directory::by_email(db, email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {email} missing"))?
        .id)
}

/// Registers a demo learner through the domain; one already registered is left so.
async fn register(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    session: &Session,
    email: &str,
) -> anyhow::Result<Option<i32>> {
    let user = id_of(db, email).await?;
    match registration::register(db, mail, session.id, user).await {
        Ok(done) => Ok(Some(done.id)),
        Err(RegisterError::AlreadyRegistered) => Ok(None),
        Err(err) => Err(anyhow::anyhow!("demo registration of {email}: {err}")),
    }
}

async fn simplification(
    db: &DatabaseConnection,
    catalog: &Catalog,
    mail: Mailing<'_>,
    course: &str,
    module: &str,
) -> anyhow::Result<()> {
    let genova = day(30);
    let bari = day(37);
    let (_, sessions) = plan::add(
        db,
        catalog,
        NewSeminar {
            edition: 4,
            course_id: course.into(),
            module_id: module.into(),
            title: SIMPLIFICATION.into(),
            requires_approval: false,
            sessions: vec![
                session(
                    genova,
                    "Sala di rappresentanza di Palazzo Tursi",
                    "Via Garibaldi 9, Genova",
                    "Liguria",
                    20,
                ),
                session(
                    bari,
                    "Sala consiliare",
                    "Corso Vittorio Emanuele II 84, Bari",
                    "Puglia",
                    2,
                ),
            ],
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo seminar: {e}"))?;
    let (genova, bari) = (&sessions[0], &sessions[1]);
    for email in [GENOVA, SAVONA] {
        register(db, mail, genova, email).await?;
    }
    // Two seats, four learners: the last two wait, in this order.
    for email in [BARI, LECCE, TARANTO[0], TARANTO[1]] {
        register(db, mail, bari, email).await?;
    }
    Ok(())
}

async fn reception(
    db: &DatabaseConnection,
    catalog: &Catalog,
    mail: Mailing<'_>,
    course: &str,
    module: &str,
) -> anyhow::Result<()> {
    let (_, sessions) = plan::add_for_demo(
        db,
        catalog,
        NewSeminar {
            edition: 4,
            course_id: course.into(),
            module_id: module.into(),
            title: RECEPTION.into(),
            requires_approval: true,
            sessions: vec![
                session(
                    day(-21),
                    "Centro congressi del Comune",
                    "Piazza Europa 1, La Spezia",
                    "Liguria",
                    25,
                ),
                session(
                    day(45),
                    "Sala conferenze del Comune",
                    "Via Rubichi 16, Lecce",
                    "Puglia",
                    15,
                ),
            ],
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo seminar: {e}"))?;
    let (past, lecce) = (&sessions[0], &sessions[1]);
    let tutor = id_of(db, TUTOR).await?;
    // The session that took place: three learners approved by the tutor before it.
    let asked = past.deadline - Duration::days(10);
    let approved = past.deadline - Duration::days(8);
    let mut rows = Vec::new();
    for email in [GENOVA, SAVONA, LA_SPEZIA] {
        rows.push(registration_row::ActiveModel {
            session_id: Set(past.id),
            seminar_id: Set(past.seminar_id),
            user_id: Set(id_of(db, email).await?),
            status: Set("registered".into()),
            registered_at: Set(approved),
            requested_at: Set(Some(asked)),
            decided_at: Set(Some(approved)),
            decided_by: Set(Some(tutor)),
            decision: Set(Some("approved".into())),
            ..Default::default()
        });
    }
    registration_row::Entity::insert_many(rows).exec(db).await?;
    // Attendance: Genova every half-day, Savona not on the second afternoon, La
    // Spezia not on the second day.
    let absent = [
        (GENOVA, vec![]),
        (SAVONA, vec![(2, Half::Afternoon)]),
        (LA_SPEZIA, vec![(2, Half::Morning), (2, Half::Afternoon)]),
    ];
    let mut marks = Vec::new();
    for (email, away) in absent {
        let user_id = id_of(db, email).await?;
        for day in 1..=past.days {
            for half in Half::BOTH {
                marks.push(Mark {
                    user_id,
                    day,
                    half,
                    present: !away.contains(&(day, half)),
                });
            }
        }
    }
    attendance::set(db, catalog, past.id, tutor, &marks, Source::Demo)
        .await
        .map_err(|e| anyhow::anyhow!("demo attendance: {e}"))?;
    // The upcoming session: Lecce's learner approved by the secretariat, Bari's
    // request still waiting for a decision.
    if let Some(request) = register(db, mail, lecce, LECCE).await? {
        let admin = directory::by_email(db, ADMIN)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo account {ADMIN} missing"))?;
        approval::decide(db, mail, request, &admin, Decision::Approve, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo approval: {e}"))?;
    }
    register(db, mail, lecce, BARI).await?;
    Ok(())
}
