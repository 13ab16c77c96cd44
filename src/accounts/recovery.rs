//! Password recovery requests (`/password/forgot`): throttled per e-mail address and
//! per client address in the database, answered at once, the same way whether the
//! account exists or not; looking the account up, creating the link and sending the
//! e-mail happen afterwards, in a task of their own, so neither the answer nor its
//! timing tells whether an address has an account.

use chrono::Duration;
use sea_orm::DatabaseConnection;

use super::throttle::{self, Throttle};
use super::{Email, directory, link_tokens};
use crate::mail::Mailer;

/// The throttles of reset requests.
#[derive(Debug, Clone, Copy)]
pub struct ResetLimits {
    /// Requests per e-mail address.
    pub email: Throttle,
    /// Requests per client address.
    pub address: Throttle,
}

impl ResetLimits {
    /// The limits set in `[accounts]`.
    pub fn from_config(config: &crate::config::Accounts) -> Self {
        let window = Duration::minutes(i64::from(config.throttle_minutes));
        Self {
            email: Throttle {
                limit: config.reset_requests_per_email,
                window,
            },
            address: Throttle {
                limit: config.reset_requests_per_address,
                window,
            },
        }
    }
}

/// Why a request was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// Too many requests for this e-mail or from this address: wait.
    #[error("troppe richieste di reimpostazione: riprova tra qualche minuto")]
    Throttled,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// What sending a reset link needs, owned so that it can outlive the request.
#[derive(Clone)]
pub struct Recovery {
    /// The database.
    pub db: DatabaseConnection,
    /// Outgoing e-mail.
    pub mailer: Mailer,
    /// Public base URL of the links.
    pub base_url: String,
    /// The throttles.
    pub limits: ResetLimits,
}

impl Recovery {
    /// Takes a reset request for `email` from the client `address`: counts it against
    /// both throttles (every request counts, whether the address has an account or
    /// not), then hands the work to a task and returns. The returned handle is the
    /// task's (tests wait on it; the server lets it run).
    pub async fn request(
        &self,
        email: &str,
        address: &str,
    ) -> Result<tokio::task::JoinHandle<()>, ResetError> {
        let address_key = throttle::address_key("reset-address", address);
        let email_key = throttle::email_key("reset-email", email);
        if !self.limits.address.reserve(&self.db, &address_key).await?
            || !self.limits.email.reserve(&self.db, &email_key).await?
        {
            return Err(ResetError::Throttled);
        }
        let this = self.clone();
        let email = email.to_string();
        Ok(tokio::spawn(async move {
            if let Err(err) = this.send_link(&email).await {
                tracing::error!(error = %format!("{err:#}"), "cannot send the password reset e-mail");
            }
        }))
    }

    /// Sends a reset link if `email` belongs to an active account with that address.
    async fn send_link(&self, email: &str) -> anyhow::Result<()> {
        let Ok(email) = Email::parse(email) else {
            return Ok(());
        };
        let Some(user) = directory::by_email(&self.db, email.as_str()).await? else {
            return Ok(());
        };
        if user.disabled_at.is_some() {
            return Ok(());
        }
        let ttl = link_tokens::RESET_TTL;
        let token = link_tokens::issue_link_token(&self.db, user.id, "reset", ttl).await?;
        let link = format!("{}/password/reset/{token}", self.base_url);
        self.mailer
            .send_template(
                &user.email,
                "reset",
                minijinja::context! {
                    name => user.name,
                    link,
                    hours => ttl.num_hours(),
                    lang => directory::language_of(&user),
                },
            )
            .await
    }
}
