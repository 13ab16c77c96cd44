//! Personal data (GDPR): when an account was last signed in to, warned of its
//! retention and pseudonymised; whether an edition lets its learners erase their own
//! account; acknowledgements of the privacy notice by version; the log of who looked
//! at a learner's data; and the exports of a person's data, prepared in the background.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [
            timestamp_with_time_zone_null(Users::LastSignInAt),
            timestamp_with_time_zone_null(Users::RetentionWarnedAt),
            timestamp_with_time_zone_null(Users::ErasedAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Editions::Table)
                    .add_column(boolean(Editions::SelfErasure).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrivacyAcknowledgements::Table)
                    .if_not_exists()
                    .col(integer(PrivacyAcknowledgements::UserId))
                    .col(string_len(PrivacyAcknowledgements::Version, 32))
                    .col(timestamp_with_time_zone(
                        PrivacyAcknowledgements::AcknowledgedAt,
                    ))
                    .primary_key(
                        Index::create()
                            .col(PrivacyAcknowledgements::UserId)
                            .col(PrivacyAcknowledgements::Version),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_privacy_acknowledgements_user")
                            .from(
                                PrivacyAcknowledgements::Table,
                                PrivacyAcknowledgements::UserId,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PersonalDataViews::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PersonalDataViews::Id))
                    .col(integer(PersonalDataViews::ViewerId))
                    .col(integer(PersonalDataViews::LearnerId))
                    .col(string_len(PersonalDataViews::Kind, 16))
                    .col(string_len(PersonalDataViews::Target, 255))
                    .col(timestamp_with_time_zone(PersonalDataViews::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_personal_data_views_viewer")
                            .from(PersonalDataViews::Table, PersonalDataViews::ViewerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_personal_data_views_learner")
                            .from(PersonalDataViews::Table, PersonalDataViews::LearnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_personal_data_views_learner_at")
                    .table(PersonalDataViews::Table)
                    .col(PersonalDataViews::LearnerId)
                    .col(PersonalDataViews::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_personal_data_views_at")
                    .table(PersonalDataViews::Table)
                    .col(PersonalDataViews::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrivacyExports::Table)
                    .if_not_exists()
                    .col(pk_auto(PrivacyExports::Id))
                    .col(integer(PrivacyExports::UserId))
                    .col(integer(PrivacyExports::RequestedBy))
                    .col(string_len(PrivacyExports::Status, 16))
                    .col(timestamp_with_time_zone(PrivacyExports::RequestedAt))
                    .col(timestamp_with_time_zone_null(PrivacyExports::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(PrivacyExports::ReadyAt))
                    .col(timestamp_with_time_zone_null(PrivacyExports::ExpiresAt))
                    .col(binary_null(PrivacyExports::Archive))
                    .col(big_integer_null(PrivacyExports::Bytes))
                    .col(text_null(PrivacyExports::Error))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_privacy_exports_user")
                            .from(PrivacyExports::Table, PrivacyExports::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_privacy_exports_requested_by")
                            .from(PrivacyExports::Table, PrivacyExports::RequestedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_privacy_exports_user")
                    .table(PrivacyExports::Table)
                    .col(PrivacyExports::UserId)
                    .col(PrivacyExports::RequestedAt)
                    .to_owned(),
            )
            .await?;
        // A person's rows, found by account in every table an export reads and an
        // erasure writes (these had no index on the account).
        for (table, index) in USER_INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(*index)
                        .table(Alias::new(*table))
                        .col(Alias::new("user_id"))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_privacy_exports_status")
                    .table(PrivacyExports::Table)
                    .col(PrivacyExports::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, index) in USER_INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*index)
                        .table(Alias::new(*table))
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            PrivacyExports::Table.into_iden(),
            PersonalDataViews::Table.into_iden(),
            PrivacyAcknowledgements::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Editions::Table)
                    .drop_column(Editions::SelfErasure)
                    .to_owned(),
            )
            .await?;
        for column in [
            Users::ErasedAt,
            Users::RetentionWarnedAt,
            Users::LastSignInAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Indexes on `user_id` added for the export and the erasure of one person.
const USER_INDEXES: &[(&str, &str)] = &[
    ("outbox", "ix_outbox_user"),
    ("sessions", "ix_sessions_user"),
    ("api_tokens", "ix_api_tokens_user"),
    ("email_tokens", "ix_email_tokens_user"),
    ("certificates", "ix_certificates_user"),
    ("seminar_registrations", "ix_seminar_registrations_user"),
    (
        "seminar_attendance_changes",
        "ix_seminar_attendance_changes_user",
    ),
];

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    LastSignInAt,
    RetentionWarnedAt,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Editions {
    Table,
    SelfErasure,
}

#[derive(DeriveIden)]
enum PrivacyAcknowledgements {
    Table,
    UserId,
    Version,
    AcknowledgedAt,
}

#[derive(DeriveIden)]
enum PersonalDataViews {
    Table,
    Id,
    ViewerId,
    LearnerId,
    Kind,
    Target,
    At,
}

#[derive(DeriveIden)]
enum PrivacyExports {
    Table,
    Id,
    UserId,
    RequestedBy,
    Status,
    RequestedAt,
    ClaimedUntil,
    ReadyAt,
    ExpiresAt,
    Archive,
    Bytes,
    Error,
}
