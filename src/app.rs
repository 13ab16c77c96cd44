//! Application state and the server's life cycle: start, serve, shut down gracefully.

use crate::privacy::notice::Notices;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::accounts::cache::TtlCache;
use crate::accounts::password::PasswordPool;
use crate::accounts::recovery::{Recovery, ResetLimits};
use crate::accounts::sessions::SignInLimits;
use crate::certificates::archive::Archiver;
use crate::certificates::keys::KeyRing;
use crate::certificates::seal::Issuing;
use crate::config::Config;
use crate::content::Catalog;
use crate::content::library::snapshot::Snapshot;
use crate::db::auth::session;
use crate::db::users::User;
use crate::mail::Mailer;
use crate::progress::recorder::Recorder;
use crate::render::i18n::Messages;
use crate::render::{Fragments, Templates};
use crate::search::SearchIndex;
use crate::search::log::QueryLog;

/// How long a resolved session is reused without asking the database.
const SESSION_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);
/// How long an active enrolment is reused without asking the database.
const ENROLMENT_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(30);

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The configuration this instance started with.
    config: Config,
    /// The database pool (SQLite or PostgreSQL).
    db: DatabaseConnection,
    /// The template environment with the message catalogue.
    templates: Templates,
    /// Outgoing e-mail.
    mailer: Mailer,
    /// The courses, replaced whole when content or the library changes (shared with
    /// the progress writer, which needs the module structure).
    catalog: Arc<RwLock<Arc<Catalog>>>,
    /// The library as pages show it, replaced whole when the library changes.
    library: RwLock<Arc<Snapshot>>,
    /// Page fragments the same for every visitor, forgotten when content changes.
    fragments: Fragments,
    /// The progress writer (group commit).
    recorder: Recorder,
    /// The search index of this instance.
    search: SearchIndex,
    /// The search query log's writer.
    query_log: QueryLog,
    /// The cohort overview's figures, computed once for every viewer.
    overview: crate::reports::overview_cache::OverviewCache,
    /// The library fingerprint the catalog and the index were last built against.
    library_seen: tokio::sync::Mutex<Option<String>>,
    /// Recently resolved sessions, by cookie value (a few seconds).
    sessions: TtlCache<String, (User, session::Model)>,
    /// Enrolments recently found active, by (user, course).
    enrolments: TtlCache<(i32, String), ()>,
    /// When the instance started.
    started: Instant,
    /// The same pool without the statement counter, for work that is nobody's
    /// request (background tasks).
    background: DatabaseConnection,
    /// Statements run on the request pool (see [`AppState::queries_run`]).
    queries: Arc<std::sync::atomic::AtomicU64>,
    /// The workers that hash and check passwords (bounded, so a flood queues).
    passwords: PasswordPool,
    /// The keys that sign certificates' credentials.
    keys: KeyRing,
    /// The public URL (configuration, or the bound address).
    base_url: String,
    /// The published keys as `/.well-known/jwks.json` serves them, for a minute.
    jwks: TtlCache<(), Arc<String>>,
    /// The privacy notice, every version (read at start).
    notices: Notices,
}

/// How long the published keys are served without asking the database.
const JWKS_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

