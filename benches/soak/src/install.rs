//! The installation under test, prepared with the `aula` binary as an administrator
//! would: a configuration in a temporary folder, a fresh SQLite file (or a fresh
//! PostgreSQL database, dropped afterwards), `aula migrate`, the legal library,
//! `aula demo generate` for the learners the reports go through, the soak learners
//! with `aula users import` (each then follows the invitation in the outbox and sets
//! the password, as a person would), the tutors with `aula users add`, and `aula
//! serve` on a free port, whose PID the memory readings follow.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use tokio::io::AsyncWriteExt;
use tokio::process::{Child, Command};

use crate::plan;

/// What to prepare.
pub struct Options {
    /// The `aula` binary.
    pub aula: PathBuf,
    /// The course content to serve.
    pub courses: PathBuf,
    /// Act files to import into the library (none: an empty library).
    pub library: Option<PathBuf>,
    /// `None` for SQLite in the temporary folder, or a PostgreSQL server URL.
    pub postgres: Option<String>,
    /// Learners generated with progress (`aula demo generate --learners`).
    pub generated: usize,
    /// Soak learner accounts.
    pub learners: usize,
    /// Soak tutor accounts.
    pub tutors: usize,
    /// `aula users add` run at once.
    pub parallel: usize,
}

/// A prepared installation, served until [`Installation::stop`].
pub struct Installation {
    /// The site's base URL.
    pub base: String,
    /// The server's process id.
    pub pid: u32,
    /// Where the server writes its log.
    pub log: PathBuf,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    server: Child,
    database: Database,
    dir: tempfile::TempDir,
}

enum Database {
    Sqlite,
    Postgres { server: String, name: String },
}

/// Municipalities of the demo edition (ISTAT codes), one per learner in turn.
const MUNICIPALITIES: &[&str] = &[
    "010025", "009056", "011015", "021008", "022205", "072006", "073027", "075035", "076063",
    "078033",
];
/// Regions of the demo edition, one per tutor in turn.
const REGIONS: &[&str] = &[
    "Liguria",
    "Puglia",
    "Trentino-Alto Adige/Südtirol",
    "Basilicata",
    "Calabria",
];
const SECTORS: &[&str] = &[
    "servizi-demografici",
    "servizi-sociali",
    "sportello-immigrati",
    "polizia-municipale",
];

/// Prepares the installation and starts serving it.
pub async fn prepare(options: &Options) -> anyhow::Result<Installation> {
    ensure!(
        options.aula.is_file(),
        "{}: no aula binary (build it with `cargo build --release --locked`, or pass --aula)",
        options.aula.display()
    );
    let dir = tempfile::Builder::new().prefix("aula-soak-").tempdir()?;
    let (database_url, database) = match &options.postgres {
        None => (
            format!("sqlite://{}?mode=rwc", dir.path().join("aula.db").display()),
            Database::Sqlite,
        ),
        Some(url) => {
            let server = server_url(url);
            let name = format!("aula_soak_{}", std::process::id());
            psql(&server, &format!("DROP DATABASE IF EXISTS {name}")).await?;
            psql(&server, &format!("CREATE DATABASE {name}")).await?;
            (
                format!("{server}/{name}"),
                Database::Postgres { server, name },
            )
        }
    };
    let backend = match database {
        Database::Sqlite => "sqlite",
        Database::Postgres { .. } => "postgres",
    };
    let port = free_port()?;
    let config = dir.path().join("aula.toml");
    std::fs::write(
        &config,
        configuration(&database_url, port, &options.courses, dir.path()),
    )?;
    let base = format!("http://127.0.0.1:{port}");
    let log = dir.path().join("server.log");
    let aula = Aula {
        binary: &options.aula,
        config: &config,
    };
    match fill_and_serve(&aula, options, &base, dir.path()).await {
        Ok(server) => Ok(Installation {
            base,
            pid: server.id().context("the server exited at once")?,
            log,
            backend,
            server,
            database,
            dir,
        }),
        Err(err) => {
            if let Err(drop) = database.drop().await {
                println!("{drop:#}");
            }
            Err(err)
        }
    }
}

