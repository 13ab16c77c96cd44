//! Reading registrations back: who is seated, the waiting list in its order
//! (registration time, then id) with each one's position, and the counts; and the
//! whole roster of a session as staff see it (`sheet`): seated, waiting with their
//! positions, requests pending approval, and cancelled or rejected registrations.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::Serialize;

use super::listing::{self, SessionView};
use super::registration::deadline_text;
use super::{Status, plan};
use crate::db::sql::Sql;

/// One registration of a session with its learner.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult, Serialize)]
pub struct Entry {
    /// Registration id.
    pub id: i32,
    /// The learner.
    pub user_id: i32,
    /// The learner's name.
    pub name: String,
    /// The learner's address.
    pub email: String,
    /// `registered` or `waiting`.
    pub status: String,
    /// When the learner registered.
    pub registered_at: DateTime<Utc>,
    /// When a cancellation gave the learner a seat.
    pub promoted_at: Option<DateTime<Utc>>,
}

/// The seated and waiting registrations of a session: the seated ones, then the
/// waiting list in order (a waiting entry's position is its index among the waiting
/// ones, plus 1). Requests pending approval are not among them.
pub async fn entries<C: ConnectionTrait>(conn: &C, session_id: i32) -> Result<Vec<Entry>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT r.id, r.user_id, u.name, u.email, r.status, r.registered_at, r.promoted_at \
         FROM seminar_registrations r JOIN users u ON u.id = r.user_id \
         WHERE r.session_id = ",
    )
    .bind(session_id)
    .push(
        " AND r.status IN ('registered', 'waiting') \
         ORDER BY CASE r.status WHEN 'registered' THEN 0 ELSE 1 END, r.registered_at, r.id",
    );
    conn.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| Entry::from_query_result(row, ""))
        .collect()
}

/// The waiting list of a session, first in line first.
pub async fn waiting<C: ConnectionTrait>(conn: &C, session_id: i32) -> Result<Vec<Entry>, DbErr> {
    Ok(entries(conn, session_id)
        .await?
        .into_iter()
        .filter(|e| e.status == "waiting")
        .collect())
}

/// Seated and waiting learners of a session.
pub async fn counts<C: ConnectionTrait>(conn: &C, session_id: i32) -> Result<(i64, i64), DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT COALESCE(SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END), 0) AS seated, \
         COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0) AS waiting \
         FROM seminar_registrations WHERE session_id = ",
    )
    .bind(session_id);
    let row = conn.query_one_raw(sql.build()).await?;
    match row {
        Some(row) => Ok((row.try_get("", "seated")?, row.try_get("", "waiting")?)),
        None => Ok((0, 0)),
    }
}

/// The place of a waiting registration in its session's line (1 = first).
pub async fn position_on<C: ConnectionTrait>(
    conn: &C,
    session_id: i32,
    registration_id: i32,
) -> Result<i64, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT COUNT(*) AS ahead FROM seminar_registrations w \
         JOIN seminar_registrations me ON me.id = ",
    )
    .bind(registration_id)
    .push(" WHERE w.session_id = ")
    .bind(session_id)
    .push(
        " AND w.status = 'waiting' AND (w.registered_at < me.registered_at \
         OR (w.registered_at = me.registered_at AND w.id < me.id))",
    );
    let ahead: i64 = match conn.query_one_raw(sql.build()).await? {
        Some(row) => row.try_get("", "ahead")?,
        None => 0,
    };
    Ok(ahead + 1)
}

/// One registration of a session's roster, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Line {
    /// Registration id.
    pub id: i32,
    /// The learner.
    pub user_id: i32,
    /// The learner's name.
    pub name: String,
    /// The learner's address.
    pub email: String,
    /// The learner's municipality (name), if known.
    pub municipality: Option<String>,
    /// Where the registration stands.
    pub status: Status,
    /// Place on the waiting list (1 = first in line), for a waiting one.
    pub position: Option<i64>,
    /// When the learner registered, or was approved.
    pub registered_at: DateTime<Utc>,
    /// When the learner asked, for a seminar that requires approval.
    pub requested_at: Option<DateTime<Utc>>,
    /// When a cancellation or a larger capacity gave the learner a seat.
    pub promoted_at: Option<DateTime<Utc>>,
    /// When the registration was cancelled or the request rejected.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// `approved` or `rejected`, once decided.
    pub decision: Option<String>,
    /// The reason given with the decision.
    pub decision_reason: Option<String>,
    /// The moment that places the line in its list, as people read it (Europe/Rome):
    /// the registration, the request, or the cancellation.
    pub when_text: String,
    /// That moment.
    pub when: DateTime<Utc>,
}

