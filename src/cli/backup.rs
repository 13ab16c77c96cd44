//! `aula backup PATH` and `aula restore PATH`: the copy and its check with a progress
//! bar, then a summary (tables, rows, size, time) or why nothing was done.

use std::path::Path;

use crate::backup::{self, BackupError, Done};
use crate::config::Config;

/// `aula backup PATH`: writes a consistent copy of the configured database and its
/// manifest into the new folder PATH; false (after saying why) when refused.
pub async fn backup(config: &Config, path: &Path) -> anyhow::Result<bool> {
    let bar = spinner();
    let outcome = backup::create(&config.database_url, path, &bar).await;
    bar.finish_and_clear();
    report(outcome, |done| {
        let m = &done.manifest;
        println!(
            "backup scritto in {}: {} ({}, migrazione {}), {} tabelle, {} righe, {} in {:.1} s",
            done.path.display(),
            m.file,
            m.backend.label(),
            m.migration,
            m.tables.len(),
            m.rows(),
            size(m.file_bytes),
            done.elapsed.as_secs_f64()
        );
    })
}

/// `aula restore PATH`: restores the backup folder PATH into the configured (empty)
/// database and checks every table against the manifest; false (after saying why)
/// when refused or when the check fails.
pub async fn restore(config: &Config, path: &Path) -> anyhow::Result<bool> {
    let bar = spinner();
    let outcome = backup::restore(&config.database_url, path, &bar).await;
    bar.finish_and_clear();
    report(outcome, |done| {
        let m = &done.manifest;
        println!(
            "ripristino completato in {}: {} tabelle e {} righe uguali al manifesto \
             (backup {} del {}, Aula {}, migrazione {}), {} in {:.1} s",
            crate::db::redact(&config.database_url),
            m.tables.len(),
            m.rows(),
            m.backend.label(),
            m.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            m.aula_version,
            m.migration,
            size(m.file_bytes),
            done.elapsed.as_secs_f64()
        );
        println!("`aula serve` applica le migrazioni più recenti al primo avvio");
    })
}

fn report(outcome: Result<Done, BackupError>, summary: impl FnOnce(&Done)) -> anyhow::Result<bool> {
    match outcome {
        Ok(done) => {
            summary(&done);
            Ok(true)
        }
        Err(BackupError::Refused(reason)) => {
            println!("errore: {reason}");
            Ok(false)
        }
        Err(BackupError::Mismatch(differences)) => {
            for line in &differences {
                println!("{line}");
            }
            println!(
                "errore: il database ripristinato non corrisponde al manifesto ({} tabelle \
                 diverse): il backup è alterato o danneggiato; il ripristino è stato annullato",
                differences.len()
            );
            Ok(false)
        }
        Err(BackupError::Failed(err)) => Err(err),
    }
}

/// A bar over the tables, with the current step as its message.
fn spinner() -> indicatif::ProgressBar {
    let bar = super::progress_bar(0);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Bytes for people (MB with one decimal above a megabyte).
fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{bytes} byte")
    }
}
