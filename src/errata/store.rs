//! The queries of reported errors (table `error_reports`, entity in `db::errata`).
//! The queue reads each report with its reporter's name and address in one
//! hand-written join, as the reports' read models do.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    FromQueryResult, QuerySelect,
};
use serde::Serialize;

use super::input::Report;
use super::target::Target;
use super::{THROTTLE_MAX, THROTTLE_WINDOW};
pub use crate::db::errata::error_report;
use crate::db::sql::Sql;

/// The advisory lock class that makes one account's reports take turns on
/// PostgreSQL (the second key is the account id): `ERRA` in ASCII.
const LOCK_CLASS: i32 = 0x4552_5241;

/// Most reports the reporter's own page lists.
const MINE_LIMIT: u64 = 200;

/// A report with its reporter, as the queue and the e-mails need it.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult, Serialize)]
pub struct ReportRow {
    /// Row id.
    pub id: i32,
    /// The reporter's account.
    pub user_id: i32,
    /// `lesson` or `article`.
    pub target_kind: String,
    /// `course/module/lesson` or `act/art-<label>`.
    pub target_id: String,
    /// Title when reported.
    pub target_title: String,
    /// What is wrong.
    pub description: String,
    /// The passage quoted.
    pub quote: Option<String>,
    /// `open`, `answered` or `closed`.
    pub status: String,
    /// The latest answer.
    pub answer: Option<String>,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// When it was reported.
    pub created_at: DateTime<Utc>,
    /// The reporter's name.
    pub reporter_name: String,
    /// The reporter's address.
    pub reporter_email: String,
}

/// How many reports are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Not answered yet.
    pub open: i64,
    /// Answered, not closed.
    pub answered: i64,
    /// Closed.
    pub closed: i64,
}

impl Counts {
    /// Every report.
    pub fn total(&self) -> i64 {
        self.open + self.answered + self.closed
    }
}

/// Stores a report unless its author already sent [`THROTTLE_MAX`] within
/// [`THROTTLE_WINDOW`] before `now`: the count and the insert are one statement, and
/// on PostgreSQL the author's reports take turns under an advisory lock, so that
/// concurrent requests cannot both pass the count. Returns the new id, or None when
/// throttled (nothing stored).
pub async fn insert_throttled(
    db: &DatabaseConnection,
    user_id: i32,
    target: &Target,
    report: &Report,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let txn = crate::db::tx::begin_write(db).await?;
    let backend = txn.get_database_backend();
    if backend == DbBackend::Postgres {
        let mut lock = Sql::new(backend);
        lock.push("SELECT pg_advisory_xact_lock(")
            .bind(LOCK_CLASS)
            .push(", ")
            .bind(user_id)
            .push(")");
        txn.execute_raw(lock.build()).await?;
    }
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO error_reports (user_id, target_kind, target_id, target_title, \
         description, quote, status, created_at) SELECT ",
    )
    .bind(user_id)
    .push(", ")
    .bind(target.kind.as_str())
    .push(", ")
    .bind(target.id.clone())
    .push(", ")
    .bind(target.title.clone())
    .push(", ")
    .bind(report.description.clone())
    .push(", ")
    .bind(report.quote.clone())
    .push(", 'open', ")
    .bind(now)
    .push(" WHERE (SELECT COUNT(*) FROM error_reports WHERE user_id = ")
    .bind(user_id)
    .push(" AND created_at > ")
    .bind(now - THROTTLE_WINDOW)
    .push(") < ")
    .bind(THROTTLE_MAX)
    .push(" RETURNING id");
    let id = match txn.query_one_raw(sql.build()).await? {
        Some(row) => Some(row.try_get::<i32>("", "id")?),
        None => None,
    };
    txn.commit().await?;
    Ok(id)
}

/// A user's own reports, newest first.
pub async fn of_user(db: &DatabaseConnection, user_id: i32) -> Result<Vec<ReportRow>, DbErr> {
    let mut sql = select_rows(db.get_database_backend());
    sql.push(" WHERE r.user_id = ")
        .bind(user_id)
        .push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
        .bind(i64::try_from(MINE_LIMIT).unwrap_or(i64::MAX));
    db.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| ReportRow::from_query_result(row, ""))
        .collect()
}

/// How many reports are open, answered and closed.
pub async fn counts(db: &DatabaseConnection) -> Result<Counts, DbErr> {
    let rows: Vec<(String, i64)> = error_report::Entity::find()
        .select_only()
        .column(error_report::Column::Status)
        .column_as(error_report::Column::Id.count(), "n")
        .group_by(error_report::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = Counts::default();
    for (status, n) in rows {
        match status.as_str() {
            "open" => counts.open += n,
            "answered" => counts.answered += n,
            _ => counts.closed += n,
        }
    }
    Ok(counts)
}

/// The reports with their reporter, from `offset`: open ones first (oldest first,
/// as they wait), then answered ones, then closed ones (most recently closed first).
pub async fn page(
    db: &DatabaseConnection,
    offset: u64,
    limit: u64,
) -> Result<Vec<ReportRow>, DbErr> {
    let mut sql = select_rows(db.get_database_backend());
    sql.push(
        " ORDER BY CASE r.status WHEN 'open' THEN 0 WHEN 'answered' THEN 1 ELSE 2 END, \
         CASE WHEN r.status = 'closed' THEN r.closed_at END DESC, r.created_at, r.id \
         LIMIT ",
    )
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .push(" OFFSET ")
    .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    db.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| ReportRow::from_query_result(row, ""))
        .collect()
}

/// One report with its reporter (also inside a transaction).
pub async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<ReportRow>, DbErr> {
    let mut sql = select_rows(conn.get_database_backend());
    sql.push(" WHERE r.id = ").bind(id);
    conn.query_one_raw(sql.build())
        .await?
        .map(|row| ReportRow::from_query_result(&row, ""))
        .transpose()
}

fn select_rows(backend: DbBackend) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT r.id, r.user_id, r.target_kind, r.target_id, r.target_title, r.description, \
         r.quote, r.status, r.answer, r.answered_at, r.closed_at, r.created_at, \
         u.name AS reporter_name, u.email AS reporter_email \
         FROM error_reports r JOIN users u ON u.id = r.user_id",
    );
    sql
}

/// Records an answer to a report that is not closed (closing it too when `close`);
/// false when there is no such report or it is closed.
pub(crate) async fn set_answer<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    admin_id: i32,
    answer: &str,
    close: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("UPDATE error_reports SET answer = ")
        .bind(answer)
        .push(", answered_by = ")
        .bind(admin_id)
        .push(", answered_at = ")
        .bind(now)
        .push(", status = ")
        .bind(if close { "closed" } else { "answered" })
        .push(", closed_at = ")
        .bind(close.then_some(now))
        .push(" WHERE id = ")
        .bind(id)
        .push(" AND status <> 'closed' RETURNING id");
    Ok(!conn.query_all_raw(sql.build()).await?.is_empty())
}

/// Closes a report that is not closed yet; false when there is no such report or it
/// was closed already (by another administrator, or a repeated click).
pub(crate) async fn set_closed<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("UPDATE error_reports SET status = 'closed', closed_at = ")
        .bind(now)
        .push(" WHERE id = ")
        .bind(id)
        .push(" AND status <> 'closed' RETURNING id");
    Ok(!conn.query_all_raw(sql.build()).await?.is_empty())
}
