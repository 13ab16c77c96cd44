//! Tutor approval of seminar registrations: a seminar may require it
//! (`seminars.requires_approval`); a learner's request then waits as `pending` (no
//! seat, not in line) until a tutor who runs the session, or an admin, decides. The
//! registration keeps when it was asked (`requested_at`), who decided, when, what
//! (`approved` or `rejected`) and why.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Seminars::Table)
                    .add_column(boolean(Seminars::RequiresApproval).default(false))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            timestamp_with_time_zone_null(SeminarRegistrations::RequestedAt),
            timestamp_with_time_zone_null(SeminarRegistrations::DecidedAt),
            integer_null(SeminarRegistrations::DecidedBy),
            string_len_null(SeminarRegistrations::Decision, 16),
            text_null(SeminarRegistrations::DecisionReason),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(SeminarRegistrations::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // The approvals page reads the pending requests of every session at once.
        manager
            .create_index(
                Index::create()
                    .name("ix_seminar_registrations_status")
                    .table(SeminarRegistrations::Table)
                    .col(SeminarRegistrations::Status)
                    .col(SeminarRegistrations::SessionId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_seminar_registrations_status")
                    .table(SeminarRegistrations::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            SeminarRegistrations::DecisionReason,
            SeminarRegistrations::Decision,
            SeminarRegistrations::DecidedBy,
            SeminarRegistrations::DecidedAt,
            SeminarRegistrations::RequestedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SeminarRegistrations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Seminars::Table)
                    .drop_column(Seminars::RequiresApproval)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Seminars {
    Table,
    RequiresApproval,
}

#[derive(DeriveIden, Clone, Copy)]
enum SeminarRegistrations {
    Table,
    SessionId,
    Status,
    RequestedAt,
    DecidedAt,
    DecidedBy,
    Decision,
    DecisionReason,
}
