//! Importing learners from a CSV file: bad rows are reported with their line, good
//! rows are created or updated in one transaction, and running it again creates
//! nobody.

use std::collections::HashSet;
use std::path::Path;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::enrolment::enrol_eligible;
use super::new_user::{NewUser, Valid, validate};
use super::users::{UserError, insert};
use crate::db::users::user;

/// A problem on one line of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// What a CSV import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Accounts created (each gets an invitation).
    pub created: Vec<user::Model>,
    /// Existing learner accounts updated.
    pub updated: usize,
    /// Rows refused, with their lines.
    pub errors: Vec<LineError>,
}

/// Header of the learner CSV.
pub const IMPORT_HEADER: [&str; 5] = ["email", "name", "municipality", "sector", "job_title"];

/// Imports learners from CSV: bad rows are reported with their line, good rows are
/// created or updated in one transaction. Running it again creates nobody.
pub async fn import_csv(
    db: &DatabaseConnection,
    path: &Path,
    courses: &[String],
) -> anyhow::Result<ImportReport> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    check_header(&mut reader, path)?;
    let mut report = ImportReport::default();
    let mut seen = HashSet::new();
    let txn = crate::db::tx::begin_write(db).await?;
    for record in reader.records() {
        let refused = match learner_row(record) {
            Ok((line, new)) => match validate(&txn, &new).await {
                Ok(valid) if !seen.insert(valid.email.as_str().to_string()) => Some(LineError {
                    line,
                    message: format!("indirizzo ripetuto nel file: {}", valid.email.as_str()),
                }),
                Ok(valid) => save(&txn, valid, courses, &mut report)
                    .await?
                    .map(|message| LineError { line, message }),
                Err(UserError::Invalid { message, .. }) => Some(LineError { line, message }),
                Err(other) => return Err(other.into()),
            },
            Err(refused) => Some(refused),
        };
        report.errors.extend(refused);
    }
    txn.commit().await?;
    Ok(report)
}

fn check_header(reader: &mut csv::Reader<std::fs::File>, path: &Path) -> anyhow::Result<()> {
    let header: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    anyhow::ensure!(
        header == IMPORT_HEADER,
        "{}:1: intestazione attesa «{}», trovata «{}»",
        path.display(),
        IMPORT_HEADER.join(","),
        header.join(",")
    );
    Ok(())
}

/// One CSV record as a learner to create, with its line.
fn learner_row(record: Result<csv::StringRecord, csv::Error>) -> Result<(u64, NewUser), LineError> {
    let record = record.map_err(|e| LineError {
        line: e.position().map_or(0, |p| p.line()),
        message: format!("riga illeggibile: {e}"),
    })?;
    let line = record.position().map_or(0, |p| p.line());
    if record.len() != IMPORT_HEADER.len() {
        return Err(LineError {
            line,
            message: format!("{} campi invece di {}", record.len(), IMPORT_HEADER.len()),
        });
    }
    let field = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
    let new = NewUser {
        email: field(0),
        name: field(1),
        role: "learner".into(),
        municipality: Some(field(2)),
        sector: Some(field(3)),
        job_title: Some(field(4)),
        ..NewUser::default()
    };
    Ok((line, new))
}

/// Creates the learner, or updates the learner with that address; returns why the
/// row is refused when the address belongs to another role.
async fn save<C: ConnectionTrait>(
    txn: &C,
    valid: Valid,
    courses: &[String],
    report: &mut ImportReport,
) -> anyhow::Result<Option<String>> {
    match super::directory::by_email_on(txn, valid.email.as_str()).await? {
        Some(existing) if existing.role != super::Role::Learner => Ok(Some(format!(
            "{} appartiene a un account di ruolo {}",
            valid.email.as_str(),
            existing.role.as_str()
        ))),
        Some(existing) => {
            let municipality = valid.municipality.clone();
            let id = existing.id;
            let mut row: user::ActiveModel = existing.into();
            row.name = Set(valid.name);
            row.municipality = Set(valid.municipality.as_ref().map(|m| m.istat.clone()));
            row.sector = Set(valid.sector.map(|s| s.slug().to_string()));
            row.job_title = Set(valid.job_title);
            row.update(txn).await?;
            if let Some(m) = municipality {
                enrol_eligible(txn, id, &m, courses).await?;
            }
            report.updated += 1;
            Ok(None)
        }
        None => {
            let created = insert(txn, valid, None, courses)
                .await
                .map_err(anyhow::Error::from)?;
            report.created.push(created);
            Ok(None)
        }
    }
}