/// A session's whole roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Sheet {
    /// The seminar.
    pub seminar_id: i32,
    /// The seminar's title.
    pub title: String,
    /// Whether the seminar's registrations wait for approval.
    pub requires_approval: bool,
    /// The session with its seats.
    pub session: SessionView,
    /// Seated learners, in the order they got their seat's registration.
    pub seated: Vec<Line>,
    /// The waiting list, first in line first.
    pub waiting: Vec<Line>,
    /// Requests pending approval, in the order they were asked.
    pub pending: Vec<Line>,
    /// Cancelled registrations and rejected requests.
    pub cancelled: Vec<Line>,
}

/// The whole roster of a session; None if there is no such session.
pub async fn sheet(db: &DatabaseConnection, session_id: i32) -> Result<Option<Sheet>, DbErr> {
    let Some(session) = plan::session(db, session_id).await? else {
        return Ok(None);
    };
    let Some(seminar) = plan::seminar(db, session.seminar_id).await? else {
        return Ok(None);
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT r.id, r.user_id, u.name, u.email, m.name AS municipality, r.status, \
         r.registered_at, r.requested_at, r.promoted_at, r.cancelled_at, r.decision, \
         r.decision_reason \
         FROM seminar_registrations r JOIN users u ON u.id = r.user_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE r.session_id = ",
    )
    .bind(session_id)
    .push(" ORDER BY r.registered_at, r.id");
    let mut sheet = Sheet {
        seminar_id: seminar.id,
        title: seminar.title,
        requires_approval: seminar.requires_approval,
        session: listing::view_of(db, session).await?,
        seated: Vec::new(),
        waiting: Vec::new(),
        pending: Vec::new(),
        cancelled: Vec::new(),
    };
    for row in db.query_all_raw(sql.build()).await? {
        let status = Status::parse(&row.try_get::<String>("", "status")?)?;
        let registered_at: DateTime<Utc> = row.try_get("", "registered_at")?;
        let requested_at: Option<DateTime<Utc>> = row.try_get("", "requested_at")?;
        let cancelled_at: Option<DateTime<Utc>> = row.try_get("", "cancelled_at")?;
        let when = match status {
            Status::Pending => requested_at.unwrap_or(registered_at),
            Status::Cancelled => cancelled_at.unwrap_or(registered_at),
            Status::Registered | Status::Waiting => registered_at,
        };
        let line = Line {
            id: row.try_get("", "id")?,
            user_id: row.try_get("", "user_id")?,
            name: row.try_get("", "name")?,
            email: row.try_get("", "email")?,
            municipality: row.try_get("", "municipality")?,
            status,
            position: None,
            registered_at,
            requested_at,
            promoted_at: row.try_get("", "promoted_at")?,
            cancelled_at,
            decision: row.try_get("", "decision")?,
            decision_reason: row.try_get("", "decision_reason")?,
            when_text: deadline_text(when),
            when,
        };
        match status {
            Status::Registered => sheet.seated.push(line),
            Status::Waiting => {
                let position = i64::try_from(sheet.waiting.len()).unwrap_or(i64::MAX) + 1;
                sheet.waiting.push(Line {
                    position: Some(position),
                    ..line
                });
            }
            Status::Pending => sheet.pending.push(line),
            Status::Cancelled => sheet.cancelled.push(line),
        }
    }
    Ok(Some(sheet))
}

/// The roster of a session for `viewer`: only if they run it (an admin, or a tutor
/// of its region, `staff::runs`); None otherwise, as for a session that does not
/// exist.
pub async fn sheet_for(
    db: &DatabaseConnection,
    viewer: &crate::accounts::directory::User,
    session_id: i32,
) -> Result<Option<Sheet>, DbErr> {
    let Some(session) = plan::session(db, session_id).await? else {
        return Ok(None);
    };
    if !super::staff::runs(db, viewer, &session).await? {
        return Ok(None);
    }
    sheet(db, session_id).await
}
