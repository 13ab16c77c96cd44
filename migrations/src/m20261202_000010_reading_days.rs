//! Reading time credited per learner and day (UTC), so that the daily cap on credited
//! time holds whatever the number of lessons, tabs or instances.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReadingDays::Table)
                    .if_not_exists()
                    .col(integer(ReadingDays::UserId))
                    .col(string_len(ReadingDays::Day, 10))
                    .col(integer(ReadingDays::Seconds))
                    .primary_key(
                        Index::create()
                            .col(ReadingDays::UserId)
                            .col(ReadingDays::Day),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reading_days_user")
                            .from(ReadingDays::Table, ReadingDays::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReadingDays::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ReadingDays {
    Table,
    UserId,
    Day,
    Seconds,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
