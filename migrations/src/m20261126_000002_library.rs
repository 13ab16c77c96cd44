//! The legal library: acts and their articles. Commi and notes are stored as JSON
//! arrays on the article: they are always read with it and never queried alone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Acts::Table)
                    .if_not_exists()
                    .col(string(Acts::Id).primary_key())
                    .col(string(Acts::Kind))
                    .col(string(Acts::Number))
                    .col(integer(Acts::Year))
                    .col(string_null(Acts::Date))
                    .col(text(Acts::Title))
                    .col(string_null(Acts::Urn))
                    .col(string_null(Acts::InForceAt))
                    .col(string(Acts::SourceFormat))
                    .col(string(Acts::ContentHash))
                    .col(integer(Acts::ArticleCount))
                    .col(timestamp_with_time_zone(Acts::ImportedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Articles::Table)
                    .if_not_exists()
                    .col(string(Articles::Id).primary_key())
                    .col(string(Articles::ActId))
                    .col(integer(Articles::Position))
                    .col(string(Articles::Label))
                    .col(string(Articles::Slug))
                    .col(text_null(Articles::Heading))
                    .col(string_null(Articles::SourceMark))
                    .col(text(Articles::Structure))
                    .col(text(Articles::Intro))
                    .col(text(Articles::Commi))
                    .col(text(Articles::Notes))
                    .col(boolean(Articles::Repealed))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_articles_act")
                            .from(Articles::Table, Articles::ActId)
                            .to(Acts::Table, Acts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_articles_act_position")
                    .table(Articles::Table)
                    .col(Articles::ActId)
                    .col(Articles::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Articles::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Acts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Acts {
    Table,
    Id,
    Kind,
    Number,
    Year,
    Date,
    Title,
    Urn,
    InForceAt,
    SourceFormat,
    ContentHash,
    ArticleCount,
    ImportedAt,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    ActId,
    Position,
    Label,
    Slug,
    Heading,
    SourceMark,
    Structure,
    Intro,
    Commi,
    Notes,
    Repealed,
}
