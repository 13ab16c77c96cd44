//! Backups of a SQLite installation: `VACUUM INTO` writes a consistent copy of the
//! database while the server keeps writing (WAL: readers and the writer do not block
//! each other), and the manifest is computed from that copy, so it describes exactly
//! the snapshot the copy holds. A restore copies the file beside the target, checks
//! it (`PRAGMA integrity_check`, every table against the manifest) and only then
//! renames it into place.

use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::ProgressBar;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::checksum::{self, TableSum};
use super::manifest::{self, Manifest};
use super::{BackupError, Copied, with_suffix};
use crate::db::sql::Sql;

/// The database file of a SQLite URL, or why there is none to back up or restore into.
fn database_file(url: &str) -> Result<PathBuf, BackupError> {
    crate::db::sqlite_path(url)
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            BackupError::Refused(format!(
                "{} non è un file: un database in memoria non ha copie",
                crate::db::redact(url)
            ))
        })
}

/// Copies the database of `url` into `copy` (which must not exist) and returns the
/// copy's tables and last migration.
pub async fn create(url: &str, copy: &Path, bar: &ProgressBar) -> Result<Copied, BackupError> {
    let file = database_file(url)?;
    if !file.exists() {
        return Err(BackupError::Refused(format!(
            "il database {} non esiste",
            file.display()
        )));
    }
    bar.set_message("copia del database (VACUUM INTO)");
    let db = crate::db::connect(url).await?;
    let mut vacuum = Sql::new(DbBackend::Sqlite);
    vacuum
        .push("VACUUM INTO ")
        .bind(copy.to_string_lossy().into_owned());
    let copied = db.execute_raw(vacuum.build()).await;
    db.close().await.ok();
    copied.context("VACUUM INTO non riuscito")?;

    let db = open_file(copy).await?;
    let checked = check(&db, bar).await;
    db.close().await.ok();
    let (tables, migration) = checked?;
    Ok(Copied { tables, migration })
}

/// Whether the target of `url` is an empty installation: no file (or one without
/// tables) and no write-ahead log left beside it.
pub async fn ensure_empty(url: &str) -> Result<(), BackupError> {
    let file = database_file(url)?;
    let wal = with_suffix(&file, "-wal");
    if wal.exists() && !file.exists() {
        return Err(BackupError::Refused(format!(
            "{} esiste senza il suo database: rimuovilo prima del ripristino",
            wal.display()
        )));
    }
    if !file.exists() {
        return Ok(());
    }
    let db = open_file(&file).await?;
    let tables = checksum::tables(&db).await;
    db.close().await.ok();
    let tables = tables?;
    if !tables.is_empty() {
        return Err(BackupError::Refused(format!(
            "il database di destinazione {} non è vuoto ({} tabelle): il ripristino si fa \
             in un'installazione vuota; sposta altrove quel file (con i suoi -wal e -shm) \
             oppure indica un altro AULA_DATABASE_URL",
            file.display(),
            tables.len()
        )));
    }
    Ok(())
}

/// Restores the copy `copy` of `manifest` into the database of `url`: copied beside
/// it, checked, then renamed into place; nothing is left in place when a check fails.
pub async fn restore(
    url: &str,
    copy: &Path,
    manifest: &Manifest,
    bar: &ProgressBar,
) -> Result<Vec<TableSum>, BackupError> {
    let file = database_file(url)?;
    ensure_empty(url).await?;
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("non riesco a creare la cartella {}", parent.display()))?;
    }
    let staging = with_suffix(&file, ".restoring");
    remove_with_journals(&staging);
    bar.set_message("copia del file");
    std::fs::copy(copy, &staging).with_context(|| {
        format!(
            "non riesco a copiare {} in {}",
            copy.display(),
            staging.display()
        )
    })?;
    let outcome = verify_staged(&staging, manifest, bar).await;
    let sums = match outcome {
        Ok(sums) => sums,
        Err(err) => {
            remove_with_journals(&staging);
            return Err(err);
        }
    };
    // The target may have appeared meanwhile (another restore, a server started).
    if let Err(err) = ensure_empty(url).await {
        remove_with_journals(&staging);
        return Err(err);
    }
    std::fs::File::open(&staging)?.sync_all()?;
    std::fs::rename(&staging, &file)
        .with_context(|| format!("non riesco a spostare la copia in {}", file.display()))?;
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename itself survives a crash once the folder is flushed.
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(sums)
}

/// The staged copy checked: the file's digest, SQLite's integrity check, and every
/// table against the manifest.
async fn verify_staged(
    staging: &Path,
    manifest: &Manifest,
    bar: &ProgressBar,
) -> Result<Vec<TableSum>, BackupError> {
    let db = open_file(staging).await?;
    let checked = check(&db, bar).await;
    db.close().await.ok();
    let (sums, _) = checked?;
    let differences = manifest::differences(&manifest.tables, &sums);
    if !differences.is_empty() {
        return Err(BackupError::Mismatch(differences));
    }
    Ok(sums)
}

/// `PRAGMA integrity_check` of the file open in `db`, then its tables' sums and its
/// last migration.
async fn check(
    db: &DatabaseConnection,
    bar: &ProgressBar,
) -> Result<(Vec<TableSum>, String), BackupError> {
    bar.set_message("controllo di integrità");
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?;
    let lines: Vec<String> = rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect();
    if lines != ["ok"] {
        return Err(BackupError::Refused(format!(
            "la copia non supera il controllo di integrità di SQLite: {}",
            lines.join("; ")
        )));
    }
    let sums = checksum::all(db, Some(bar)).await?;
    let migration = checksum::migration(db).await?;
    Ok((sums, migration))
}

/// A pool of one connection to the SQLite file at `path`, without the server's
/// settings (no WAL switch, no file created).
async fn open_file(path: &Path) -> anyhow::Result<DatabaseConnection> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .with_context(|| format!("non riesco ad aprire {}", path.display()))?;
    Ok(sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

fn remove_with_journals(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}
