//! Retention: an account whose editions have all ended is kept
//! `privacy.retention_months` after the later of the end of its last edition, its
//! last sign-in and its last activity (or its creation). `warning_days` before, the
//! person is warned by e-mail (signing in keeps the account); at the date, and never
//! less than `warning_days` after the warning, it is pseudonymised
//! (`erase::erase_many`). The same run forgets what has its own retention: the access
//! log after `access_log_months`, the content of sent e-mails after `outbox_days`,
//! exports past their date. `plan` says what a run would do (the dry run); `apply`
//! does it. The scheduled job (`jobs.rs`) runs `plan` then `apply` under the lease,
//! so one instance does it.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::{Deserialize, Serialize};

use super::erase::{self, Erased};
use crate::config::Privacy;
use crate::db::sql::Sql;
use crate::mail::Mailer;
use crate::reminders::outbox::{self, Outgoing};

/// Accounts warned per transaction.
const WARN_CHUNK: usize = 500;

/// One account the run acts on.
#[derive(Debug, Clone, Serialize)]
pub struct Due {
    /// Account id.
    pub id: i32,
    /// Address (the warning goes there).
    pub email: String,
    /// Name.
    pub name: String,
    /// Language of the e-mail.
    pub lang: &'static str,
    /// The day it is (or would be) pseudonymised.
    pub erase_on: NaiveDate,
}

/// What a run does.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Plan {
    /// Accounts to warn now.
    pub warn: Vec<Due>,
    /// Accounts to pseudonymise now.
    pub erase: Vec<Due>,
    /// Access-log rows past their retention.
    pub access_log: u64,
    /// Sent e-mails whose content is past its retention.
    pub outbox: u64,
    /// Exports past their date.
    pub exports: u64,
}

/// What a run did.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Done {
    /// Warnings queued.
    pub warned: u64,
    /// What pseudonymisation changed.
    pub erased: Erased,
    /// Access-log rows forgotten.
    pub access_log: u64,
    /// Sent e-mails emptied.
    pub outbox: u64,
    /// Exports deleted.
    pub exports: u64,
}

impl Done {
    /// The line kept in `job_runs` and printed by the command.
    pub fn summary(&self) -> String {
        format!(
            "{} avvisi, {} account pseudonimizzati, {} righe del registro degli accessi, {} e-mail inviate svuotate, {} esportazioni scadute",
            self.warned, self.erased.accounts, self.access_log, self.outbox, self.exports
        )
    }
}

#[derive(Debug, Deserialize, FromQueryResult)]
struct Account {
    id: i32,
    email: String,
    name: String,
    language: Option<String>,
    created_at: DateTime<Utc>,
    last_sign_in_at: Option<DateTime<Utc>>,
    retention_warned_at: Option<DateTime<Utc>>,
    last_end: Option<NaiveDate>,
    open_ended: Option<i64>,
    last_activity: Option<DateTime<Utc>>,
}

const COLUMNS: &[&str] = &[
    "id",
    "email",
    "name",
    "language",
    "created_at",
    "last_sign_in_at",
    "retention_warned_at",
    "last_end",
    "open_ended",
    "last_activity",
];

/// What a run at `now` would do.
pub async fn plan<C: ConnectionTrait>(
    db: &C,
    settings: &Privacy,
    now: DateTime<Utc>,
) -> Result<Plan, DbErr> {
    let mut plan = Plan::default();
    if settings.retention_months > 0 {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "SELECT u.id AS id, u.email AS email, u.name AS name, u.language AS language, \
             u.created_at AS created_at, u.last_sign_in_at AS last_sign_in_at, \
             u.retention_warned_at AS retention_warned_at, e.last_end AS last_end, \
             e.open_ended AS open_ended, p.last_activity AS last_activity \
             FROM users u \
             LEFT JOIN (SELECT n.user_id AS user_id, MAX(d.ends_on) AS last_end, \
                        SUM(CASE WHEN d.ends_on IS NULL THEN 1 ELSE 0 END) AS open_ended \
                        FROM enrolments n JOIN editions d ON d.id = n.edition_id \
                        GROUP BY n.user_id) e ON e.user_id = u.id \
             LEFT JOIN (SELECT user_id, MAX(last_activity_at) AS last_activity \
                        FROM course_progress GROUP BY user_id) p ON p.user_id = u.id \
             WHERE u.role = 'learner' AND u.erased_at IS NULL ORDER BY u.id",
        );
        let accounts: Vec<Account> = sql.fetch_bulk(db, COLUMNS).await?;
        for account in accounts {
            match judge(&account, settings, now) {
                Some(Verdict::Warn(erase_on)) => plan.warn.push(account.due(erase_on)),
                Some(Verdict::Erase(erase_on)) => plan.erase.push(account.due(erase_on)),
                None => {}
            }
        }
    }
    plan.access_log =
        super::access_log::count_before(db, months_before(now, settings.access_log_months)).await?;
    plan.outbox = count(db, |sql| outbox_past(sql, settings, now)).await?;
    plan.exports = count(db, |sql| {
        sql.push("SELECT COUNT(*) AS n FROM privacy_exports WHERE expires_at < ")
            .bind(now);
    })
    .await?;
    Ok(plan)
}

