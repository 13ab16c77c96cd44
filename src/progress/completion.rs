//! Completion rules: a module is complete when its lessons are completed and its quiz
//! passed; a course when all its modules are and, when its rule asks for it
//! (`seminar_half_days` in `course.toml`), the learner attended that many half-days of
//! its classroom seminars. Completions are stored when reached, with their date, in the
//! same transaction as the event, the quiz or the attendance mark that reached them. A
//! corrected attendance mark that takes a learner back under the seminar requirement
//! removes the course's completion (a module's completion is never removed). A
//! course completion, when first stored, issues its certificate (`certificates::issue`).

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
    check_course(db, user_id, course).await?;
    Ok(true)
}

/// Checks the course of a learner against its rule (every module complete, and the
/// seminar half-days it requires), stores its completion when newly reached and
/// removes it when no longer met. Returns whether the course is complete.
pub async fn check_course<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    course: &Course,
) -> Result<bool, DbErr> {
    let done = completion::Entity::find()
        .filter(completion::Column::UserId.eq(user_id))
        .filter(completion::Column::CourseId.eq(course.id.clone()))
        .filter(completion::Column::ModuleId.ne(""))
        .count(db)
        .await?;
    let modules = done as usize >= course.modules.len();
    let required = i64::from(course.completion.seminar_half_days);
    let seminars = required == 0
        || crate::seminars::attendance::attended_half_days(db, user_id, &course.id).await?
            >= required;
    if modules && seminars {
        // A newly stored completion issues the course's certificate, in the same
        // transaction (the certificate's unique index decides between concurrent ones).
        if store(db, user_id, &course.id, "").await? {
            crate::certificates::issue::on_completion(db, user_id, course).await?;
        }
        return Ok(true);
    }
    if modules {
        completion::Entity::delete_many()
            .filter(completion::Column::UserId.eq(user_id))
            .filter(completion::Column::CourseId.eq(course.id.clone()))
            .filter(completion::Column::ModuleId.eq(""))
            .exec(db)
            .await?;
    }
    Ok(false)
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
) -> Result<bool, DbErr> {
    let inserted = completion::Entity::insert(completion::ActiveModel {
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
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}
