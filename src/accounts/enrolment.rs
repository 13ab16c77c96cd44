//! Enrolments of learners in the courses of an edition: by eligibility when an account
//! is created or imported (a learner joins every course of every open edition their
//! municipality is eligible for), or by an admin's decision.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use crate::db::enrolments::{ActiveModel, Column, Entity};

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

/// The courses a learner is actively enrolled in.
pub async fn active_courses(db: &DatabaseConnection, user_id: i32) -> Result<Vec<String>, DbErr> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::WithdrawnAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.course_id)
        .collect())
}

/// An admin's request to enrol a learner in a course of an edition.
#[derive(Debug, Clone)]
pub struct NewEnrolment {
    /// The learner's id.
    pub user: i32,
    /// Edition number.
    pub edition: i32,
    /// Course id (already checked against the catalogue by the caller).
    pub course: String,
}

/// An enrolment as stored, with its edition's number.
#[derive(Debug, Clone)]
pub struct Enrolled {
    /// Row id.
    pub id: i32,
    /// The learner.
    pub user: i32,
    /// Edition number.
    pub edition: i32,
    /// Course id.
    pub course: String,
}

/// Why an enrolment was refused.
#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    /// A field names nothing that can be enrolled.
    #[error("{field}: {message}")]
    Invalid {
        /// The request field.
        field: &'static str,
        /// What is wrong, for people.
        message: &'static str,
    },
    /// The learner is already actively enrolled in that course of that edition.
    #[error("il discente è già iscritto a questo corso")]
    AlreadyEnrolled,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Enrols a learner (an admin's decision, eligible or not); a withdrawn enrolment of
/// the same course and edition is reactivated rather than duplicated.
pub async fn enrol(db: &DatabaseConnection, new: &NewEnrolment) -> Result<Enrolled, EnrolError> {
    let invalid = |field, message| EnrolError::Invalid { field, message };
    let user = super::directory::by_id(db, new.user)
        .await?
        .ok_or(invalid("user", "utente inesistente"))?;
    if user.role != super::Role::Learner {
        return Err(invalid("user", "si iscrivono solo i discenti"));
    }
    let edition = super::editions::by_number(db, new.edition)
        .await?
        .ok_or(invalid("edition", "edizione inesistente"))?;
    let existing = Entity::find()
        .filter(Column::UserId.eq(user.id))
        .filter(Column::EditionId.eq(edition.id))
        .filter(Column::CourseId.eq(new.course.clone()))
        .one(db)
        .await?;
    let row = match existing {
        Some(e) if e.withdrawn_at.is_none() => return Err(EnrolError::AlreadyEnrolled),
        Some(e) => {
            // Reactivated only if still withdrawn: of concurrent requests, one wins.
            let changed = Entity::update_many()
                .col_expr(
                    Column::WithdrawnAt,
                    Expr::value(Option::<DateTimeUtc>::None),
                )
                .col_expr(Column::EnrolledAt, Expr::value(Utc::now()))
                .filter(Column::Id.eq(e.id))
                .filter(Column::WithdrawnAt.is_not_null())
                .exec(db)
                .await?;
            if changed.rows_affected == 0 {
                return Err(EnrolError::AlreadyEnrolled);
            }
            e
        }
        None => {
            ActiveModel {
                user_id: Set(user.id),
                edition_id: Set(edition.id),
                course_id: Set(new.course.clone()),
                enrolled_at: Set(Utc::now()),
                withdrawn_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    Ok(Enrolled {
        id: row.id,
        user: row.user_id,
        edition: edition.number,
        course: row.course_id,
    })
}

/// Withdraws an active enrolment (the record and its progress are kept); the
/// learner's id, or None when there is no such active enrolment.
pub async fn withdraw(db: &DatabaseConnection, id: i32) -> Result<Option<i32>, DbErr> {
    let Some(row) = Entity::find_by_id(id)
        .filter(Column::WithdrawnAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut row: ActiveModel = row.into();
    row.withdrawn_at = Set(Some(Utc::now()));
    Ok(Some(row.update(db).await?.user_id))
}

/// Enrols a learner in every course of every open edition their municipality is
/// eligible for; existing enrolments are kept. Returns how many were added.
pub async fn enrol_eligible<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    municipality: &super::municipalities::Model,
    courses: &[String],
) -> Result<usize, DbErr> {
    let open = crate::db::editions::Entity::find()
        .filter(crate::db::editions::Column::Open.eq(true))
        .all(db)
        .await?;
    let mut added = 0;
    for edition in open
        .iter()
        .filter(|e| super::editions::is_eligible(e, municipality))
    {
        for course in courses {
            let exists = Entity::find()
                .filter(Column::UserId.eq(user_id))
                .filter(Column::EditionId.eq(edition.id))
                .filter(Column::CourseId.eq(course.clone()))
                .one(db)
                .await?
                .is_some();
            if !exists {
                ActiveModel {
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