enum Verdict {
    Warn(NaiveDate),
    Erase(NaiveDate),
}

/// The rule, for one account.
fn judge(account: &Account, settings: &Privacy, now: DateTime<Utc>) -> Option<Verdict> {
    if account.open_ended.unwrap_or(0) > 0 {
        // Enrolled in an edition without an end: the account is in use.
        return None;
    }
    let edition_end = account
        .last_end
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc());
    let last = [
        Some(account.created_at),
        account.last_sign_in_at,
        account.last_activity,
        edition_end,
    ]
    .into_iter()
    .flatten()
    .max()?;
    let due = last.checked_add_months(Months::new(settings.retention_months))?;
    let notice = Days::new(u64::from(settings.warning_days));
    let warn_from = due.checked_sub_days(notice)?;
    // A warning given before the account's date moved (it was used since) no longer
    // counts: the person is warned again.
    let warned = account.retention_warned_at.filter(|w| *w >= warn_from);
    match warned {
        None if now >= warn_from => {
            let erase_on = due.max(now.checked_add_days(notice)?);
            Some(Verdict::Warn(erase_on.date_naive()))
        }
        Some(at) => {
            // The warning announced a day ("sign in by that day"): the account goes on
            // the first run after it.
            let erase_on = due.max(at.checked_add_days(notice)?).date_naive();
            (now.date_naive() > erase_on).then_some(Verdict::Erase(erase_on))
        }
        None => None,
    }
}

impl Account {
    fn due(self, erase_on: NaiveDate) -> Due {
        Due {
            id: self.id,
            lang: self
                .language
                .as_deref()
                .and_then(crate::render::i18n::supported)
                .unwrap_or(crate::render::i18n::DEFAULT_LANG),
            email: self.email,
            name: self.name,
            erase_on,
        }
    }
}

/// Does what `plan` found: warns, pseudonymises, forgets.
pub async fn apply(
    db: &DatabaseConnection,
    mailer: &Mailer,
    settings: &Privacy,
    base_url: &str,
    plan: &Plan,
    now: DateTime<Utc>,
) -> anyhow::Result<Done> {
    let mut done = Done::default();
    let base = base_url.trim_end_matches('/');
    for chunk in plan.warn.chunks(WARN_CHUNK) {
        let mut rendered = Vec::with_capacity(chunk.len());
        for due in chunk {
            rendered.push(mailer.render(
                "privacy-retention",
                serde_json::json!({
                    "name": due.name,
                    "date": crate::render::dates::long(due.erase_on, due.lang),
                    "login_url": format!("{base}/login"),
                    "data_url": format!("{base}/profilo/dati"),
                    "lang": due.lang,
                }),
            )?);
        }
        let messages: Vec<Outgoing<'_>> = chunk
            .iter()
            .zip(&rendered)
            .map(|(due, rendered)| Outgoing {
                key: format!("privacy-retention:{}:{}", due.id, due.erase_on),
                kind: "privacy-retention",
                user_id: Some(due.id),
                to: &due.email,
                rendered,
                calendar: None,
            })
            .collect();
        let ids: Vec<i32> = chunk.iter().map(|d| d.id).collect();
        let txn = crate::db::tx::begin_write(db).await?;
        done.warned += outbox::queue_many(&txn, &messages, now).await?;
        let mut sql = Sql::new(txn.get_database_backend());
        sql.push("UPDATE users SET retention_warned_at = ")
            .bind(now)
            .push(" WHERE erased_at IS NULL AND id IN ")
            .bind_list(&ids);
        txn.execute_raw(sql.build()).await?;
        txn.commit().await?;
    }
    let ids: Vec<i32> = plan.erase.iter().map(|d| d.id).collect();
    done.erased = erase::erase_many(db, &ids, settings.certificates, now).await?;
    done.access_log =
        super::access_log::prune(db, months_before(now, settings.access_log_months)).await?;
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "UPDATE outbox SET to_email = '', subject = '', body_text = '', body_html = '', \
         calendar = NULL, unsubscribe_url = NULL WHERE id IN (",
    );
    outbox_past_ids(&mut sql, settings, now);
    sql.push(")");
    done.outbox = db.execute_raw(sql.build()).await?.rows_affected();
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("DELETE FROM privacy_exports WHERE expires_at < ")
        .bind(now);
    done.exports = db.execute_raw(sql.build()).await?.rows_affected();
    Ok(done)
}

