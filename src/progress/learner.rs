//! One learner's state of lessons as pages show it: a lesson's status, and the
//! lesson to resume.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::db::progress::{event, lesson};

/// Where a learner stands with a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonStatus {
    /// Never opened.
    NotStarted,
    /// Opened, not completed.
    InProgress,
    /// Completed.
    Completed,
}

/// The status of one lesson (`course/module/lesson`) for a learner: one lookup by
/// primary key.
pub async fn lesson_status(
    db: &DatabaseConnection,
    user_id: i32,
    lesson_id: &str,
) -> Result<LessonStatus, DbErr> {
    let row = lesson::Entity::find_by_id((user_id, lesson_id.to_string()))
        .one(db)
        .await?;
    Ok(match row {
        Some(r) if r.completed_at.is_some() => LessonStatus::Completed,
        Some(_) => LessonStatus::InProgress,
        None => LessonStatus::NotStarted,
    })
}

/// The lesson the learner touched last and has not completed, if any.
pub async fn last_unfinished(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Option<String>, DbErr> {
    Ok(lesson::Entity::find()
        .filter(lesson::Column::UserId.eq(user_id))
        .filter(lesson::Column::CompletedAt.is_null())
        .order_by_desc(lesson::Column::LastEventAt)
        .one(db)
        .await?
        .map(|r| r.lesson_id))
}

/// A learner's latest events in one course, newest first.
pub async fn recent_events(
    db: &DatabaseConnection,
    user_id: i32,
    course_id: &str,
    limit: u64,
) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::UserId.eq(user_id))
        .filter(event::Column::LessonId.starts_with(format!("{course_id}/")))
        .order_by_desc(event::Column::RecordedAt)
        .limit(limit)
        .all(db)
        .await
}
