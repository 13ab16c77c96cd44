//! The search query log (table `search_queries`): each query as typed (normalised),
//! its result count and when; never who asked.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, FromQueryResult, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::db::search_queries::search_query;

/// The form a query is logged in.
pub fn normalise(query: &str) -> String {
    let flat: Vec<&str> = query.split_whitespace().collect();
    flat.join(" ").to_lowercase().chars().take(200).collect()
}

/// Logs one query.
pub async fn record(db: &DatabaseConnection, query: &str, results: usize) -> Result<(), DbErr> {
    let query = normalise(query);
    if query.is_empty() {
        return Ok(());
    }
    search_query::ActiveModel {
        query: Set(query),
        results: Set(i32::try_from(results).unwrap_or(i32::MAX)),
        asked_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A query with how often it was asked since a date.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct QueryStat {
    /// The normalised query.
    pub query: String,
    /// How many times.
    pub times: i64,
    /// The fewest results it found.
    pub results: i32,
    /// Last asked.
    pub last_asked: DateTime<Utc>,
}

/// The most asked queries since `since`; with `zero_only`, those that found nothing.
pub async fn top(
    db: &DatabaseConnection,
    since: DateTime<Utc>,
    zero_only: bool,
    limit: u64,
) -> Result<Vec<QueryStat>, DbErr> {
    use search_query::Column;
    let mut select = search_query::Entity::find()
        .select_only()
        .column(Column::Query)
        .column_as(Column::Id.count(), "times")
        .column_as(Column::Results.min(), "results")
        .column_as(Column::AskedAt.max(), "last_asked")
        .filter(Column::AskedAt.gte(since))
        .group_by(Column::Query);
    if zero_only {
        select = select.having(sea_orm::sea_query::ExprTrait::eq(Column::Results.max(), 0));
    }
    select
        .order_by_desc(Expr::col(sea_orm::sea_query::Alias::new("times")))
        .order_by_asc(Column::Query)
        .limit(limit)
        .into_model::<QueryStat>()
        .all(db)
        .await
}