/// `now` less `months` months.
fn months_before(now: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(months)).unwrap_or(now)
}

fn outbox_past(sql: &mut Sql, settings: &Privacy, now: DateTime<Utc>) {
    sql.push("SELECT COUNT(*) AS n FROM outbox WHERE id IN (");
    outbox_past_ids(sql, settings, now);
    sql.push(")");
}

/// The ids of e-mails done with (sent or given up) longer ago than `outbox_days`
/// whose content is still there.
fn outbox_past_ids(sql: &mut Sql, settings: &Privacy, now: DateTime<Utc>) {
    let before = now
        .checked_sub_days(Days::new(u64::from(settings.outbox_days)))
        .unwrap_or(now);
    sql.push(
        "SELECT id FROM outbox WHERE status <> 'pending' AND body_text <> '' \
         AND COALESCE(sent_at, next_attempt_at) < ",
    )
    .bind(before);
}

async fn count<C: ConnectionTrait>(db: &C, build: impl FnOnce(&mut Sql)) -> Result<u64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    build(&mut sql);
    sql.count(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn account(last_end: &str, warned: Option<&str>) -> Account {
        Account {
            id: 1,
            email: "a@b.it".into(),
            name: "A".into(),
            language: None,
            created_at: at("2024-01-10T10:00:00Z"),
            last_sign_in_at: Some(at("2024-03-01T10:00:00Z")),
            retention_warned_at: warned.map(at),
            last_end: NaiveDate::parse_from_str(last_end, "%Y-%m-%d").ok(),
            open_ended: Some(0),
            last_activity: None,
        }
    }

    #[test]
    fn an_account_is_warned_then_erased_after_the_notice() {
        let settings = Privacy::default();
        // Edition ended 2024-06-30: due 2026-07-01, warned from 2026-06-01.
        let a = account("2024-06-30", None);
        assert!(judge(&a, &settings, at("2026-05-31T12:00:00Z")).is_none());
        let Some(Verdict::Warn(on)) = judge(&a, &settings, at("2026-06-02T12:00:00Z")) else {
            panic!("warned")
        };
        // Warned a day into the window: still the whole notice, to 2 July.
        assert_eq!(on.to_string(), "2026-07-02");
        let warned = account("2024-06-30", Some("2026-06-02T12:00:00Z"));
        assert!(judge(&warned, &settings, at("2026-06-30T12:00:00Z")).is_none());
        // Not on the announced day itself, even late: from the next.
        assert!(judge(&warned, &settings, at("2026-07-02T23:00:00Z")).is_none());
        assert!(matches!(
            judge(&warned, &settings, at("2026-07-03T03:30:00Z")),
            Some(Verdict::Erase(_))
        ));
    }

    #[test]
    fn a_late_warning_still_gives_the_whole_notice_and_an_old_one_does_not_count() {
        let settings = Privacy::default();
        let a = account("2020-06-30", None);
        let Some(Verdict::Warn(on)) = judge(&a, &settings, at("2026-12-03T12:00:00Z")) else {
            panic!("warned")
        };
        assert_eq!(on.to_string(), "2027-01-02");
        // Warned in 2022, then the account was used: a new warning, not an erasure.
        let mut used = account("2020-06-30", Some("2022-06-01T00:00:00Z"));
        used.last_activity = Some(at("2024-11-01T00:00:00Z"));
        assert!(matches!(
            judge(&used, &settings, at("2026-12-03T12:00:00Z")),
            Some(Verdict::Warn(_))
        ));
        let mut open = account("2020-06-30", None);
        open.open_ended = Some(1);
        assert!(judge(&open, &settings, at("2026-12-03T12:00:00Z")).is_none());
    }
}
