//! Tutor approval: a seminar may require that a tutor approve each registration. The
//! learner's request is then `pending` (no seat, no place in line) until a tutor who
//! runs the session (`staff::runs`: the tutors of its region) or an admin decides.
//!
//! A decision takes the session's lock, as a registration does (`registration.rs`),
//! and is one conditional `UPDATE` of a registration still pending: an approval seats
//! the learner if the seats taken, counted by the same statement, are fewer than the
//! capacity, else puts them on the waiting list, whose time is the approval's (the
//! learner joins the line when approved, not when they asked); a rejection cancels
//! the request with its reason. Both e-mail the learner in the same transaction.
//! Decisions are allowed after the registration deadline: the tutor decides whether
//! a late approval still makes sense.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use serde::Serialize;

use super::notify::{self, Notice, NotifyError};
use super::registration::{deadline_text, lock_session};
use super::{Mailing, Status, plan, roster, staff};
use crate::accounts::directory::{self, User};
use crate::db::seminars::registration;
use crate::db::sql::Sql;

/// Longest reason, in characters.
pub const MAX_REASON: usize = 1000;

/// What the tutor decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Approve: a seat, or the waiting list when the seats are taken.
    Approve,
    /// Reject: the request is cancelled.
    Reject,
}

impl Decision {
    /// Reads `approve`/`reject`, or the Italian `approva`/`rifiuta` of the page.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "approve" | "approva" => Some(Self::Approve),
            "reject" | "rifiuta" => Some(Self::Reject),
            _ => None,
        }
    }

    /// The stored value: `approved` or `rejected`.
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Reject => "rejected",
        }
    }
}

/// What a decision did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Decided {
    /// The registration.
    pub registration_id: i32,
    /// Its session.
    pub session_id: i32,
    /// The learner.
    pub user_id: i32,
    /// `approved` or `rejected`.
    pub decision: String,
    /// Where the registration stands now: registered or waiting (approved),
    /// cancelled (rejected).
    pub status: Status,
    /// Place on the waiting list (1 = first in line), when approved without a seat.
    pub position: Option<i64>,
}

/// Why a decision was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// No such registration, or one of a session the caller does not run.
    #[error("la richiesta di iscrizione non esiste")]
    NotFound,
    /// Already decided, or withdrawn.
    #[error("questa richiesta non è più in attesa di approvazione: è già stata decisa o ritirata")]
    NotPending,
    /// The reason is too long or holds control characters.
    #[error("il motivo: al massimo {MAX_REASON} caratteri, senza caratteri di controllo")]
    InvalidReason,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The e-mail could not be queued; nothing changed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
}

/// The reason as stored: trimmed, None when empty; refused when too long or with
/// control characters other than line breaks and tabs.
fn clean_reason(reason: Option<&str>) -> Result<Option<String>, DecisionError> {
    let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let control = reason
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if reason.chars().count() > MAX_REASON || control {
        return Err(DecisionError::InvalidReason);
    }
    Ok(Some(reason.to_string()))
}

/// Approves or rejects the pending registration `registration_id`, decided by `by`
/// (who must run its session: else NotFound). Under the session's lock: an approval
/// seats the learner while seats remain, else puts them on the waiting list at the
/// approval's time; a rejection cancels the request. The learner's e-mail (the seat
/// with its `.ics`, the place in line, or the rejection with its reason) is queued in
/// the same transaction.
pub async fn decide(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    registration_id: i32,
    by: &User,
    decision: Decision,
    reason: Option<&str>,
) -> Result<Decided, DecisionError> {
    let reason = clean_reason(reason)?;
    let found = registration::Entity::find_by_id(registration_id)
        .one(db)
        .await?
        .ok_or(DecisionError::NotFound)?;
    let session = plan::session(db, found.session_id)
        .await?
        .ok_or(DecisionError::NotFound)?;
    if !staff::runs(db, by, &session).await? {
        return Err(DecisionError::NotFound);
    }
    let (txn, locked) = lock_session(db, session.id).await?;
    let session = locked.ok_or(DecisionError::NotFound)?;
    let now = Utc::now();
    let mut update = Sql::new(txn.get_database_backend());
    match decision {
        Decision::Approve => {
            update
                .push(
                    "UPDATE seminar_registrations SET status = CASE WHEN \
                     (SELECT COUNT(*) FROM seminar_registrations r WHERE r.session_id = ",
                )
                .bind(session.id)
                .push(
                    " AND r.status = 'registered') < \
                     (SELECT s.capacity FROM seminar_sessions s WHERE s.id = ",
                )
                .bind(session.id)
                .push(") THEN 'registered' ELSE 'waiting' END, registered_at = ")
                .bind(now);
        }
        Decision::Reject => {
            update
                .push("UPDATE seminar_registrations SET status = 'cancelled', cancelled_at = ")
                .bind(now);
        }
    }
    update
        .push(", decided_at = ")
        .bind(now)
        .push(", decided_by = ")
        .bind(by.id)
        .push(", decision = ")
        .bind(decision.as_stored())
        .push(", decision_reason = ")
        .bind(reason.clone())
        .push(" WHERE id = ")
        .bind(registration_id)
        .push(" AND status = 'pending' RETURNING status, user_id");
    let row = txn
        .query_one_raw(update.build())
        .await?
        .ok_or(DecisionError::NotPending)?;
    let status = Status::parse(&row.try_get::<String>("", "status")?)?;
    let user_id: i32 = row.try_get("", "user_id")?;
    let position = match status {
        Status::Waiting => Some(roster::position_on(&txn, session.id, registration_id).await?),
        _ => None,
    };
    let reason_text = reason.as_deref();
    let notice = match (decision, position) {
        (Decision::Reject, _) => Notice::Rejected {
            reason: reason_text,
        },
        (Decision::Approve, Some(position)) => Notice::ApprovedWaiting {
            position,
            reason: reason_text,
        },
        (Decision::Approve, None) => Notice::Approved {
            reason: reason_text,
        },
    };
    let seminar = plan::seminar_on(&txn, session.seminar_id)
        .await?
        .ok_or(DecisionError::NotFound)?;
    let learner = directory::by_id_on(&txn, user_id)
        .await?
        .ok_or(DecisionError::NotFound)?;
    let seat = (&seminar, &session);
    notify::queue(&txn, mail, &learner, seat, registration_id, notice, now).await?;
    txn.commit().await?;
    Ok(Decided {
        registration_id,
        session_id: session.id,
        user_id,
        decision: decision.as_stored().to_string(),
        status,
        position,
    })
}

