//! Who looked at whose data: every view or export of a learner's personal data by a
//! tutor or an administrator is a row of `personal_data_views` (who, when, which
//! learner, which page or export). The learner reads theirs at `/profilo/accessi`;
//! administrators read all of it; the retention job forgets rows older than
//! `privacy.access_log_months`.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde::Serialize;

use crate::db::sql::Sql;

/// Rows per page of the log.
pub const PAGE: u64 = 50;

/// Rows inserted per statement when a list of learners is logged.
const INSERT_CHUNK: usize = 400;

/// What was done with the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A page or an API answer showed it.
    View,
    /// A file took it away (CSV, XLSX, ZIP).
    Export,
    /// An administrator erased it.
    Erasure,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Export => "export",
            Self::Erasure => "erasure",
        }
    }
}

/// Records that `viewer` saw (or exported) the data of `learners` through `target`
/// (the page's path, or the export's name). Nothing is recorded when a learner looks
/// at their own data.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    viewer: i32,
    learners: &[i32],
    kind: Kind,
    target: &str,
) -> Result<(), DbErr> {
    let target: String = target.chars().take(255).collect();
    let now = Utc::now();
    let learners: Vec<i32> = learners.iter().copied().filter(|l| *l != viewer).collect();
    for chunk in learners.chunks(INSERT_CHUNK) {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "INSERT INTO personal_data_views (viewer_id, learner_id, kind, target, at) VALUES ",
        );
        for (i, learner) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(viewer)
                .push(", ")
                .bind(*learner)
                .push(", ")
                .bind(kind.as_str())
                .push(", ")
                .bind(target.clone())
                .push(", ")
                .bind(now)
                .push(")");
        }
        db.execute_raw(sql.build()).await?;
    }
    Ok(())
}

/// One row of the log, with names.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Entry {
    /// When.
    pub at: DateTime<Utc>,
    /// `view`, `export` or `erasure`.
    pub kind: String,
    /// The page or export.
    pub target: String,
    /// Who looked.
    pub viewer_id: i32,
    /// Their name.
    pub viewer_name: String,
    /// Their role (`tutor`, `admin`).
    pub viewer_role: String,
    /// Whose data.
    pub learner_id: i32,
    /// Their name.
    pub learner_name: String,
}

/// A page of the log, newest first, with the number of rows in all.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The rows.
    pub entries: Vec<Entry>,
    /// Rows in all (of this learner, or in the whole log).
    pub total: u64,
}

/// Page `page` (from 1) of the log of `learner`, or of everyone's when None.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    learner: Option<i32>,
    page: u64,
) -> Result<Page, DbErr> {
    let backend = db.get_database_backend();
    let filter = |sql: &mut Sql| {
        if let Some(learner) = learner {
            sql.push(" WHERE v.learner_id = ").bind(learner);
        }
    };
    let total = count(db, learner).await?;
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT v.at, v.kind, v.target, v.viewer_id, w.name AS viewer_name, \
         w.role AS viewer_role, v.learner_id, l.name AS learner_name \
         FROM personal_data_views v JOIN users w ON w.id = v.viewer_id \
         JOIN users l ON l.id = v.learner_id",
    );
    filter(&mut sql);
    sql.push(" ORDER BY v.id DESC LIMIT ")
        .bind(PAGE as i64)
        .push(" OFFSET ")
        .bind((page.max(1) - 1).saturating_mul(PAGE) as i64);
    let entries = Entry::find_by_statement(sql.build()).all(db).await?;
    Ok(Page { entries, total })
}

/// Rows of the log about `learner`, or in all when None.
pub async fn count<C: ConnectionTrait>(db: &C, learner: Option<i32>) -> Result<u64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM personal_data_views");
    if let Some(learner) = learner {
        sql.push(" WHERE learner_id = ").bind(learner);
    }
    sql.count(db).await
}

/// Forgets the rows older than `before`; returns how many.
pub async fn prune<C: ConnectionTrait>(db: &C, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("DELETE FROM personal_data_views WHERE at < ")
        .bind(before);
    Ok(db.execute_raw(sql.build()).await?.rows_affected())
}

/// The rows older than `before` (what `prune` would forget).
pub async fn count_before<C: ConnectionTrait>(db: &C, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM personal_data_views WHERE at < ")
        .bind(before);
    sql.count(db).await
}

/// Records that `viewer` exported (or saw) the data of every learner `ids` returns (a
/// query whose one column is `learner_id`, e.g. `reports::learners::ids_query`), in one
/// statement however many they are.
pub async fn record_query<C: ConnectionTrait>(
    db: &C,
    viewer: i32,
    ids: &Sql,
    kind: Kind,
    target: &str,
) -> Result<u64, DbErr> {
    let target: String = target.chars().take(255).collect();
    let mut sql = ids.wrapped(
        "WITH ids AS (",
        ") INSERT INTO personal_data_views (viewer_id, learner_id, kind, target, at) SELECT ",
    );
    sql.bind(viewer)
        .push(", learner_id, ")
        .bind(kind.as_str())
        .push(", ")
        .bind(target)
        .push(", ")
        .bind(Utc::now())
        .push(" FROM ids WHERE learner_id <> ")
        .bind(viewer);
    Ok(db.execute_raw(sql.build()).await?.rows_affected())
}
