//! Progress records: events, per-lesson progress, completions, quiz attempts and
//! answers.

/// Table `progress_events`: every event a learner's browser reported.
pub mod event {
    use sea_orm::entity::prelude::*;

    /// One event.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "progress_events")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The learner.
        pub user_id: i32,
        /// `course/module/lesson`.
        pub lesson_id: String,
        /// `started`, `completed` or `heartbeat`.
        pub event: String,
        /// Seconds of reading reported with the event.
        pub seconds: i32,
        /// Client-chosen id; a retried request with the same id is recorded once.
        pub client_id: Option<String>,
        /// When the server recorded it.
        pub recorded_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `lesson_progress`: one row per learner and lesson opened.
pub mod lesson {
    use sea_orm::entity::prelude::*;

    /// A learner's progress in a lesson.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "lesson_progress")]
    pub struct Model {
        /// The learner.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i32,
        /// `course/module/lesson`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub lesson_id: String,
        /// Course id.
        pub course_id: String,
        /// Module id.
        pub module_id: String,
        /// First opened.
        pub started_at: DateTimeUtc,
        /// Completed (stored once).
        pub completed_at: Option<DateTimeUtc>,
        /// Seconds spent.
        pub seconds: i32,
        /// Last event.
        pub last_event_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `completions`: a module (or, with `module_id` empty, a course) completed,
/// stored when reached.
pub mod completion {
    use sea_orm::entity::prelude::*;

    /// A completion.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "completions")]
    pub struct Model {
        /// The learner.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i32,
        /// Course id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub course_id: String,
        /// Module id; empty for the course itself.
        #[sea_orm(primary_key, auto_increment = false)]
        pub module_id: String,
        /// When it was reached.
        pub completed_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `quiz_attempts`.
pub mod attempt {
    use sea_orm::entity::prelude::*;

    /// One attempt at a module quiz.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "quiz_attempts")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The learner.
        pub user_id: i32,
        /// Course id.
        pub course_id: String,
        /// Module id.
        pub module_id: String,
        /// JSON: questions and options in the order shown to this attempt.
        pub question_order: String,
        /// Start.
        pub started_at: DateTimeUtc,
        /// Latest accepted submission time, when the quiz has a time limit.
        pub deadline_at: Option<DateTimeUtc>,
        /// Submission (None while open).
        pub submitted_at: Option<DateTimeUtc>,
        /// Points scored.
        pub score: Option<f64>,
        /// Points available.
        pub max_score: Option<f64>,
        /// Score as a percentage.
        pub percent: Option<f64>,
        /// Whether it reached the pass threshold.
        pub passed: Option<bool>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `quiz_answers`.
pub mod answer {
    use sea_orm::entity::prelude::*;

    /// The answer to one question of an attempt.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "quiz_answers")]
    pub struct Model {
        /// The attempt.
        #[sea_orm(primary_key, auto_increment = false)]
        pub attempt_id: i32,
        /// The question.
        #[sea_orm(primary_key, auto_increment = false)]
        pub question_id: String,
        /// JSON array of the option ids chosen.
        pub options: String,
        /// Points scored.
        pub score: f64,
        /// Points available.
        pub max_score: f64,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
