//! Queuing reminders: each new one is rendered from its e-mail templates
//! (`email/reminder-<rule>/`) and inserted in the outbox with its idempotency key; the
//! database's unique key drops a reminder queued before (by this or another instance,
//! now or in an earlier run). A learner's reminder also becomes an in-app notification.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::Serialize;

use super::rules::Candidate;
use super::{Context, Rule, unsubscribe};
use crate::db::sql::Sql;

/// Rows per INSERT.
const BATCH: usize = 200;

/// A reminder newly queued (or that a dry run would queue).
#[derive(Debug, Clone, Serialize)]
pub struct Queued {
    /// The rule.
    pub rule: Rule,
    /// Idempotency key.
    pub key: String,
    /// Recipient.
    pub email: String,
}

/// The keys already in the outbox (one query).
pub async fn existing_keys<C: ConnectionTrait>(db: &C) -> Result<HashSet<String>, DbErr> {
    let rows = db
        .query_all_raw(
            Sql::new(db.get_database_backend())
                .push("SELECT idempotency_key FROM outbox")
                .build(),
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String>("", "idempotency_key").ok())
        .collect())
}

fn notification_text(rule: Rule, ctx: &serde_json::Value) -> (String, String) {
    let course = ctx["course"].as_str().unwrap_or_default();
    match rule {
        Rule::NotStarted => (
            format!("Il corso «{course}» ti aspetta"),
            "Non hai ancora aperto nessuna lezione: inizia dalla prima, bastano pochi minuti.".into(),
        ),
        Rule::Inactive => (
            format!("Riprendi «{course}»"),
            "È passato un po' di tempo dall'ultima lezione: riprendi da dove eri rimasto.".into(),
        ),
        Rule::Deadline => (
            format!("«{course}» si chiude il {}", ctx["ends_on"].as_str().unwrap_or_default()),
            "L'edizione sta per chiudersi: completa le lezioni e i quiz che mancano.".into(),
        ),
        Rule::QuizFailed => (
            format!("Riprova il quiz «{}»", ctx["module"].as_str().unwrap_or_default()),
            "Rileggi le spiegazioni del tentativo precedente e riprova: hai ancora tentativi a disposizione.".into(),
        ),
        Rule::TutorDigest => (
            "I discenti da chiamare questa settimana".into(),
            format!("{} discenti a rischio nella tua coorte.", ctx["total"]),
        ),
    }
}

fn url_of(rule: Rule, ctx: &serde_json::Value) -> String {
    match rule {
        Rule::QuizFailed => ctx["url"].as_str().unwrap_or("/").to_string(),
        Rule::TutorDigest => "/tutor/at-risk".into(),
        _ => format!("/courses/{}", ctx["course_id"].as_str().unwrap_or_default()),
    }
}

/// Queues the candidates not queued before; on a dry run, only says which they are.
pub async fn enqueue(
    ctx: &Context,
    candidates: Vec<Candidate>,
    now: DateTime<Utc>,
    dry_run: bool,
) -> anyhow::Result<Vec<Queued>> {
    let existing = existing_keys(&ctx.db).await?;
    // An erased account's placeholder address receives nothing, not even in the app.
    let candidates: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| super::outbox::deliverable(&c.email))
        .collect();
    let fresh = not_queued_before(&existing, candidates);
    if dry_run {
        return Ok(fresh.iter().map(queued).collect());
    }
    let links = Links {
        secret: crate::db::app_meta::ensure_secret(&ctx.db).await?,
        base: ctx.config.base_url(),
    };
    let mut queued = Vec::new();
    for chunk in fresh.chunks(BATCH) {
        let (inserted, contexts) = insert_outbox(ctx, &links, chunk, now).await?;
        queued.extend(insert_notifications(ctx, chunk, &contexts, &inserted, now).await?);
    }
    Ok(queued)
}

/// The base URL and the unsubscribe links' secret, the same for every reminder of a run.
struct Links {
    secret: String,
    base: String,
}

/// The candidates whose key is neither in the outbox nor earlier in the list.
fn not_queued_before(existing: &HashSet<String>, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    candidates
        .into_iter()
        .filter(|c| !existing.contains(&c.key) && seen.insert(c.key.clone()))
        .collect()
}

