//! Reminders: the outbox of e-mails (one row per idempotency key, so a reminder is
//! queued once whatever runs it), in-app notifications, per-rule opt-outs, and the
//! leases that let one instance run each scheduled job.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Outbox::Id))
                    .col(string_uniq(Outbox::IdempotencyKey))
                    .col(string(Outbox::Rule))
                    .col(integer_null(Outbox::UserId))
                    .col(string(Outbox::ToEmail))
                    .col(string(Outbox::Subject))
                    .col(text(Outbox::BodyText))
                    .col(text(Outbox::BodyHtml))
                    .col(string_null(Outbox::UnsubscribeUrl))
                    .col(string(Outbox::Status))
                    .col(integer(Outbox::Attempts))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_user")
                            .from(Outbox::Table, Outbox::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Notifications::Id))
                    .col(integer(Notifications::UserId))
                    .col(string(Notifications::Rule))
                    .col(string(Notifications::Title))
                    .col(text(Notifications::Body))
                    .col(string(Notifications::Url))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_user")
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_user")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReminderOptouts::Table)
                    .if_not_exists()
                    .col(integer(ReminderOptouts::UserId))
                    .col(string(ReminderOptouts::Rule))
                    .col(timestamp_with_time_zone(ReminderOptouts::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ReminderOptouts::UserId)
                            .col(ReminderOptouts::Rule),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reminder_optouts_user")
                            .from(ReminderOptouts::Table, ReminderOptouts::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .if_not_exists()
                    .col(string(JobRuns::Name).primary_key())
                    .col(timestamp_with_time_zone_null(JobRuns::LastSlot))
                    .col(string_null(JobRuns::Holder))
                    .col(timestamp_with_time_zone_null(JobRuns::StartedAt))
                    .col(timestamp_with_time_zone_null(JobRuns::FinishedAt))
                    .col(text_null(JobRuns::Summary))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            JobRuns::Table.into_iden(),
            ReminderOptouts::Table.into_iden(),
            Notifications::Table.into_iden(),
            Outbox::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    IdempotencyKey,
    Rule,
    UserId,
    ToEmail,
    Subject,
    BodyText,
    BodyHtml,
    UnsubscribeUrl,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Rule,
    Title,
    Body,
    Url,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum ReminderOptouts {
    Table,
    UserId,
    Rule,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Name,
    LastSlot,
    Holder,
    StartedAt,
    FinishedAt,
    Summary,
}
