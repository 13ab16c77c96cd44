//! Personal data as the GDPR asks of a public body: what Aula holds about a person and
//! where (`tables.rs`, every table classified), taking it away (`export.rs`, the ZIP;
//! `exports.rs`, prepared in the background), erasing it (`erase.rs`), keeping it no
//! longer than configured (`retention.rs`, a scheduled job), who looked at it
//! (`access_log.rs`), the privacy notice and its acknowledgements (`notice.rs`), and
//! the record of processing activities (`record.rs`).
//!
//! Like the reports, this module reads across every table with hand-written SQL; it is
//! the one module that also writes other modules' tables, because erasure must reach
//! every row of a person at once, in one transaction, from one list of tables.

pub mod access_log;
pub mod erase;
pub mod export;
pub mod exports;
pub mod notice;
pub mod profile;
pub mod record;
pub mod retention;
pub mod tables;

use chrono::Utc;
use sea_orm::{DatabaseConnection, DbErr};

/// An administrator erases a learner: the erasure, then its line in the access log
/// (the log keeps only numbers).
pub async fn erase_by_admin(
    db: &DatabaseConnection,
    admin: i32,
    user: i32,
    rule: crate::config::CertificateRule,
) -> Result<erase::Erased, erase::EraseError> {
    erase::erase_one_by(db, user, rule, Utc::now(), Some((admin, "/admin/privacy"))).await
}

/// An administrator downloads export `id` (logged as an export of that person's data).
pub async fn admin_download(
    db: &DatabaseConnection,
    admin: i32,
    id: i32,
) -> Result<Option<(exports::Export, Vec<u8>)>, DbErr> {
    let found = exports::archive(db, id).await?;
    if let Some((export, _)) = &found {
        access_log::record(
            db,
            admin,
            &[export.user_id],
            access_log::Kind::Export,
            &format!("/admin/privacy/esportazioni/{id}"),
        )
        .await?;
    }
    Ok(found)
}
