//! Errors reported by learners and tutors on a lesson or a library article
//! ("Segnala un errore"): what they describe and quote, and the administrators'
//! answer and closing. The index on (user, time) serves the throttle, the one on
//! (status, time) the administrators' queue.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ErrorReports::Table)
                    .if_not_exists()
                    .col(pk_auto(ErrorReports::Id))
                    .col(integer(ErrorReports::UserId))
                    .col(string(ErrorReports::TargetKind))
                    .col(string(ErrorReports::TargetId))
                    .col(string(ErrorReports::TargetTitle))
                    .col(text(ErrorReports::Description))
                    .col(text_null(ErrorReports::Quote))
                    .col(string(ErrorReports::Status))
                    .col(text_null(ErrorReports::Answer))
                    .col(integer_null(ErrorReports::AnsweredBy))
                    .col(timestamp_with_time_zone_null(ErrorReports::AnsweredAt))
                    .col(timestamp_with_time_zone_null(ErrorReports::ClosedAt))
                    .col(timestamp_with_time_zone(ErrorReports::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_error_reports_user")
                            .from(ErrorReports::Table, ErrorReports::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_error_reports_answered_by")
                            .from(ErrorReports::Table, ErrorReports::AnsweredBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_error_reports_user_created")
                    .table(ErrorReports::Table)
                    .col(ErrorReports::UserId)
                    .col(ErrorReports::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_error_reports_status_created")
                    .table(ErrorReports::Table)
                    .col(ErrorReports::Status)
                    .col(ErrorReports::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ErrorReports::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ErrorReports {
    Table,
    Id,
    UserId,
    TargetKind,
    TargetId,
    TargetTitle,
    Description,
    Quote,
    Status,
    Answer,
    AnsweredBy,
    AnsweredAt,
    ClosedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
