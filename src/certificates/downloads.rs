//! What the pages around a certificate need: the learner's list (the dashboard's
//! section and `/api/v1/me/certificates`), one file to download (the PDF or the
//! credential's JSON) for whoever may have it, and the public verification by code
//! or by file, with the dates a reader in Italy expects.
//!
//! Who may download a certificate: the learner who holds it, an admin, and a tutor
//! whose cohort includes the learner ([`crate::accounts::access::can_see_learner`]).
//! Anyone else is told nothing (None: the page answers 404, as for a code that does
//! not exist, so codes cannot be probed).

use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;

use super::pdf::PdfError;
use super::seal::{self, Issuing};
use super::store::{self, Record};
use super::verify::{self, FileCheck, Lookup};
use super::{Status, issue};
use crate::accounts::access;
use crate::accounts::directory::{self, User, tutor_scope};
use crate::accounts::{Role, municipalities};
use crate::seminars::TIME_ZONE;

/// Largest file `/verify` accepts for checking (a certificate's PDF is about 100 KB).
pub const MAX_UPLOAD: usize = 1024 * 1024;

/// Which file of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The paper: a PDF/A with the credential attached.
    Pdf,
    /// The signed credential (Open Badges 3.0) as JSON.
    Json,
}

impl Kind {
    /// The code and the kind of a file name `CODE.pdf` or `CODE.json` (the code in
    /// any case); None for anything else.
    pub fn of_file(file: &str) -> Option<(String, Kind)> {
        let (stem, extension) = file.rsplit_once('.')?;
        let kind = match extension.to_ascii_lowercase().as_str() {
            "pdf" => Kind::Pdf,
            "json" => Kind::Json,
            _ => return None,
        };
        let code = normalise_code(stem);
        issue::is_code(&code).then_some((code, kind))
    }

    /// The file's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Json => "json",
        }
    }

    /// The file's media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Json => "application/json",
        }
    }
}

/// A code as people type it: surrounding and inner spaces dropped, upper case, and the
/// dashes put back when it was typed without them (`aula7k3mq9x2hf4t`). What comes
/// out still has to pass [`issue::is_code`].
pub fn normalise_code(text: &str) -> String {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() == 16 && compact.starts_with("AULA") && compact.is_ascii() {
        let rest = &compact[4..];
        return format!("AULA-{}-{}-{}", &rest[0..4], &rest[4..8], &rest[8..12]);
    }
    compact
}

/// The day an instant falls on in Italy.
fn rome_day(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    at.with_timezone(&TIME_ZONE).date_naive()
}

/// The addresses of a certificate's files and of its public page (paths on this site).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CertificateLinks)]
pub struct Links {
    /// The PDF (`/attestati/CODE.pdf`), for the holder, their tutors and admins.
    pub pdf: String,
    /// The credential's JSON (`/attestati/CODE.json`), for the same.
    pub json: String,
    /// The public verification page (`/verify/CODE`).
    pub verify: String,
}

impl Links {
    /// The links of `code`.
    pub fn of(code: &str) -> Links {
        Links {
            pdf: format!("/attestati/{code}.pdf"),
            json: format!("/attestati/{code}.json"),
            verify: format!("/verify/{code}"),
        }
    }
}

/// One certificate as its holder sees it listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CertificateEntry)]
pub struct Entry {
    /// The public code.
    #[schema(example = "AULA-7K3M-Q9X2-HF4T")]
    pub code: String,
    /// Course id.
    pub course_id: String,
    /// Course title.
    pub course_title: String,
    /// Edition title.
    pub edition_title: String,
    /// Day the course was completed (Italy).
    pub completed_on: NaiveDate,
    /// Day the certificate was issued (Italy).
    pub issued_on: NaiveDate,
    /// `valid`, `revoked` or `replaced`.
    #[schema(value_type = String, example = "valid")]
    pub status: Status,
    /// Day it was revoked (Italy), when revoked.
    pub revoked_on: Option<NaiveDate>,
    /// The code of the certificate that replaced it, when replaced.
    pub replaced_by: Option<String>,
    /// The code of the certificate it replaced (after a correction).
    pub replaces: Option<String>,
    /// Where to download and verify it.
    pub links: Links,
}

