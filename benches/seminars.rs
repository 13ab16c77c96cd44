//! Seminar registrations under contention (issue #20): `AULA_BENCH_LEARNERS` learners
//! (default 400) register at once for one session of a fifth as many seats, then a
//! quarter of the seated and a quarter of the waiting cancel at once, on SQLite and on
//! PostgreSQL (a fresh database, dropped after). Prints registrations/s and
//! cancellations/s (e-mails queued in the outbox included: they are part of each
//! transaction) and checks the outcome (exactly the capacity seated, nobody twice).
//!
//! Run: `AULA_LOG=warn cargo bench --bench seminars` (PostgreSQL at
//! `AULA_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432`; skipped with
//! a message when it does not answer). `AULA_BENCH_ROUNDS` (default 3) rounds each; the
//! median is reported.

#[allow(dead_code, reason = "each bench uses its part of the shared helpers")]
mod common;

use std::time::Instant;

use aula::app::AppState;
use aula::config::Config;
use aula::db::users::{Role, user};
use aula::seminars::{Mailing, NewSeminar, NewSession, Status, plan, registration, roster};
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

const COURSE: &str = "immigrazione-servizi-comunali";
const MODULE: &str = "semplificazione";
/// Genova (Liguria), eligible for the demo's edition 4.
const GENOVA: &str = "010025";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    aula::telemetry::init_tracing();
    let learners = env_usize("AULA_BENCH_LEARNERS", 400);
    let rounds = env_usize("AULA_BENCH_ROUNDS", 3).max(1);
    let seats = (learners / 5).max(1);
    println!(
        "seminar registrations: {learners} learners at once for {seats} seats, \
         then {} cancellations at once; median of {rounds} rounds",
        seats / 4 + (learners - seats) / 4
    );
    println!(
        "{:<12} {:>16} {:>16} {:>10}",
        "database", "registrations/s", "cancellations/s", "check"
    );
    let dir = tempfile::tempdir()?;
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    run("SQLite", &url, dir.path(), learners, seats, rounds).await?;
    if let Some(postgres) = common::postgres::Server::connect().await {
        postgres
            .with_database(|url| async move {
                run("PostgreSQL", &url, dir.path(), learners, seats, rounds).await
            })
            .await?;
    }
    Ok(())
}

async fn run(
    label: &str,
    url: &str,
    dir: &std::path::Path,
    learners: usize,
    seats: usize,
    rounds: usize,
) -> anyhow::Result<()> {
    let config = Config {
        database_url: url.to_string(),
        courses_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/courses").into(),
        index_dir: dir.join(format!("index-{label}")),
        outbox_dir: dir.join("outbox"),
        ..Config::default()
    };
    let state = aula::app::prepare(config).await?;
    aula::demo::load(state.db(), &state.course_ids()).await?;
    let mut registering = Vec::new();
    let mut cancelling = Vec::new();
    for round in 0..rounds {
        let ids = add_learners(&state, learners, &format!("{label}-{round}")).await?;
        let session = plan_session(&state, seats).await?;
        let started = Instant::now();
        let answers = all_at_once(&state, session, &ids, Action::Register).await?;
        registering.push(learners as f64 / started.elapsed().as_secs_f64());
        let seated: Vec<i32> = answers
            .iter()
            .filter(|(_, status)| *status == Status::Registered)
            .map(|(id, _)| *id)
            .collect();
        let waiting: Vec<i32> = answers
            .iter()
            .filter(|(_, status)| *status == Status::Waiting)
            .map(|(id, _)| *id)
            .collect();
        anyhow::ensure!(
            seated.len() == seats,
            "{} seated, not {seats}",
            seated.len()
        );
        let leaving: Vec<i32> = seated[..seats / 4]
            .iter()
            .chain(&waiting[..waiting.len() / 4])
            .copied()
            .collect();
        let started = Instant::now();
        all_at_once(&state, session, &leaving, Action::Cancel).await?;
        cancelling.push(leaving.len() as f64 / started.elapsed().as_secs_f64());
        let (now_seated, _) = roster::counts(state.db(), session).await?;
        anyhow::ensure!(
            now_seated as usize == seats,
            "{now_seated} seated after the cancellations, not {seats}"
        );
    }
    println!(
        "{label:<12} {:>16.0} {:>16.0} {:>10}",
        median(&mut registering),
        median(&mut cancelling),
        "ok"
    );
    Ok(())
}

#[derive(Clone, Copy)]
enum Action {
    Register,
    Cancel,
}

/// Runs the action for every learner at once; each learner's resulting status.
async fn all_at_once(
    state: &AppState,
    session: i32,
    ids: &[i32],
    action: Action,
) -> anyhow::Result<Vec<(i32, Status)>> {
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let state = state.clone();
            tokio::spawn(async move {
                let base = state.config().base_url();
                let mail = Mailing {
                    mailer: state.mailer(),
                    base_url: &base,
                };
                let status = match action {
                    Action::Register => {
                        registration::register(state.db(), mail, session, id)
                            .await?
                            .status
                    }
                    Action::Cancel => {
                        registration::cancel(state.db(), mail, session, id).await?;
                        Status::Cancelled
                    }
                };
                anyhow::Ok((id, status))
            })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await??);
    }
    Ok(out)
}

async fn plan_session(state: &AppState, seats: usize) -> anyhow::Result<i32> {
    let first_day = (Utc::now() + Duration::days(40)).date_naive();
    let (_, sessions) = plan::add(
        state.db(),
        &state.catalog(),
        NewSeminar {
            edition: 4,
            course_id: COURSE.into(),
            module_id: MODULE.into(),
            title: "Seminario di prova".into(),
            requires_approval: false,
            sessions: vec![NewSession {
                first_day,
                days: 2,
                starts_at: "09:30".into(),
                ends_at: "17:30".into(),
                venue: "Sala consiliare".into(),
                address: "Via Garibaldi 9, Genova".into(),
                region: "Liguria".into(),
                capacity: i32::try_from(seats)?,
                deadline: (first_day - Duration::days(7))
                    .and_hms_opt(18, 0, 0)
                    .expect("a valid time"),
            }],
        },
    )
    .await?;
    Ok(sessions[0].id)
}

async fn add_learners(state: &AppState, n: usize, tag: &str) -> anyhow::Result<Vec<i32>> {
    let tag = tag.to_lowercase();
    let rows = (0..n).map(|i| user::ActiveModel {
        email: Set(format!("{tag}-{i:05}@comune.bench.it")),
        name: Set(format!("Discente {tag} {i:05}")),
        role: Set(Role::Learner),
        municipality: Set(Some(GENOVA.into())),
        sector: Set(Some("servizi-demografici".into())),
        job_title: Set(None),
        password_hash: Set(None),
        created_at: Set(Utc::now()),
        disabled_at: Set(None),
        ..Default::default()
    });
    user::Entity::insert_many(rows).exec(state.db()).await?;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("{tag}-{i:05}@comune.bench.it");
        let user = aula::accounts::directory::by_email(state.db(), &email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("{email} was not stored"))?;
        ids.push(user.id);
    }
    Ok(ids)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
