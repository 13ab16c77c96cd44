//! `aula-soak`: a soak test of Aula (issue #24) on the goose load-testing framework.
//!
//! It prepares an installation with the release `aula` binary (SQLite in a temporary
//! folder, or a fresh PostgreSQL database with `--database-url`), generates learners
//! with progress, adds the soak accounts, serves it, and runs simulated learners
//! (sign in, home, course and lesson pages, progress events, quizzes, search) and
//! tutors (overview, matrix, at-risk list, CSV export) against it for a set time. It
//! reports per request kind the throughput, p50/p99 and errors, and the server's
//! memory every minute; it exits non-zero when a request failed.
//!
//! Run: `cargo build --release --locked && cargo run --release -p aula-soak --
//! --users 1000 --run-time 10m` (see `--help`).

mod http;
mod install;
mod learner;
mod memory;
mod plan;
mod sign_in;
mod summary;
mod tutor;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use goose::config::GooseConfiguration;
use goose::prelude::*;

/// The repository this crate lives in (`benches/soak/` → `.`).
const REPOSITORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Soak test of Aula: simulated learners and tutors against one `aula serve`.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Simulated users (19 learners for every tutor).
    #[arg(long, default_value_t = 1000)]
    users: usize,
    /// Users started per second.
    #[arg(long, default_value = "10")]
    hatch_rate: String,
    /// How long the load runs once every user has started: `90s`, `10m`, `1h`.
    #[arg(long, default_value = "2m", value_parser = parse_duration)]
    run_time: u64,
    /// Learners generated with progress beside the soak accounts (what the tutors'
    /// reports go through).
    #[arg(long, default_value_t = 10_000)]
    learners: usize,
    /// A PostgreSQL server (`postgres://user@host:port`): a fresh database is created
    /// there and dropped afterwards. Without it: SQLite in a temporary folder.
    #[arg(long)]
    database_url: Option<String>,
    /// The `aula` binary (default: the workspace's release build).
    #[arg(long)]
    aula: Option<PathBuf>,
    /// Act files to import into the library (default: the shared Normattiva corpus
    /// beside the repository, when it is there).
    #[arg(long)]
    library: Option<PathBuf>,
    /// Serve an empty library.
    #[arg(long, conflicts_with = "library")]
    no_library: bool,
    /// Where the reports go (default: `target/soak/<database>-<time>`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// `aula users add` run at once while preparing.
    #[arg(long, default_value_t = 2)]
    parallel: usize,
    /// Keep the installation (folder and database) after the run.
    #[arg(long)]
    keep: bool,
}

