//! One e-mail queued in the outbox by another capability (the answer to a reported
//! error, a seminar registration, possibly with its `.ics`), inside that capability's transaction: the message is committed with the
//! change it announces, or not at all, and the delivery worker sends it with the
//! reminders' retries. Its idempotency key makes a second queuing of the same
//! message a no-op.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::sql::Sql;
use crate::mail::Rendered;

/// A message to queue.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// Unique key: the same key is queued once.
    pub key: String,
    /// What sent it (the outbox's `rule` column), e.g. `errata-answered`.
    pub kind: &'a str,
    /// The recipient's account.
    pub user_id: Option<i32>,
    /// The recipient's address.
    pub to: &'a str,
    /// Subject and bodies.
    pub rendered: &'a Rendered,
    /// An iCalendar attachment (RFC 5545 text), if any.
    pub calendar: Option<String>,
}

/// Queues `message` as pending, due now; returns whether it was new (false when its
/// key was queued before).
pub async fn queue<C: ConnectionTrait>(
    conn: &C,
    message: Outgoing<'_>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if !deliverable(message.to) {
        return Ok(false);
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "INSERT INTO outbox (idempotency_key, rule, user_id, to_email, subject, body_text, \
         body_html, unsubscribe_url, status, attempts, next_attempt_at, created_at, calendar) \
         VALUES (",
    )
    .bind(message.key)
    .push(", ")
    .bind(message.kind)
    .push(", ")
    .bind(message.user_id)
    .push(", ")
    .bind(message.to)
    .push(", ")
    .bind(message.rendered.subject.clone())
    .push(", ")
    .bind(message.rendered.text.clone())
    .push(", ")
    .bind(message.rendered.html.clone())
    .push(", NULL, 'pending', 0, ")
    .bind(now)
    .push(", ")
    .bind(now)
    .push(", ")
    .bind(message.calendar)
    .push(") ON CONFLICT (idempotency_key) DO NOTHING RETURNING id");
    Ok(!conn.query_all_raw(sql.build()).await?.is_empty())
}

/// Whether `to` can receive mail: the placeholder address of an erased account
/// (`privacy::erase::ERASED_DOMAIN`) never does, whoever queues for it.
pub fn deliverable(to: &str) -> bool {
    !to.ends_with(crate::privacy::erase::ERASED_DOMAIN)
}

/// Messages queued per statement by [`queue_many`].
const MANY_CHUNK: usize = 200;

/// Queues many messages, pending and due now, with one multi-row statement per
/// chunk; a key queued before is skipped. Returns how many were new.
pub async fn queue_many<C: ConnectionTrait>(
    conn: &C,
    messages: &[Outgoing<'_>],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let messages: Vec<&Outgoing<'_>> = messages.iter().filter(|m| deliverable(m.to)).collect();
    let mut new = 0;
    for chunk in messages.chunks(MANY_CHUNK) {
        let mut sql = Sql::new(conn.get_database_backend());
        sql.push(
            "INSERT INTO outbox (idempotency_key, rule, user_id, to_email, subject, body_text, \
             body_html, unsubscribe_url, status, attempts, next_attempt_at, created_at, calendar) \
             VALUES ",
        );
        for (i, m) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(m.key.clone())
                .push(", ")
                .bind(m.kind)
                .push(", ")
                .bind(m.user_id)
                .push(", ")
                .bind(m.to)
                .push(", ")
                .bind(m.rendered.subject.clone())
                .push(", ")
                .bind(m.rendered.text.clone())
                .push(", ")
                .bind(m.rendered.html.clone())
                .push(", NULL, 'pending', 0, ")
                .bind(now)
                .push(", ")
                .bind(now)
                .push(", ")
                .bind(m.calendar.clone())
                .push(")");
        }
        sql.push(" ON CONFLICT (idempotency_key) DO NOTHING");
        new += conn.execute_raw(sql.build()).await?.rows_affected();
    }
    Ok(new)
}
