//! Reminder records: the e-mail outbox, in-app notifications, per-rule opt-outs and
//! the runs of scheduled jobs.

/// Table `outbox`: one e-mail per idempotency key (rule, recipient, period).
pub mod outbox {
    use sea_orm::entity::prelude::*;

    /// A queued, sent or failed e-mail.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `rule:recipient:period`, unique: what makes a reminder sent once.
        #[sea_orm(unique)]
        pub idempotency_key: String,
        /// The rule that queued it.
        pub rule: String,
        /// The recipient's account.
        pub user_id: Option<i32>,
        /// Address.
        pub to_email: String,
        /// Subject.
        pub subject: String,
        /// Plain text body.
        pub body_text: String,
        /// HTML body.
        pub body_html: String,
        /// Signed one-click opt-out link (also sent as `List-Unsubscribe`).
        pub unsubscribe_url: Option<String>,
        /// `pending`, `sent` or `failed` (gave up after too many attempts).
        pub status: String,
        /// Delivery attempts so far.
        pub attempts: i32,
        /// Not before this time (backoff after a failure).
        pub next_attempt_at: DateTimeUtc,
        /// A worker holds it until then.
        pub claimed_until: Option<DateTimeUtc>,
        /// The last failure.
        pub last_error: Option<String>,
        /// Queued.
        pub created_at: DateTimeUtc,
        /// Delivered.
        pub sent_at: Option<DateTimeUtc>,
        /// An iCalendar (`.ics`) attachment, e.g. a seminar seat confirmed.
        pub calendar: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `notifications`: what a learner sees in the app.
pub mod notification {
    use sea_orm::entity::prelude::*;

    /// One notification.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// For whom.
        pub user_id: i32,
        /// The rule.
        pub rule: String,
        /// Title.
        pub title: String,
        /// Text.
        pub body: String,
        /// Where to go.
        pub url: String,
        /// When.
        pub created_at: DateTimeUtc,
        /// Read.
        pub read_at: Option<DateTimeUtc>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `reminder_optouts`.
pub mod optout {
    use sea_orm::entity::prelude::*;

    /// A learner who does not want one kind of reminder.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reminder_optouts")]
    pub struct Model {
        /// The account.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i32,
        /// The rule.
        #[sea_orm(primary_key, auto_increment = false)]
        pub rule: String,
        /// Since.
        pub created_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `job_runs`: one row per scheduled job.
pub mod job_run {
    use sea_orm::entity::prelude::*;

    /// The state of a scheduled job.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "job_runs")]
    pub struct Model {
        /// Job name.
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        /// The scheduled time last claimed: each slot runs on one instance only.
        pub last_slot: Option<DateTimeUtc>,
        /// The instance that claimed it.
        pub holder: Option<String>,
        /// When that run started.
        pub started_at: Option<DateTimeUtc>,
        /// When it finished.
        pub finished_at: Option<DateTimeUtc>,
        /// What it did.
        pub summary: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