/// A request waiting for approval, with its session and the seats it would take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Request {
    /// The registration.
    pub id: i32,
    /// The learner.
    pub user_id: i32,
    /// The learner's name.
    pub name: String,
    /// The learner's address.
    pub email: String,
    /// The learner's municipality (name), if known.
    pub municipality: Option<String>,
    /// The seminar.
    pub seminar_id: i32,
    /// The seminar's title.
    pub title: String,
    /// The session.
    pub session_id: i32,
    /// The session's first day.
    pub first_day: NaiveDate,
    /// The session's consecutive days.
    pub days: i32,
    /// The session's venue.
    pub venue: String,
    /// The session's region.
    pub region: String,
    /// The session's seats.
    pub capacity: i32,
    /// Seats taken.
    pub seated: i64,
    /// Learners on the waiting list.
    pub waiting: i64,
    /// When the learner asked.
    pub requested_at: DateTime<Utc>,
    /// The same, as people read it (Europe/Rome).
    pub requested_text: String,
    /// Whether the registration deadline is still ahead (a decision after it is
    /// allowed all the same).
    pub open: bool,
}

/// The pending requests of the sessions `viewer` runs (an admin: every session), by
/// session's first day, then in the order they were asked.
pub async fn pending_for(db: &DatabaseConnection, viewer: &User) -> Result<Vec<Request>, DbErr> {
    let regions = staff::regions(db, viewer).await?;
    if viewer.disabled_at.is_some() || regions.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT r.id, r.user_id, u.name, u.email, m.name AS municipality, r.seminar_id, \
         se.title, r.session_id, s.first_day, s.days, s.venue, s.region, s.capacity, s.deadline, \
         COALESCE(r.requested_at, r.registered_at) AS requested_at \
         FROM seminar_registrations r \
         JOIN users u ON u.id = r.user_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         JOIN seminar_sessions s ON s.id = r.session_id \
         JOIN seminars se ON se.id = r.seminar_id \
         WHERE r.status = 'pending'",
    );
    if let Some(regions) = &regions {
        sql.push(" AND s.region IN ").bind_list(regions);
    }
    sql.push(" ORDER BY s.first_day, r.session_id, requested_at, r.id");
    let rows = db.query_all_raw(sql.build()).await?;
    let now = Utc::now();
    // Seats per session, read once per session whatever its number of requests.
    let mut seats: HashMap<i32, (i64, i64)> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let session_id: i32 = row.try_get("", "session_id")?;
        let requested_at: DateTime<Utc> = row.try_get("", "requested_at")?;
        let deadline: DateTime<Utc> = row.try_get("", "deadline")?;
        let (seated, waiting) = match seats.get(&session_id) {
            Some(counts) => *counts,
            None => {
                let counts = roster::counts(db, session_id).await?;
                seats.insert(session_id, counts);
                counts
            }
        };
        out.push(Request {
            id: row.try_get("", "id")?,
            user_id: row.try_get("", "user_id")?,
            name: row.try_get("", "name")?,
            email: row.try_get("", "email")?,
            municipality: row.try_get("", "municipality")?,
            seminar_id: row.try_get("", "seminar_id")?,
            title: row.try_get("", "title")?,
            session_id,
            first_day: row.try_get("", "first_day")?,
            days: row.try_get("", "days")?,
            venue: row.try_get("", "venue")?,
            region: row.try_get("", "region")?,
            capacity: row.try_get("", "capacity")?,
            seated,
            waiting,
            requested_at,
            requested_text: deadline_text(requested_at),
            open: now <= deadline,
        });
    }
    Ok(out)
}