fn queued(c: &Candidate) -> Queued {
    Queued {
        rule: c.rule,
        key: c.key.clone(),
        email: c.email.clone(),
    }
}

/// Renders a chunk's e-mails and inserts them in the outbox in one statement. Returns
/// the keys really inserted (the others were queued before) and each candidate's
/// template details, in the chunk's order.
async fn insert_outbox(
    ctx: &Context,
    links: &Links,
    chunk: &[Candidate],
    now: DateTime<Utc>,
) -> anyhow::Result<(HashSet<String>, Vec<serde_json::Value>)> {
    let mut sql = Sql::new(ctx.db.get_database_backend());
    sql.push(
        "INSERT INTO outbox (idempotency_key, rule, user_id, to_email, subject, body_text, \
         body_html, unsubscribe_url, status, attempts, next_attempt_at, created_at) VALUES ",
    );
    let ids: Vec<i32> = chunk.iter().map(|c| c.user_id).collect();
    let langs = crate::accounts::directory::languages(&ctx.db, &ids).await?;
    let mut contexts = Vec::with_capacity(chunk.len());
    for (i, c) in chunk.iter().enumerate() {
        let mut details = c.context(&ctx.config);
        details["lang"] = langs
            .get(&c.user_id)
            .copied()
            .unwrap_or(crate::render::i18n::DEFAULT_LANG)
            .into();
        if i > 0 {
            sql.push(", ");
        }
        sql.push("(");
        for (j, v) in outbox_values(ctx, links, c, &details, now)?
            .into_iter()
            .enumerate()
        {
            if j > 0 {
                sql.push(", ");
            }
            sql.bind(v);
        }
        sql.push(")");
        contexts.push(details);
    }
    sql.push(" ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key");
    let inserted = ctx
        .db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .filter_map(|r| r.try_get::<String>("", "idempotency_key").ok())
        .collect();
    Ok((inserted, contexts))
}

/// One outbox row's values, in the INSERT's column order, with the e-mail rendered.
fn outbox_values(
    ctx: &Context,
    links: &Links,
    c: &Candidate,
    details: &serde_json::Value,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Value>> {
    let base = &links.base;
    let unsubscribe = unsubscribe::url(base, &links.secret, c.user_id, c.rule.slug());
    let mut context = details.clone();
    context["base_url"] = base.clone().into();
    context["unsubscribe_url"] = unsubscribe.clone().into();
    context["url"] = format!("{base}{}", url_of(c.rule, details)).into();
    let rendered = ctx
        .mailer
        .render(&format!("reminder-{}", c.rule.slug()), &context)?;
    Ok(vec![
        c.key.clone().into(),
        c.rule.slug().into(),
        c.user_id.into(),
        c.email.clone().into(),
        rendered.subject.clone().into(),
        rendered.text.into(),
        rendered.html.into(),
        unsubscribe.into(),
        "pending".into(),
        0i32.into(),
        now.into(),
        now.into(),
    ])
}

/// In-app notifications for the learners' reminders of a chunk that were really
/// queued (a tutor's digest has none). Returns the reminders really queued.
async fn insert_notifications(
    ctx: &Context,
    chunk: &[Candidate],
    contexts: &[serde_json::Value],
    inserted: &HashSet<String>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Queued>> {
    let mut notify = Sql::new(ctx.db.get_database_backend());
    notify.push("INSERT INTO notifications (user_id, rule, title, body, url, created_at) VALUES ");
    let mut any = false;
    let mut out = Vec::new();
    for (c, details) in chunk.iter().zip(contexts) {
        if !inserted.contains(&c.key) {
            continue;
        }
        out.push(queued(c));
        if c.rule == Rule::TutorDigest {
            continue;
        }
        let (title, body) = notification_text(c.rule, details);
        if any {
            notify.push(", ");
        }
        any = true;
        notify
            .push("(")
            .bind(c.user_id)
            .push(", ")
            .bind(c.rule.slug())
            .push(", ")
            .bind(title)
            .push(", ")
            .bind(body)
            .push(", ")
            .bind(url_of(c.rule, details))
            .push(", ")
            .bind(now)
            .push(")");
    }
    if any {
        ctx.db.execute_raw(notify.build()).await?;
    }
    Ok(out)
}
