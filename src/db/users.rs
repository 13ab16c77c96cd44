//! Accounts: users with their role, and the cohort scopes of tutors.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryOrder};

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
        /// `learner`, `tutor` or `admin`.
        pub role: String,
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

/// A user by e-mail (already normalized).
pub async fn by_email(db: &DatabaseConnection, email: &str) -> Result<Option<User>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
}

/// A user by e-mail, on any connection (inside a transaction too).
pub async fn by_email_on<C: sea_orm::ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<User>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
}

/// A user by id.
pub async fn by_id(db: &DatabaseConnection, id: i32) -> Result<Option<User>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// The scopes of a tutor.
pub async fn scopes(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Vec<tutor_scope::Model>, DbErr> {
    tutor_scope::Entity::find()
        .filter(tutor_scope::Column::UserId.eq(user_id))
        .order_by_asc(tutor_scope::Column::Kind)
        .order_by_asc(tutor_scope::Column::Value)
        .all(db)
        .await
}