fn parse_duration(value: &str) -> Result<u64, String> {
    let value = value.trim();
    let (number, unit) = match value.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => value.split_at(i),
        None => (value, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("«{value}»: a number followed by s, m or h"))?;
    match unit {
        "s" => Ok(n),
        "m" => Ok(n * 60),
        "h" => Ok(n * 3600),
        _ => Err(format!("«{value}»: a number followed by s, m or h")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prepares, runs and reports; whether the run was clean (no error, server alive).
async fn run(args: Args) -> anyhow::Result<bool> {
    let repository = PathBuf::from(REPOSITORY);
    let library = if args.no_library {
        None
    } else {
        args.library.clone().or_else(|| {
            let shared = repository.join("../shared/corpus/normattiva");
            shared.is_dir().then_some(shared)
        })
    };
    let (learners, tutors) = plan::accounts_for(args.users);
    let options = install::Options {
        aula: args
            .aula
            .clone()
            .unwrap_or_else(|| repository.join("target/release/aula")),
        courses: repository.join("courses"),
        library: library.clone(),
        postgres: args.database_url.clone(),
        generated: args.learners,
        learners,
        tutors,
        parallel: args.parallel,
    };
    let mut installation = install::prepare(&options).await?;
    let out = match &args.out {
        Some(out) => out.clone(),
        None => repository.join(format!(
            "target/soak/{}-{}",
            installation.backend,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default()
        )),
    };
    std::fs::create_dir_all(&out)?;
    println!(
        "serving {} (pid {}), {} database; reports in {}",
        installation.base,
        installation.pid,
        installation.backend,
        out.display()
    );
    let outcome = load(&args, &installation, &out, library.is_some()).await;
    let alive = installation.running();
    if !alive {
        println!("the server is no longer running");
    }
    let _ = std::fs::copy(&installation.log, out.join("server.log"));
    installation.stop(args.keep).await?;
    let summary = outcome?;
    print!("{}", summary.markdown());
    println!("reports: {}", out.display());
    Ok(alive && summary.errors == 0)
}

/// Finds the site's lessons, runs the load with the memory readings, and sums it up.
async fn load(
    args: &Args,
    installation: &install::Installation,
    out: &std::path::Path,
    library: bool,
) -> anyhow::Result<summary::Summary> {
    let plan = discover(&installation.base).await?;
    println!(
        "site: {} courses, {} lessons, {} quizzes",
        plan.courses.len(),
        plan.lessons.len(),
        plan.quizzes.len()
    );
    let (learners, tutors) = plan::accounts_for(args.users);
    plan.with_accounts(learners, tutors).install()?;

    let sampler = memory::Sampler::start(installation.pid, Duration::from_secs(60));
    let report = out.join("goose-report.html");
    let metrics = GooseAttack::initialize_with_config(GooseConfiguration::default())?
        .register_scenario(learner::scenario()?)
        .register_scenario(tutor::scenario()?)
        .set_scheduler(GooseScheduler::RoundRobin)
        .set_default(GooseDefault::Host, installation.base.as_str())?
        .set_default(GooseDefault::Users, args.users)?
        .set_default(GooseDefault::HatchRate, args.hatch_rate.as_str())?
        .set_default(GooseDefault::RunTime, args.run_time as usize)?
        // The whole run counts, sign-ins included.
        .set_default(GooseDefault::NoResetMetrics, true)?
        .set_default(GooseDefault::NoTelnet, true)?
        .set_default(GooseDefault::NoWebSocket, true)?
        .set_default(GooseDefault::ReportFile, report.to_string_lossy().as_ref())?
        .execute()
        .await
        .context("goose")?;
    let (series, peak) = sampler.stop();

    let mut setup = BTreeMap::new();
    setup.insert("database".into(), installation.backend.to_string());
    setup.insert("users".into(), args.users.to_string());
    setup.insert("hatch rate".into(), format!("{}/s", args.hatch_rate));
    setup.insert(
        "run time".into(),
        format!("{} s after ramp-up", args.run_time),
    );
    setup.insert("generated learners".into(), args.learners.to_string());
    setup.insert(
        "library".into(),
        if library { "imported" } else { "empty" }.into(),
    );
    let summary = summary::Summary::new(setup, &metrics, series, peak);
    summary.write(out)?;
    Ok(summary)
}

/// Signs the probe learner in and reads the catalogue and each course page for the
/// lessons and the modules with a quiz.
async fn discover(base: &str) -> anyhow::Result<plan::Plan> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()?;
    let signed = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": plan::PROBE_EMAIL, "password": plan::PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(
        signed.status().is_success(),
        "the probe cannot sign in: {}",
        signed.status()
    );
    let page = |path: String| {
        let client = client.clone();
        async move {
            let r = client.get(format!("{base}{path}")).send().await?;
            anyhow::ensure!(r.status().is_success(), "{path}: {}", r.status());
            Ok::<String, anyhow::Error>(r.text().await?)
        }
    };
    let mut courses = Vec::new();
    for link in course_links(&page("/courses".into()).await?) {
        if let [course] = link.as_slice()
            && !courses.contains(course)
        {
            courses.push(course.clone());
        }
    }
    let (mut lessons, mut quizzes) = (Vec::new(), Vec::new());
    for course in &courses {
        for link in course_links(&page(format!("/courses/{course}")).await?) {
            if let [c, module, last] = link.as_slice() {
                let path = format!("{c}/{module}");
                if last == "quiz" {
                    if !quizzes.contains(&path) {
                        quizzes.push(path);
                    }
                } else if !lessons.contains(&format!("{path}/{last}")) {
                    lessons.push(format!("{path}/{last}"));
                }
            }
        }
    }
    anyhow::ensure!(!lessons.is_empty(), "no lesson found on the course pages");
    Ok(plan::Plan::new(courses, lessons, quizzes))
}

/// The segments of every `href="/courses/…"` link of a page (without query or anchor).
fn course_links(html: &str) -> Vec<Vec<String>> {
    html.split("href=\"/courses/")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(['"', '?', '#'])?;
            let path = &rest[..end];
            (!path.is_empty()).then(|| path.split('/').map(str::to_string).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{course_links, parse_duration};

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("10m"), Ok(600));
        assert_eq!(parse_duration("1h"), Ok(3600));
        assert!(parse_duration("10 minutes").is_err());
        assert!(parse_duration("m").is_err());
    }

    #[test]
    fn links_of_a_course_page() {
        let html = r#"<a href="/courses/c">C</a> <a href="/courses/c?settore=x">x</a>
            <a href="/courses/c/m/l1">L1</a> <a href="/courses/c/m/quiz">Q</a>
            <a href="/courses/c/glossario">G</a> <a href="/library/a">A</a>"#;
        let links: Vec<String> = course_links(html).iter().map(|l| l.join("/")).collect();
        assert_eq!(links, ["c", "c", "c/m/l1", "c/m/quiz", "c/glossario"]);
    }
}
