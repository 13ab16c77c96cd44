//! Attendance of classroom seminars, per half-day: one mark per learner, session, day
//! and half (morning or afternoon), and the history of every change of a mark (who,
//! when, the old and the new value, and where it came from: the tutor's page, a CSV
//! sign-in sheet, the API).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SeminarAttendance::Table)
                    .if_not_exists()
                    .col(integer(SeminarAttendance::SessionId))
                    .col(integer(SeminarAttendance::UserId))
                    .col(integer(SeminarAttendance::Day))
                    .col(string_len(SeminarAttendance::Half, 2))
                    .col(boolean(SeminarAttendance::Present))
                    .col(integer(SeminarAttendance::MarkedBy))
                    .col(timestamp_with_time_zone(SeminarAttendance::MarkedAt))
                    .primary_key(
                        Index::create()
                            .col(SeminarAttendance::SessionId)
                            .col(SeminarAttendance::UserId)
                            .col(SeminarAttendance::Day)
                            .col(SeminarAttendance::Half),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_attendance_session")
                            .from(SeminarAttendance::Table, SeminarAttendance::SessionId)
                            .to(SeminarSessions::Table, SeminarSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_attendance_user")
                            .from(SeminarAttendance::Table, SeminarAttendance::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_seminar_attendance_user")
                    .table(SeminarAttendance::Table)
                    .col(SeminarAttendance::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SeminarAttendanceChanges::Table)
                    .if_not_exists()
                    .col(pk_auto(SeminarAttendanceChanges::Id))
                    .col(integer(SeminarAttendanceChanges::SessionId))
                    .col(integer(SeminarAttendanceChanges::UserId))
                    .col(integer(SeminarAttendanceChanges::Day))
                    .col(string_len(SeminarAttendanceChanges::Half, 2))
                    .col(boolean_null(SeminarAttendanceChanges::OldPresent))
                    .col(boolean(SeminarAttendanceChanges::NewPresent))
                    .col(integer(SeminarAttendanceChanges::ChangedBy))
                    .col(timestamp_with_time_zone(
                        SeminarAttendanceChanges::ChangedAt,
                    ))
                    .col(string_len(SeminarAttendanceChanges::Source, 16))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_attendance_changes_session")
                            .from(
                                SeminarAttendanceChanges::Table,
                                SeminarAttendanceChanges::SessionId,
                            )
                            .to(SeminarSessions::Table, SeminarSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_attendance_changes_user")
                            .from(
                                SeminarAttendanceChanges::Table,
                                SeminarAttendanceChanges::UserId,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_seminar_attendance_changes_session")
                    .table(SeminarAttendanceChanges::Table)
                    .col(SeminarAttendanceChanges::SessionId)
                    .col(SeminarAttendanceChanges::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(SeminarAttendanceChanges::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SeminarAttendance::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SeminarAttendance {
    Table,
    SessionId,
    UserId,
    Day,
    Half,
    Present,
    MarkedBy,
    MarkedAt,
}

#[derive(DeriveIden)]
enum SeminarAttendanceChanges {
    Table,
    Id,
    SessionId,
    UserId,
    Day,
    Half,
    OldPresent,
    NewPresent,
    ChangedBy,
    ChangedAt,
    Source,
}

#[derive(DeriveIden)]
enum SeminarSessions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
