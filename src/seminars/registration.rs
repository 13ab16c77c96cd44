//! Registering for a session and cancelling, with the database deciding who gets a
//! seat. Each runs in one transaction that first locks the session: on PostgreSQL its
//! row is read `FOR UPDATE`, on SQLite the transaction begins `IMMEDIATE` (the
//! database's one write lock, waited for under the busy timeout). Under that lock:
//!
//! - a registration is one `INSERT … SELECT` whose status is decided by the count of
//!   seated learners against the session's capacity, read by the same statement
//!   (never a count in Rust followed by an insert); the partial unique index on
//!   (seminar, learner) refuses a second live registration for the same seminar;
//! - a cancellation marks the registration cancelled and, if it held a seat, gives
//!   the seat to the first in line (waiting list ordered by registration time, then
//!   id) with one conditional `UPDATE`, in the same transaction.
//!
//! Registrations and cancellations of one session therefore take turns, and no seat
//! is given twice nor lost. A seminar that requires approval takes a registration as
//! `pending` (no seat, no place in line) until `approval.rs` decides it under the same
//! lock; a pending request may be withdrawn at any time, even after the deadline,
//! since it holds nothing another learner could take. A change of a session's
//! capacity takes the same lock: raising it seats the first in line, one conditional
//! `UPDATE` each, and lowering it below the seats taken is refused.

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    QuerySelect, SqlErr,
};
use serde::Serialize;

use super::notify::{self, Notice, NotifyError};
use super::{Mailing, PlanError, Session, Status, TIME_ZONE, eligibility, plan, roster};
use crate::accounts::directory;
use crate::db::seminars::session;
use crate::db::sql::Sql;

/// A learner's registration as it stands after registering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Registration {
    /// Row id.
    pub id: i32,
    /// The session.
    pub session_id: i32,
    /// Seated, waiting, or pending approval.
    pub status: Status,
    /// Place on the waiting list (1 = first in line); None when seated or pending.
    pub position: Option<i64>,
}

/// A learner who got a seat because someone cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Promotion {
    /// The promoted registration.
    pub registration_id: i32,
    /// The promoted learner.
    pub user_id: i32,
}

/// What a cancellation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Cancelled {
    /// The cancelled registration.
    pub registration_id: i32,
    /// Whether it held a seat (else it was on the waiting list).
    pub held_seat: bool,
    /// Who took the freed seat, if anyone was waiting.
    pub promoted: Option<Promotion>,
}

/// The deadline as people read it: `12/03/2027 alle 18:00` (Europe/Rome).
pub fn deadline_text(deadline: DateTime<Utc>) -> String {
    deadline
        .with_timezone(&TIME_ZONE)
        .format("%d/%m/%Y alle %H:%M")
        .to_string()
}

/// Why a registration was refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// No such session.
    #[error("la sessione richiesta non esiste")]
    NotFound,
    /// The learner is not of an eligible municipality of the session's region.
    #[error(
        "la sessione è riservata ai discenti dei Comuni ammessi all'edizione nella regione {region}"
    )]
    NotEligible {
        /// The session's region.
        region: String,
    },
    /// The registration deadline has passed.
    #[error("le iscrizioni a questa sessione si sono chiuse il {}", deadline_text(*.deadline))]
    DeadlinePassed {
        /// The deadline.
        deadline: DateTime<Utc>,
    },
    /// The learner already holds a registration (seated or waiting) for this seminar.
    #[error(
        "sei già iscritto a una sessione di questo seminario (o in lista d'attesa): \
         annulla quell'iscrizione per sceglierne un'altra"
    )]
    AlreadyRegistered,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The e-mail could not be queued; nothing was stored.
    #[error(transparent)]
    Notify(#[from] NotifyError),
}

/// Why a cancellation was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    /// No such session.
    #[error("la sessione richiesta non esiste")]
    NotFound,
    /// The learner holds no live registration for the session.
    #[error("non risulti iscritto a questa sessione")]
    NotRegistered,
    /// The deadline has passed: the seat can no longer be given to someone else.
    #[error(
        "il termine per annullare l'iscrizione è scaduto il {}: per rinunciare scrivi alla segreteria",
        deadline_text(*.deadline)
    )]
    DeadlinePassed {
        /// The deadline.
        deadline: DateTime<Utc>,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The e-mail could not be queued; nothing changed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
}

/// Begins a transaction and locks the session: its row `FOR UPDATE` on PostgreSQL,
/// the write lock (`BEGIN IMMEDIATE`) on SQLite. Returns the session as locked.
pub(super) async fn lock_session(
    db: &DatabaseConnection,
    session_id: i32,
) -> Result<(DatabaseTransaction, Option<Session>), DbErr> {
    let txn = crate::db::tx::begin_write(db).await?;
    let mut find = session::Entity::find_by_id(session_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        find = find.lock_exclusive();
    }
    let session = find.one(&txn).await?;
    Ok((txn, session))
}

