//! What the privacy pages ask, one function each: a person's own page ("I miei
//! dati"), their erasure when their editions allow it, and an administrator's view of
//! one person.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde::Serialize;

use super::erase::{self, EraseError, Erased};
use super::exports::{self, Export};
use super::notice::{self, Acknowledgement, Notices};
use crate::config::CertificateRule;
use crate::db::sql::Sql;

/// A person's own privacy page.
#[derive(Debug, Clone, Serialize)]
pub struct MyData {
    /// Their exports, newest first.
    pub exports: Vec<Export>,
    /// Their acknowledgements of the notice, newest first.
    pub acknowledgements: Vec<Acknowledgement>,
    /// Views and exports of their data by staff, in all.
    pub views: u64,
    /// Whether they may erase their account themselves.
    pub may_erase: bool,
}

/// The page of `user` (`learner` says whether they are a learner: only learners'
/// accounts are erased).
pub async fn my_data<C: ConnectionTrait>(
    db: &C,
    user: i32,
    learner: bool,
) -> Result<MyData, DbErr> {
    Ok(MyData {
        exports: exports::of_user(db, user).await?,
        acknowledgements: notice::acknowledgements(db, user).await?,
        views: super::access_log::count(db, Some(user)).await?,
        may_erase: learner && self_erasure_allowed(db, user).await?,
    })
}

/// Whether every edition `user` is enrolled in lets its learners erase their own
/// account (and there is at least one).
pub async fn self_erasure_allowed<C: ConnectionTrait>(db: &C, user: i32) -> Result<bool, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT COUNT(*) AS editions, \
         SUM(CASE WHEN d.self_erasure THEN 1 ELSE 0 END) AS allowing \
         FROM (SELECT DISTINCT edition_id FROM enrolments WHERE user_id = ",
    )
    .bind(user)
    .push(") n JOIN editions d ON d.id = n.edition_id");
    let Some(row) = db.query_one_raw(sql.build()).await? else {
        return Ok(false);
    };
    let editions: i64 = row.try_get("", "editions")?;
    let allowing: Option<i64> = row.try_get("", "allowing")?;
    Ok(editions > 0 && allowing == Some(editions))
}

/// Why a person's own erasure was refused.
#[derive(Debug, thiserror::Error)]
pub enum SelfEraseError {
    /// Their editions do not allow it.
    #[error(
        "le edizioni a cui sei iscritto/a non consentono la cancellazione dal profilo: scrivi al titolare del trattamento"
    )]
    NotAllowed,
    /// The confirmation is not their address.
    #[error("per confermare, scrivi il tuo indirizzo e-mail come appare nel profilo")]
    NotConfirmed,
    /// Erasure refused.
    #[error(transparent)]
    Erase(#[from] EraseError),
}

/// Erases `user`'s own account, confirmed by typing their address.
pub async fn erase_self(
    db: &DatabaseConnection,
    user: i32,
    email: &str,
    confirmation: &str,
    rule: CertificateRule,
) -> Result<Erased, SelfEraseError> {
    if !self_erasure_allowed(db, user)
        .await
        .map_err(EraseError::Db)?
    {
        return Err(SelfEraseError::NotAllowed);
    }
    if !confirmation.trim().eq_ignore_ascii_case(email) {
        return Err(SelfEraseError::NotConfirmed);
    }
    Ok(erase::erase_one(db, user, rule, Utc::now()).await?)
}

/// The notice version `user` still has to acknowledge, if any.
pub async fn pending_notice<C: ConnectionTrait>(
    db: &C,
    notices: &Notices,
    user: i32,
) -> Result<Option<String>, DbErr> {
    let Some(current) = notices.current() else {
        return Ok(None);
    };
    Ok((!notice::acknowledged(db, user, current).await?).then(|| current.to_string()))
}

/// What an administrator sees of one person: how many rows each table holds of
/// them, their exports, and the log of who looked at them.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Rows per personal table (tables with none left out).
    pub tables: Vec<(String, usize)>,
    /// Their exports.
    pub exports: Vec<Export>,
    /// The latest views of their data.
    pub views: super::access_log::Page,
}

/// An administrator's view of `user`, recorded in the access log.
pub async fn person(db: &DatabaseConnection, viewer: i32, user: i32) -> Result<Person, DbErr> {
    let data = super::export::collect(db, user).await?;
    super::access_log::record(
        db,
        viewer,
        &[user],
        super::access_log::Kind::View,
        &format!("/admin/privacy/utenti/{user}"),
    )
    .await?;
    Ok(Person {
        tables: data
            .tables
            .iter()
            .filter(|t| !t.rows.is_empty())
            .map(|t| (t.table.name.to_string(), t.rows.len()))
            .collect(),
        exports: exports::of_user(db, user).await?,
        views: super::access_log::page(db, Some(user), 1).await?,
    })
}

/// Sets whether edition `number` lets its learners erase their own account; false
/// when there is no such edition.
pub async fn set_self_erasure<C: ConnectionTrait>(
    db: &C,
    number: i32,
    allow: bool,
) -> Result<bool, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("UPDATE editions SET self_erasure = ")
        .bind(allow)
        .push(" WHERE number = ")
        .bind(number);
    Ok(db.execute_raw(sql.build()).await?.rows_affected() == 1)
}
