//! Learner progress and quizzes: every event (idempotent by client id), per-lesson
//! progress, completions stored when reached, quiz attempts with their order and
//! every answer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProgressEvents::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ProgressEvents::Id))
                    .col(integer(ProgressEvents::UserId))
                    .col(string(ProgressEvents::LessonId))
                    .col(string(ProgressEvents::Event))
                    .col(integer(ProgressEvents::Seconds))
                    .col(string_null(ProgressEvents::ClientId))
                    .col(timestamp_with_time_zone(ProgressEvents::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_progress_events_user")
                            .from(ProgressEvents::Table, ProgressEvents::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_progress_events_client")
                    .table(ProgressEvents::Table)
                    .col(ProgressEvents::UserId)
                    .col(ProgressEvents::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LessonProgress::Table)
                    .if_not_exists()
                    .col(integer(LessonProgress::UserId))
                    .col(string(LessonProgress::LessonId))
                    .col(string(LessonProgress::CourseId))
                    .col(string(LessonProgress::ModuleId))
                    .col(timestamp_with_time_zone(LessonProgress::StartedAt))
                    .col(timestamp_with_time_zone_null(LessonProgress::CompletedAt))
                    .col(integer(LessonProgress::Seconds))
                    .col(timestamp_with_time_zone(LessonProgress::LastEventAt))
                    .primary_key(
                        Index::create()
                            .col(LessonProgress::UserId)
                            .col(LessonProgress::LessonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lesson_progress_user")
                            .from(LessonProgress::Table, LessonProgress::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_lesson_progress_course")
                    .table(LessonProgress::Table)
                    .col(LessonProgress::CourseId)
                    .col(LessonProgress::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Completions::Table)
                    .if_not_exists()
                    .col(integer(Completions::UserId))
                    .col(string(Completions::CourseId))
                    .col(string(Completions::ModuleId))
                    .col(timestamp_with_time_zone(Completions::CompletedAt))
                    .primary_key(
                        Index::create()
                            .col(Completions::UserId)
                            .col(Completions::CourseId)
                            .col(Completions::ModuleId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_completions_user")
                            .from(Completions::Table, Completions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuizAttempts::Table)
                    .if_not_exists()
                    .col(pk_auto(QuizAttempts::Id))
                    .col(integer(QuizAttempts::UserId))
                    .col(string(QuizAttempts::CourseId))
                    .col(string(QuizAttempts::ModuleId))
                    .col(text(QuizAttempts::QuestionOrder))
                    .col(timestamp_with_time_zone(QuizAttempts::StartedAt))
                    .col(timestamp_with_time_zone_null(QuizAttempts::DeadlineAt))
                    .col(timestamp_with_time_zone_null(QuizAttempts::SubmittedAt))
                    .col(double_null(QuizAttempts::Score))
                    .col(double_null(QuizAttempts::MaxScore))
                    .col(double_null(QuizAttempts::Percent))
                    .col(boolean_null(QuizAttempts::Passed))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_quiz_attempts_user")
                            .from(QuizAttempts::Table, QuizAttempts::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_quiz_attempts_user_module")
                    .table(QuizAttempts::Table)
                    .col(QuizAttempts::UserId)
                    .col(QuizAttempts::CourseId)
                    .col(QuizAttempts::ModuleId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuizAnswers::Table)
                    .if_not_exists()
                    .col(integer(QuizAnswers::AttemptId))
                    .col(string(QuizAnswers::QuestionId))
                    .col(text(QuizAnswers::Options))
                    .col(double(QuizAnswers::Score))
                    .col(double(QuizAnswers::MaxScore))
                    .primary_key(
                        Index::create()
                            .col(QuizAnswers::AttemptId)
                            .col(QuizAnswers::QuestionId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_quiz_answers_attempt")
                            .from(QuizAnswers::Table, QuizAnswers::AttemptId)
                            .to(QuizAttempts::Table, QuizAttempts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            QuizAnswers::Table.into_iden(),
            QuizAttempts::Table.into_iden(),
            Completions::Table.into_iden(),
            LessonProgress::Table.into_iden(),
            ProgressEvents::Table.into_iden(),
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
enum ProgressEvents {
    Table,
    Id,
    UserId,
    LessonId,
    Event,
    Seconds,
    ClientId,
    RecordedAt,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    UserId,
    LessonId,
    CourseId,
    ModuleId,
    StartedAt,
    CompletedAt,
    Seconds,
    LastEventAt,
}

#[derive(DeriveIden)]
enum Completions {
    Table,
    UserId,
    CourseId,
    ModuleId,
    CompletedAt,
}

#[derive(DeriveIden)]
enum QuizAttempts {
    Table,
    Id,
    UserId,
    CourseId,
    ModuleId,
    QuestionOrder,
    StartedAt,
    DeadlineAt,
    SubmittedAt,
    Score,
    MaxScore,
    Percent,
    Passed,
}

#[derive(DeriveIden)]
enum QuizAnswers {
    Table,
    AttemptId,
    QuestionId,
    Options,
    Score,
    MaxScore,
}
