//! Telling learners: a certificate issued (or reissued) is sealed and announced by
//! e-mail, with the link to its PDF. The announcer runs in the background on every
//! serving instance; a conditional update on `announced_at`, in the same transaction
//! as the queued e-mail, decides which instance tells, so the learner hears once.

use chrono::Utc;
use sea_orm::DatabaseConnection;

use super::seal::{self, Issuing};
use super::store;
use crate::mail::Mailer;
use crate::reminders::outbox::{self, Outgoing};

/// Certificates announced per run at most (the rest wait for the next run).
const BATCH: u64 = 200;

/// Seals and announces the certificates not announced yet; returns how many e-mails
/// this call queued.
pub async fn run(
    db: &DatabaseConnection,
    mailer: &Mailer,
    issuing: Issuing<'_>,
) -> anyhow::Result<usize> {
    let mut queued = 0;
    for id in store::unannounced(db, BATCH).await? {
        let Some(record) = store::by_id(db, id).await? else {
            continue;
        };
        let record = seal::seal(db, issuing, record).await?;
        // A disabled account is not written to, but its certificate counts as
        // announced: it must not hold up the queue.
        let (email, lang) = recipient(db, record.user_id).await?;
        let c = &record.certificate;
        let base = issuing.base_url.trim_end_matches('/');
        let rendered = mailer.render(
            "certificate-issued",
            serde_json::json!({
                "name": c.holder_name,
                "course": c.course_title,
                "edition": c.edition_title,
                "code": c.code,
                "replaces": record.replaces,
                "pdf_url": format!("{base}/attestati/{}.pdf", c.code),
                "home_url": format!("{base}/"),
                "verify_url": super::Certificate::verify_url(base, &c.code),
                "lang": lang,
            }),
        )?;
        let now = Utc::now();
        let txn = crate::db::tx::begin_write(db).await?;
        if store::mark_announced(&txn, id, now).await?
            && let Some(email) = &email
        {
            let new = outbox::queue(
                &txn,
                Outgoing {
                    key: format!("certificate:{}:issued", c.code),
                    kind: "certificate-issued",
                    user_id: Some(record.user_id),
                    to: email,
                    rendered: &rendered,
                    calendar: None,
                },
                now,
            )
            .await?;
            queued += usize::from(new);
        }
        txn.commit().await?;
    }
    Ok(queued)
}

async fn recipient(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<(Option<String>, &'static str), sea_orm::DbErr> {
    let user = crate::accounts::directory::by_id(db, user_id).await?;
    let lang = user.as_ref().map_or(
        crate::render::i18n::DEFAULT_LANG,
        crate::accounts::directory::language_of,
    );
    Ok((
        user.filter(|u| u.disabled_at.is_none()).map(|u| u.email),
        lang,
    ))
}
