//! `aula serve --demo`: a small demo edition to explore Aula without any set-up:
//! twelve municipalities of the five regions of the 4th edition, the edition itself,
//! an admin, a tutor for Liguria and learners in four municipalities at different
//! stages. Loading it twice changes nothing. `seminars.rs` adds the classroom
//! seminars (two seminars with sessions in Liguria and Puglia, a waiting list, a
//! request to approve and a session that took place with its attendance).

pub mod generate;
pub mod library;
pub mod seminars;

use sea_orm::DatabaseConnection;

use crate::accounts::editions::{self, NewEdition};
use crate::accounts::municipalities::{self, Model};
use crate::accounts::users::{self, NewUser};
use crate::content::Catalog;
use crate::progress::{EventKind, ProgressEvent};

/// Password of every demo account (printed at start).
pub const DEMO_PASSWORD: &str = "aula-demo-2026";

/// ISTAT, name, cadastral code, province, sigla, region, region code, area, population 2011.
type MunicipalityRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
);

const MUNICIPALITIES: &[MunicipalityRow] = &[
    (
        "009056",
        "Savona",
        "I480",
        "Savona",
        "SV",
        "Liguria",
        "07",
        "Nord-ovest",
        60661,
    ),
    (
        "010025",
        "Genova",
        "D969",
        "Genova",
        "GE",
        "Liguria",
        "07",
        "Nord-ovest",
        586180,
    ),
    (
        "011015",
        "La Spezia",
        "E463",
        "La Spezia",
        "SP",
        "Liguria",
        "07",
        "Nord-ovest",
        92659,
    ),
    (
        "021008",
        "Bolzano",
        "A952",
        "Bolzano/Bozen",
        "BZ",
        "Trentino-Alto Adige/Südtirol",
        "04",
        "Nord-est",
        102575,
    ),
    (
        "022205",
        "Trento",
        "L378",
        "Trento",
        "TN",
        "Trentino-Alto Adige/Südtirol",
        "04",
        "Nord-est",
        114198,
    ),
    (
        "072006", "Bari", "A662", "Bari", "BA", "Puglia", "16", "Sud", 315933,
    ),
    (
        "073027", "Taranto", "L049", "Taranto", "TA", "Puglia", "16", "Sud", 200154,
    ),
    (
        "075035", "Lecce", "E506", "Lecce", "LE", "Puglia", "16", "Sud", 89916,
    ),
    (
        "076063",
        "Potenza",
        "G942",
        "Potenza",
        "PZ",
        "Basilicata",
        "17",
        "Sud",
        66777,
    ),
    (
        "078033",
        "Castrovillari",
        "C349",
        "Cosenza",
        "CS",
        "Calabria",
        "18",
        "Sud",
        22515,
    ),
    (
        "079023",
        "Catanzaro",
        "C352",
        "Catanzaro",
        "CZ",
        "Calabria",
        "18",
        "Sud",
        89364,
    ),
    (
        "080063",
        "Reggio di Calabria",
        "H224",
        "Reggio Calabria",
        "RC",
        "Calabria",
        "18",
        "Sud",
        180817,
    ),
];

/// (e-mail, name, role, municipality, sector, job title)
const ACCOUNTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "segreteria@demo.aula.it",
        "Segreteria del programma",
        "admin",
        "",
        "",
        "",
    ),
    (
        "tutor.liguria@demo.aula.it",
        "Paola Ferrari (tutor Liguria)",
        "tutor",
        "",
        "",
        "",
    ),
    (
        "anagrafe.genova@demo.aula.it",
        "Marco Bianchi",
        "learner",
        "010025",
        "servizi-demografici",
        "Istruttore amministrativo",
    ),
    (
        "sociali.savona@demo.aula.it",
        "Giulia Russo",
        "learner",
        "009056",
        "servizi-sociali",
        "Assistente sociale",
    ),
    (
        "sportello.bari@demo.aula.it",
        "Antonio De Santis",
        "learner",
        "072006",
        "sportello-immigrati",
        "Operatore di sportello",
    ),
    (
        "pm.lecce@demo.aula.it",
        "Francesca Greco",
        "learner",
        "075035",
        "polizia-municipale",
        "Agente di polizia locale",
    ),
];

/// Loads the demo data (idempotent) and returns the logins to print.
pub async fn load(
    db: &DatabaseConnection,
    courses: &[String],
) -> anyhow::Result<Vec<(String, String)>> {
    load_accounts(db, courses).await
}

