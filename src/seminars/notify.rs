//! The e-mails of a registration, rendered and queued in the outbox inside the
//! registration's or cancellation's transaction: a seat confirmed (with the `.ics`
//! invitation), a place on the waiting list, and a seat given to the first in line
//! (with the `.ics`); for a seminar that requires approval, the request received, and
//! the decision (approved with a seat and the `.ics`, approved on the waiting list,
//! or rejected with its reason).

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use super::ics::{self, Invitation};
use super::{Mailing, Seminar, Session};
use crate::accounts::directory::User;
use crate::reminders::outbox::{self, Outgoing};

/// Which e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice<'a> {
    /// A seat, at registration.
    Registered,
    /// A place on the waiting list.
    Waiting {
        /// 1 = first in line.
        position: i64,
    },
    /// A seat freed by a cancellation (or added by a larger capacity).
    Promoted,
    /// A request received, waiting for approval.
    Pending,
    /// A request approved: a seat.
    Approved {
        /// What the tutor wrote, if anything.
        reason: Option<&'a str>,
    },
    /// A request approved, but the seats were taken: a place on the waiting list.
    ApprovedWaiting {
        /// 1 = first in line.
        position: i64,
        /// What the tutor wrote, if anything.
        reason: Option<&'a str>,
    },
    /// A request rejected.
    Rejected {
        /// Why, if the tutor said.
        reason: Option<&'a str>,
    },
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
    notice: Notice<'_>,
    now: DateTime<Utc>,
) -> Result<(), NotifyError> {
    let (template, status, position, reason) = match notice {
        Notice::Registered => ("seminar-registered", "registered", None, None),
        Notice::Waiting { position } => ("seminar-waiting", "waiting", Some(position), None),
        Notice::Promoted => ("seminar-promoted", "promoted", None, None),
        Notice::Pending => ("seminar-pending", "pending", None, None),
        Notice::Approved { reason } => ("seminar-registered", "approved", None, reason),
        Notice::ApprovedWaiting { position, reason } => (
            "seminar-waiting",
            "approved-waiting",
            Some(position),
            reason,
        ),
        Notice::Rejected { reason } => ("seminar-rejected", "rejected", None, reason),
    };
    // The invitation goes with a seat only.
    let seat = matches!(
        notice,
        Notice::Registered | Notice::Promoted | Notice::Approved { .. }
    );
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
        "deadline": crate::render::dates::date_time(
            session.deadline,
            crate::accounts::directory::language_of(user),
        ),
        "reason": reason,
        "url": format!("{base}/seminari"),
        "lang": crate::accounts::directory::language_of(user),
    });
    let rendered = mail
        .mailer
        .render(template, ctx)
        .map_err(NotifyError::Mail)?;
    let calendar = seat.then(|| {
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
