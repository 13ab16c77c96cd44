//! Backups and restores of an installation (`aula backup PATH`, `aula restore PATH`).
//!
//! A backup is a folder holding the copy of the database (`aula.db`, a SQLite file
//! written by `VACUUM INTO`, or `aula.dump`, a `pg_dump` custom-format archive) and
//! `manifest.json` ([`manifest::Manifest`]): backend, Aula version, last migration,
//! time, the copy's SHA-256, and every table's row count and checksum
//! ([`checksum`]) computed in the copy's own snapshot. The folder is written as
//! `PATH.partial` and renamed when complete, so a `PATH` that exists is whole.
//!
//! A restore goes into an empty installation only (an existing database is never
//! overwritten), on the same backend, and is accepted only when the copy's digest and
//! then every restored table agree with the manifest.

pub mod checksum;
pub mod manifest;
mod postgres;
mod sqlite;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::ProgressBar;
use migrations::{Migrator, MigratorTrait};

use checksum::TableSum;
use manifest::{Backend, Manifest};

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Refused before anything was written, with the reason for the administrator
    /// (target not empty, wrong backend, altered copy, missing tool, …).
    #[error("{0}")]
    Refused(String),
    /// The restored database differs from the manifest (one line per table); nothing
    /// restored was left in place.
    #[error("il database ripristinato non corrisponde al manifesto: {}", .0.join("; "))]
    Mismatch(Vec<String>),
    /// Anything else (the database, the file system, a tool that failed).
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<std::io::Error> for BackupError {
    fn from(err: std::io::Error) -> Self {
        Self::Failed(err.into())
    }
}

impl From<sea_orm::DbErr> for BackupError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Failed(err.into())
    }
}

/// What a backend's copy step hands back: the copy's tables and last migration.
struct Copied {
    tables: Vec<TableSum>,
    migration: String,
}

/// A backup written or restored.
#[derive(Debug)]
pub struct Done {
    /// The backup folder.
    pub path: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// How long it took.
    pub elapsed: Duration,
}

/// Names of what a backup folder holds (anything else makes a leftover `.partial`
/// folder someone else's, not to be removed).
const OWN_FILES: &[&str] = &[
    manifest::FILE_NAME,
    "aula.db",
    "aula.db-wal",
    "aula.db-shm",
    "aula.db-journal",
    "aula.dump",
];

/// Writes a backup of the database of `database_url` into the new folder `path`,
/// while the server may keep serving and writing; `bar` shows the progress.
pub async fn create(
    database_url: &str,
    path: &Path,
    bar: &ProgressBar,
) -> Result<Done, BackupError> {
    let started = Instant::now();
    // `backup/` and `backup` name the same folder (and `backup.partial` beside it).
    let path = &path.components().collect::<PathBuf>();
    if path.exists() {
        return Err(BackupError::Refused(format!(
            "{} esiste già: un backup non sovrascrive nulla, indica un percorso nuovo",
            path.display()
        )));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("non riesco a creare la cartella {}", parent.display()))?;
    }
    let staging = with_suffix(path, ".partial");
    clear_leftover(&staging)?;
    std::fs::create_dir(&staging)
        .with_context(|| format!("non riesco a creare la cartella {}", staging.display()))?;
    let outcome = write(database_url, &staging, bar).await;
    let manifest = match outcome {
        Ok(manifest) => manifest,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err);
        }
    };
    std::fs::rename(&staging, path).with_context(|| {
        format!(
            "non riesco a rinominare {} in {}",
            staging.display(),
            path.display()
        )
    })?;
    sync_parent(path)?;
    Ok(Done {
        path: path.to_path_buf(),
        manifest,
        elapsed: started.elapsed(),
    })
}