impl From<&Record> for Entry {
    fn from(r: &Record) -> Self {
        let c = &r.certificate;
        Entry {
            code: c.code.clone(),
            course_id: c.course_id.clone(),
            course_title: c.course_title.clone(),
            edition_title: c.edition_title.clone(),
            completed_on: c.completed_on,
            issued_on: rome_day(c.issued_at),
            status: r.status,
            revoked_on: r.revoked_at.map(rome_day),
            replaced_by: r.replaced_by.clone(),
            replaces: r.replaces.clone(),
            links: Links::of(&c.code),
        }
    }
}

/// A learner's certificates, newest first, replaced and revoked ones included (the
/// list says so).
pub async fn for_learner(db: &DatabaseConnection, user_id: i32) -> Result<Vec<Entry>, DbErr> {
    Ok(store::of_learner(db, user_id)
        .await?
        .iter()
        .map(Entry::from)
        .collect())
}

/// A file of a certificate that its viewer may have, sealed and ready to be written.
#[derive(Debug, Clone)]
pub struct Download {
    record: Record,
    kind: Kind,
}

impl Download {
    /// `attestato-CODE.pdf` or `attestato-CODE.json`.
    pub fn filename(&self) -> String {
        format!(
            "attestato-{}.{}",
            self.record.certificate.code,
            self.kind.extension()
        )
    }

    /// The file's media type.
    pub fn content_type(&self) -> &'static str {
        self.kind.content_type()
    }

    /// The file's bytes. Printing the PDF takes a few milliseconds of CPU: call this
    /// on a blocking thread.
    pub fn bytes(&self, issuing: Issuing<'_>) -> Result<Vec<u8>, PdfError> {
        match self.kind {
            Kind::Pdf => seal::paper(issuing, &self.record),
            Kind::Json => Ok(seal::json(&self.record)),
        }
    }
}

/// The file `kind` of certificate `code` if `viewer` (with a tutor's cohort
/// `scopes`) may have it, sealed (signed and stored the first time); None when there
/// is no such certificate or the viewer may not see it.
pub async fn document(
    db: &DatabaseConnection,
    issuing: Issuing<'_>,
    viewer: &User,
    scopes: &[tutor_scope::Model],
    code: &str,
    kind: Kind,
) -> Result<Option<Download>, DbErr> {
    let code = normalise_code(code);
    if !issue::is_code(&code) {
        return Ok(None);
    }
    let Some(record) = store::find(db, &code).await? else {
        return Ok(None);
    };
    if !may_download(db, viewer, scopes, record.user_id).await? {
        return Ok(None);
    }
    let record = seal::seal(db, issuing, record).await?;
    Ok(Some(Download { record, kind }))
}

/// Whether `viewer` may download the certificates of `holder`: the holder, an admin,
/// a tutor whose cohort includes the holder.
async fn may_download(
    db: &DatabaseConnection,
    viewer: &User,
    scopes: &[tutor_scope::Model],
    holder: i32,
) -> Result<bool, DbErr> {
    if viewer.disabled_at.is_some() {
        return Ok(false);
    }
    match viewer.role {
        Role::Admin => Ok(true),
        Role::Learner => Ok(viewer.id == holder),
        Role::Tutor => {
            let Some(learner) = directory::by_id(db, holder).await? else {
                return Ok(false);
            };
            let municipality = match &learner.municipality {
                Some(istat) => municipalities::find(db, istat).await?,
                None => None,
            };
            Ok(access::can_see_learner(
                viewer,
                scopes,
                &learner,
                municipality.as_ref(),
            ))
        }
    }
}

