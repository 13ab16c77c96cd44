//! Finding accounts: a user by e-mail or id, and a tutor's cohort scopes.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryOrder};

use crate::db::users::user;
pub use crate::db::users::{User, tutor_scope};

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

/// A user by id, on any connection (inside a transaction too).
pub async fn by_id_on<C: sea_orm::ConnectionTrait>(db: &C, id: i32) -> Result<Option<User>, DbErr> {
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

/// The cohort scopes of every tutor.
pub async fn all_scopes(db: &DatabaseConnection) -> Result<Vec<tutor_scope::Model>, DbErr> {
    tutor_scope::Entity::find().all(db).await
}

/// Every administrator whose account is not disabled, by e-mail.
pub async fn active_admins(db: &DatabaseConnection) -> Result<Vec<User>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Role.eq(crate::db::users::Role::Admin))
        .filter(user::Column::DisabledAt.is_null())
        .order_by_asc(user::Column::Email)
        .all(db)
        .await
}
