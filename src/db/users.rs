//! Accounts' tables: users with their role, and the cohort scopes of tutors (queries
//! in `accounts`).

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// The three roles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Follows courses.
    #[sea_orm(string_value = "learner")]
    Learner,
    /// Follows the learners of a cohort.
    #[sea_orm(string_value = "tutor")]
    Tutor,
    /// Runs the programme.
    #[sea_orm(string_value = "admin")]
    Admin,
}

impl Role {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Tutor => "tutor",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "learner" => Some(Self::Learner),
            "tutor" => Some(Self::Tutor),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// Table `users`.
pub mod user {
    use sea_orm::entity::prelude::*;

    /// An account.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// Lower-case e-mail address, unique.
        #[sea_orm(unique)]
        pub email: String,
        /// Full name.
        pub name: String,
        /// What the account may do.
        pub role: super::Role,
        /// ISTAT code of a learner's municipality.
        pub municipality: Option<String>,
        /// A learner's sector.
        pub sector: Option<String>,
        /// A learner's job title.
        pub job_title: Option<String>,
        /// argon2id PHC string; None until the password is set.
        pub password_hash: Option<String>,
        /// When the account was created.
        pub created_at: DateTimeUtc,
        /// When the account was disabled.
        pub disabled_at: Option<DateTimeUtc>,
        /// The language chosen for pages and e-mails (`it`, `de`, `en`); None until
        /// chosen.
        pub language: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `tutor_scopes`: a tutor's cohort is the learners of these regions and
/// municipalities.
pub mod tutor_scope {
    use sea_orm::entity::prelude::*;

    /// One region or municipality of a tutor's cohort.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "tutor_scopes")]
    pub struct Model {
        /// The tutor.
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i32,
        /// `region` or `municipality`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub kind: String,
        /// Region name or ISTAT code.
        #[sea_orm(primary_key, auto_increment = false)]
        pub value: String,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use user::Model as User;
