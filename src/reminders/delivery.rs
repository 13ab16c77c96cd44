//! The delivery worker: claims due messages of the outbox (a claim is a timed lease in
//! the row, taken in one conditional UPDATE, so two instances never send the same
//! message), sends each, and marks it sent, or records the failure and retries later
//! with exponential backoff, giving up after [`MAX_ATTEMPTS`]. A message sent while the
//! database goes away is recorded once it is back (within the claim, so no other
//! instance sends it again meanwhile).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;

use super::Context;
use crate::db::reminders::outbox;
use crate::db::sql::Sql;

/// Messages claimed at a time.
const CLAIM: u64 = 50;
/// How long a claim holds.
const CLAIM_SECONDS: i64 = 120;
/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i32 = 10;
/// Longest wait between attempts.
const MAX_BACKOFF_SECONDS: i64 = 6 * 3600;
/// How long a pass keeps trying to record a delivery while the database is out of
/// reach: half the claim, so the record lands before any instance may claim the
/// message again.
const RECORD_WITHIN: std::time::Duration =
    std::time::Duration::from_secs(CLAIM_SECONDS.unsigned_abs() / 2);

/// What a delivery pass did.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Delivered {
    /// Sent.
    pub sent: usize,
    /// Failed this time, to be retried.
    pub retried: usize,
    /// Given up.
    pub failed: usize,
}

/// The wait before attempt `attempts + 1`: `base` × 2^(attempts − 1), capped.
pub fn backoff(base_seconds: u32, attempts: i32) -> chrono::Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    let seconds = i64::from(base_seconds.max(1)).saturating_mul(1 << exponent);
    chrono::Duration::seconds(seconds.min(MAX_BACKOFF_SECONDS))
}

async fn claim(ctx: &Context, now: DateTime<Utc>) -> Result<Vec<outbox::Model>, DbErr> {
    let db = &ctx.db;
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("UPDATE outbox SET claimed_until = ")
        .bind(now + chrono::Duration::seconds(CLAIM_SECONDS))
        .push(
            " WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ",
        )
        .bind(now)
        .push(" AND (claimed_until IS NULL OR claimed_until < ")
        .bind(now)
        .push(") ORDER BY id LIMIT ")
        .bind(i64::try_from(CLAIM).unwrap_or(50))
        .push(") AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ")
        .bind(now)
        .push(") RETURNING id");
    let ids: Vec<i64> = db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .filter_map(|r| r.try_get::<i64>("", "id").ok())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    outbox::Entity::find()
        .filter(outbox::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// Sends every due message (in rounds of [`CLAIM`]) until none is left.
pub async fn deliver_due(ctx: &Context, holder: &str) -> anyhow::Result<Delivered> {
    let mut done = Delivered::default();
    loop {
        let now = Utc::now();
        let batch = claim(ctx, now).await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for message in batch {
            let result = send(ctx, &message).await;
            let backend = ctx.db.get_database_backend();
            let mut sql = Sql::new(backend);
            match result {
                Ok(()) => {
                    sql.push("UPDATE outbox SET status = 'sent', sent_at = ")
                        .bind(Utc::now())
                        .push(", attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = ")
                        .bind(message.id);
                    done.sent += 1;
                }
                Err(err) => {
                    let attempts = message.attempts + 1;
                    let give_up = attempts >= MAX_ATTEMPTS;
                    tracing::warn!(id = message.id, attempts, error = %format!("{err:#}"), holder, "reminder delivery failed");
                    sql.push("UPDATE outbox SET status = ")
                        .bind(if give_up { "failed" } else { "pending" })
                        .push(", attempts = ")
                        .bind(attempts)
                        .push(", next_attempt_at = ")
                        .bind(Utc::now() + backoff(ctx.config.reminders.retry_seconds, attempts))
                        .push(", claimed_until = NULL, last_error = ")
                        .bind(format!("{err:#}").chars().take(500).collect::<String>())
                        .push(" WHERE id = ")
                        .bind(message.id);
                    if give_up {
                        done.failed += 1;
                    } else {
                        done.retried += 1;
                    }
                }
            }
            record(ctx, sql.build()).await?;
        }
        if done.retried + done.failed > 0 && done.sent == 0 {
            // The server is refusing everything: stop this pass, the backoff decides
            // when to try again.
            return Ok(done);
        }
    }
}

/// Runs the statement recording a delivery (or its failure), waiting for the database
/// while it is out of reach, for up to [`RECORD_WITHIN`]: a message sent whose record
/// is lost would be sent again once its claim ran out.
async fn record(ctx: &Context, statement: sea_orm::Statement) -> Result<(), DbErr> {
    let deadline = tokio::time::Instant::now() + RECORD_WITHIN;
    let mut wait = std::time::Duration::from_millis(200);
    loop {
        match ctx.db.execute_raw(statement.clone()).await {
            Ok(_) => return Ok(()),
            Err(err)
                if crate::db::unavailable::is_unavailable(&err)
                    && tokio::time::Instant::now() + wait < deadline =>
            {
                tracing::warn!(error = %err, "cannot record a delivery yet: the database is out of reach");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(5));
            }
            Err(err) => return Err(err),
        }
    }
}

async fn send(ctx: &Context, message: &outbox::Model) -> anyhow::Result<()> {
    let rendered = crate::mail::Rendered {
        subject: message.subject.clone(),
        text: message.body_text.clone(),
        html: message.body_html.clone(),
    };
    let mut headers = vec![("X-Aula-Reminder", message.idempotency_key.clone())];
    if let Some(url) = &message.unsubscribe_url {
        headers.push(("List-Unsubscribe", format!("<{url}>")));
    }
    let email = ctx.mailer.message_with_calendar(
        &message.to_email,
        &rendered,
        &headers,
        message.calendar.as_deref(),
    )?;
    ctx.mailer.send(email).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(30, 1).num_seconds(), 30);
        assert_eq!(backoff(30, 2).num_seconds(), 60);
        assert_eq!(backoff(30, 5).num_seconds(), 480);
        assert_eq!(backoff(30, 40).num_seconds(), MAX_BACKOFF_SECONDS);
    }
}
