//! The `aula` command line: one binary, one subcommand per task.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use aula::config::Config;
use clap::{Parser, Subcommand};

// mimalloc: the server allocates many small, short-lived buffers per request on many
// threads, where glibc's malloc spent a quarter of the progress benchmark's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Aula: learning management for legal-administrative training programmes.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (optional; settings can also come from AULA_* variables).
    #[arg(long, global = true, default_value = "aula.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations and serve HTTP until Ctrl-C or SIGTERM.
    Serve {
        /// First load a small demo edition (municipalities, a tutor, learners) and print the logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Course content.
    Courses {
        #[command(subcommand)]
        command: CoursesCommand,
    },
    /// The legal library.
    Library {
        #[command(subcommand)]
        command: LibraryCommand,
    },
    /// Demo data.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// Reminder jobs.
    Reminders {
        #[command(subcommand)]
        command: RemindersCommand,
    },
    /// The search index.
    Index {
        #[command(subcommand)]
        command: IndexCommand,
    },
    /// Municipalities (ISTAT list).
    Municipalities {
        #[command(subcommand)]
        command: MunicipalitiesCommand,
    },
    /// Programme editions.
    Editions {
        #[command(subcommand)]
        command: EditionsCommand,
    },
    /// Classroom seminars.
    Seminars {
        #[command(subcommand)]
        command: SeminarsCommand,
    },
    /// Accounts.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// API tokens.
    Tokens {
        #[command(subcommand)]
        command: TokensCommand,
    },
    /// Certificates: verify a file, rotate the signing key, revoke, issue by hand.
    Certificates {
        #[command(subcommand)]
        command: CertificatesCommand,
    },
    /// Personal data: the record of processing, retention, a person's export and erasure.
    Privacy {
        #[command(subcommand)]
        command: PrivacyCommand,
    },
    /// Write a consistent copy of the database (while the server runs) and its manifest
    /// (row counts and checksums of every table) into the new folder PATH.
    Backup {
        /// The backup folder to create (must not exist).
        path: PathBuf,
    },
    /// Restore the backup folder PATH into the configured database, which must be
    /// empty, and check every table against the manifest. Exit 1 if refused or if
    /// anything differs (nothing is left in place then).
    Restore {
        /// The backup folder written by `aula backup`.
        path: PathBuf,
    },
}