impl AppState {
    /// Builds the state from a configuration, an open, migrated database, the pool of
    /// the progress writer and the courses.
    pub fn new(
        config: Config,
        mut db: DatabaseConnection,
        writer_db: DatabaseConnection,
        courses: Catalog,
        library: Snapshot,
        search: SearchIndex,
    ) -> anyhow::Result<Self> {
        let messages = Messages::load().context("cannot load the message catalogue")?;
        let templates = Templates::new(messages);
        let mailer = Mailer::from_config(&config, templates.clone())?;
        let catalog = Arc::new(RwLock::new(Arc::new(courses)));
        // The log writes on a handle without the metric callback: its batches are
        // nobody's request.
        let query_log = QueryLog::spawn(db.clone());
        let background = db.clone();
        let queries = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counter = queries.clone();
        db.set_metric_callback(move |info| {
            // The library follower's poll is not the work of any request.
            if !info.statement.sql.contains("content_hash") {
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
        let passwords = PasswordPool::new(
            config.accounts.password_workers as usize,
            config.accounts.password_queue as usize,
        );
        let keys = KeyRing::load_or_create(&config.certificates.keys_dir)?;
        let base_url = config.base_url();
        let (notices, problems) =
            Notices::load(&config.courses_dir.join(crate::privacy::notice::FOLDER));
        for problem in problems {
            tracing::error!("privacy notice: {problem}");
        }
        if notices.current().is_none() {
            tracing::warn!(
                "no privacy notice in {}/{}: users are not asked to acknowledge one",
                config.courses_dir.display(),
                crate::privacy::notice::FOLDER
            );
        }
        let overview =
            crate::reports::overview_cache::OverviewCache::new(config.reports.overview_seconds);
        Ok(Self {
            inner: Arc::new(Inner {
                overview,
                passwords,
                config,
                db,
                background,
                templates,
                mailer,
                recorder: Recorder::spawn(writer_db, catalog.clone()),
                library: RwLock::new(Arc::new(library)),
                fragments: Fragments::default(),
                search,
                query_log,
                library_seen: tokio::sync::Mutex::new(None),
                sessions: TtlCache::new(SESSION_CACHE_TTL),
                enrolments: TtlCache::new(ENROLMENT_CACHE_TTL),
                catalog,
                started: Instant::now(),
                queries,
                keys,
                base_url,
                jwks: TtlCache::new(JWKS_CACHE_TTL),
                notices,
            }),
        })
    }

    /// The privacy notice's versions.
    pub fn notices(&self) -> &Notices {
        &self.inner.notices
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The keys that sign certificates.
    pub fn keys(&self) -> &KeyRing {
        &self.inner.keys
    }

    /// What sealing and printing a certificate need.
    pub fn issuing(&self) -> Issuing<'_> {
        Issuing {
            ring: &self.inner.keys,
            issuer: &self.inner.config.certificates.issuer,
            base_url: &self.inner.base_url,
            messages: self.inner.templates.messages(),
        }
    }

    /// What writing a ZIP of certificates needs, owned.
    pub fn archiver(&self) -> Archiver {
        Archiver {
            db: self.inner.db.clone(),
            ring: self.inner.keys.clone(),
            issuer: self.inner.config.certificates.issuer.clone(),
            base_url: self.inner.base_url.clone(),
            messages: self.inner.templates.messages().clone(),
        }
    }

    /// The JWK Set of every published certificate key, as served (cached a minute).
    pub async fn jwks(&self) -> Result<Arc<String>, sea_orm::DbErr> {
        if let Some(doc) = self.inner.jwks.get(&()) {
            return Ok(doc);
        }
        let keys = crate::certificates::keys::published(&self.inner.db).await?;
        let doc = Arc::new(crate::certificates::keys::jwks(&keys).to_string());
        self.inner.jwks.put((), doc.clone());
        Ok(doc)
    }

    /// The workers that hash and check passwords.
    pub fn passwords(&self) -> &PasswordPool {
        &self.inner.passwords
    }

    /// The sign-in throttles of the configuration.
    pub fn sign_in_limits(&self) -> SignInLimits {
        SignInLimits::from_config(&self.inner.config.accounts)
    }

    /// What password recovery requests need (database, mailer, links, throttles).
    pub fn recovery(&self) -> Recovery {
        Recovery {
            db: self.inner.db.clone(),
            mailer: self.inner.mailer.clone(),
            base_url: self.inner.config.base_url(),
            limits: ResetLimits::from_config(&self.inner.config.accounts),
        }
    }

    /// The database pool.
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// The database pool for background tasks: their statements are not counted in
    /// [`AppState::queries_run`].
    pub fn background_db(&self) -> &DatabaseConnection {
        &self.inner.background
    }

    /// The template environment.
    pub fn templates(&self) -> &Templates {
        &self.inner.templates
    }

    /// The progress writer.
    pub fn recorder(&self) -> &Recorder {
        &self.inner.recorder
    }

    /// The user and session of a cookie value: from the cache when resolved in the
    /// last few seconds, otherwise from the database.
    pub async fn resolve_session(
        &self,
        cookie: &str,
    ) -> Result<Option<(User, session::Model)>, sea_orm::DbErr> {
        if let Some(hit) = self.inner.sessions.get(&cookie.to_string())
            && hit.1.expires_at > chrono::Utc::now()
        {
            return Ok(Some(hit));
        }
        let found = crate::accounts::sessions::resolve(&self.inner.db, cookie).await?;
        if let Some(found) = &found {
            self.inner.sessions.put(cookie.to_string(), found.clone());
        }
        Ok(found)
    }

    /// Ends a session (database and cache).
    pub async fn end_session(&self, cookie: &str) -> Result<(), sea_orm::DbErr> {
        self.inner.sessions.remove(&cookie.to_string());
        crate::accounts::sessions::logout(&self.inner.db, cookie).await
    }

    /// Forgets the cached session of `cookie` (its user changed).
    pub fn forget_session(&self, cookie: &str) {
        self.inner.sessions.remove(&cookie.to_string());
    }

    /// Forgets every cached session (after a password change ends a user's sessions).
    pub fn forget_sessions(&self) {
        self.inner.sessions.remove_where(|_| true);
    }

    /// Whether a learner is actively enrolled in a course. Only "yes" is cached, so a
    /// new enrolment counts at once; a withdrawal made through this instance too.
    pub async fn is_enrolled(&self, user_id: i32, course_id: &str) -> Result<bool, sea_orm::DbErr> {
        let key = (user_id, course_id.to_string());
        if self.inner.enrolments.get(&key).is_some() {
            return Ok(true);
        }
        let enrolled =
            crate::accounts::enrolment::is_enrolled(&self.inner.db, user_id, course_id).await?;
        if enrolled {
            self.inner.enrolments.put(key, ());
        }
        Ok(enrolled)
    }

    /// Forgets the cached enrolments of a learner (after a withdrawal).
    pub fn forget_enrolments(&self, user_id: i32) {
        self.inner.enrolments.remove_where(|(u, _)| *u == user_id);
    }

    /// The mailer.
    pub fn mailer(&self) -> &Mailer {
        &self.inner.mailer
    }

    /// The ids of every course loaded (what an edition offers by default).
    pub fn course_ids(&self) -> Vec<String> {
        self.catalog()
            .courses
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    /// The courses as currently loaded.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.inner
            .catalog
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Page fragments the same for every visitor (see [`Fragments`]).
    pub fn fragments(&self) -> &Fragments {
        &self.inner.fragments
    }

    /// The library as currently loaded.
    pub fn library(&self) -> Arc<Snapshot> {
        self.inner
            .library
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Reloads the library and the courses from disk against it (after an import)
    /// and brings the search index up to date.
    pub async fn reload_courses(&self) -> anyhow::Result<()> {
        let mut seen = self.inner.library_seen.lock().await;
        let library = crate::content::library::store::fingerprint(&self.inner.db).await?;
        let snapshot = Snapshot::load(&self.inner.db).await?;
        *self
            .inner
            .library
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(snapshot);
        let catalog = load_courses(&self.inner.config, &self.inner.db).await?;
        *self
            .inner
            .catalog
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(catalog);
        self.inner.fragments.clear();
        self.refresh_search().await?;
        *seen = Some(library);
        Ok(())
    }

    /// Reloads courses and index when the library in the database changed since they
    /// were built (cheap when it did not: one small query).
    pub async fn follow_library(&self) -> anyhow::Result<bool> {
        let library = crate::content::library::store::fingerprint(&self.inner.db).await?;
        if self.inner.library_seen.lock().await.as_deref() == Some(library.as_str()) {
            return Ok(false);
        }
        self.reload_courses().await?;
        Ok(true)
    }

    /// What the reminder jobs need.
    pub fn reminders(&self) -> crate::reminders::Context {
        crate::reminders::Context {
            db: self.inner.db.clone(),
            mailer: self.inner.mailer.clone(),
            courses: self.inner.catalog.clone(),
            config: self.inner.config.clone(),
        }
    }

    /// The search index.
    pub fn search(&self) -> &SearchIndex {
        &self.inner.search
    }

    /// The search query log.
    pub fn query_log(&self) -> &QueryLog {
        &self.inner.query_log
    }

    /// The cohort overview's figures, shared by every viewer.
    pub fn overview(&self) -> &crate::reports::overview_cache::OverviewCache {
        &self.inner.overview
    }

    /// Brings the search index up to date with the loaded courses and the library
    /// (called with `library_seen` held, so refreshes never interleave).
    async fn refresh_search(&self) -> anyhow::Result<crate::search::engine::Refreshed> {
        let catalog = self.catalog();
        self.inner
            .search
            .refresh(&catalog, &self.inner.db, false, None)
            .await
    }

    /// How many statements the request pool has run since start (the library
    /// follower's poll and the work of [`AppState::background_db`] excepted): tests
    /// use it to check that a page runs a fixed number of queries whatever the data.
    pub fn queries_run(&self) -> u64 {
        self.inner
            .queries
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Closes the database pool (the last step of a shutdown).
    pub async fn close(&self) -> anyhow::Result<()> {
        tracing::info!("closing the database");
        self.inner
            .db
            .clone()
            .close()
            .await
            .context("closing the database")
    }

    /// Whether the database answers (the readiness probe).
    pub async fn database_ready(&self) -> bool {
        crate::db::ping(&self.inner.db).await
    }

    /// How long the instance has been running.
    pub fn uptime(&self) -> std::time::Duration {
        self.inner.started.elapsed()
    }
}

/// Opens and migrates the database, then builds the state: what `serve` does before
/// it listens.
pub async fn prepare(config: Config) -> anyhow::Result<AppState> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let search = SearchIndex::open(&config.index_dir)?;
    // The fingerprint first: an import committed while the courses load is then seen
    // as a change by the library follower.
    let library = crate::content::library::store::fingerprint(&db).await?;
    let courses = load_courses(&config, &db).await?;
    let snapshot = Snapshot::load(&db).await?;
    let writer_db = crate::db::connect_writer(&config.database_url).await?;
    let state = AppState::new(config, db, writer_db, courses, snapshot, search)?;
    let mut seen = state.inner.library_seen.lock().await;
    state
        .refresh_search()
        .await
        .context("cannot bring the search index up to date")?;
    *seen = Some(library);
    drop(seen);
    crate::certificates::keys::publish(state.db(), state.keys())
        .await
        .context("cannot publish the certificate keys")?;
    let issued = crate::certificates::issue::backfill(state.db(), &state.catalog()).await?;
    if issued > 0 {
        tracing::info!(issued, "certificates issued for completions that had none");
    }
    Ok(state)
}

/// Loads `courses/` against the library in the database. Problems are logged and the
/// broken items left out: one faulty lesson must not take the whole site down.
pub async fn load_courses(config: &Config, db: &DatabaseConnection) -> anyhow::Result<Catalog> {
    let library = crate::content::article_set(db).await?;
    let dir = config.courses_dir.clone();
    let (catalog, diagnostics) =
        tokio::task::spawn_blocking(move || crate::content::load::load(&dir, &library)).await?;
    for d in &diagnostics {
        match d.severity {
            crate::content::Severity::Error => tracing::error!("{d}"),
            crate::content::Severity::Warning | crate::content::Severity::Note => {
                tracing::debug!("{d}")
            }
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::content::Severity::Error)
        .count();
    tracing::info!(
        courses = catalog.courses.len(),
        lessons = catalog.lessons().count(),
        errors,
        warnings = diagnostics.len() - errors,
        "courses loaded from {} (details: aula courses check)",
        config.courses_dir.display()
    );
    Ok(catalog)
}

/// Completes on Ctrl-C or SIGTERM. The handlers are installed when this is called,
/// not when the future is first polled, so that a signal sent as soon as the server
/// answers (before its shutdown future has run) is caught rather than killing it.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(interrupt), Ok(terminate)) => Some((interrupt, terminate)),
            (Err(err), _) | (_, Err(err)) => {
                tracing::error!(%err, "cannot listen for SIGINT or SIGTERM");
                None
            }
        }
    };
    async move {
        #[cfg(unix)]
        match signals {
            Some((mut interrupt, mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {},
                    _ = terminate.recv() => {},
                }
            }
            None => std::future::pending::<()>().await,
        }
        #[cfg(not(unix))]
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutdown signal received; finishing in-flight requests");
    }
}
