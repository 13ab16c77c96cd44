//! The certificates' queries: one record by code, a learner's, a page of them, the
//! history of one, and the rows of the history themselves.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::{Certificate, ModuleLine, Status};
use crate::db::certificates::{certificate, event};
use crate::db::sql::Sql;

/// A certificate with its state and what happened to it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Row id.
    pub id: i32,
    /// The learner.
    pub user_id: i32,
    /// The edition (row id).
    pub edition_id: i32,
    /// Valid, revoked or replaced.
    pub status: Status,
    /// What the paper says.
    pub certificate: Certificate,
    /// The admin who issued it by hand, and why.
    pub issued_by: Option<i32>,
    /// Why it was issued by hand.
    pub issue_reason: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked.
    pub revocation_reason: Option<String>,
    /// The certificate that replaced it.
    pub replaced_by: Option<String>,
    /// The certificate it replaced.
    pub replaces: Option<String>,
    /// The signed credential, once sealed.
    #[serde(skip)]
    pub credential: Option<String>,
}

impl From<certificate::Model> for Record {
    fn from(m: certificate::Model) -> Self {
        let modules: Vec<ModuleLine> = serde_json::from_str(&m.modules).unwrap_or_default();
        Record {
            id: m.id,
            user_id: m.user_id,
            edition_id: m.edition_id,
            status: Status::parse(&m.status).unwrap_or(Status::Revoked),
            certificate: Certificate {
                code: m.code,
                holder_name: m.holder_name,
                holder_municipality: m.holder_municipality,
                course_id: m.course_id,
                course_title: m.course_title,
                edition_title: m.edition_title,
                modules,
                remote_minutes: u32::try_from(m.remote_minutes).unwrap_or(0),
                classroom_minutes: u32::try_from(m.classroom_minutes).unwrap_or(0),
                completed_on: m.completed_on,
                issued_at: m.issued_at,
                issuer: m.issuer,
                language: m.language,
            },
            issued_by: m.issued_by,
            issue_reason: m.issue_reason,
            revoked_at: m.revoked_at,
            revocation_reason: m.revocation_reason,
            replaced_by: m.replaced_by,
            replaces: m.replaces,
            credential: m.credential,
        }
    }
}

/// One action in a certificate's history.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// `issued`, `revoked`, `replaced` or `reissued`.
    pub action: String,
    /// Who (None: the system, on completion).
    pub actor_id: Option<i32>,
    /// The reason given.
    pub reason: Option<String>,
    /// More detail (the other certificate's code).
    pub detail: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// The certificate with this code.
pub async fn find<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Option<Record>, DbErr> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Code.eq(code))
        .one(conn)
        .await?
        .map(Record::from))
}

/// The certificate with this row id.
pub async fn by_id<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<Record>, DbErr> {
    Ok(certificate::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(Record::from))
}

/// A learner's certificates, newest first (replaced ones included: the page says so).
pub async fn of_learner<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Vec<Record>, DbErr> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user_id))
        .order_by_desc(certificate::Column::IssuedAt)
        .order_by_desc(certificate::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Record::from)
        .collect())
}

/// The code of the current (not replaced) certificate of a learner, course and edition.
pub async fn current_code<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    course_id: &str,
    edition_id: i32,
) -> Result<Option<String>, DbErr> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user_id))
        .filter(certificate::Column::CourseId.eq(course_id))
        .filter(certificate::Column::EditionId.eq(edition_id))
        .filter(certificate::Column::ReplacedBy.is_null())
        .one(conn)
        .await?
        .map(|m| m.code))
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this edition (row id).
    pub edition_id: Option<i32>,
    /// Only learners of these municipalities or regions (a tutor's cohort); None: all.
    pub cohort: Option<Cohort>,
    /// Only this status.
    pub status: Option<Status>,
}

/// A tutor's cohort: municipalities (ISTAT codes) and regions.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    /// ISTAT codes.
    pub municipalities: Vec<String>,
    /// Region names.
    pub regions: Vec<String>,
}