/// Registers `user_id` for a session: seated while seats remain, else on the waiting
/// list; for a seminar that requires approval, a pending request (the e-mail says it
/// was received). Eligibility is checked first, the deadline under the lock; the
/// registration time is read under the lock too, so the waiting list's order (time,
/// then id) is the order in which the database took the registrations. The learner's
/// e-mail (a seat with its `.ics`, the place in line, or the request received) is
/// queued in the same transaction.
pub async fn register(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    session_id: i32,
    user_id: i32,
) -> Result<Registration, RegisterError> {
    let session = plan::session(db, session_id)
        .await?
        .ok_or(RegisterError::NotFound)?;
    let seminar = plan::seminar(db, session.seminar_id)
        .await?
        .ok_or(RegisterError::NotFound)?;
    let Some(user) = eligibility::may_register(db, &seminar, &session, user_id).await? else {
        return Err(RegisterError::NotEligible {
            region: session.region,
        });
    };
    let (txn, locked) = lock_session(db, session_id).await?;
    let session = locked.ok_or(RegisterError::NotFound)?;
    let now = Utc::now();
    if now > session.deadline {
        return Err(RegisterError::DeadlinePassed {
            deadline: session.deadline,
        });
    }
    let pending = seminar.requires_approval;
    let mut insert = Sql::new(txn.get_database_backend());
    insert
        .push(
            "INSERT INTO seminar_registrations (session_id, seminar_id, user_id, status, \
             registered_at, requested_at) SELECT s.id, s.seminar_id, ",
        )
        .bind(user_id)
        .push(if pending {
            ", 'pending', "
        } else {
            ", CASE WHEN (SELECT COUNT(*) FROM seminar_registrations r \
             WHERE r.session_id = s.id AND r.status = 'registered') < s.capacity \
             THEN 'registered' ELSE 'waiting' END, "
        })
        .bind(now)
        .push(", ")
        .bind(pending.then_some(now))
        .push(" FROM seminar_sessions s WHERE s.id = ")
        .bind(session_id)
        .push(" RETURNING id, status");
    let row = match txn.query_one_raw(insert.build()).await {
        Ok(row) => row.ok_or(RegisterError::NotFound)?,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(RegisterError::AlreadyRegistered);
        }
        Err(e) => return Err(e.into()),
    };
    let id: i32 = row.try_get("", "id")?;
    let status = Status::parse(&row.try_get::<String>("", "status")?)?;
    let position = match status {
        Status::Waiting => Some(roster::position_on(&txn, session_id, id).await?),
        _ => None,
    };
    let notice = match (status, position) {
        (Status::Pending, _) => Notice::Pending,
        (_, Some(position)) => Notice::Waiting { position },
        (_, None) => Notice::Registered,
    };
    notify::queue(&txn, mail, &user, (&seminar, &session), id, notice, now).await?;
    txn.commit().await?;
    Ok(Registration {
        id,
        session_id,
        status,
        position,
    })
}

/// Cancels `user_id`'s registration for a session; a freed seat goes to the first in
/// line in the same transaction, and the e-mail telling them so (with the `.ics`) is
/// queued in it too. Refused after the deadline, but for a pending request, which
/// may always be withdrawn.
pub async fn cancel(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    session_id: i32,
    user_id: i32,
) -> Result<Cancelled, CancelError> {
    let (txn, locked) = lock_session(db, session_id).await?;
    let session = locked.ok_or(CancelError::NotFound)?;
    let now = Utc::now();
    let backend = txn.get_database_backend();
    let mut find = Sql::new(backend);
    find.push("SELECT id, status FROM seminar_registrations WHERE session_id = ")
        .bind(session_id)
        .push(" AND user_id = ")
        .bind(user_id)
        .push(" AND status <> 'cancelled'");
    let row = txn
        .query_one_raw(find.build())
        .await?
        .ok_or(CancelError::NotRegistered)?;
    let id: i32 = row.try_get("", "id")?;
    let status = Status::parse(&row.try_get::<String>("", "status")?)?;
    if now > session.deadline && status != Status::Pending {
        return Err(CancelError::DeadlinePassed {
            deadline: session.deadline,
        });
    }
    let held_seat = status == Status::Registered;
    let mut update = Sql::new(backend);
    update
        .push("UPDATE seminar_registrations SET status = 'cancelled', cancelled_at = ")
        .bind(now)
        .push(" WHERE id = ")
        .bind(id);
    txn.execute_raw(update.build()).await?;
    let promoted = if held_seat {
        promote_first(&txn, session_id, now).await?
    } else {
        None
    };
    if let Some(promotion) = promoted {
        let seminar = plan::seminar_on(&txn, session.seminar_id)
            .await?
            .ok_or(CancelError::NotFound)?;
        let user = directory::by_id_on(&txn, promotion.user_id)
            .await?
            .ok_or(CancelError::NotFound)?;
        let seat = (&seminar, &session);
        let id = promotion.registration_id;
        notify::queue(&txn, mail, &user, seat, id, Notice::Promoted, now).await?;
    }
    txn.commit().await?;
    Ok(Cancelled {
        registration_id: id,
        held_seat,
        promoted,
    })
}