/// What `/verify/{code}` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// The code as typed, normalised; empty when it is not shaped like a code.
    pub code: String,
    /// What the register says.
    pub lookup: Lookup,
    /// Day the certificate was revoked (Italy), when revoked.
    pub revoked_on: Option<NaiveDate>,
}

impl Verification {
    /// Whether a certificate has this code.
    pub fn is_known(&self) -> bool {
        !matches!(self.lookup, Lookup::Unknown)
    }
}

/// The revocation day (Italy) of what a lookup found.
fn revoked_on(lookup: &Lookup) -> Option<NaiveDate> {
    match lookup {
        Lookup::Revoked(p) | Lookup::Valid(p) | Lookup::Replaced(p) => p.revoked_at.map(rome_day),
        Lookup::Unknown => None,
    }
}

/// The public verification of a code: one indexed query, none for a text that is not
/// shaped like a code.
pub async fn verification(db: &DatabaseConnection, code: &str) -> Result<Verification, DbErr> {
    let code = normalise_code(code);
    let lookup = verify::by_code(db, &code).await?;
    Ok(Verification {
        revoked_on: revoked_on(&lookup),
        // Text that is not a code is not shown back.
        code: if issue::is_code(&code) {
            code
        } else {
            String::new()
        },
        lookup,
    })
}

/// What checking an uploaded file found, as `/verify` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FileVerdict {
    /// The outcome.
    pub check: FileCheck,
    /// Day the certificate was revoked (Italy), when the record is revoked.
    pub revoked_on: Option<NaiveDate>,
}

impl FileVerdict {
    /// Whether the file could not be read as a certificate at all.
    pub fn is_unreadable(&self) -> bool {
        matches!(self.check, FileCheck::Unreadable { .. })
    }
}

/// Checks an uploaded file (the PDF, the credential's JSON or the bare JWS): its
/// signature against the published keys, then its content against the register.
pub async fn check_file(db: &DatabaseConnection, bytes: &[u8]) -> Result<FileVerdict, DbErr> {
    let check = verify::file(db, bytes).await?;
    let revoked_on = match &check {
        FileCheck::Genuine { record, .. } | FileCheck::Mismatch { record, .. } => {
            revoked_on(record)
        }
        _ => None,
    };
    Ok(FileVerdict { check, revoked_on })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(
            normalise_code(" aula-7k3m-q9x2-hf4t "),
            "AULA-7K3M-Q9X2-HF4T"
        );
        assert_eq!(normalise_code("aula7k3mq9x2hf4t"), "AULA-7K3M-Q9X2-HF4T");
        assert_eq!(normalise_code("AULA 7K3M Q9X2 HF4T"), "AULA-7K3M-Q9X2-HF4T");
        assert_eq!(normalise_code("x"), "X");
        // Not ASCII: left as it is, and refused by the shape check.
        assert!(!issue::is_code(&normalise_code("AULAàààààààààààà")));
    }

    #[test]
    fn file_names_give_the_code_and_the_kind() {
        assert_eq!(
            Kind::of_file("AULA-7K3M-Q9X2-HF4T.pdf"),
            Some(("AULA-7K3M-Q9X2-HF4T".into(), Kind::Pdf))
        );
        assert_eq!(
            Kind::of_file("aula-7k3m-q9x2-hf4t.JSON"),
            Some(("AULA-7K3M-Q9X2-HF4T".into(), Kind::Json))
        );
        for bad in [
            "AULA-7K3M-Q9X2-HF4T",
            "AULA-7K3M-Q9X2-HF4T.zip",
            "learners.csv",
            ".pdf",
            "AULA-7K3M-Q9X2-HF4I.pdf",
            "../AULA-7K3M-Q9X2-HF4T.pdf",
        ] {
            assert_eq!(Kind::of_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_revocation_late_in_the_evening_counts_on_the_italian_day() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-09T23:30:00Z")
            .expect("a valid instant")
            .with_timezone(&chrono::Utc);
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).expect("a valid day");
        assert_eq!(rome_day(at), day);
    }
}