#[derive(Subcommand)]
enum PrivacyCommand {
    /// Print the record of processing activities (GDPR art. 30) as Markdown, from the
    /// configuration and the data model.
    Record,
    /// Run the retention job now: warn the accounts coming due, pseudonymise those due,
    /// forget what is past its retention. With --dry-run, only print what it would do.
    Retention {
        /// Print what would be done, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the ZIP of a person's data (a request received on paper).
    Export {
        /// The person's e-mail address.
        email: String,
        /// Where to write the ZIP.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Erase (pseudonymise) a learner's account now.
    Erase {
        /// The learner's e-mail address.
        email: String,
    },
    /// Whether an edition lets its learners erase their own account from the profile.
    SelfErasure {
        /// Edition number.
        number: i32,
        /// `on` or `off`.
        #[arg(value_parser = ["on", "off"])]
        setting: String,
    },
}

#[derive(Subcommand)]
enum CertificatesCommand {
    /// Check a certificate's PDF or credential (JSON) against the published keys and
    /// the records of the configured database. Exit status: 0 genuine and valid;
    /// 1 anything else (revoked, replaced, altered, unknown, unreadable) or an error.
    Verify {
        /// The PDF, the credential's JSON or the bare JWS.
        file: PathBuf,
    },
    /// Make a new signing key current and publish it beside the previous ones (which
    /// keep verifying what they signed); prints its key id.
    RotateKey,
    /// Revoke a valid certificate, in the name of the first active administrator.
    Revoke {
        /// The certificate's code (AULA-XXXX-XXXX-XXXX).
        code: String,
        /// Why (kept in the certificate's history).
        #[arg(long)]
        reason: String,
    },
    /// Issue a certificate by hand to a learner enrolled in the course, in the name of
    /// the first active administrator; prints its code.
    Issue {
        /// The learner's e-mail address.
        #[arg(long)]
        email: String,
        /// The course id.
        #[arg(long)]
        course: String,
        /// Why (kept in the certificate's history).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum TokensCommand {
    /// Create a token acting as an account; prints its secret once.
    Create {
        /// E-mail address of the account the token acts as.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long)]
        name: String,
        /// Scopes, comma-separated (content:read, progress:read, progress:write,
        /// people:read, reports:read, attendance:write, seminars:write, certificates:write,
        /// admin), within what the account's role can use.
        #[arg(long)]
        scopes: String,
        /// Days until it expires (1 to 365).
        #[arg(long, default_value_t = aula::accounts::api_tokens::DEFAULT_DAYS)]
        days: u32,
    },
    /// List every token (never a secret).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token's id (as `aula tokens list` shows it).
        id: i32,
    },
}

#[derive(Subcommand)]
enum MunicipalitiesCommand {
    /// Upsert municipalities from a CSV with the ISTAT header; any bad row: nothing imported.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum SeminarsCommand {
    /// Plan a seminar of an edition on a theme (a module), with its sessions.
    Add {
        /// Edition number.
        #[arg(long)]
        edition: i32,
        /// Course id of the theme.
        #[arg(long)]
        course: String,
        /// Module id of the theme.
        #[arg(long)]
        module: String,
        /// Title.
        #[arg(long)]
        title: String,
        /// Registrations wait for the approval of a tutor of the session's region
        /// (or an admin).
        #[arg(long)]
        approval: bool,
        /// A session, once per session: `first_day=YYYY-MM-DD;days=2;hours=09:30-17:30;
        /// venue=…;address=…;region=…;capacity=N;deadline=YYYY-MM-DD HH:MM` (Europe/Rome).
        #[arg(long = "session", required = true)]
        sessions: Vec<String>,
    },
}

#[derive(Subcommand)]
enum EditionsCommand {
    /// Create an edition and its eligibility rule.
    Add {
        /// Edition number.
        #[arg(long)]
        number: i32,
        /// Title.
        #[arg(long)]
        title: String,
        /// Regions, comma-separated, named as in the ISTAT list.
        #[arg(long)]
        regions: String,
        /// Municipalities with more inhabitants than this are eligible.
        #[arg(long)]
        population_over: i32,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        starts: Option<chrono::NaiveDate>,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        ends: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Create an account; the password is read from standard input.
    Add {
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// learner, tutor or admin.
        #[arg(long)]
        role: String,
        /// A learner's municipality (ISTAT code).
        #[arg(long)]
        municipality: Option<String>,
        /// A learner's sector.
        #[arg(long)]
        sector: Option<String>,
        /// A learner's job title.
        #[arg(long)]
        job_title: Option<String>,
        /// A tutor's regions, comma-separated.
        #[arg(long)]
        regions: Option<String>,
        /// A tutor's municipalities, comma-separated ISTAT codes.
        #[arg(long)]
        municipalities: Option<String>,
        /// Read the password from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Create or update learners from a CSV (email,name,municipality,sector,job_title) and invite the new ones.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum CoursesCommand {
    /// Validate course content; prints `path:line: message` per problem, exit 1 if any error.
    Check {
        /// Courses folder (default: the configured courses_dir).
        dir: Option<PathBuf>,
        /// Treat warnings (citations of acts not in the library) as errors.
        #[arg(long)]
        strict: bool,
        /// Check citations against these act files or folders instead of the database.
        #[arg(long, value_name = "PATH")]
        library: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Fill the database with generated learners and progress (for benchmarks).
    Generate {
        /// How many learners.
        #[arg(long, default_value_t = 1000)]
        learners: usize,
        /// Seed of the draw (the same seed gives the same data).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum RemindersCommand {
    /// Evaluate every reminder rule now, queue and send what is due.
    RunOnce {
        /// Only print what would be queued; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum IndexCommand {
    /// Rebuild the search index from courses and library.
    Rebuild,
}

#[derive(Subcommand)]
enum LibraryCommand {
    /// Import legal acts (Normattiva Markdown, Akoma Ntoso XML); re-importing replaces.
    Import {
        /// Files or folders of acts.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Download acts in force from Normattiva and import them in one transaction
    /// (nothing written if any fails; unchanged acts untouched; changed articles listed).
    Fetch {
        /// Acts by URN (urn:nir:stato:decreto.legislativo:1998-07-25;286) or id (dlgs-286-1998).
        #[arg(required_unless_present = "courses", conflicts_with = "courses")]
        acts: Vec<String>,
        /// Fetch every act the courses declare (`[library] acts` in course.toml).
        #[arg(long)]
        courses: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    aula::telemetry::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is::<Failed>() => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(&cli.config, std::env::vars())?;
    match cli.command {
        Command::Serve { demo } => serve(config, demo).await,
        Command::Migrate => migrate(&config).await,
        Command::Courses {
            command:
                CoursesCommand::Check {
                    dir,
                    strict,
                    library,
                },
        } => status(aula::cli::courses_check(&config, dir, strict, &library).await?),
        Command::Library {
            command: LibraryCommand::Import { paths },
        } => status(aula::cli::library_import(&config, &paths).await?),
        Command::Library {
            command: LibraryCommand::Fetch { acts, courses },
        } => status(aula::cli::library_fetch(&config, &acts, courses).await?),
        Command::Demo {
            command: DemoCommand::Generate { learners, seed },
        } => aula::cli::demo_generate(&config, learners, seed).await,
        Command::Reminders {
            command: RemindersCommand::RunOnce { dry_run },
        } => aula::cli::reminders_run_once(&config, dry_run).await,
        Command::Index {
            command: IndexCommand::Rebuild,
        } => aula::cli::index_rebuild(&config).await,
        Command::Municipalities {
            command: MunicipalitiesCommand::Import { file },
        } => status(aula::cli::municipalities_import(&config, &file).await?),
        Command::Editions { command } => editions(&config, command).await,
        Command::Seminars {
            command:
                SeminarsCommand::Add {
                    edition,
                    course,
                    module,
                    title,
                    approval,
                    sessions,
                },
        } => {
            let new = aula::seminars::NewSeminar {
                edition,
                course_id: course,
                module_id: module,
                title,
                requires_approval: approval,
                sessions: Vec::new(),
            };
            status(aula::cli::seminars_add(&config, new, &sessions).await?)
        }
        Command::Users { command } => users(&config, command).await,
        Command::Tokens {
            command:
                TokensCommand::Create {
                    email,
                    name,
                    scopes,
                    days,
                },
        } => status(
            aula::cli::tokens_create(&config, &email, &name, split_list(&scopes), days).await?,
        ),
        Command::Tokens {
            command: TokensCommand::List,
        } => aula::cli::tokens_list(&config).await,
        Command::Tokens {
            command: TokensCommand::Revoke { id },
        } => status(aula::cli::tokens_revoke(&config, id).await?),
        Command::Certificates { command } => certificates(&config, command).await,
        Command::Privacy { command } => privacy(&config, command).await,
        Command::Backup { path } => status(aula::cli::backup::backup(&config, &path).await?),
        Command::Restore { path } => status(aula::cli::backup::restore(&config, &path).await?),
    }
}

/// `aula privacy …`.
async fn privacy(config: &Config, command: PrivacyCommand) -> anyhow::Result<()> {
    use aula::cli::privacy;
    match command {
        PrivacyCommand::Record => privacy::record(config).await,
        PrivacyCommand::Retention { dry_run } => privacy::retention(config, dry_run).await,
        PrivacyCommand::Export { email, out } => {
            status(privacy::export(config, &email, &out).await?)
        }
        PrivacyCommand::Erase { email } => status(privacy::erase(config, &email).await?),
        PrivacyCommand::SelfErasure { number, setting } => {
            status(privacy::self_erasure(config, number, setting == "on").await?)
        }
    }
}

/// `aula certificates …`.
async fn certificates(config: &Config, command: CertificatesCommand) -> anyhow::Result<()> {
    match command {
        CertificatesCommand::Verify { file } => {
            status(aula::cli::certificates_verify(config, &file).await?)
        }
        CertificatesCommand::RotateKey => aula::cli::certificates_rotate_key(config).await,
        CertificatesCommand::Revoke { code, reason } => {
            status(aula::cli::certificates_revoke(config, &code, &reason).await?)
        }
        CertificatesCommand::Issue {
            email,
            course,
            reason,
        } => status(aula::cli::certificates_issue(config, &email, &course, &reason).await?),
    }
}

/// `aula serve`: prepares the application (migrations included), optionally loads the
/// demo, then serves until shutdown.
async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let state = aula::app::prepare(config).await?;
    if demo {
        demo_library(&state).await?;
        let mut logins = aula::demo::load_with_progress(state.db(), &state.catalog()).await?;
        logins.extend(aula::demo::seminars::load(&state).await?);
        println!("Demo: accounts (password «{}»):", aula::demo::DEMO_PASSWORD);
        for (email, role) in logins {
            println!("  {role:<8} {email}");
        }
    }
    let bind = state.config().bind;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    aula::web::serve(state, listener, aula::app::shutdown_signal()).await
}

/// `serve --demo` with an empty library: fetches the courses' acts, with a progress
/// bar; offline, one line saying what failed and what to run later.
async fn demo_library(state: &aula::app::AppState) -> anyhow::Result<()> {
    use aula::content::library::fetch::Step;
    use aula::demo::library::{DemoLibrary, fetch_if_empty, offline_hint};
    let bar = aula::cli::progress_bar(0);
    let progress = |step: Step<'_>| match step {
        Step::Downloading { total, urn, .. } => {
            bar.set_length(total as u64);
            bar.set_message(format!("Normattiva: {}", urn.act_id()));
        }
        Step::Downloaded { .. } => bar.inc(1),
        Step::Storing => bar.set_message("scrittura nella biblioteca"),
    };
    let outcome = fetch_if_empty(state, progress).await?;
    bar.finish_and_clear();
    match outcome {
        DemoLibrary::Ready => {}
        DemoLibrary::Fetched(report) => println!(
            "Biblioteca normativa: {} atti scaricati da Normattiva (testo vigente)",
            report.acts.len()
        ),
        DemoLibrary::Unavailable(reason) => println!("{}", offline_hint(&reason)),
    }
    Ok(())
}

/// `aula migrate`: applies pending migrations and names each one.
async fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = aula::db::connect(&config.database_url).await?;
    let applied = aula::db::apply_migrations(&db).await?;
    if applied.is_empty() {
        println!("database is up to date; nothing to apply");
    } else {
        for name in &applied {
            println!("applied {name}");
        }
    }
    db.close().await?;
    Ok(())
}

/// `aula editions add`.
async fn editions(config: &Config, command: EditionsCommand) -> anyhow::Result<()> {
    let EditionsCommand::Add {
        number,
        title,
        regions,
        population_over,
        starts,
        ends,
    } = command;
    let edition = aula::accounts::editions::NewEdition {
        number,
        title,
        regions: split_list(&regions),
        population_over,
        starts_on: starts,
        ends_on: ends,
    };
    status(aula::cli::editions_add(config, edition).await?)
}

/// `aula users import` and `aula users add` (password from standard input).
async fn users(config: &Config, command: UsersCommand) -> anyhow::Result<()> {
    match command {
        UsersCommand::Import { file } => status(aula::cli::users_import(config, &file).await?),
        UsersCommand::Add {
            email,
            name,
            role,
            municipality,
            sector,
            job_title,
            regions,
            municipalities,
            password_stdin: _,
        } => {
            let new = aula::accounts::users::NewUser {
                email,
                name,
                role,
                municipality,
                sector,
                job_title,
                regions: regions.as_deref().map(split_list).unwrap_or_default(),
                municipalities: municipalities
                    .as_deref()
                    .map(split_list)
                    .unwrap_or_default(),
                password: Some(read_password()?),
            };
            status(aula::cli::users_add(config, new).await?)
        }
    }
}

/// The first line of standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    Ok(password.trim_end_matches(['\n', '\r']).to_string())
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn status(ok: bool) -> anyhow::Result<()> {
    if ok { Ok(()) } else { Err(Failed.into()) }
}

/// A command that already printed why it failed: exit 1 without another message.
#[derive(Debug)]
struct Failed;

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("failed")
    }
}

impl std::error::Error for Failed {}
