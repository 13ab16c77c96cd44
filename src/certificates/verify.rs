//! Verification: by code (the public page behind the QR code), and of a file someone
//! shows (the PDF, with its credential inside, or the credential's JSON): its
//! signature against the published keys, then its content against the record.

use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use super::credential::{self, Verified};
use super::store::{self, Record};
use super::{Status, issue, keys, pdf};

/// What a code says.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Lookup {
    /// Issued and in force.
    Valid(Public),
    /// Revoked (with the date).
    Revoked(Public),
    /// Replaced by a corrected certificate (its code).
    Replaced(Public),
    /// No certificate has this code.
    Unknown,
}

/// The little a verification page shows: enough to compare with the paper.
#[derive(Debug, Clone, Serialize)]
pub struct Public {
    /// The code.
    pub code: String,
    /// The holder's name.
    pub holder_name: String,
    /// The course.
    pub course_title: String,
    /// The edition.
    pub edition_title: String,
    /// When the course was completed.
    pub completed_on: chrono::NaiveDate,
    /// When it was issued.
    pub issued_at: chrono::DateTime<chrono::Utc>,
    /// When it was revoked.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The certificate that replaced it.
    pub replaced_by: Option<String>,
}

impl From<&Record> for Public {
    fn from(r: &Record) -> Self {
        Public {
            code: r.certificate.code.clone(),
            holder_name: r.certificate.holder_name.clone(),
            course_title: r.certificate.course_title.clone(),
            edition_title: r.certificate.edition_title.clone(),
            completed_on: r.certificate.completed_on,
            issued_at: r.certificate.issued_at,
            revoked_at: r.revoked_at,
            replaced_by: r.replaced_by.clone(),
        }
    }
}

fn lookup_of(record: &Record) -> Lookup {
    let public = Public::from(record);
    match record.status {
        Status::Valid => Lookup::Valid(public),
        Status::Revoked => Lookup::Revoked(public),
        Status::Replaced => Lookup::Replaced(public),
    }
}

/// What the code says. A text that is not shaped like a code is unknown without a
/// query.
pub async fn by_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Lookup, DbErr> {
    let code = code.trim().to_ascii_uppercase();
    if !issue::is_code(&code) {
        return Ok(Lookup::Unknown);
    }
    Ok(match store::find(conn, &code).await? {
        Some(record) => lookup_of(&record),
        None => Lookup::Unknown,
    })
}

/// What a checked file turned out to be.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FileCheck {
    /// Neither a PDF carrying a credential, nor a credential.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// The signature does not verify with any published key.
    BadSignature {
        /// Why.
        reason: String,
    },
    /// Genuinely signed, but no certificate has its code here.
    NoRecord {
        /// The code it carries.
        code: String,
    },
    /// Genuinely signed, but what it says differs from the record.
    Mismatch {
        /// The record.
        record: Lookup,
        /// The fields that differ.
        fields: Vec<&'static str>,
    },
    /// Genuinely signed, and it matches the record (whose state is given).
    Genuine {
        /// The record and its state.
        record: Lookup,
        /// The key that signed it.
        kid: String,
    },
}

/// Checks an uploaded file: a PDF (its attached credential), the credential's JSON, or
/// the bare JWS.
pub async fn file<C: ConnectionTrait>(conn: &C, bytes: &[u8]) -> Result<FileCheck, DbErr> {
    let keys = keys::published(conn).await?;
    let jws = match read_jws(bytes) {
        Ok(jws) => jws,
        Err(reason) => return Ok(FileCheck::Unreadable { reason }),
    };
    let verified = match credential::verify(&jws, &keys) {
        Ok(v) => v,
        Err(e) => {
            return Ok(FileCheck::BadSignature {
                reason: e.to_string(),
            });
        }
    };
    let Some(record) = store::find(conn, &verified.code).await? else {
        return Ok(FileCheck::NoRecord {
            code: verified.code,
        });
    };
    let fields = differences(&jws, &verified, &record);
    Ok(if fields.is_empty() {
        FileCheck::Genuine {
            record: lookup_of(&record),
            kid: verified.kid,
        }
    } else {
        FileCheck::Mismatch {
            record: lookup_of(&record),
            fields,
        }
    })
}

/// The JWS inside a file: attached to a PDF, or the file itself.
pub fn read_jws(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(b"%PDF") {
        let Some(attached) = pdf::attachment(bytes) else {
            return Err("il PDF non contiene una credenziale firmata".into());
        };
        return credential::jws_of(&attached).map_err(|e| e.to_string());
    }
    credential::jws_of(bytes).map_err(|e| e.to_string())
}

fn differences(jws: &str, v: &Verified, r: &Record) -> Vec<&'static str> {
    let c = &r.certificate;
    let mut fields = Vec::new();
    if v.holder_name != c.holder_name {
        fields.push("holder_name");
    }
    if v.course_title != c.course_title {
        fields.push("course_title");
    }
    if v.completed_on != c.completed_on {
        fields.push("completed_on");
    }
    if v.issued_at.timestamp() != c.issued_at.timestamp() {
        fields.push("issued_at");
    }
    // Our key signs one credential per certificate: another, though well signed, is
    // not the one issued.
    if r.credential.as_deref().is_some_and(|stored| stored != jws) {
        fields.push("credential");
    }
    fields
}
