//! The days on which each learner was active in each course (`course_activity`: one
//! row per course, UTC day and learner with a progress event), kept by the transaction
//! that records the events, so the tutor overview counts the active learners of the
//! last weeks from these rows instead of reading every event. Existing events are
//! rolled up here once.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The days of every event recorded so far: the course is the lesson id up to its
/// first `/` (a lesson id without one belongs to no course), the day the UTC date of
/// `recorded_at`, as the overview's query over `progress_events` computed them.
fn backfill(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            "INSERT INTO course_activity (course_id, day, user_id) \
             SELECT DISTINCT split_part(lesson_id, '/', 1), \
             to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), user_id \
             FROM progress_events WHERE position('/' in lesson_id) > 1"
        }
        _ => {
            "INSERT INTO course_activity (course_id, day, user_id) \
             SELECT DISTINCT substr(lesson_id, 1, instr(lesson_id, '/') - 1), \
             substr(recorded_at, 1, 10), user_id \
             FROM progress_events WHERE instr(lesson_id, '/') > 1"
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CourseActivity::Table)
                    .if_not_exists()
                    .col(string(CourseActivity::CourseId))
                    .col(string_len(CourseActivity::Day, 10))
                    .col(integer(CourseActivity::UserId))
                    .primary_key(
                        Index::create()
                            .col(CourseActivity::CourseId)
                            .col(CourseActivity::Day)
                            .col(CourseActivity::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_activity_user")
                            .from(CourseActivity::Table, CourseActivity::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A person's rows (privacy exports, the cascade of a deleted account).
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("ix_course_activity_user")
                    .table(CourseActivity::Table)
                    .col(CourseActivity::UserId)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(backfill(db.get_database_backend()))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CourseActivity::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CourseActivity {
    Table,
    CourseId,
    Day,
    UserId,
}
