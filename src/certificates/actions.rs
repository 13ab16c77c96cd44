//! What an admin does to an issued certificate: revoke it with a reason, or replace it
//! with a corrected one (after a name correction); the old code then answers
//! "replaced by …". Each action is one transaction whose conditional update decides
//! between concurrent admins, and each leaves a row in the certificate's history.

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
};

use super::Status;
use crate::db::certificates::certificate;

/// Why an action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// No certificate has this code.
    #[error("nessun attestato con questo codice")]
    NotFound,
    /// The certificate is not valid any more (revoked or replaced).
    #[error("l'attestato non è valido (stato: {0})")]
    NotValid(&'static str),
    /// The reason is missing or too long.
    #[error("indicare il motivo (al massimo 500 caratteri)")]
    Reason,
    /// The corrected name is empty or too long.
    #[error("il nome corretto deve avere da 1 a 200 caratteri")]
    Name,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn reason(text: &str) -> Result<&str, ActionError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 500 {
        return Err(ActionError::Reason);
    }
    Ok(text)
}

async fn valid<C: ConnectionTrait>(
    conn: &C,
    code: &str,
) -> Result<certificate::Model, ActionError> {
    let found = certificate::Entity::find()
        .filter(certificate::Column::Code.eq(code))
        .one(conn)
        .await?
        .ok_or(ActionError::NotFound)?;
    match Status::parse(&found.status) {
        Some(Status::Valid) => Ok(found),
        Some(other) => Err(ActionError::NotValid(other.as_str())),
        None => Err(ActionError::NotValid("unknown")),
    }
}

/// Revokes a valid certificate.
pub async fn revoke(
    db: &sea_orm::DatabaseConnection,
    admin_id: i32,
    code: &str,
    why: &str,
) -> Result<(), ActionError> {
    let why = reason(why)?;
    let txn = crate::db::tx::begin_write(db).await?;
    let found = valid(&txn, code).await?;
    let now = Utc::now();
    let done = certificate::Entity::update_many()
        .col_expr(certificate::Column::Status, Status::Revoked.as_str().into())
        .col_expr(certificate::Column::RevokedAt, now.into())
        .col_expr(certificate::Column::RevokedBy, admin_id.into())
        .col_expr(certificate::Column::RevocationReason, why.into())
        .filter(certificate::Column::Id.eq(found.id))
        .filter(certificate::Column::Status.eq(Status::Valid.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ActionError::NotValid(Status::Revoked.as_str()));
    }
    super::store::event(
        &txn,
        found.id,
        "revoked",
        Some(admin_id),
        Some(why),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces a valid certificate with a new one carrying `name` (or, when None, the
/// account's current name); everything else is kept, and the learner is told again.
/// Returns the new code.
pub async fn reissue(
    db: &sea_orm::DatabaseConnection,
    admin_id: i32,
    code: &str,
    name: Option<&str>,
    why: &str,
) -> Result<String, ActionError> {
    let why = reason(why)?;
    let txn = crate::db::tx::begin_write(db).await?;
    let old = valid(&txn, code).await?;
    let name = match name.map(str::trim) {
        Some(n) if !n.is_empty() && n.chars().count() <= 200 => n.to_string(),
        Some(_) => return Err(ActionError::Name),
        None => account_name(&txn, old.user_id)
            .await?
            .unwrap_or(old.holder_name.clone()),
    };
    let new_code = super::issue::new_code();
    let now = Utc::now();
    let done = certificate::Entity::update_many()
        .col_expr(
            certificate::Column::Status,
            Status::Replaced.as_str().into(),
        )
        .col_expr(certificate::Column::ReplacedBy, new_code.clone().into())
        .filter(certificate::Column::Id.eq(old.id))
        .filter(certificate::Column::Status.eq(Status::Valid.as_str()))
        .filter(certificate::Column::ReplacedBy.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ActionError::NotValid(Status::Replaced.as_str()));
    }
    let new = certificate::ActiveModel {
        id: NotSet,
        code: Set(new_code.clone()),
        user_id: Set(old.user_id),
        course_id: Set(old.course_id.clone()),
        edition_id: Set(old.edition_id),
        status: Set(Status::Valid.as_str().into()),
        issued_at: Set(now),
        completed_on: Set(old.completed_on),
        issued_by: Set(Some(admin_id)),
        issue_reason: Set(Some(why.to_string())),
        holder_name: Set(name),
        holder_municipality: Set(old.holder_municipality.clone()),
        course_title: Set(old.course_title.clone()),
        edition_title: Set(old.edition_title.clone()),
        modules: Set(old.modules.clone()),
        remote_minutes: Set(old.remote_minutes),
        classroom_minutes: Set(old.classroom_minutes),
        issuer: Set(String::new()),
        language: Set(old.language.clone()),
        credential: Set(None),
        key_id: Set(None),
        announced_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
        revocation_reason: Set(None),
        replaced_by: Set(None),
        replaces: Set(Some(old.code.clone())),
    };
    let inserted = certificate::Entity::insert(new).exec(&txn).await?;
    let store = super::store::event;
    store(
        &txn,
        old.id,
        "replaced",
        Some(admin_id),
        Some(why),
        Some(&new_code),
        now,
    )
    .await?;
    store(
        &txn,
        inserted.last_insert_id,
        "reissued",
        Some(admin_id),
        Some(why),
        Some(&old.code),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(new_code)
}

async fn account_name<C: ConnectionTrait>(conn: &C, user_id: i32) -> Result<Option<String>, DbErr> {
    let mut sql = crate::db::sql::Sql::new(conn.get_database_backend());
    sql.push("SELECT name FROM users WHERE id = ").bind(user_id);
    match conn.query_one_raw(sql.build()).await? {
        Some(row) => Ok(Some(row.try_get("", "name")?)),
        None => Ok(None),
    }
}
