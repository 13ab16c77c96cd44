//! Single-use links sent by e-mail (invitations and password resets): the secret
//! goes in the link, only its hash is stored, and redeeming it sets the password.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

use super::password::{self, PasswordPool};
use super::tokens;
use super::users::{UserError, invalid};
use crate::db::auth::email_token;
use crate::db::users::user;

/// How long an invitation link works.
pub const INVITE_TTL: Duration = Duration::days(14);
/// How long a password-reset link works.
pub const RESET_TTL: Duration = Duration::hours(2);

/// Creates a single-use link token for `user` and returns the secret to put in the
/// link; only its hash is stored.
pub async fn issue_link_token(
    db: &DatabaseConnection,
    user_id: i32,
    purpose: &str,
    ttl: Duration,
) -> Result<String, sea_orm::DbErr> {
    let secret = tokens::generate("");
    email_token::ActiveModel {
        token_hash: Set(tokens::digest(&secret)),
        user_id: Set(user_id),
        purpose: Set(purpose.to_string()),
        created_at: Set(Utc::now()),
        expires_at: Set(Utc::now() + ttl),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// The user a valid, unused, unexpired link token belongs to (without using it).
pub async fn peek_link_token(
    db: &DatabaseConnection,
    secret: &str,
    purpose: &str,
) -> Result<Option<user::Model>, sea_orm::DbErr> {
    let Some(token) = email_token::Entity::find_by_id(tokens::digest(secret))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if token.purpose != purpose || token.used_at.is_some() || token.expires_at < Utc::now() {
        return Ok(None);
    }
    super::directory::by_id(db, token.user_id).await
}

/// Uses a link token to set a password. The token is checked before the password is
/// hashed (on the bounded pool), so a made-up link costs no hash; then one
/// transaction marks it used if it still is unused (the row count tells who won),
/// ends every other link of the account (a reset, or an invitation, ends them all),
/// sets the password and ends every session of the account. Returns the user, or
/// None if the token is not valid.
pub async fn redeem_link_token(
    db: &DatabaseConnection,
    passwords: &PasswordPool,
    secret: &str,
    purpose: &str,
    new_password: &str,
) -> Result<Option<user::Model>, UserError> {
    password::check_policy(new_password).map_err(|m| invalid("password", m))?;
    if peek_link_token(db, secret, purpose).await?.is_none() {
        return Ok(None);
    }
    let hash = passwords
        .hash(new_password)
        .await
        .map_err(|_| UserError::Busy)??;
    let txn = crate::db::tx::begin_write(db).await?;
    let digest = tokens::digest(secret);
    let now = Utc::now();
    let used = email_token::Entity::update_many()
        .col_expr(
            email_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(email_token::Column::TokenHash.eq(digest.clone()))
        .filter(email_token::Column::Purpose.eq(purpose))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    let Some(token) = email_token::Entity::find_by_id(digest).one(&txn).await? else {
        return Ok(None);
    };
    let Some(found) = user::Entity::find_by_id(token.user_id).one(&txn).await? else {
        return Ok(None);
    };
    // Every other link of the account ends with this one: a reset requested twice, or
    // an old invitation, must not set the password again after this.
    email_token::Entity::update_many()
        .col_expr(
            email_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(email_token::Column::UserId.eq(found.id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let mut row: user::ActiveModel = found.into();
    row.password_hash = Set(Some(hash));
    let updated = row.update(&txn).await?;
    // A new password ends every session of the account (the caller opens a new one).
    crate::db::auth::session::Entity::delete_many()
        .filter(crate::db::auth::session::Column::UserId.eq(updated.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(updated))
}
