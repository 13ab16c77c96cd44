//! The e-mails of a registration, rendered and queued in the outbox inside the
//! registration's or cancellation's transaction: a seat confirmed (with the `.ics`
//! invitation), a place on the waiting list, and a seat given to the first in line
//! (with the `.ics`).

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use super::ics::{self, Invitation};
use super::registration::deadline_text;
use super::{Mailing, Seminar, Session};
use crate::accounts::directory::User;
use crate::reminders::outbox::{self, Outgoing};

/// Which e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    /// A seat, at registration.
    Registered,
    /// A place on the waiting list.
    Waiting {
        /// 1 = first in line.
        position: i64,
    },
    /// A seat freed by a cancellation.
    Promoted,
}

/// Why an e-mail could not be queued (the transaction is then rolled back).
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// A template failed to render.
    #[error("cannot render the seminar e-mail: {0:#}")]
    Mail(anyhow::Error),
}

/// Renders the e-mail for `user` about `registration_id` and queues it.
pub(crate) async fn queue<C: ConnectionTrait>(
    conn: &C,
    mail: Mailing<'_>,
    user: &User,
    (seminar, session): (&Seminar, &Session),
    registration_id: i32,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    let (template, status, position) = match notice {
        Notice::Registered => ("seminar-registered", "registered", None),
        Notice::Waiting { position } => ("seminar-waiting", "waiting", Some(position)),
        Notice::Promoted => ("seminar-promoted", "promoted", None),
    };
    let base = mail.base_url.trim_end_matches('/');
    let ctx = serde_json::json!({
        "name": user.name,
        "status": status,
        "position": position,
        "title": seminar.title,
        "first_day": session.first_day.to_string(),
        "days": session.days,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "venue": session.venue,
        "address": session.address,
        "deadline": deadline_text(session.deadline),
        "url": format!("{base}/seminari"),
    });
    let rendered = mail
        .mailer
        .render(template, ctx)
        .map_err(NotifyError::Mail)?;
    let calendar = (!matches!(notice, Notice::Waiting { .. })).then(|| {
        ics::calendar(&Invitation {
            seminar,
            session,
            registration_id,
            base_url: base,
            stamp: now,
        })
    });
    outbox::queue(
        conn,
        Outgoing {
            key: format!("seminar:{registration_id}:{status}"),
            kind: template,
            user_id: Some(user.id),
            to: &user.email,
            rendered: &rendered,
            calendar,
        },
        now,
    )
    .await?;
    Ok(())
}
