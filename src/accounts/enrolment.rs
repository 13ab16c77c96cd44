//! Enrolment by eligibility: a learner joins every course of every open edition
//! their municipality is eligible for.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use super::editions;
use crate::db::{enrolments, municipalities};

/// Enrols a learner in every course of every open edition their municipality is
/// eligible for; existing enrolments are kept. Returns how many were added.
pub async fn enrol_eligible<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    municipality: &municipalities::Model,
    courses: &[String],
) -> Result<usize, sea_orm::DbErr> {
    let open = crate::db::editions::Entity::find()
        .filter(crate::db::editions::Column::Open.eq(true))
        .all(db)
        .await?;
    let mut added = 0;
    for edition in open
        .iter()
        .filter(|e| editions::is_eligible(e, municipality))
    {
        for course in courses {
            let exists = enrolments::Entity::find()
                .filter(enrolments::Column::UserId.eq(user_id))
                .filter(enrolments::Column::EditionId.eq(edition.id))
                .filter(enrolments::Column::CourseId.eq(course.clone()))
                .one(db)
                .await?
                .is_some();
            if !exists {
                enrolments::ActiveModel {
                    user_id: Set(user_id),
                    edition_id: Set(edition.id),
                    course_id: Set(course.clone()),
                    enrolled_at: Set(Utc::now()),
                    withdrawn_at: Set(None),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                added += 1;
            }
        }
    }
    Ok(added)
}
