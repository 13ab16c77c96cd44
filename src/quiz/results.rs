//! Reading quiz results back: whether a learner passed a module's quiz, their
//! submitted attempts and the answers of those attempts (for progress, completion
//! and the tutors' learner page).

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::db::progress::{answer, attempt};

/// Whether the learner has a passed attempt at a module's quiz.
pub async fn passed<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    course_id: &str,
    module_id: &str,
) -> Result<bool, DbErr> {
    let passed = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(user_id))
        .filter(attempt::Column::CourseId.eq(course_id))
        .filter(attempt::Column::ModuleId.eq(module_id))
        .filter(attempt::Column::Passed.eq(true))
        .count(db)
        .await?;
    Ok(passed > 0)
}

/// A learner's submitted attempts, in every course or in one, oldest first.
pub async fn submitted<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    course_id: Option<&str>,
) -> Result<Vec<attempt::Model>, DbErr> {
    let mut query = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(user_id))
        .filter(attempt::Column::SubmittedAt.is_not_null());
    if let Some(course) = course_id {
        query = query.filter(attempt::Column::CourseId.eq(course));
    }
    query.order_by_asc(attempt::Column::Id).all(db).await
}

/// The answers of some attempts, by question.
pub async fn answers_of<C: ConnectionTrait>(
    db: &C,
    attempt_ids: Vec<i32>,
) -> Result<Vec<answer::Model>, DbErr> {
    if attempt_ids.is_empty() {
        return Ok(Vec::new());
    }
    answer::Entity::find()
        .filter(answer::Column::AttemptId.is_in(attempt_ids))
        .order_by_asc(answer::Column::QuestionId)
        .all(db)
        .await
}
