//! Enrolments of learners in the courses of an edition.

use sea_orm::entity::prelude::*;

/// An enrolment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The learner.
    pub user_id: i32,
    /// The edition.
    pub edition_id: i32,
    /// The course (folder id under `courses/`).
    pub course_id: String,
    /// When the learner was enrolled.
    pub enrolled_at: DateTimeUtc,
    /// When an admin withdrew the learner.
    pub withdrawn_at: Option<DateTimeUtc>,
}

/// Relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
