//! Classroom seminars, their sessions and the learners' registrations (queries in
//! `seminars`).

/// Table `seminars`.
pub mod seminar {
    use sea_orm::entity::prelude::*;

    /// A seminar of an edition on one theme (a module of a course).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "seminars")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The edition (row id).
        pub edition_id: i32,
        /// The course of the theme.
        pub course_id: String,
        /// The module that is the theme.
        pub module_id: String,
        /// Title.
        pub title: String,
        /// When it was created.
        pub created_at: DateTimeUtc,
        /// Whether a learner's registration waits for a tutor's approval.
        pub requires_approval: bool,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `seminar_sessions`.
pub mod session {
    use sea_orm::entity::prelude::*;

    /// One run of a seminar in one place: consecutive days, the same hours each day.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "seminar_sessions")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The seminar.
        pub seminar_id: i32,
        /// The first day (Europe/Rome).
        pub first_day: chrono::NaiveDate,
        /// How many consecutive days.
        pub days: i32,
        /// Start time each day, `HH:MM` in Europe/Rome.
        pub starts_at: String,
        /// End time each day, `HH:MM` in Europe/Rome.
        pub ends_at: String,
        /// Venue name.
        pub venue: String,
        /// Street address.
        pub address: String,
        /// Region (name as in the ISTAT list) whose learners may register.
        pub region: String,
        /// Seats.
        pub capacity: i32,
        /// Last moment to register or cancel.
        pub deadline: DateTimeUtc,
        /// When it was created.
        pub created_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `seminar_registrations`.
pub mod registration {
    use sea_orm::entity::prelude::*;

    /// A learner's registration for a session: pending approval, seated, waiting or
    /// cancelled.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "seminar_registrations")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The session.
        pub session_id: i32,
        /// The session's seminar (for the one-per-seminar index).
        pub seminar_id: i32,
        /// The learner.
        pub user_id: i32,
        /// `pending`, `registered`, `waiting` or `cancelled`.
        pub status: String,
        /// When the learner asked, or when the request was approved (the waiting
        /// list's order, then the id).
        pub registered_at: DateTimeUtc,
        /// When a cancellation or a larger capacity gave this learner a seat.
        pub promoted_at: Option<DateTimeUtc>,
        /// When the learner cancelled (or the request was rejected).
        pub cancelled_at: Option<DateTimeUtc>,
        /// When the learner asked, for a seminar that requires approval.
        pub requested_at: Option<DateTimeUtc>,
        /// When the request was decided.
        pub decided_at: Option<DateTimeUtc>,
        /// Who decided it (a tutor or an admin).
        pub decided_by: Option<i32>,
        /// `approved` or `rejected`.
        pub decision: Option<String>,
        /// The reason given with the decision.
        pub decision_reason: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `seminar_attendance`: one mark per learner, session, day and half-day.
pub mod attendance {
    use sea_orm::entity::prelude::*;

    /// Whether a learner was in the room for one half-day of a session.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "seminar_attendance")]
    pub struct Model {
        /// The session.
        #[sea_orm(primary_key, auto_increment = false)]
        pub session_id: i32,
        /// The learner.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i32,
        /// The day of the session, from 1.
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: i32,
        /// `am` (morning) or `pm` (afternoon).
        #[sea_orm(primary_key, auto_increment = false)]
        pub half: String,
        /// Present or absent.
        pub present: bool,
        /// Who set the mark last (a tutor or an admin).
        pub marked_by: i32,
        /// When.
        pub marked_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `seminar_attendance_changes`: every change of a mark, kept.
pub mod attendance_change {
    use sea_orm::entity::prelude::*;

    /// One change of one mark.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "seminar_attendance_changes")]
    pub struct Model {
        /// Row id (the order of the changes).
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The session.
        pub session_id: i32,
        /// The learner.
        pub user_id: i32,
        /// The day of the session, from 1.
        pub day: i32,
        /// `am` or `pm`.
        pub half: String,
        /// The mark before (None: there was none).
        pub old_present: Option<bool>,
        /// The mark after.
        pub new_present: bool,
        /// Who changed it.
        pub changed_by: i32,
        /// When.
        pub changed_at: DateTimeUtc,
        /// `page`, `import` or `api`.
        pub source: String,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
