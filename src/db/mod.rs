//! Database access shared by every capability: connecting (SQLite or PostgreSQL),
//! migrating (one process at a time), one file per aggregate with its sea-orm
//! entities, `sql`, the builder of hand-written statements for either backend, and
//! `tx`, how write transactions begin. The queries belong to the domain modules that
//! own the tables.

pub mod app_meta;
pub mod auth;
pub mod certificates;
pub mod editions;
pub mod enrolments;
pub mod errata;
pub mod library;
pub mod municipalities;
pub mod progress;
pub mod reminders;
pub mod search_queries;
pub mod seminars;
pub mod sql;
pub mod tx;
pub mod unavailable;
pub mod users;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

/// How long a SQLite connection waits for a lock held by another writer.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a statement waits for a pool connection before the request answers 503.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(15);

/// The same for the writer's pool of one connection, which no one else queues for: a
/// wait there only means a database out of reach. Shorter, because the requests whose
/// events the writer holds wait for its current transaction and then their own.
pub const WRITER_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the database at `url`. For SQLite, the parent folder is created if missing
/// and every connection runs in WAL mode with foreign keys on and a busy timeout.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    connect_sized(url, None, ACQUIRE_TIMEOUT).await
}

/// Opens a small pool of its own for one writer task, so that its transactions never
/// wait behind the readers of the request pool.
pub async fn connect_writer(url: &str) -> anyhow::Result<DatabaseConnection> {
    connect_sized(url, Some(1), WRITER_ACQUIRE_TIMEOUT).await
}

async fn connect_sized(
    url: &str,
    size: Option<u32>,
    acquire: Duration,
) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_string());
    // How long a statement waits for a connection, opening one included (sea-orm's
    // `connect_timeout` is the same pool setting): under the request timeout
    // (`web::REQUEST_TIMEOUT`, 30 s), so a database server that is down or restarting
    // is answered with a 503 (`AppError::Unavailable`), not a 408 after a hang. The pool
    // cannot tell a server that is gone from a queue of requests taking turns (both are
    // a timeout), and a burst of sign-ins or registrations on a slow machine can queue
    // for seconds, so the wait is long enough for the burst to be served; `/readyz`
    // reports a server that is gone within 2 s, so a load balancer does not wait for it.
    options.sqlx_logging(false).acquire_timeout(acquire);
    if is_sqlite(url) {
        if let Some(parent) = sqlite_path(url).and_then(|p| p.parent().map(Path::to_path_buf))
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(&parent)
                .with_context(|| format!("cannot create database folder {}", parent.display()))?;
        }
        options
            .max_connections(size.unwrap_or(8))
            .min_connections(1);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit acknowledged to a client survives a power cut.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
        });
    } else {
        options
            .max_connections(size.unwrap_or(16))
            .min_connections(1);
    }
    let db = Database::connect(options)
        .await
        .with_context(|| format!("cannot open database {}", redact(url)))?;
    Ok(db)
}

/// Applies every pending migration; running it again does nothing. Processes that
/// start at once on one database take turns: the migrations run in one transaction
/// holding the migration lock (`tx::begin_migration`), so the first applies them all
/// (or none, if it fails) and the others, once they have the lock, find nothing
/// pending. When every migration is already applied no lock is taken.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    apply_migrations(db).await.map(|_| ())
}

/// [`migrate`], returning the names of the migrations this call applied (none when
/// another process applied them first).
pub async fn apply_migrations(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let mut applied = Vec::new();
    if !pending_migrations(db).await?.is_empty() {
        let txn = tx::begin_migration(db)
            .await
            .context("cannot take the migration lock")?;
        applied = Migrator::get_pending_migrations(&txn)
            .await
            .context("database migration failed")?
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        Migrator::up(&txn, None)
            .await
            .context("database migration failed")?;
        txn.commit().await.context("database migration failed")?;
    }
    app_meta::ensure_secret(db).await?;
    Ok(applied)
}

/// Names of the migrations not applied yet, read without writing or locking anything
/// (every migration when the table of applied migrations does not exist yet).
pub async fn pending_migrations(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let backend = db.get_database_backend();
    let applied: std::collections::HashSet<String> = match db
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations",
        ))
        .await
    {
        Ok(rows) => rows
            .iter()
            .map(|r| r.try_get::<String>("", "version"))
            .collect::<Result<_, _>>()?,
        // No table yet (the first start); a database that cannot be read fails when
        // the migration lock is taken.
        Err(_) => Default::default(),
    };
    Ok(Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .filter(|name| !applied.contains(name))
        .collect())
}

/// Whether the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// Whether `url` names a SQLite database.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The file behind a `sqlite://path?params` URL (None for in-memory databases).
pub fn sqlite_path(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://data/aula.db?mode=rwc"),
            Some(Path::new("data/aula.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
