//! Test harness: a fresh database per test (a SQLite file in a temporary folder, or a
//! PostgreSQL database created on 127.0.0.1:5432 and dropped afterwards) and the app
//! served on port 0.

use std::net::SocketAddr;
use std::path::PathBuf;

use aula::app::AppState;
use aula::config::Config;
use sea_orm::{ConnectionTrait, Database};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Which database the suite runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backend chosen by `AULA_TEST_DATABASE` (default SQLite).
pub fn backend() -> Backend {
    match std::env::var("AULA_TEST_DATABASE").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("AULA_TEST_DATABASE must be sqlite or postgres, not {other}"),
    }
}

fn postgres_server() -> String {
    std::env::var("AULA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    /// URL to connect to it.
    pub url: String,
    /// Temporary folder (SQLite file, outbox, index).
    pub dir: TempDir,
    postgres_name: Option<String>,
}

impl TestDb {
    /// Creates a fresh, empty database on the chosen backend.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend() {
            Backend::Sqlite => {
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("aula.db").display());
                Self {
                    url,
                    dir,
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("aula_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(format!("{}/postgres", postgres_server()))
                    .await
                    .expect("PostgreSQL on 127.0.0.1:5432 (set AULA_TEST_POSTGRES_URL)");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                Self {
                    url: format!("{}/{name}", postgres_server()),
                    dir,
                    postgres_name: Some(name),
                }
            }
        }
    }
}

impl TestDb {
    /// A database the test provides itself (on a PostgreSQL server of its own): used
    /// as it is, and left to the test to remove.
    pub fn existing(url: String) -> Self {
        Self {
            url,
            dir: tempfile::tempdir().expect("temporary folder"),
            postgres_name: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs outside async context (or inside a runtime being torn down), so the
        // database is dropped from a thread with a runtime of its own.
        let server = postgres_server();
        let result = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let admin = Database::connect(format!("{server}/postgres")).await?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(result, Ok(Ok(()))) {
            eprintln!("warning: could not drop a test database: {result:?}");
        }
    }
}

/// A configuration for tests: the given database, port 0, folders in the temp dir.
pub fn test_config(db: &TestDb) -> Config {
    Config {
        database_url: db.url.clone(),
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        courses_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("courses"),
        index_dir: db.dir.path().join("index"),
        outbox_dir: db.dir.path().join("outbox"),
        // Tests that need the reminder jobs set their own schedule.
        reminders: aula::config::Reminders {
            cron: String::new(),
            ..aula::config::Reminders::default()
        },
        // No test reaches the internet: nothing listens on port 9 (discard), and the
        // scheduled refresh is off unless a test sets it.
        library: aula::config::Library {
            normattiva_url: "http://127.0.0.1:9".into(),
            fetch_cron: String::new(),
            timeout_seconds: 5,
            attempts: 2,
        },
        // Tests serve the metrics on a port 0 of their own (see `TestApp`).
        metrics: aula::config::Metrics {
            bind: String::new(),
        },
        // The retention job runs when a test calls it.
        privacy: aula::config::Privacy {
            retention_cron: String::new(),
            ..aula::config::Privacy::default()
        },
        // Reports show what was just written: no figures kept between requests
        // (the test of the kept overview sets its own).
        reports: aula::config::Reports {
            overview_seconds: 0,
        },
        // Each test database has its own signing keys.
        certificates: aula::config::Certificates {
            keys_dir: db.dir.path().join("keys"),
            ..aula::config::Certificates::default()
        },
        ..Config::default()
    }
}

/// Demo accounts (see `aula::demo`).
pub const ADMIN: &str = "segreteria@demo.aula.it";
/// The demo tutor of Liguria.
pub const TUTOR: &str = "tutor.liguria@demo.aula.it";
/// A demo learner of Genova (Liguria: in the tutor's cohort).
pub const LEARNER: &str = "anagrafe.genova@demo.aula.it";
/// A demo learner of Bari (Puglia: outside the tutor's cohort).
pub const OTHER_LEARNER: &str = "sportello.bari@demo.aula.it";

/// The app, served on a real listener on port 0.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// `http://127.0.0.1:<port>` of the metrics listener.
    pub metrics_base: String,
    /// A client that keeps cookies and does not follow redirects.
    pub client: reqwest::Client,
    /// The app's state, to reach the database directly.
    pub state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    /// Kept last: the database (the first app's) and folders are dropped after the
    /// server has stopped.
    _db: Option<TestDb>,
    _dir: Option<TempDir>,
}

