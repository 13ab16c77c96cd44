//! Errors reported in the course content ("Segnala un errore"). A signed-in learner,
//! tutor or administrator describes what is wrong in a lesson or a library article,
//! optionally quoting the passage; the administrators see a queue, answer and close
//! each report, and the reporter is told by e-mail, queued in the outbox in the same
//! transaction as the answer.
//!
//! `input.rs` validates what people write (lengths, characters), `target.rs` names
//! what is reported, `store.rs` holds the queries (the throttle decided by the
//! database in the same statement as the insert), `queue.rs` shapes reports for pages
//! and the API, and `actions.rs` answers and closes, with `notify.rs` rendering and
//! queuing the e-mails.

pub mod actions;
pub mod input;
mod notify;
pub mod queue;
pub mod store;
pub mod target;

use sea_orm::{DatabaseConnection, DbErr};

use crate::content::Catalog;
use crate::content::library::snapshot::Snapshot;
pub use input::Invalid;
pub use target::{Target, TargetKind};

/// Most reports one account may send within [`THROTTLE_WINDOW`].
pub const THROTTLE_MAX: i64 = 5;

/// The window of the throttle.
pub const THROTTLE_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// Why a report was not stored.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The lesson or article does not exist.
    #[error("la lezione o l'articolo segnalato non esiste")]
    NotFound,
    /// The text is not acceptable; nothing was stored.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The account sent [`THROTTLE_MAX`] reports within [`THROTTLE_WINDOW`].
    #[error(
        "hai già inviato {THROTTLE_MAX} segnalazioni nell'ultima ora: riprova più tardi \
         (il testo che hai scritto non è andato perso)"
    )]
    Throttled,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What a person submits: the lesson or article, and their text as typed.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    /// Lesson or article.
    pub kind: TargetKind,
    /// `course/module/lesson` or `act/art-<label>`.
    pub id: &'a str,
    /// What is wrong.
    pub description: &'a str,
    /// The passage quoted (empty: none).
    pub quote: &'a str,
}

/// Stores a report by `user_id`: the lesson or article must exist (in the catalog or
/// the library as loaded), the text must pass [`input::Report::parse`], and the
/// account must be under the throttle. Returns the new report's id.
pub async fn report(
    db: &DatabaseConnection,
    catalog: &Catalog,
    library: &Snapshot,
    user_id: i32,
    submission: Submission<'_>,
) -> Result<i32, ReportError> {
    let target = Target::resolve(catalog, library, submission.kind, submission.id)
        .ok_or(ReportError::NotFound)?;
    let text = input::Report::parse(submission.description, submission.quote)?;
    store::insert_throttled(db, user_id, &target, &text, chrono::Utc::now())
        .await?
        .ok_or(ReportError::Throttled)
}