/// Seats the first in line if a seat is free: one `UPDATE` of the earliest waiting
/// registration, conditional on the seated count being under the capacity.
async fn promote_first(
    txn: &DatabaseTransaction,
    session_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Promotion>, DbErr> {
    let mut sql = Sql::new(txn.get_database_backend());
    sql.push("UPDATE seminar_registrations SET status = 'registered', promoted_at = ")
        .bind(now)
        .push(" WHERE id = (SELECT w.id FROM seminar_registrations w WHERE w.session_id = ")
        .bind(session_id)
        .push(
            " AND w.status = 'waiting' ORDER BY w.registered_at, w.id LIMIT 1) \
             AND (SELECT COUNT(*) FROM seminar_registrations r WHERE r.session_id = ",
        )
        .bind(session_id)
        .push(
            " AND r.status = 'registered') < \
             (SELECT s.capacity FROM seminar_sessions s WHERE s.id = ",
        )
        .bind(session_id)
        .push(") RETURNING id, user_id");
    match txn.query_one_raw(sql.build()).await? {
        Some(row) => Ok(Some(Promotion {
            registration_id: row.try_get("", "id")?,
            user_id: row.try_get("", "user_id")?,
        })),
        None => Ok(None),
    }
}

/// What a change of capacity did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CapacityChanged {
    /// The session.
    pub session_id: i32,
    /// Its seats now.
    pub capacity: i32,
    /// Seats taken now.
    pub seated: i64,
    /// Learners still on the waiting list.
    pub waiting: i64,
    /// Who was seated from the waiting list, first in line first.
    pub promoted: Vec<Promotion>,
}

/// Why a change of capacity was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum CapacityError {
    /// No such session.
    #[error("la sessione richiesta non esiste")]
    NotFound,
    /// The number is out of range.
    #[error(transparent)]
    Invalid(PlanError),
    /// Fewer seats than learners already seated: nobody is unseated by a change of
    /// capacity.
    #[error(
        "i posti non possono scendere a {capacity}: {seated} discenti hanno già il posto. \
         Per ridurli, annulla prima le iscrizioni in eccesso"
    )]
    BelowSeated {
        /// The capacity asked for.
        capacity: i32,
        /// Seats already taken.
        seated: i64,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// An e-mail could not be queued; nothing changed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
}

/// Sets a session's capacity under the session's lock. Lowering it below the seats
/// taken is refused (one conditional `UPDATE`); raising it seats the first in line
/// in order, each told by e-mail with the `.ics`, in the same transaction.
pub async fn set_capacity(
    db: &DatabaseConnection,
    mail: Mailing<'_>,
    session_id: i32,
    capacity: i32,
) -> Result<CapacityChanged, CapacityError> {
    plan::check_capacity("capacity", capacity).map_err(CapacityError::Invalid)?;
    let (txn, locked) = lock_session(db, session_id).await?;
    let session = locked.ok_or(CapacityError::NotFound)?;
    let backend = txn.get_database_backend();
    let mut update = Sql::new(backend);
    update
        .push("UPDATE seminar_sessions SET capacity = ")
        .bind(capacity)
        .push(" WHERE id = ")
        .bind(session_id)
        .push(
            " AND (SELECT COUNT(*) FROM seminar_registrations r \
             WHERE r.session_id = seminar_sessions.id AND r.status = 'registered') <= ",
        )
        .bind(capacity);
    if txn.execute_raw(update.build()).await?.rows_affected() == 0 {
        let (seated, _) = roster::counts(&txn, session_id).await?;
        return Err(CapacityError::BelowSeated { capacity, seated });
    }
    let now = Utc::now();
    let mut promoted = Vec::new();
    while let Some(promotion) = promote_first(&txn, session_id, now).await? {
        promoted.push(promotion);
    }
    if !promoted.is_empty() {
        let seminar = plan::seminar_on(&txn, session.seminar_id)
            .await?
            .ok_or(CapacityError::NotFound)?;
        for promotion in &promoted {
            let user = directory::by_id_on(&txn, promotion.user_id)
                .await?
                .ok_or(CapacityError::NotFound)?;
            let seat = (&seminar, &session);
            let id = promotion.registration_id;
            notify::queue(&txn, mail, &user, seat, id, Notice::Promoted, now).await?;
        }
    }
    let (seated, waiting) = roster::counts(&txn, session_id).await?;
    txn.commit().await?;
    Ok(CapacityChanged {
        session_id,
        capacity,
        seated,
        waiting,
        promoted,
    })
}
