//! Reported errors in the course content (queries in `errata`).

/// Table `error_reports`.
pub mod error_report {
    use sea_orm::entity::prelude::*;

    /// An error a learner or tutor reported on a lesson or an article, and what the
    /// administrators did about it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "error_reports")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The reporter's account.
        pub user_id: i32,
        /// `lesson` or `article`.
        pub target_kind: String,
        /// `course/module/lesson` or `act/art-<label>`.
        pub target_id: String,
        /// The lesson's or article's title when it was reported.
        pub target_title: String,
        /// What is wrong, in the reporter's words.
        pub description: String,
        /// The passage quoted, if any.
        pub quote: Option<String>,
        /// `open`, `answered` or `closed`.
        pub status: String,
        /// The administrators' latest answer.
        pub answer: Option<String>,
        /// Who answered.
        pub answered_by: Option<i32>,
        /// When the latest answer was given.
        pub answered_at: Option<DateTimeUtc>,
        /// When it was closed.
        pub closed_at: Option<DateTimeUtc>,
        /// When it was reported.
        pub created_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
