//! Enrolments of learners in the courses of an edition.

use sea_orm::entity::prelude::*;

use crate::db::enrolments::{Column, Entity};

/// Whether a learner has an active enrolment in a course.
pub async fn is_enrolled(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    course_id: &str,
) -> Result<bool, DbErr> {
    use sea_orm::{PaginatorTrait, QueryFilter};
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::CourseId.eq(course_id))
        .filter(Column::WithdrawnAt.is_null())
        .count(db)
        .await?
        > 0)
}
