//! One row per learner and course with their progress rolled up (lessons, time, quiz
//! results, last activity), kept by the same transactions that write the events and
//! the quiz attempts, so reports and reminder rules read one narrow row per learner
//! instead of aggregating every event. Existing progress is rolled up here once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The roll-up of every learner and course, as the progress tables stood when this
/// migration was written (a migration never changes once released, so this does not
/// follow later changes of the application's own statement).
const BACKFILL: &str = "INSERT INTO course_progress (user_id, course_id, lessons_started, \
    lessons_completed, seconds, last_lesson_at, quizzes_passed, quiz_attempts, quiz_average, \
    quiz_failures, last_attempt_at, last_activity_at) \
    SELECT k.user_id, k.course_id, COALESCE(lp.started, 0), COALESCE(lp.completed, 0), \
    COALESCE(lp.seconds, 0), lp.last_lesson_at, COALESCE(q.passed, 0), COALESCE(q.attempts, 0), \
    q.average, COALESCE(q.failures, 0), q.last_attempt_at, \
    CASE WHEN q.last_attempt_at IS NULL THEN lp.last_lesson_at \
    WHEN lp.last_lesson_at IS NULL THEN q.last_attempt_at \
    WHEN lp.last_lesson_at >= q.last_attempt_at THEN lp.last_lesson_at \
    ELSE q.last_attempt_at END \
    FROM (SELECT user_id, course_id FROM lesson_progress \
          UNION SELECT user_id, course_id FROM quiz_attempts WHERE submitted_at IS NOT NULL) k \
    LEFT JOIN (SELECT user_id, course_id, COUNT(*) AS started, COUNT(completed_at) AS completed, \
               SUM(seconds) AS seconds, MAX(last_event_at) AS last_lesson_at \
               FROM lesson_progress GROUP BY user_id, course_id) lp \
      ON lp.user_id = k.user_id AND lp.course_id = k.course_id \
    LEFT JOIN (SELECT user_id, course_id, SUM(ok) AS passed, SUM(n) AS attempts, \
               CAST(AVG(best) AS DOUBLE PRECISION) AS average, \
               MAX(CASE WHEN ok = 0 THEN fails ELSE 0 END) AS failures, MAX(last_at) AS last_attempt_at \
               FROM (SELECT user_id, course_id, module_id, MAX(CASE WHEN passed THEN 1 ELSE 0 END) AS ok, \
                     COUNT(*) AS n, MAX(percent) AS best, \
                     SUM(CASE WHEN passed THEN 0 ELSE 1 END) AS fails, MAX(submitted_at) AS last_at \
                     FROM quiz_attempts WHERE submitted_at IS NOT NULL \
                     GROUP BY user_id, course_id, module_id) m \
               GROUP BY user_id, course_id) q \
      ON q.user_id = k.user_id AND q.course_id = k.course_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CourseProgress::Table)
                    .if_not_exists()
                    .col(integer(CourseProgress::UserId))
                    .col(string(CourseProgress::CourseId))
                    .col(big_integer(CourseProgress::LessonsStarted))
                    .col(big_integer(CourseProgress::LessonsCompleted))
                    .col(big_integer(CourseProgress::Seconds))
                    .col(timestamp_with_time_zone_null(CourseProgress::LastLessonAt))
                    .col(big_integer(CourseProgress::QuizzesPassed))
                    .col(big_integer(CourseProgress::QuizAttempts))
                    .col(double_null(CourseProgress::QuizAverage))
                    .col(big_integer(CourseProgress::QuizFailures))
                    .col(timestamp_with_time_zone_null(CourseProgress::LastAttemptAt))
                    .col(timestamp_with_time_zone_null(
                        CourseProgress::LastActivityAt,
                    ))
                    .primary_key(
                        Index::create()
                            .col(CourseProgress::UserId)
                            .col(CourseProgress::CourseId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_progress_user")
                            .from(CourseProgress::Table, CourseProgress::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CourseProgress::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CourseProgress {
    Table,
    UserId,
    CourseId,
    LessonsStarted,
    LessonsCompleted,
    Seconds,
    LastLessonAt,
    QuizzesPassed,
    QuizAttempts,
    QuizAverage,
    QuizFailures,
    LastAttemptAt,
    LastActivityAt,
}
