//! Classroom seminars: a seminar of an edition on a theme (a module of a course), its
//! sessions (dates, times in Europe/Rome, venue, region, capacity, registration
//! deadline) and the learners' registrations, seated or on the waiting list.
//!
//! One learner holds at most one live registration per seminar: a partial unique
//! index over the registrations not cancelled (the same SQL on SQLite and
//! PostgreSQL). The index on (session, status, time, id) serves the seat count and the
//! order of the waiting list. The outbox gains a column for an iCalendar attachment
//! (the `.ics` of a seat confirmed).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Seminars::Table)
                    .if_not_exists()
                    .col(pk_auto(Seminars::Id))
                    .col(integer(Seminars::EditionId))
                    .col(string(Seminars::CourseId))
                    .col(string(Seminars::ModuleId))
                    .col(string(Seminars::Title))
                    .col(timestamp_with_time_zone(Seminars::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminars_edition")
                            .from(Seminars::Table, Seminars::EditionId)
                            .to(Editions::Table, Editions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SeminarSessions::Table)
                    .if_not_exists()
                    .col(pk_auto(SeminarSessions::Id))
                    .col(integer(SeminarSessions::SeminarId))
                    .col(date(SeminarSessions::FirstDay))
                    .col(integer(SeminarSessions::Days))
                    .col(string(SeminarSessions::StartsAt))
                    .col(string(SeminarSessions::EndsAt))
                    .col(string(SeminarSessions::Venue))
                    .col(string(SeminarSessions::Address))
                    .col(string(SeminarSessions::Region))
                    .col(integer(SeminarSessions::Capacity))
                    .col(timestamp_with_time_zone(SeminarSessions::Deadline))
                    .col(timestamp_with_time_zone(SeminarSessions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_sessions_seminar")
                            .from(SeminarSessions::Table, SeminarSessions::SeminarId)
                            .to(Seminars::Table, Seminars::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_seminar_sessions_region_day")
                    .table(SeminarSessions::Table)
                    .col(SeminarSessions::Region)
                    .col(SeminarSessions::FirstDay)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SeminarRegistrations::Table)
                    .if_not_exists()
                    .col(pk_auto(SeminarRegistrations::Id))
                    .col(integer(SeminarRegistrations::SessionId))
                    .col(integer(SeminarRegistrations::SeminarId))
                    .col(integer(SeminarRegistrations::UserId))
                    .col(string(SeminarRegistrations::Status))
                    .col(timestamp_with_time_zone(SeminarRegistrations::RegisteredAt))
                    .col(timestamp_with_time_zone_null(
                        SeminarRegistrations::PromotedAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        SeminarRegistrations::CancelledAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_registrations_session")
                            .from(SeminarRegistrations::Table, SeminarRegistrations::SessionId)
                            .to(SeminarSessions::Table, SeminarSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_registrations_seminar")
                            .from(SeminarRegistrations::Table, SeminarRegistrations::SeminarId)
                            .to(Seminars::Table, Seminars::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_seminar_registrations_user")
                            .from(SeminarRegistrations::Table, SeminarRegistrations::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_seminar_registrations_queue")
                    .table(SeminarRegistrations::Table)
                    .col(SeminarRegistrations::SessionId)
                    .col(SeminarRegistrations::Status)
                    .col(SeminarRegistrations::RegisteredAt)
                    .col(SeminarRegistrations::Id)
                    .to_owned(),
            )
            .await?;
        // A partial index: sea-query has no portable builder for its WHERE, and this
        // text is the same on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_seminar_registrations_live \
                 ON seminar_registrations (seminar_id, user_id) WHERE status <> 'cancelled'",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(text_null(Outbox::Calendar))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::Calendar)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SeminarRegistrations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SeminarSessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Seminars::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Seminars {
    Table,
    Id,
    EditionId,
    CourseId,
    ModuleId,
    Title,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SeminarSessions {
    Table,
    Id,
    SeminarId,
    FirstDay,
    Days,
    StartsAt,
    EndsAt,
    Venue,
    Address,
    Region,
    Capacity,
    Deadline,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SeminarRegistrations {
    Table,
    Id,
    SessionId,
    SeminarId,
    UserId,
    Status,
    RegisteredAt,
    PromotedAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum Editions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Calendar,
}
