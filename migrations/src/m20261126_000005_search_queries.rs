//! The search query log: what learners look for and how many results they got,
//! without who asked.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchQueries::Table)
                    .if_not_exists()
                    .col(big_pk_auto(SearchQueries::Id))
                    .col(string(SearchQueries::Query))
                    .col(integer(SearchQueries::Results))
                    .col(timestamp_with_time_zone(SearchQueries::AskedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_search_queries_asked_at")
                    .table(SearchQueries::Table)
                    .col(SearchQueries::AskedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchQueries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchQueries {
    Table,
    Id,
    Query,
    Results,
    AskedAt,
}