/// Fills the database as an administrator would, then serves it.
async fn fill_and_serve(
    aula: &Aula<'_>,
    options: &Options,
    base: &str,
    dir: &Path,
) -> anyhow::Result<Child> {
    let started = Instant::now();
    aula.run(&["migrate"], None).await?;
    if let Some(library) = &options.library {
        aula.run(&["library", "import", &library.display().to_string()], None)
            .await?;
    }
    aula.run(
        &[
            "demo",
            "generate",
            "--learners",
            &options.generated.to_string(),
        ],
        None,
    )
    .await?;
    println!(
        "prepared: migrated, library imported, {} learners generated in {:.0} s",
        options.generated,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    import_learners(aula, options, dir).await?;
    add_tutors(aula, options).await?;
    let server = serve(aula, base, &dir.join("server.log")).await?;
    let accepted = accept_invitations(base, &dir.join("outbox")).await?;
    println!(
        "prepared: {accepted} soak learners (the probe included) imported and signed up by \
         their invitations, {} tutors added, in {:.0} s",
        options.tutors,
        started.elapsed().as_secs_f64()
    );
    Ok(server)
}

/// Imports the soak learners and the probe from a CSV with `aula users import`, which
/// e-mails each an invitation (to the outbox folder: no SMTP server is configured).
async fn import_learners(aula: &Aula<'_>, options: &Options, dir: &Path) -> anyhow::Result<()> {
    let mut csv = String::from("email,name,municipality,sector,job_title\n");
    let emails = std::iter::once(plan::PROBE_EMAIL.to_string())
        .chain((0..options.learners).map(plan::learner_email));
    for (i, email) in emails.enumerate() {
        csv += &format!(
            "{email},Discente Soak {i},{},{},\n",
            MUNICIPALITIES[i % MUNICIPALITIES.len()],
            SECTORS[i % SECTORS.len()]
        );
    }
    let file = dir.join("soak-learners.csv");
    std::fs::write(&file, csv)?;
    aula.run(&["users", "import", &file.display().to_string()], None)
        .await?;
    Ok(())
}

/// Follows every invitation in the outbox as its learner would: opens the link, sets
/// the password. Returns how many were accepted.
async fn accept_invitations(base: &str, outbox: &Path) -> anyhow::Result<usize> {
    let mut tokens = Vec::new();
    for entry in std::fs::read_dir(outbox)? {
        let text = std::fs::read_to_string(entry?.path())?;
        // Quoted-printable: join the soft line breaks first.
        let text = text.replace("=\r\n", "").replace("=\n", "");
        if let Some(at) = text.find("/invite/") {
            let token: String = text[at + 8..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            if !token.is_empty() {
                tokens.push(token);
            }
        }
    }
    let mut running = tokio::task::JoinSet::new();
    let mut accepted = 0;
    let mut queue = tokens.into_iter();
    loop {
        // The server checks passwords on one worker per core: a few at once keep them busy.
        while running.len() < 4 {
            let Some(token) = queue.next() else { break };
            let base = base.to_string();
            running.spawn(async move { accept(&base, &token).await });
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        done??;
        accepted += 1;
    }
    Ok(accepted)
}

/// Opens one invitation link and sets the soak password.
async fn accept(base: &str, token: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()?;
    let url = format!("{base}/invite/{token}");
    let page = client.get(&url).send().await?.text().await?;
    let csrf = crate::http::hidden_input(&page, "csrf_token")
        .context("the invitation page has no form")?;
    let r = client
        .post(&url)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("password", plan::PASSWORD),
            ("confirm", plan::PASSWORD),
        ])
        .send()
        .await?;
    ensure!(
        r.status().is_success(),
        "setting the password of invitation {token}: {}",
        r.status()
    );
    Ok(())
}

impl Database {
    /// Drops the PostgreSQL database (nothing to do for SQLite: the folder goes).
    async fn drop(&self) -> anyhow::Result<()> {
        if let Database::Postgres { server, name } = self {
            psql(
                server,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await?;
        }
        Ok(())
    }
}

/// The server part of a PostgreSQL URL (`postgres://user@host:port`), without a database.
fn server_url(url: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    match url[scheme_end..].find('/') {
        Some(slash) => url[..scheme_end + slash].to_string(),
        None => url.to_string(),
    }
}

async fn psql(server: &str, statement: &str) -> anyhow::Result<()> {
    let out = Command::new("psql")
        .args([
            &format!("{server}/postgres"),
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            statement,
        ])
        .output()
        .await
        .context("psql (the PostgreSQL client) is needed for --database-url")?;
    ensure!(
        out.status.success(),
        "psql {statement}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// The installation's `aula.toml`: everything in the temporary folder, no metrics
/// listener, no scheduled download of acts (the run never leaves this machine).
fn configuration(database_url: &str, port: u16, courses: &Path, dir: &Path) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let path = |p: &Path| quoted(&p.display().to_string());
    format!(
        "database_url = {}\nbind = \"127.0.0.1:{port}\"\ncourses_dir = {}\nindex_dir = {}\n\
         outbox_dir = {}\n\n[library]\nfetch_cron = \"\"\n\n[metrics]\nbind = \"\"\n\n\
         [certificates]\nkeys_dir = {}\n",
        quoted(database_url),
        path(courses),
        path(&dir.join("index")),
        path(&dir.join("outbox")),
        path(&dir.join("keys")),
    )
}

/// Runs the `aula` binary on the installation's configuration.
struct Aula<'a> {
    binary: &'a Path,
    config: &'a Path,
}

impl Aula<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(self.binary);
        command
            .arg("--config")
            .arg(self.config)
            .args(args)
            .env("AULA_LOG", "warn")
            .kill_on_drop(true);
        command
    }

    /// Runs `aula args…` (with `stdin` as its input); fails with its output if it fails.
    async fn run(&self, args: &[&str], stdin: Option<&str>) -> anyhow::Result<String> {
        let mut child = self
            .command(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            pipe.write_all(input.as_bytes()).await?;
        }
        let out = child.wait_with_output().await?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ensure!(out.status.success(), "aula {}: {text}", args.join(" "));
        Ok(text)
    }
}

