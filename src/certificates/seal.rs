//! Sealing: a certificate is signed the first time its paper or its credential is
//! needed (the announcement, a download, a ZIP), with the issuer of the configuration
//! and the current key; the signature and the key are then stored, and every later
//! copy carries the same credential. Ed25519 signatures are deterministic, so two
//! instances sealing at once with the same key produce the same bytes; the stored one
//! wins either way.

use sea_orm::{ConnectionTrait, DbErr};

use super::credential;
use super::keys::KeyRing;
use super::pdf::{self, Attachment, PdfError};
use super::store::{self, Record};
use crate::render::i18n::Messages;

/// What sealing and printing need: the key ring, the issuer, the public URL and the
/// message catalogue (labels of the paper).
#[derive(Clone, Copy)]
pub struct Issuing<'a> {
    /// The signing keys.
    pub ring: &'a KeyRing,
    /// The issuing body (configuration).
    pub issuer: &'a str,
    /// Public URL of this instance.
    pub base_url: &'a str,
    /// Labels of the paper.
    pub messages: &'a Messages,
}

/// Returns the record sealed: signed and stored if it was not.
pub async fn seal<C: ConnectionTrait>(
    conn: &C,
    issuing: Issuing<'_>,
    mut record: Record,
) -> Result<Record, DbErr> {
    if record.credential.is_some() {
        return Ok(record);
    }
    record.certificate.issuer = issuing.issuer.to_string();
    let jws = credential::sign(issuing.ring, &record.certificate, issuing.base_url);
    if store::store_seal(
        conn,
        record.id,
        issuing.issuer,
        &jws,
        issuing.ring.current_kid(),
    )
    .await?
    {
        record.credential = Some(jws);
        return Ok(record);
    }
    store::by_id(conn, record.id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("certificate {}", record.id)))
}

/// Seals every record of a page in one transaction (the ZIP of an edition seals
/// thousands: one commit each would cost more than the signing).
pub async fn seal_all(
    db: &sea_orm::DatabaseConnection,
    issuing: Issuing<'_>,
    records: Vec<Record>,
) -> Result<Vec<Record>, DbErr> {
    if records.iter().all(|r| r.credential.is_some()) {
        return Ok(records);
    }
    let txn = crate::db::tx::begin_write(db).await?;
    let mut sealed = Vec::with_capacity(records.len());
    for record in records {
        sealed.push(seal(&txn, issuing, record).await?);
    }
    txn.commit().await?;
    Ok(sealed)
}

/// The credential file of a sealed record (JSON: the credential and its JWS).
pub fn json(record: &Record) -> Vec<u8> {
    record
        .credential
        .as_deref()
        .and_then(|jws| credential::document(jws).ok())
        .unwrap_or_default()
}

/// File name of the credential attached to the paper and downloaded beside it.
pub fn json_name(code: &str) -> String {
    format!("attestato-{code}.json")
}

/// The paper of a sealed record, with its credential attached.
pub fn paper(issuing: Issuing<'_>, record: &Record) -> Result<Vec<u8>, PdfError> {
    let json = json(record);
    let name = json_name(&record.certificate.code);
    let url = super::Certificate::verify_url(issuing.base_url, &record.certificate.code);
    pdf::render(
        &record.certificate,
        issuing.messages,
        &url,
        (!json.is_empty()).then_some(Attachment {
            name: &name,
            bytes: &json,
        }),
    )
}
