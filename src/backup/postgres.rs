//! Backups of a PostgreSQL installation with the server's own tools: a REPEATABLE READ
//! transaction exports its snapshot (`pg_export_snapshot()`), `pg_dump --format=custom
//! --snapshot=<id>` dumps that snapshot while the manifest is computed inside the same
//! transaction, and `pg_restore --list` checks the dump. A restore runs `pg_restore
//! --no-owner --single-transaction` into an empty database, then checks every table
//! against the manifest (and removes what it restored when they differ).

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::Context;
use indicatif::ProgressBar;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel, Statement,
    TransactionTrait,
};

use super::checksum::{self, TableSum};
use super::manifest::{self, Manifest};
use super::{BackupError, Copied};

/// Dumps the database of `url` into `copy` and returns its tables and last migration,
/// both read in the dump's snapshot.
pub async fn create(url: &str, copy: &Path, bar: &ProgressBar) -> Result<Copied, BackupError> {
    let pg_dump = tool("pg_dump")?;
    let pg_restore = tool("pg_restore")?;
    let target = Target::parse(url)?;
    let db = crate::db::connect(url).await?;
    let txn = db
        .begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await?;
    let snapshot: String = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_export_snapshot() AS id",
        ))
        .await?
        .context("pg_export_snapshot() without an answer")?
        .try_get("", "id")?;
    bar.set_message("pg_dump e checksum delle tabelle");
    let dump = target
        .command(&pg_dump)
        .arg("--format=custom")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(copy)
        .arg("--dbname")
        .arg(&target.uri)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("non riesco ad avviare {}", pg_dump.display()))?;
    // The manifest is read in the same snapshot while pg_dump runs; the transaction
    // stays open until pg_dump is done, as the exported snapshot lives only as long.
    let sums = checksum::all(&txn, Some(bar)).await;
    let migration = checksum::migration(&txn).await;
    let dumped = dump.wait_with_output().await?;
    txn.rollback().await.ok();
    db.close().await.ok();
    // A failed read aborts the transaction, which ends the snapshot pg_dump imports:
    // its error is the cause.
    let tables = sums?;
    let migration = migration?;
    if !dumped.status.success() {
        return Err(BackupError::Failed(anyhow::anyhow!(
            "pg_dump non è riuscito ({}): {}",
            dumped.status,
            String::from_utf8_lossy(&dumped.stderr).trim()
        )));
    }
    bar.set_message("controllo della copia (pg_restore --list)");
    check_dump(&pg_restore, copy, &tables).await?;
    Ok(Copied { tables, migration })
}

/// `pg_restore --list` reads the dump, and its table of contents holds the data of
/// every table of the manifest.
async fn check_dump(pg_restore: &Path, copy: &Path, tables: &[TableSum]) -> anyhow::Result<()> {
    let listed = tokio::process::Command::new(pg_restore)
        .arg("--list")
        .arg(copy)
        .output()
        .await
        .with_context(|| format!("non riesco ad avviare {}", pg_restore.display()))?;
    anyhow::ensure!(
        listed.status.success(),
        "pg_restore --list non legge la copia {}: {}",
        copy.display(),
        String::from_utf8_lossy(&listed.stderr).trim()
    );
    let toc = String::from_utf8_lossy(&listed.stdout);
    let missing: Vec<&str> = tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|name| {
            !toc.lines().any(|line| {
                line.contains(" TABLE DATA ") && line.split_whitespace().any(|w| w == *name)
            })
        })
        .collect();
    anyhow::ensure!(
        missing.is_empty(),
        "la copia {} non contiene i dati delle tabelle {}",
        copy.display(),
        missing.join(", ")
    );
    Ok(())
}

/// Refuses unless the database of `url` has no table in its schema.
pub async fn ensure_empty(url: &str) -> Result<(), BackupError> {
    let db = crate::db::connect(url).await?;
    let tables = checksum::tables(&db).await;
    db.close().await.ok();
    let tables = tables?;
    if !tables.is_empty() {
        return Err(BackupError::Refused(format!(
            "il database di destinazione {} non è vuoto ({} tabelle): il ripristino si fa \
             in un database vuoto (createdb), oppure indica un altro AULA_DATABASE_URL",
            crate::db::redact(url),
            tables.len()
        )));
    }
    Ok(())
}

