//! Completion rules: a module is complete when its lessons are completed and its quiz
//! passed; a course when all its modules are. Completions are stored when reached,
//! with their date, in the same transaction as the event or the quiz that reached them.

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::content::model::Course;
use crate::db::progress::{completion, lesson};

/// Checks the module (and then the course) of a learner and stores what is newly
/// complete. Returns whether the module is complete.
pub async fn check<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    course: &Course,
    module_id: &str,
) -> Result<bool, DbErr> {
    let Some(module) = course.module(module_id) else {
        return Ok(false);
    };
    if !module_complete(db, user_id, &course.id, module).await? {
        return Ok(false);
    }
    store(db, user_id, &course.id, module_id).await?;
    let done = completion::Entity::find()
        .filter(completion::Column::UserId.eq(user_id))
        .filter(completion::Column::CourseId.eq(course.id.clone()))
        .filter(completion::Column::ModuleId.ne(""))
        .count(db)
        .await?;
    if done as usize >= course.modules.len() {
        store(db, user_id, &course.id, "").await?;
    }
    Ok(true)
}

async fn module_complete<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    course_id: &str,
    module: &crate::content::model::Module,
) -> Result<bool, DbErr> {
    let ids: Vec<String> = module.lessons.iter().map(|l| l.id.clone()).collect();
    let completed = lesson::Entity::find()
        .filter(lesson::Column::UserId.eq(user_id))
        .filter(lesson::Column::LessonId.is_in(ids))
        .filter(lesson::Column::CompletedAt.is_not_null())
        .count(db)
        .await?;
    if (completed as usize) < module.lessons.len() {
        return Ok(false);
    }
    if module.quiz.is_none() {
        return Ok(true);
    }
    crate::quiz::results::passed(db, user_id, course_id, &module.id).await
}

async fn store<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    course_id: &str,
    module_id: &str,
) -> Result<(), DbErr> {
    completion::Entity::insert(completion::ActiveModel {
        user_id: sea_orm::ActiveValue::Set(user_id),
        course_id: sea_orm::ActiveValue::Set(course_id.to_string()),
        module_id: sea_orm::ActiveValue::Set(module_id.to_string()),
        completed_at: sea_orm::ActiveValue::Set(Utc::now()),
    })
    .on_conflict_do_nothing_on([
        completion::Column::UserId,
        completion::Column::CourseId,
        completion::Column::ModuleId,
    ])
    .exec_without_returning(db)
    .await?;
    Ok(())
}
