//! Where each act came from (the Normattiva page it was fetched from, and when), and
//! the history of legal changes: one row per article whose text changed, appeared or
//! disappeared when an act was fetched again, with the old and the new text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Acts::Table)
                    .add_column(string_null(Acts::SourceUrl))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Acts::Table)
                    .add_column(timestamp_with_time_zone_null(Acts::FetchedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ArticleChanges::Table)
                    .if_not_exists()
                    .col(pk_auto(ArticleChanges::Id))
                    .col(string(ArticleChanges::ActId))
                    .col(string(ArticleChanges::ArticleId))
                    .col(string(ArticleChanges::Label))
                    .col(string(ArticleChanges::Change))
                    .col(text_null(ArticleChanges::OldText))
                    .col(text_null(ArticleChanges::NewText))
                    .col(string_null(ArticleChanges::OldInForceAt))
                    .col(string_null(ArticleChanges::NewInForceAt))
                    .col(timestamp_with_time_zone(ArticleChanges::DetectedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_changes_detected")
                    .table(ArticleChanges::Table)
                    .col(ArticleChanges::DetectedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_changes_article")
                    .table(ArticleChanges::Table)
                    .col(ArticleChanges::ArticleId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ArticleChanges::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Acts::Table)
                    .drop_column(Acts::FetchedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Acts::Table)
                    .drop_column(Acts::SourceUrl)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Acts {
    Table,
    SourceUrl,
    FetchedAt,
}

#[derive(DeriveIden)]
enum ArticleChanges {
    Table,
    Id,
    ActId,
    ArticleId,
    Label,
    Change,
    OldText,
    NewText,
    OldInForceAt,
    NewInForceAt,
    DetectedAt,
}