/// Restores the dump `copy` of `manifest` into the (empty) database of `url`, then
/// checks every table; on a difference, what was restored is removed again.
pub async fn restore(
    url: &str,
    copy: &Path,
    manifest: &Manifest,
    bar: &ProgressBar,
) -> Result<Vec<TableSum>, BackupError> {
    let pg_restore = tool("pg_restore")?;
    let target = Target::parse(url)?;
    ensure_empty(url).await?;
    bar.set_message("pg_restore");
    let restored = target
        .command(&pg_restore)
        .args([
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
        ])
        .arg("--dbname")
        .arg(&target.uri)
        .arg(copy)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .await
        .with_context(|| format!("non riesco ad avviare {}", pg_restore.display()))?;
    if !restored.status.success() {
        return Err(BackupError::Failed(anyhow::anyhow!(
            "pg_restore non è riuscito ({}; nulla è stato scritto): {}",
            restored.status,
            String::from_utf8_lossy(&restored.stderr).trim()
        )));
    }
    let db = crate::db::connect(url).await?;
    let checked = verify(&db, manifest, bar).await;
    if matches!(checked, Err(BackupError::Mismatch(_))) {
        bar.set_message("rimozione dei dati ripristinati");
        if let Err(err) = drop_tables(&db).await {
            tracing::error!(error = %err, "could not remove the restored tables");
        }
    }
    db.close().await.ok();
    checked
}

async fn verify(
    db: &DatabaseConnection,
    manifest: &Manifest,
    bar: &ProgressBar,
) -> Result<Vec<TableSum>, BackupError> {
    let sums = checksum::live(db, Some(bar)).await?;
    let differences = manifest::differences(&manifest.tables, &sums);
    if differences.is_empty() {
        Ok(sums)
    } else {
        Err(BackupError::Mismatch(differences))
    }
}

/// Drops every table of the schema: the target was empty before the restore, so
/// these are the tables it wrote.
async fn drop_tables(db: &DatabaseConnection) -> anyhow::Result<()> {
    let tables = checksum::tables(db).await?;
    if tables.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = tables
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    db.execute_unprepared(&format!("DROP TABLE {} CASCADE", list.join(", ")))
        .await?;
    Ok(())
}

/// A PostgreSQL tool found on `PATH`, or why not.
fn tool(name: &str) -> Result<PathBuf, BackupError> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            BackupError::Refused(format!(
                "{name} non è nel PATH: installa il client di PostgreSQL della stessa \
                 versione del server (Debian/Ubuntu: postgresql-client)"
            ))
        })
}

/// The connection of the tools: the configured URL without its password, which they
/// receive in `PGPASSWORD` instead (never on a command line that `ps` shows).
struct Target {
    uri: String,
    password: Option<String>,
}

impl Target {
    fn parse(url: &str) -> Result<Self, BackupError> {
        let mut parsed = reqwest::Url::parse(url).map_err(|e| {
            BackupError::Refused(format!(
                "AULA_DATABASE_URL non è un URL valido ({e}): {}",
                crate::db::redact(url)
            ))
        })?;
        let password = parsed.password().map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        });
        if password.is_some() {
            // Only fails for URLs that cannot carry a password, which this one did.
            let _ = parsed.set_password(None);
        }
        Ok(Self {
            uri: parsed.to_string(),
            password,
        })
    }

    fn command(&self, program: &Path) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(program);
        if let Some(password) = &self.password {
            command.env("PGPASSWORD", password);
        }
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_to_the_environment_not_the_command_line() {
        let target =
            Target::parse("postgres://aula:p%40ss%3Aw@db.example:5433/aula?sslmode=require")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            target.uri,
            "postgres://aula@db.example:5433/aula?sslmode=require"
        );
        assert_eq!(target.password.as_deref(), Some("p@ss:w"));
        let plain =
            Target::parse("postgres://postgres@127.0.0.1/aula").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plain.uri, "postgres://postgres@127.0.0.1/aula");
        assert_eq!(plain.password, None);
    }
}
