//! Finding accounts: a user by e-mail or id, and a tutor's cohort scopes.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryOrder, QuerySelect};

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

/// A page of the accounts by id: at most `limit` after the id `after`, of one role or
/// all; the next page's cursor is the last id.
pub async fn page(
    db: &DatabaseConnection,
    role: Option<crate::db::users::Role>,
    after: Option<i32>,
    limit: u64,
) -> Result<crate::paging::Page<User>, DbErr> {
    let mut query = user::Entity::find().order_by_asc(user::Column::Id);
    if let Some(role) = role {
        query = query.filter(user::Column::Role.eq(role));
    }
    if let Some(after) = after {
        query = query.filter(user::Column::Id.gt(after));
    }
    let rows = query.limit(limit.saturating_add(1)).all(db).await?;
    Ok(crate::paging::Page::from_probe(rows, limit, |u| u.id))
}

/// A user by id.
pub async fn by_id(db: &DatabaseConnection, id: i32) -> Result<Option<User>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// A user by id, on any connection (inside a transaction too).
pub async fn by_id_on<C: sea_orm::ConnectionTrait>(db: &C, id: i32) -> Result<Option<User>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// Saves the language `user_id` chose (a code of [`crate::render::i18n::LANGS`]).
pub async fn set_language(db: &DatabaseConnection, user_id: i32, lang: &str) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Language, Expr::value(lang))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The language to write to a user in: their choice, else Italian.
pub fn language_of(user: &User) -> &'static str {
    user.language
        .as_deref()
        .and_then(crate::render::i18n::supported)
        .unwrap_or(crate::render::i18n::DEFAULT_LANG)
}

/// The languages chosen by those of `ids` who chose one (the others are written to
/// in Italian).
pub async fn languages<C: sea_orm::ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, &'static str>, DbErr> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i32, Option<String>)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Language)
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .filter(user::Column::Language.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        for (id, lang) in rows {
            if let Some(lang) = lang.as_deref().and_then(crate::render::i18n::supported) {
                out.insert(id, lang);
            }
        }
    }
    Ok(out)
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