/// Adds the soak tutors with `aula users add`, `parallel` at a time; an attempt that
/// fails because SQLite was locked by another writer is tried again (and counted).
async fn add_tutors(aula: &Aula<'_>, options: &Options) -> anyhow::Result<()> {
    let mut accounts: Vec<Vec<String>> = Vec::new();
    for i in 0..options.tutors {
        accounts.push(vec![
            "users".into(),
            "add".into(),
            "--email".into(),
            plan::tutor_email(i),
            "--name".into(),
            format!("Tutor Soak {i}"),
            "--role".into(),
            "tutor".into(),
            "--regions".into(),
            REGIONS[i % REGIONS.len()].into(),
            "--password-stdin".into(),
        ]);
    }
    let total = accounts.len();
    let mut retries = 0;
    let mut queue = accounts.into_iter();
    let mut running = tokio::task::JoinSet::new();
    let mut done = 0;
    loop {
        while running.len() < options.parallel.max(1) {
            let Some(args) = queue.next() else { break };
            let binary = aula.binary.to_path_buf();
            let config = aula.config.to_path_buf();
            running.spawn(async move {
                let aula = Aula {
                    binary: &binary,
                    config: &config,
                };
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let mut locked = 0;
                loop {
                    match aula
                        .run(&args, Some(&format!("{}\n", plan::PASSWORD)))
                        .await
                    {
                        Ok(_) => return Ok(locked),
                        Err(err) if locked < 5 && err.to_string().contains("locked") => {
                            locked += 1;
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                        Err(err) => return Err(err),
                    }
                }
            });
        }
        let Some(finished) = running.join_next().await else {
            break;
        };
        retries += finished??;
        done += 1;
        if done % 20 == 0 {
            println!("prepared: {done}/{total} tutors");
        }
    }
    if retries > 0 {
        println!(
            "prepared: {retries} `aula users add` runs failed with «database is locked» and were run again"
        );
    }
    Ok(())
}

/// Starts `aula serve` and waits until `/readyz` answers 200.
async fn serve(aula: &Aula<'_>, base: &str, log_path: &Path) -> anyhow::Result<Child> {
    let log = std::fs::File::create(log_path)?;
    let mut server = aula
        .command(&["serve"])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await
            && r.status().is_success()
        {
            return Ok(server);
        }
        if let Some(status) = server.try_wait()? {
            bail!(
                "aula serve exited ({status}) before it was ready; its log: {}",
                log_path.display()
            );
        }
        ensure!(
            Instant::now() < deadline,
            "aula serve not ready after 180 s; its log: {}",
            log_path.display()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

impl Installation {
    /// Whether the server is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.server.try_wait(), Ok(None))
    }

    /// Stops the server (SIGTERM, then SIGKILL after 30 s) and removes the installation:
    /// the temporary folder, and the PostgreSQL database. With `keep`, both stay.
    pub async fn stop(mut self, keep: bool) -> anyhow::Result<()> {
        if self.running() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.pid.to_string()])
                .status()
                .await;
            if tokio::time::timeout(Duration::from_secs(30), self.server.wait())
                .await
                .is_err()
            {
                println!("aula serve did not stop in 30 s after SIGTERM: killing it");
                self.server.kill().await?;
            }
        }
        if keep {
            let kept = self.dir.keep();
            println!("installation kept in {}", kept.display());
            if let Database::Postgres { name, .. } = &self.database {
                println!("database kept: {name}");
            }
        } else {
            self.database.drop().await?;
        }
        Ok(())
    }
}