/// The copy and its manifest, written into `staging`.
async fn write(
    database_url: &str,
    staging: &Path,
    bar: &ProgressBar,
) -> Result<Manifest, BackupError> {
    let backend = Backend::of_url(database_url);
    let created_at = chrono::Utc::now();
    let copy = staging.join(backend.copy_name());
    let copied = match backend {
        Backend::Sqlite => sqlite::create(database_url, &copy, bar).await?,
        Backend::Postgres => postgres::create(database_url, &copy, bar).await?,
    };
    bar.set_message("SHA-256 della copia");
    std::fs::File::open(&copy)?.sync_all()?;
    let (file_bytes, file_sha256) = manifest::file_digest(&copy)?;
    let manifest = Manifest {
        format: manifest::FORMAT,
        backend,
        aula_version: env!("CARGO_PKG_VERSION").to_string(),
        migration: copied.migration,
        created_at,
        file: backend.copy_name().to_string(),
        file_bytes,
        file_sha256,
        tables: copied.tables,
    };
    manifest.write(staging)?;
    std::fs::File::open(staging)?.sync_all()?;
    Ok(manifest)
}

/// Restores the backup folder `path` into the empty installation of `database_url`
/// and checks it against the manifest; `bar` shows the progress.
pub async fn restore(
    database_url: &str,
    path: &Path,
    bar: &ProgressBar,
) -> Result<Done, BackupError> {
    let started = Instant::now();
    let manifest = Manifest::read(path).map_err(|e| BackupError::Refused(format!("{e:#}")))?;
    let backend = Backend::of_url(database_url);
    if manifest.backend != backend {
        return Err(BackupError::Refused(format!(
            "il backup {} è di un database {}, quello configurato è {}: un backup si \
             ripristina sullo stesso tipo di database",
            path.display(),
            manifest.backend.label(),
            backend.label()
        )));
    }
    let known = Migrator::migrations()
        .iter()
        .any(|m| m.name() == manifest.migration);
    if !manifest.migration.is_empty() && !known {
        return Err(BackupError::Refused(format!(
            "il backup viene da una versione di Aula più recente ({}, migrazione {} \
             sconosciuta a questa versione): ripristinalo con quella versione o una successiva",
            manifest.aula_version, manifest.migration
        )));
    }
    match backend {
        Backend::Sqlite => sqlite::ensure_empty(database_url).await?,
        Backend::Postgres => postgres::ensure_empty(database_url).await?,
    }
    let copy = path.join(&manifest.file);
    bar.set_message("verifica della copia (SHA-256)");
    let (bytes, sha256) = manifest::file_digest(&copy).map_err(|e| {
        BackupError::Refused(format!("{e:#}: il backup {} è incompleto", path.display()))
    })?;
    if bytes != manifest.file_bytes || sha256 != manifest.file_sha256 {
        return Err(BackupError::Refused(format!(
            "la copia {} è stata alterata o danneggiata: {bytes} byte con SHA-256 {sha256}, \
             il manifesto dice {} byte con SHA-256 {}; nulla è stato ripristinato",
            copy.display(),
            manifest.file_bytes,
            manifest.file_sha256
        )));
    }
    match backend {
        Backend::Sqlite => sqlite::restore(database_url, &copy, &manifest, bar).await?,
        Backend::Postgres => postgres::restore(database_url, &copy, &manifest, bar).await?,
    };
    Ok(Done {
        path: path.to_path_buf(),
        manifest,
        elapsed: started.elapsed(),
    })
}

/// Removes the `.partial` folder an interrupted backup left, if it holds only what a
/// backup writes; refuses otherwise.
fn clear_leftover(staging: &Path) -> Result<(), BackupError> {
    if !staging.exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(staging)
        .with_context(|| format!("non riesco a leggere {}", staging.display()))?;
    for entry in entries {
        let name = entry?.file_name();
        if !OWN_FILES.iter().any(|own| name == *own) {
            return Err(BackupError::Refused(format!(
                "{} esiste e non è un backup interrotto: spostalo o indica un altro percorso",
                staging.display()
            )));
        }
    }
    std::fs::remove_dir_all(staging)
        .with_context(|| format!("non riesco a rimuovere {}", staging.display()))?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Flushes the folder holding `path`, so that a rename into it survives a crash.
fn sync_parent(path: &Path) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::File::open(parent)?.sync_all()?;
    Ok(())
}