impl TestApp {
    /// Starts the app on a fresh database.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app on a fresh database with a configuration adjusted by `adjust`.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_on(TestDb::new().await, adjust).await
    }

    /// Starts the app on `db` (one a test made itself, see [`TestDb::existing`]) with a
    /// configuration adjusted by `adjust`.
    pub async fn spawn_on(db: TestDb, adjust: impl FnOnce(&mut Config)) -> Self {
        let mut config = test_config(&db);
        adjust(&mut config);
        let state = aula::app::prepare(config).await.expect("app prepares");
        Self::serve(state, Some(db), None).await
    }

    /// A second instance on the same database (a separate state, pool and search
    /// index), as when several `aula serve` share one PostgreSQL.
    pub async fn spawn_sibling(&self) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut config = self.state.config().clone();
        config.index_dir = dir.path().join("index");
        config.outbox_dir = dir.path().join("outbox");
        let state = aula::app::prepare(config).await.expect("sibling prepares");
        Self::serve(state, None, Some(dir)).await
    }

    async fn serve(state: AppState, db: Option<TestDb>, dir: Option<TempDir>) -> Self {
        let bind = || async {
            tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind port 0")
        };
        let (listener, metrics) = (bind().await, bind().await);
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let metrics_base = format!("http://{}", metrics.local_addr().expect("address"));
        let (tx, rx) = oneshot::channel::<()>();
        let listeners = aula::web::Listeners {
            http: listener,
            metrics: Some(metrics),
        };
        let server = tokio::spawn(aula::web::serve_on(state.clone(), listeners, async {
            rx.await.ok();
        }));
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            base,
            metrics_base,
            client,
            state,
            shutdown: Some(tx),
            server: Some(server),
            _db: db,
            _dir: dir,
        }
    }

    /// Full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The metrics, as Prometheus reads them from the metrics listener.
    pub async fn metrics(&self) -> String {
        reqwest::get(format!("{}/metrics", self.metrics_base))
            .await
            .expect("metrics answer")
            .text()
            .await
            .expect("metrics text")
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// Loads the demo edition (municipalities, admin, a Liguria tutor, learners) once.
    pub async fn load_demo(&self) {
        aula::demo::load(self.state.db(), &self.state.course_ids())
            .await
            .expect("demo data");
    }

    /// A server with the demo data and `learners` generated learners (realistic
    /// progress, drawn from `seed`) in the catalogue's courses.
    pub async fn spawn_with_generated(learners: usize, seed: u64) -> Self {
        let app = Self::spawn().await;
        app.load_demo().await;
        let catalog = app.state.catalog();
        aula::demo::generate::generate_with(
            app.state.db(),
            &catalog,
            learners,
            seed,
            aula::demo::generate::Profile::Realistic,
            None,
        )
        .await
        .expect("generated learners");
        app
    }

    /// A new client (own cookies) signed in as `email` with the demo password.
    pub async fn client_as(&self, email: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let response = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"email": email, "password": aula::demo::DEMO_PASSWORD}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), 200, "sign in as {email}");
        client
    }

    /// Signs the app's own client in as the demo admin (loading the demo first).
    pub async fn sign_in_admin(&mut self) {
        self.load_demo().await;
        self.client = self.client_as(ADMIN).await;
    }

    /// Stops the server gracefully and returns how `serve` ended.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.server.take() {
            Some(server) => server.await.expect("server task"),
            None => Ok(()),
        }
    }
}

/// The CSRF token in a page's form.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF field") + marker.len();
    html[start..].chars().take_while(|c| *c != '"').collect()
}

/// Waits until `condition` holds, checking every 50 ms for up to 30 s (for work a
/// request leaves to a background task, such as a reset e-mail); false if it never did.
pub async fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    for _ in 0..600 {
        if condition() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    condition()
}

/// The `.eml` files in an outbox folder (none if it does not exist).
pub fn outbox_files(dir: &std::path::Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}
