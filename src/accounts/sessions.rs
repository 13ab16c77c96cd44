//! Sign-in: password check with throttling per account and per address, sessions
//! stored in the database (so every instance shares them), API tokens.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::directory::{self as users, User};
use super::{Email, password, tokens};
use crate::db::auth::{api_token, login_attempt, session};

/// Name of the session cookie.
pub const COOKIE: &str = "aula_session";
/// Name of the CSRF cookie of visitors who are not signed in.
pub const CSRF_COOKIE: &str = "aula_csrf";
/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::hours(12);
/// Window in which failed sign-ins are counted.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Failures allowed per account in a window.
pub const MAX_FAILURES_PER_ACCOUNT: i32 = 5;
/// Failures allowed per address in a window (an office shares one address).
pub const MAX_FAILURES_PER_ADDRESS: i32 = 30;

/// A new session: the cookie value (secret) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Value of the session cookie.
    pub cookie: String,
    /// CSRF token of its forms.
    pub csrf: String,
}

/// Why a sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong e-mail or password (deliberately not telling which).
    #[error("e-mail o password non corretti")]
    Invalid,
    /// Too many failures: wait.
    #[error("troppi tentativi di accesso: riprova tra qualche minuto")]
    Throttled,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// Checks the credentials and opens a new session. `address` is the client address.
pub async fn login(
    db: &DatabaseConnection,
    email: &str,
    secret: &str,
    address: &str,
) -> Result<(User, NewSession), LoginError> {
    let email = Email::parse(email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let account_key = format!("account:{email}");
    let address_key = format!("address:{address}");
    if failures(db, &account_key).await? >= MAX_FAILURES_PER_ACCOUNT
        || failures(db, &address_key).await? >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(LoginError::Throttled);
    }
    let found = users::by_email(db, &email).await?;
    let hash = found
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_string());
    let secret_owned = secret.to_string();
    let matches = tokio::task::spawn_blocking(move || password::verify(&secret_owned, &hash))
        .await
        .unwrap_or(false);
    let user = match found {
        Some(user) if matches && user.disabled_at.is_none() && user.password_hash.is_some() => user,
        _ => {
            record_failure(db, &account_key).await?;
            record_failure(db, &address_key).await?;
            return Err(LoginError::Invalid);
        }
    };
    login_attempt::Entity::delete_by_id(account_key)
        .exec(db)
        .await?;
    let session = open_session(db, user.id).await?;
    Ok((user, session))
}

/// Opens a session for a user (after sign-in or after setting a password).
pub async fn open_session(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<NewSession, sea_orm::DbErr> {
    let cookie = tokens::generate("");
    let csrf = tokens::generate("");
    session::ActiveModel {
        id_hash: Set(tokens::digest(&cookie)),
        user_id: Set(user_id),
        csrf_token: Set(csrf.clone()),
        created_at: Set(Utc::now()),
        expires_at: Set(Utc::now() + SESSION_TTL),
    }
    .insert(db)
    .await?;
    Ok(NewSession { cookie, csrf })
}

async fn failures(db: &DatabaseConnection, key: &str) -> Result<i32, sea_orm::DbErr> {
    Ok(login_attempt::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .filter(|a| a.window_start + THROTTLE_WINDOW > Utc::now())
        .map_or(0, |a| a.failures))
}

async fn record_failure(db: &DatabaseConnection, key: &str) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    match login_attempt::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
    {
        Some(attempt) if attempt.window_start + THROTTLE_WINDOW > now => {
            let failures = attempt.failures + 1;
            let mut row: login_attempt::ActiveModel = attempt.into();
            row.failures = Set(failures);
            row.update(db).await?;
        }
        Some(attempt) => {
            let mut row: login_attempt::ActiveModel = attempt.into();
            row.window_start = Set(now);
            row.failures = Set(1);
            row.update(db).await?;
        }
        None => {
            login_attempt::Entity::insert(login_attempt::ActiveModel {
                key: Set(key.to_string()),
                window_start: Set(now),
                failures: Set(1),
            })
            .on_conflict_do_nothing()
            .exec(db)
            .await?;
        }
    }
    Ok(())
}

/// The user and session of a cookie value, if valid.
pub async fn resolve(
    db: &DatabaseConnection,
    cookie: &str,
) -> Result<Option<(User, session::Model)>, sea_orm::DbErr> {
    // One query for the session and its user: this runs on every request.
    let Some((found, user)) = session::Entity::find_by_id(tokens::digest(cookie))
        .find_also_related(crate::db::users::user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if found.expires_at < Utc::now() {
        session::Entity::delete_by_id(found.id_hash)
            .exec(db)
            .await?;
        return Ok(None);
    }
    Ok(user.filter(|u| u.disabled_at.is_none()).map(|u| (u, found)))
}

/// Ends a session.
pub async fn logout(db: &DatabaseConnection, cookie: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(tokens::digest(cookie))
        .exec(db)
        .await?;
    Ok(())
}

/// Creates an API token acting as `user_id`; returns the row and the secret, which
/// is shown once and never stored.
pub async fn create_token(
    db: &DatabaseConnection,
    user_id: i32,
    name: &str,
) -> Result<(api_token::Model, String), sea_orm::DbErr> {
    let secret = tokens::generate("aula_");
    let row = api_token::ActiveModel {
        name: Set(name.trim().to_string()),
        token_hash: Set(tokens::digest(&secret)),
        user_id: Set(user_id),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((row, secret))
}

/// The user a bearer token acts as, if the token is valid and not revoked.
pub async fn resolve_token(
    db: &DatabaseConnection,
    secret: &str,
) -> Result<Option<User>, sea_orm::DbErr> {
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(tokens::digest(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user_id = token.user_id;
    let mut row: api_token::ActiveModel = token.into();
    row.last_used_at = Set(Some(Utc::now()));
    row.update(db).await?;
    Ok(users::by_id(db, user_id)
        .await?
        .filter(|u| u.disabled_at.is_none()))
}

/// Revokes a token; returns whether it existed.
pub async fn revoke_token(db: &DatabaseConnection, id: i32) -> Result<bool, sea_orm::DbErr> {
    let result = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Every API token, newest first (hashes only: secrets are never stored).
pub async fn list_tokens(db: &DatabaseConnection) -> Result<Vec<api_token::Model>, sea_orm::DbErr> {
    api_token::Entity::find()
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await
}
