//! Certificates (attestati): issued when a learner completes a course (or by an admin),
//! printed as a one-page PDF/A with a QR code to their public verification page, and
//! carrying inside an Open Badges 3.0 credential signed with Aula's Ed25519 key, so
//! that the file proves itself offline. Revoked or replaced certificates answer as
//! such; every action is kept.

pub mod actions;
pub mod admin;
pub mod announce;
pub mod archive;
pub mod credential;
pub mod downloads;
pub mod issue;
pub mod keys;
pub mod pdf;
pub mod seal;
pub mod store;
pub mod verify;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A module as printed on the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleLine {
    /// Module title.
    pub title: String,
    /// Estimated minutes of its remote part.
    pub minutes: u32,
}

/// Whether a certificate holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Issued and in force.
    Valid,
    /// Withdrawn by an admin.
    Revoked,
    /// Superseded by a corrected certificate.
    Replaced,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Revoked => "revoked",
            Status::Replaced => "replaced",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Status> {
        match value {
            "valid" => Some(Status::Valid),
            "revoked" => Some(Status::Revoked),
            "replaced" => Some(Status::Replaced),
            _ => None,
        }
    }
}

/// What a certificate says: everything its paper and its credential show, as frozen
/// at issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Public code (e.g. `AULA-7K3M-Q9X2-HF4T`), printed and in the verification URL.
    pub code: String,
    /// The learner's full name.
    pub holder_name: String,
    /// The learner's municipality, if known.
    pub holder_municipality: Option<String>,
    /// Course id.
    pub course_id: String,
    /// Course title.
    pub course_title: String,
    /// Edition title (e.g. "4ª edizione 2026").
    pub edition_title: String,
    /// The course's modules.
    pub modules: Vec<ModuleLine>,
    /// Remote minutes (sum of the modules' estimates).
    pub remote_minutes: u32,
    /// Classroom minutes attended.
    pub classroom_minutes: u32,
    /// Day the course was completed (Europe/Rome).
    pub completed_on: NaiveDate,
    /// When the certificate was issued.
    pub issued_at: DateTime<Utc>,
    /// The issuing body.
    pub issuer: String,
    /// Language of the paper (`it`).
    pub language: String,
}

impl Certificate {
    /// Path of the public verification page of `code` under `base_url`.
    pub fn verify_url(base_url: &str, code: &str) -> String {
        format!("{}/verify/{code}", base_url.trim_end_matches('/'))
    }
}
