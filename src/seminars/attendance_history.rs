//! The history of a session's attendance marks as staff read it: every change with
//! who made it (by name) and the learner, newest first, by page for people and by
//! cursor for the API; a session the viewer does not run reads as missing.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::Serialize;

use super::attendance_sheet::{SessionInfo, rome_text, run_by, today};
use crate::accounts::directory::User;
use crate::db::sql::Sql;

/// One change of a mark, with the names of who made it and of the learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Change {
    /// The change's id (the order of the changes; the API's cursor).
    pub id: i32,
    /// When.
    pub changed_at: DateTime<Utc>,
    /// When, as people read it (`12/03/2027 09:41:07`, Europe/Rome).
    pub changed_at_text: String,
    /// Who made it.
    pub changed_by: i32,
    /// Their name (None: the account is gone).
    pub changed_by_name: Option<String>,
    /// The learner.
    pub user_id: i32,
    /// The learner's name.
    pub learner: String,
    /// The learner's e-mail address.
    pub email: String,
    /// The day, from 1.
    pub day: i32,
    /// `am` or `pm`.
    pub half: String,
    /// The mark before (null: none).
    pub old_present: Option<bool>,
    /// The mark after.
    pub new_present: bool,
    /// Where it came from: `page`, `import`, `api` or `demo`.
    pub source: String,
}

/// A change as the history's query reads it.
#[derive(FromQueryResult)]
struct ChangeRow {
    id: i32,
    changed_at: DateTime<Utc>,
    changed_by: i32,
    changed_by_name: Option<String>,
    user_id: i32,
    learner: String,
    email: String,
    day: i32,
    half: String,
    old_present: Option<bool>,
    new_present: bool,
    source: String,
}

impl From<ChangeRow> for Change {
    fn from(row: ChangeRow) -> Self {
        Self {
            id: row.id,
            changed_at_text: rome_text(row.changed_at),
            changed_at: row.changed_at,
            changed_by: row.changed_by,
            changed_by_name: row.changed_by_name,
            user_id: row.user_id,
            learner: row.learner,
            email: row.email,
            day: row.day,
            half: row.half,
            old_present: row.old_present,
            new_present: row.new_present,
            source: row.source,
        }
    }
}

/// The changes of a session, newest first: those older than `before` (a change id)
/// if given, `limit` of them after skipping `offset`.
async fn changes(
    db: &DatabaseConnection,
    session_id: i32,
    before: Option<i32>,
    limit: u64,
    offset: u64,
) -> Result<Vec<Change>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT c.id, c.changed_at, c.changed_by, b.name AS changed_by_name, c.user_id, \
         u.name AS learner, u.email, c.day, c.half, c.old_present, c.new_present, c.source \
         FROM seminar_attendance_changes c JOIN users u ON u.id = c.user_id \
         LEFT JOIN users b ON b.id = c.changed_by WHERE c.session_id = ",
    )
    .bind(session_id);
    if let Some(before) = before {
        sql.push(" AND c.id < ").bind(before);
    }
    sql.push(" ORDER BY c.id DESC LIMIT ")
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .push(" OFFSET ")
        .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    db.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| ChangeRow::from_query_result(row, "").map(Change::from))
        .collect()
}

/// One page of a session's history, for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryPage {
    /// The session.
    pub session: SessionInfo,
    /// The changes of this page, newest first.
    pub changes: Vec<Change>,
    /// Changes in all.
    pub total: u64,
}

/// Page `page` (from 1) of `per_page` changes of a session `viewer` runs, newest
/// first (None: no such session, or not theirs).
pub async fn history_page(
    db: &DatabaseConnection,
    viewer: &User,
    session_id: i32,
    page: u64,
    per_page: u64,
) -> Result<Option<HistoryPage>, DbErr> {
    let Some((session, seminar)) = run_by(db, viewer, session_id).await? else {
        return Ok(None);
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM seminar_attendance_changes WHERE session_id = ")
        .bind(session_id);
    let total: i64 = match db.query_one_raw(sql.build()).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    let offset = page.saturating_sub(1).saturating_mul(per_page);
    Ok(Some(HistoryPage {
        session: SessionInfo::new(&session, &seminar, today()),
        changes: changes(db, session_id, None, per_page, offset).await?,
        total: u64::try_from(total).unwrap_or(0),
    }))
}

/// A stretch of a session's history, for the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HistoryChunk {
    /// Changes, newest first.
    pub changes: Vec<Change>,
    /// The cursor of the next (older) stretch, to pass as `after`; null at the end.
    pub next: Option<i32>,
}

/// Up to `limit` changes of a session `viewer` runs, newest first, older than the
/// change `after` when given (None: no such session, or not theirs).
pub async fn history_after(
    db: &DatabaseConnection,
    viewer: &User,
    session_id: i32,
    after: Option<i32>,
    limit: u64,
) -> Result<Option<HistoryChunk>, DbErr> {
    if run_by(db, viewer, session_id).await?.is_none() {
        return Ok(None);
    }
    let mut changes = changes(db, session_id, after, limit.saturating_add(1), 0).await?;
    let more = changes.len() as u64 > limit;
    changes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = if more {
        changes.last().map(|c| c.id)
    } else {
        None
    };
    Ok(Some(HistoryChunk { changes, next }))
}
