//! Reading registrations back: who is seated, the waiting list in its order
//! (registration time, then id) with each one's position, and the counts.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde::Serialize;

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

/// The live registrations of a session: the seated ones, then the waiting list in
/// order (a waiting entry's position is its index among the waiting ones, plus 1).
pub async fn entries<C: ConnectionTrait>(conn: &C, session_id: i32) -> Result<Vec<Entry>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT r.id, r.user_id, u.name, u.email, r.status, r.registered_at, r.promoted_at \
         FROM seminar_registrations r JOIN users u ON u.id = r.user_id \
         WHERE r.session_id = ",
    )
    .bind(session_id)
    .push(
        " AND r.status <> 'cancelled' \
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