/// The ids of the certificates matching `filter`, by id, after `after`, at most `limit`.
pub async fn ids<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    after: i32,
    limit: u64,
) -> Result<Vec<i32>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT c.id AS id FROM certificates c JOIN users u ON u.id = c.user_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality WHERE c.id > ",
    )
    .bind(after);
    if let Some(edition) = filter.edition_id {
        sql.push(" AND c.edition_id = ").bind(edition);
    }
    if let Some(status) = filter.status {
        sql.push(" AND c.status = ").bind(status.as_str());
    }
    if let Some(cohort) = &filter.cohort {
        sql.push(" AND (1 = 0");
        if !cohort.municipalities.is_empty() {
            sql.push(" OR u.municipality IN (")
                .bind_list(&cohort.municipalities)
                .push(")");
        }
        if !cohort.regions.is_empty() {
            sql.push(" OR m.region IN (")
                .bind_list(&cohort.regions)
                .push(")");
        }
        sql.push(")");
    }
    sql.push(" ORDER BY c.id LIMIT ").bind(limit as i64);
    conn.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| row.try_get("", "id"))
        .collect()
}

/// The records with these ids, in the same order.
pub async fn many<C: ConnectionTrait>(conn: &C, ids: &[i32]) -> Result<Vec<Record>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<Record> = certificate::Entity::find()
        .filter(certificate::Column::Id.is_in(ids.to_vec()))
        .all(conn)
        .await?
        .into_iter()
        .map(Record::from)
        .collect();
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

/// A page of records matching `filter` after the id `after`.
pub async fn page<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    after: i32,
    limit: u64,
) -> Result<Vec<Record>, DbErr> {
    let ids = ids(conn, filter, after, limit).await?;
    many(conn, &ids).await
}

/// The history of a certificate, oldest first.
pub async fn events<C: ConnectionTrait>(
    conn: &C,
    certificate_id: i32,
) -> Result<Vec<Event>, DbErr> {
    Ok(event::Entity::find()
        .filter(event::Column::CertificateId.eq(certificate_id))
        .order_by_asc(event::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| Event {
            action: e.action,
            actor_id: e.actor_id,
            reason: e.reason,
            detail: e.detail,
            at: e.at,
        })
        .collect())
}

/// Records an action on a certificate.
pub(super) async fn event<C: ConnectionTrait>(
    conn: &C,
    certificate_id: i32,
    action: &str,
    actor_id: Option<i32>,
    reason: Option<&str>,
    detail: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    event::Entity::insert(event::ActiveModel {
        certificate_id: sea_orm::ActiveValue::Set(certificate_id),
        action: sea_orm::ActiveValue::Set(action.to_string()),
        actor_id: sea_orm::ActiveValue::Set(actor_id),
        reason: sea_orm::ActiveValue::Set(reason.map(str::to_string)),
        detail: sea_orm::ActiveValue::Set(detail.map(str::to_string)),
        at: sea_orm::ActiveValue::Set(at),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Stores the signed credential and the issuer it names, unless another sealer did
/// first; returns whether this call stored it.
pub(super) async fn store_seal<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    issuer: &str,
    credential: &str,
    key_id: &str,
) -> Result<bool, DbErr> {
    let result = certificate::Entity::update_many()
        .col_expr(certificate::Column::Issuer, issuer.into())
        .col_expr(certificate::Column::Credential, credential.into())
        .col_expr(certificate::Column::KeyId, key_id.into())
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::Credential.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The ids of valid certificates whose learner was not told yet.
pub(super) async fn unannounced<C: ConnectionTrait>(
    conn: &C,
    limit: u64,
) -> Result<Vec<i32>, DbErr> {
    certificate::Entity::find()
        .select_only()
        .column(certificate::Column::Id)
        .filter(certificate::Column::AnnouncedAt.is_null())
        .filter(certificate::Column::Status.eq(Status::Valid.as_str()))
        .order_by_asc(certificate::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await
}

/// Marks a certificate as announced unless it was; returns whether this call did.
pub(super) async fn mark_announced<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = certificate::Entity::update_many()
        .col_expr(certificate::Column::AnnouncedAt, now.into())
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::AnnouncedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}
