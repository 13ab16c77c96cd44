//! The manifest written beside a backup's copy (`manifest.json`): what the copy is
//! (backend, Aula version, last migration, time), the copy file's size and SHA-256, and
//! for every table its row count and checksum, computed in the copy's own snapshot.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::checksum::TableSum;

/// The manifest's file name inside a backup folder.
pub const FILE_NAME: &str = "manifest.json";

/// The version of this manifest's layout.
pub const FORMAT: u32 = 1;

/// The database a backup was taken from (and can be restored into).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// A SQLite file, copied with `VACUUM INTO`.
    Sqlite,
    /// A PostgreSQL database, dumped with `pg_dump --format=custom`.
    Postgres,
}

impl Backend {
    /// The backend of a database URL.
    pub fn of_url(url: &str) -> Self {
        if crate::db::is_sqlite(url) {
            Self::Sqlite
        } else {
            Self::Postgres
        }
    }

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }

    /// The name of the copy inside the backup folder.
    pub fn copy_name(self) -> &'static str {
        match self {
            Self::Sqlite => "aula.db",
            Self::Postgres => "aula.dump",
        }
    }
}

/// What `manifest.json` says about a backup.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version of the manifest ([`FORMAT`]).
    pub format: u32,
    /// The database the copy was taken from.
    pub backend: Backend,
    /// The Aula version that wrote it.
    pub aula_version: String,
    /// The last migration applied to the copied database (`seaql_migrations`).
    pub migration: String,
    /// When the copy was taken.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The copy's file name inside the backup folder.
    pub file: String,
    /// The copy's size in bytes.
    pub file_bytes: u64,
    /// SHA-256 of the copy's bytes (hex).
    pub file_sha256: String,
    /// Every table of the copy, by name, with its row count and checksum.
    pub tables: Vec<TableSum>,
}

impl Manifest {
    /// Rows of every table together.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    /// Reads and checks `manifest.json` of the backup folder `dir`.
    pub fn read(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(FILE_NAME);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("non riesco a leggere {}", path.display()))?;
        let manifest: Self = serde_json::from_str(&text)
            .with_context(|| format!("{} non è un manifesto di Aula valido", path.display()))?;
        anyhow::ensure!(
            manifest.format == FORMAT,
            "{}: formato {} sconosciuto (questa versione di Aula legge il formato {FORMAT})",
            path.display(),
            manifest.format
        );
        anyhow::ensure!(
            manifest.file == manifest.backend.copy_name(),
            "{}: il file della copia dovrebbe chiamarsi {}, non {}",
            path.display(),
            manifest.backend.copy_name(),
            manifest.file
        );
        Ok(manifest)
    }

    /// Writes `manifest.json` into `dir` and flushes it to disk.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join(FILE_NAME);
        let text = serde_json::to_string_pretty(self)?;
        let mut file = std::fs::File::create(&path)
            .with_context(|| format!("non riesco a scrivere {}", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()?;
        Ok(())
    }
}

/// How a database differs from a manifest, one line per table that differs (empty
/// when they agree).
pub fn differences(expected: &[TableSum], actual: &[TableSum]) -> Vec<String> {
    let mut out = Vec::new();
    for e in expected {
        match actual.iter().find(|a| a.name == e.name) {
            None => out.push(format!(
                "tabella {}: assente nel database ripristinato",
                e.name
            )),
            Some(a) if a.rows != e.rows => out.push(format!(
                "tabella {}: {} righe invece delle {} del manifesto",
                e.name, a.rows, e.rows
            )),
            Some(a) if a.sha256 != e.sha256 => out.push(format!(
                "tabella {}: stesse righe ({}) ma contenuto diverso (checksum {} invece di {})",
                e.name,
                a.rows,
                short(&a.sha256),
                short(&e.sha256)
            )),
            Some(_) => {}
        }
    }
    for a in actual {
        if !expected.iter().any(|e| e.name == a.name) {
            out.push(format!("tabella {}: non è nel manifesto", a.name));
        }
    }
    out
}

fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

/// Size and SHA-256 (hex) of a file, read in blocks.
pub fn file_digest(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("non riesco a leggere {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    Ok((bytes, hex::encode(hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(name: &str, rows: u64, sha: &str) -> TableSum {
        TableSum {
            name: name.into(),
            rows,
            sha256: sha.into(),
        }
    }

    #[test]
    fn every_kind_of_difference_is_named() {
        let expected = [sum("a", 1, "x"), sum("b", 2, "y"), sum("c", 3, "z")];
        let actual = [sum("a", 1, "x"), sum("b", 3, "y"), sum("d", 0, "w")];
        let found = differences(&expected, &actual);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("tabella b: 3 righe"));
        assert!(found[1].starts_with("tabella c: assente"));
        assert!(found[2].starts_with("tabella d: non è nel manifesto"));
        assert!(differences(&expected, &expected).is_empty());
        assert_eq!(
            differences(&[sum("a", 1, "x")], &[sum("a", 1, "q")]).len(),
            1
        );
    }
}