/// Loads the demo data with learners at different stages of the first course:
/// Genova has read a few lessons, Savona has completed the whole course (every
/// module's lessons and quiz, so she holds its certificate), Bari has opened one
/// lesson, Lecce has not started.
pub async fn load_with_progress(
    db: &DatabaseConnection,
    catalog: &Catalog,
) -> anyhow::Result<Vec<(String, String)>> {
    let courses: Vec<String> = catalog.courses.iter().map(|c| c.id.clone()).collect();
    let logins = load_accounts(db, &courses).await?;
    let Some(course) = catalog.courses.first() else {
        return Ok(logins);
    };
    let Some(first) = course.modules.first() else {
        return Ok(logins);
    };
    // (learner, modules to complete, lessons read in the module after them)
    let stages: [(&str, usize, usize); 3] = [
        ("anagrafe.genova@demo.aula.it", 0, 3),
        ("sociali.savona@demo.aula.it", course.modules.len(), 0),
        ("sportello.bari@demo.aula.it", 0, 0),
    ];
    for (email, modules, lessons) in stages {
        let Some(user) = crate::accounts::directory::by_email(db, email).await? else {
            continue;
        };
        if has_progress(db, user.id).await? {
            continue;
        }
        for module in course.modules.iter().take(modules) {
            read(db, catalog, user.id, course, module, module.lessons.len()).await?;
            pass_quiz(db, user.id, course, module).await?;
        }
        if modules == 0 {
            read(db, catalog, user.id, course, first, lessons).await?;
        }
    }
    Ok(logins)
}

/// Completes the first `completed` lessons of a module and opens the next one (or the
/// first, when none is completed).
async fn read(
    db: &DatabaseConnection,
    catalog: &Catalog,
    user_id: i32,
    course: &crate::content::model::Course,
    module: &crate::content::model::Module,
    completed: usize,
) -> anyhow::Result<()> {
    let mut events = Vec::new();
    for (i, lesson) in module.lessons.iter().enumerate().take(completed.max(1)) {
        let kind = if i < completed {
            EventKind::Completed
        } else {
            EventKind::Started
        };
        events.push(ProgressEvent {
            user_id,
            course_id: course.id.clone(),
            module_id: module.id.clone(),
            lesson_id: lesson.id.clone(),
            kind,
            seconds: 60 * i32::try_from(lesson.minutes).unwrap_or(10),
            client_id: None,
        });
    }
    let refs: Vec<&ProgressEvent> = events.iter().collect();
    crate::progress::batch::write_batch(db, catalog, &refs).await?;
    Ok(())
}

/// Passes a module's quiz with the right answers.
async fn pass_quiz(
    db: &DatabaseConnection,
    user_id: i32,
    course: &crate::content::model::Course,
    module: &crate::content::model::Module,
) -> anyhow::Result<()> {
    let Some(quiz) = &module.quiz else {
        return Ok(());
    };
    crate::quiz::engine::open_attempt(db, user_id, course, module).await?;
    let answers = quiz
        .questions
        .iter()
        .map(|q| {
            (
                q.id.clone(),
                q.options
                    .iter()
                    .filter(|o| o.correct)
                    .map(|o| o.id.clone())
                    .collect(),
            )
        })
        .collect();
    crate::quiz::engine::submit(
        db,
        user_id,
        course,
        module,
        &answers,
        None,
        &crate::content::ArticleSet::default(),
    )
    .await?;
    Ok(())
}

async fn has_progress(db: &DatabaseConnection, user_id: i32) -> Result<bool, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    Ok(crate::db::progress::lesson::Entity::find()
        .filter(crate::db::progress::lesson::Column::UserId.eq(user_id))
        .count(db)
        .await?
        > 0)
}

async fn load_accounts(
    db: &DatabaseConnection,
    courses: &[String],
) -> anyhow::Result<Vec<(String, String)>> {
    let rows: Vec<Model> = MUNICIPALITIES
        .iter()
        .map(
            |(istat, name, cadastral, province, sigla, region, region_code, area, population)| {
                Model {
                    istat: (*istat).into(),
                    name: (*name).into(),
                    cadastral_code: (*cadastral).into(),
                    province: (*province).into(),
                    province_code: (*sigla).into(),
                    region: (*region).into(),
                    region_code: (*region_code).into(),
                    area: (*area).into(),
                    population: *population,
                }
            },
        )
        .collect();
    municipalities::upsert_all(db, rows).await?;
    if crate::accounts::editions::by_number(db, 4).await?.is_none() {
        editions::add(
            db,
            NewEdition {
                number: 4,
                title: "Programma di formazione integrata – quarta edizione (demo)".into(),
                regions: [
                    "Trentino-Alto Adige/Südtirol",
                    "Liguria",
                    "Basilicata",
                    "Puglia",
                    "Calabria",
                ]
                .map(String::from)
                .to_vec(),
                population_over: 5000,
                starts_on: None,
                ends_on: None,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo edition: {e}"))?;
    }
    let mut logins = Vec::new();
    for (email, name, role, municipality, sector, job) in ACCOUNTS {
        if crate::accounts::directory::by_email(db, email)
            .await?
            .is_none()
        {
            let new = NewUser {
                email: (*email).into(),
                name: (*name).into(),
                role: (*role).into(),
                municipality: Some((*municipality).into()).filter(|m: &String| !m.is_empty()),
                sector: Some((*sector).into()).filter(|s: &String| !s.is_empty()),
                job_title: Some((*job).into()).filter(|j: &String| !j.is_empty()),
                regions: if *role == "tutor" {
                    vec!["Liguria".into()]
                } else {
                    vec![]
                },
                password: Some(DEMO_PASSWORD.into()),
                ..NewUser::default()
            };
            users::add(db, new, courses)
                .await
                .map_err(|e| anyhow::anyhow!("demo account {email}: {e}"))?;
        }
        logins.push(((*email).to_string(), (*role).to_string()));
    }
    Ok(logins)
}
