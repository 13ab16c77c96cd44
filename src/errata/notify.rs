//! The e-mails that tell a reporter what became of their report
//! (`email/errata-answered/`, `email/errata-closed/`), rendered and queued in the
//! outbox inside the transaction of the change they announce.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use super::actions::{ActionError, Mailing};
use super::store::ReportRow;
use super::target::{self, TargetKind};
use crate::reminders::outbox::{self, Outgoing};

/// What happened to the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    /// An administrator answered (and maybe closed it with the answer).
    Answered {
        /// Closed with the answer.
        closed: bool,
    },
    /// Closed without a new answer.
    Closed,
}

/// Renders the e-mail about `row` and queues it for its reporter. Each answer is a
/// message of its own (keyed by its time); closing is announced once.
pub(crate) async fn queue<C: ConnectionTrait>(
    conn: &C,
    mail: Mailing<'_>,
    row: &ReportRow,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let (template, key, closed) = match notice {
        Notice::Answered { closed } => (
            "errata-answered",
            format!("errata:{}:answer:{}", row.id, now.timestamp_micros()),
            closed,
        ),
        Notice::Closed => ("errata-closed", format!("errata:{}:closed", row.id), true),
    };
    let kind = TargetKind::parse(&row.target_kind).unwrap_or(TargetKind::Lesson);
    let base = mail.base_url.trim_end_matches('/');
    let ctx = serde_json::json!({
        "name": row.reporter_name,
        "title": row.target_title,
        "url": format!("{base}{}", target::url(kind, &row.target_id)),
        "description": row.description,
        "quote": row.quote,
        "answer": row.answer,
        "closed": closed,
        "reported_on": row.created_at.date_naive().to_string(),
        "mine_url": format!("{base}/segnalazioni"),
        "lang": crate::accounts::directory::languages(conn, &[row.user_id])
            .await?
            .get(&row.user_id)
            .copied()
            .unwrap_or(crate::render::i18n::DEFAULT_LANG),
    });
    let rendered = mail
        .mailer
        .render(template, ctx)
        .map_err(ActionError::Mail)?;
    outbox::queue(
        conn,
        Outgoing {
            key,
            kind: template,
            user_id: Some(row.user_id),
            to: &row.reporter_email,
            rendered: &rendered,
            calendar: None,
        },
        now,
    )
    .await?;
    Ok(())
}
