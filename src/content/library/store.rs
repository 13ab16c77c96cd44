//! The library's queries: storing an act with its articles in one transaction, and
//! reading acts and articles back (tables `acts` and `articles`, entities in
//! `db::library`).

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryOrder, QuerySelect};

pub use crate::db::library::{StoredComma, act, article, article_change};

/// An act ready to be stored.
pub struct NewAct {
    /// The act row.
    pub act: act::Model,
    /// Its articles in order.
    pub articles: Vec<article::Model>,
}

/// Rows per INSERT: keeps each statement under SQLite's bound-parameter limit.
const INSERT_BATCH: usize = 200;

/// Stores an act, replacing any earlier import of it, in one transaction: readers see
/// the old act or the new one, never a mix.
pub async fn replace_act(db: &DatabaseConnection, new: NewAct) -> Result<(), DbErr> {
    let txn = crate::db::tx::begin_write(db).await?;
    replace_act_in(&txn, new).await?;
    txn.commit().await
}

/// Stores an act, replacing any earlier import of it, inside the caller's transaction
/// (`imported_at` set to now).
pub async fn replace_act_in<C: ConnectionTrait>(txn: &C, new: NewAct) -> Result<(), DbErr> {
    article::Entity::delete_many()
        .filter(article::Column::ActId.eq(new.act.id.clone()))
        .exec(txn)
        .await?;
    act::Entity::delete_by_id(new.act.id.clone())
        .exec(txn)
        .await?;
    let mut row: act::ActiveModel = new.act.into();
    row.imported_at = Set(Utc::now());
    act::Entity::insert(row).exec_without_returning(txn).await?;
    for chunk in new.articles.chunks(INSERT_BATCH) {
        let rows = chunk.iter().cloned().map(article::ActiveModel::from);
        article::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Every act, by kind, year and number.
pub async fn list_acts(db: &DatabaseConnection) -> Result<Vec<act::Model>, DbErr> {
    act::Entity::find()
        .order_by_asc(act::Column::Year)
        .order_by_asc(act::Column::Id)
        .all(db)
        .await
}

/// One act (also inside a transaction).
pub async fn find_act<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<act::Model>, DbErr> {
    act::Entity::find_by_id(id.to_string()).one(db).await
}

/// The articles of an act, in order (also inside a transaction).
pub async fn articles_of<C: ConnectionTrait>(
    db: &C,
    act_id: &str,
) -> Result<Vec<article::Model>, DbErr> {
    article::Entity::find()
        .filter(article::Column::ActId.eq(act_id.to_string()))
        .order_by_asc(article::Column::Position)
        .all(db)
        .await
}

/// One article.
pub async fn find_article(
    db: &DatabaseConnection,
    id: &str,
) -> Result<Option<article::Model>, DbErr> {
    article::Entity::find_by_id(id.to_string()).one(db).await
}

/// Several articles by id (for the citation sidebar of a lesson).
pub async fn find_articles(
    db: &DatabaseConnection,
    ids: &[String],
) -> Result<Vec<article::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    article::Entity::find()
        .filter(article::Column::Id.is_in(ids.iter().cloned()))
        .all(db)
        .await
}

/// The neighbours of an article in its act: (previous, next) ids and labels.
pub async fn neighbours(
    db: &DatabaseConnection,
    article: &article::Model,
) -> Result<(Option<(String, String)>, Option<(String, String)>), DbErr> {
    let around = |position: i32| {
        article::Entity::find()
            .select_only()
            .column(article::Column::Id)
            .column(article::Column::Label)
            .filter(article::Column::ActId.eq(article.act_id.clone()))
            .filter(article::Column::Position.eq(position))
            .into_tuple::<(String, String)>()
            .one(db)
    };
    Ok((
        around(article.position - 1).await?,
        around(article.position + 1).await?,
    ))
}

/// Every article id, for content checks and link rendering.
pub async fn article_ids(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    article::Entity::find()
        .select_only()
        .column(article::Column::Id)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// Every act's id with the date of its text in force, as stored (for the review
/// dates of lessons).
pub async fn acts_in_force(
    db: &DatabaseConnection,
) -> Result<Vec<(String, Option<String>)>, DbErr> {
    act::Entity::find()
        .select_only()
        .column(act::Column::Id)
        .column(act::Column::InForceAt)
        .into_tuple()
        .all(db)
        .await
}

/// Every article, act by act in position order (for the search index).
pub async fn all_articles(db: &DatabaseConnection) -> Result<Vec<article::Model>, DbErr> {
    article::Entity::find()
        .order_by_asc(article::Column::ActId)
        .order_by_asc(article::Column::Position)
        .all(db)
        .await
}

/// What tells one state of the library from another: each act's id and content hash,
/// sorted (one small query; the index compares it to see whether to rebuild).
pub async fn fingerprint(db: &DatabaseConnection) -> Result<String, DbErr> {
    let acts: Vec<(String, String)> = act::Entity::find()
        .select_only()
        .column(act::Column::Id)
        .column(act::Column::ContentHash)
        .order_by_asc(act::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let joined: Vec<String> = acts
        .into_iter()
        .map(|(id, hash)| format!("{id}:{hash}"))
        .collect();
    Ok(crate::content::library::content_hash(&joined.join(",")))
}

/// A page of the history of legal changes, newest first, and how many there are.
pub async fn changes_page(
    db: &DatabaseConnection,
    offset: u64,
    limit: u64,
) -> Result<(Vec<article_change::Model>, u64), DbErr> {
    let total = article_change::Entity::find().count(db).await?;
    let rows = article_change::Entity::find()
        .order_by_desc(article_change::Column::DetectedAt)
        .order_by_asc(article_change::Column::ArticleId)
        .order_by_desc(article_change::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// When each article last changed, by article id (for the review warnings of
/// `courses check`).
pub async fn last_changes(
    db: &DatabaseConnection,
) -> Result<std::collections::HashMap<String, chrono::DateTime<Utc>>, DbErr> {
    let rows: Vec<(String, chrono::DateTime<Utc>)> = article_change::Entity::find()
        .select_only()
        .column(article_change::Column::ArticleId)
        .column_as(article_change::Column::DetectedAt.max(), "detected_at")
        .group_by(article_change::Column::ArticleId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Records changes found by an import, inside its transaction.
pub async fn insert_changes<C: ConnectionTrait>(
    conn: &C,
    changes: Vec<article_change::Model>,
) -> Result<(), DbErr> {
    for chunk in changes.chunks(INSERT_BATCH) {
        let rows = chunk.iter().cloned().map(|c| article_change::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            ..c.into()
        });
        article_change::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Makes concurrent imports of the library (the command line and a scheduled refresh,
/// or two instances) take turns, inside the importing transaction, so that two of them
/// never compare against the same old text and record a change twice. PostgreSQL locks
/// the `acts` table against other writers (readers go on); SQLite already lets one
/// writer at a time.
pub async fn lock_for_import<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        conn.execute_unprepared("LOCK TABLE acts IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    Ok(())
}
