//! What administrators do with a report: answer it (and close it at once, if they
//! wish) or close it. Each change and the e-mail that tells the reporter are written
//! in one transaction; the change is conditional on the report not being closed, so
//! two administrators acting at once cannot both close it, nor answer a closed one.

use chrono::Utc;
use sea_orm::{DatabaseConnection, DbErr};

use super::input::{self, Invalid};
use super::notify::{self, Notice};
use super::store;
use crate::mail::Mailer;

/// Why an action did nothing.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// No report with this id.
    #[error("segnalazione non trovata")]
    NotFound,
    /// The report is closed: it can no longer be answered.
    #[error("la segnalazione è già chiusa: non si può più rispondere")]
    Closed,
    /// The answer is not acceptable; nothing was written.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The e-mail could not be rendered; nothing was written.
    #[error("cannot render the e-mail to the reporter: {0:#}")]
    Mail(anyhow::Error),
}

/// How e-mails to reporters are written: the mailer's templates and the site's
/// address for links.
#[derive(Clone, Copy)]
pub struct Mailing<'a> {
    /// Renders the templates.
    pub mailer: &'a Mailer,
    /// `https://aula.example.it`, without a trailing slash.
    pub base_url: &'a str,
}

/// Answers report `id` as `admin_id` (closing it when `close`), and queues the
/// e-mail that brings the answer to the reporter.
pub async fn answer(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    id: i32,
    admin_id: i32,
    text: &str,
    close: bool,
) -> Result<(), ActionError> {
    let answer = input::parse_answer(text)?;
    let now = Utc::now();
    let txn = crate::db::tx::begin_write(db).await?;
    if !store::set_answer(&txn, id, admin_id, &answer, close, now).await? {
        return Err(match store::find(&txn, id).await? {
            Some(_) => ActionError::Closed,
            None => ActionError::NotFound,
        });
    }
    let row = store::find(&txn, id).await?.ok_or(ActionError::NotFound)?;
    notify::queue(&txn, mail, &row, Notice::Answered { closed: close }, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Closes report `id` and queues the e-mail that tells the reporter; returns false
/// (and sends nothing) when it was closed already.
pub async fn close(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    id: i32,
) -> Result<bool, ActionError> {
    let now = Utc::now();
    let txn = crate::db::tx::begin_write(db).await?;
    if !store::set_closed(&txn, id, now).await? {
        return match store::find(&txn, id).await? {
            Some(_) => Ok(false),
            None => Err(ActionError::NotFound),
        };
    }
    let row = store::find(&txn, id).await?.ok_or(ActionError::NotFound)?;
    notify::queue(&txn, mail, &row, Notice::Closed, now).await?;
    txn.commit().await?;
    Ok(true)
}
