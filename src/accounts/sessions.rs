//! Sign-in: password check with throttling per account and per address, and sessions
//! stored in the database (so every instance shares them).

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};

use super::directory::{self as users, User};
use super::password::{Busy, PasswordPool};
use super::throttle::{self, Throttle};
use super::{Email, tokens};
use crate::db::auth::session;

/// Name of the session cookie.
pub const COOKIE: &str = "aula_session";
/// Name of the CSRF cookie of visitors who are not signed in.
pub const CSRF_COOKIE: &str = "aula_csrf";
/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::hours(12);

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
    /// Too many sign-ins being checked at once: retry in a few seconds.
    #[error(transparent)]
    Busy(#[from] Busy),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// The sign-in throttles of a configuration: per account and per client address.
#[derive(Debug, Clone, Copy)]
pub struct SignInLimits {
    /// Failed sign-ins per account.
    pub account: Throttle,
    /// Failed sign-ins per client address.
    pub address: Throttle,
}

impl SignInLimits {
    /// The limits set in `[accounts]`.
    pub fn from_config(config: &crate::config::Accounts) -> Self {
        let window = Duration::minutes(i64::from(config.throttle_minutes));
        Self {
            account: Throttle {
                limit: config.login_failures_per_account,
                window,
            },
            address: Throttle {
                limit: config.login_failures_per_address,
                window,
            },
        }
    }
}

/// Checks the credentials and opens a new session. `address` is the client address.
///
/// Each attempt first takes a slot of its account's throttle, then of its address's,
/// in the database; only then is the password checked, on the bounded `passwords`
/// pool. However many requests arrive at once, on however many instances, no more
/// passwords of an account are checked in a window than its limit. A failure keeps
/// its slots; a success gives back the address's and clears the account's.
pub async fn login(
    db: &DatabaseConnection,
    passwords: &PasswordPool,
    limits: &SignInLimits,
    email: &str,
    secret: &str,
    address: &str,
) -> Result<(User, NewSession), LoginError> {
    let email = Email::parse(email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let account_key = throttle::email_key("account", &email);
    let address_key = throttle::address_key("address", address);
    if !limits.account.reserve(db, &account_key).await? {
        return Err(LoginError::Throttled);
    }
    if !limits.address.reserve(db, &address_key).await? {
        throttle::release(db, &account_key).await?;
        return Err(LoginError::Throttled);
    }
    let found = users::by_email(db, &email).await?;
    let hash = found.as_ref().and_then(|u| u.password_hash.clone());
    let matches = match passwords.verify(secret, hash).await {
        Ok(matches) => matches,
        Err(busy) => {
            // Nothing was checked: the attempt does not count.
            throttle::release(db, &account_key).await?;
            throttle::release(db, &address_key).await?;
            return Err(LoginError::Busy(busy));
        }
    };
    let user = match found {
        Some(user) if matches && user.disabled_at.is_none() => user,
        _ => return Err(LoginError::Invalid),
    };
    throttle::clear(db, &account_key).await?;
    throttle::release(db, &address_key).await?;
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
    let txn = crate::db::tx::begin_write(db).await?;
    session::ActiveModel {
        id_hash: Set(tokens::digest(&cookie)),
        user_id: Set(user_id),
        csrf_token: Set(csrf.clone()),
        created_at: Set(Utc::now()),
        expires_at: Set(Utc::now() + SESSION_TTL),
    }
    .insert(&txn)
    .await?;
    // Signing in is what retention counts as use: it moves the account's date and
    // cancels a warning given before.
    let mut sql = crate::db::sql::Sql::new(db.get_database_backend());
    sql.push("UPDATE users SET last_sign_in_at = ")
        .bind(Utc::now())
        .push(", retention_warned_at = NULL WHERE id = ")
        .bind(user_id);
    sea_orm::ConnectionTrait::execute_raw(&txn, sql.build()).await?;
    txn.commit().await?;
    Ok(NewSession { cookie, csrf })
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
