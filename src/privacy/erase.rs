//! Erasure (GDPR art. 17) and pseudonymisation: an account's personal fields are
//! removed and its rows keep only its number, so that reports and counts do not
//! change. Set-based over a list of accounts (the retention job erases thousands in
//! one statement per table); one person's erasure also replaces their name and
//! address where other people's rows mention them (a tutor's digest, an answer).
//!
//! What happens, table by table (the tables are those of `tables::PERSONAL`):
//! - `users`: name becomes "Utente cancellato N", e-mail `cancellato-N@aula.invalid`
//!   (a reserved domain: `reminders::outbox` never writes to it), job title, language
//!   and password removed, `erased_at` set. Municipality and sector stay: they are the
//!   employer, and the programme's counts by municipality rest on them.
//! - sessions, API tokens, e-mail links, prepared exports, in-app notifications and
//!   the sign-in throttle's rows: deleted.
//! - the outbox: the person's e-mails keep their kind and dates, lose address,
//!   subject and body; those not sent yet are never sent.
//! - error reports they wrote: their words are removed, the report stays.
//! - certificates: kept whole (`privacy.certificates = "keep"`, the record of a
//!   public training) or revoked with what they say of the person removed.
//! - learning, seminar and certificate records keep only the account's number.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult};

use crate::config::CertificateRule;
use crate::db::sql::Sql;

/// The domain of the placeholder addresses of erased accounts (`.invalid` is
/// reserved: no mail can be delivered there).
pub const ERASED_DOMAIN: &str = "@aula.invalid";

/// Accounts erased per transaction.
const CHUNK: usize = 500;

/// Columns of other people's rows where a person may be named (by name or address).
const MENTIONS: &[(&str, &[&str])] = &[
    ("outbox", &["subject", "body_text", "body_html"]),
    ("notifications", &["title", "body"]),
    ("error_reports", &["description", "quote", "answer"]),
    ("certificate_events", &["reason", "detail"]),
    ("certificates", &["issue_reason", "revocation_reason"]),
    ("seminar_registrations", &["decision_reason"]),
];

/// Why erasure refused.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    /// No such account.
    #[error("nessun account con questo numero")]
    NotFound,
    /// Staff accounts are disabled, not erased: their actions are the record.
    #[error(
        "si cancellano solo gli account dei discenti; gli account del personale si disattivano"
    )]
    NotLearner,
    /// Already erased.
    #[error("l'account è già stato cancellato")]
    AlreadyErased,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What one account's erasure changed.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Erased {
    /// Accounts pseudonymised.
    pub accounts: u64,
    /// Rows deleted (sessions, tokens, notifications, exports, throttle counts).
    pub deleted: u64,
    /// Rows of other tables changed (outbox, reports, certificates, mentions).
    pub changed: u64,
}

#[derive(Debug, FromQueryResult)]
struct Person {
    id: i32,
    email: String,
    name: String,
    role: String,
    erased_at: Option<DateTime<Utc>>,
}

/// Erases one learner: their personal fields, and their name and address wherever
/// other rows mention them.
pub async fn erase_one(
    db: &DatabaseConnection,
    user_id: i32,
    rule: CertificateRule,
    now: DateTime<Utc>,
) -> Result<Erased, EraseError> {
    erase_one_by(db, user_id, rule, now, None).await
}

/// [`erase_one`], its line in the access log written by `admin` in the same
/// transaction.
pub async fn erase_one_by(
    db: &DatabaseConnection,
    user_id: i32,
    rule: CertificateRule,
    now: DateTime<Utc>,
    admin: Option<(i32, &str)>,
) -> Result<Erased, EraseError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT id, email, name, role, erased_at FROM users WHERE id = ")
        .bind(user_id);
    let person = Person::find_by_statement(sql.build())
        .one(db)
        .await?
        .ok_or(EraseError::NotFound)?;
    if person.role != "learner" {
        return Err(EraseError::NotLearner);
    }
    if person.erased_at.is_some() {
        return Err(EraseError::AlreadyErased);
    }
    let txn = crate::db::tx::begin_write(db).await?;
    let mut done = erase_rows(&txn, std::slice::from_ref(&person), rule, now).await?;
    done.changed += scrub_mentions(&txn, &person).await?;
    if let Some((admin, target)) = admin {
        super::access_log::record(
            &txn,
            admin,
            &[user_id],
            super::access_log::Kind::Erasure,
            target,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(done)
}

/// Pseudonymises the learners `ids` that are not erased yet and still warned (the
/// retention job: one who signed in since the plan was made has no warning any more,
/// and is spared), a chunk per transaction. Other people's rows that name them are left to their own
/// retention (the outbox keeps sent e-mails `privacy.outbox_days`).
pub async fn erase_many(
    db: &DatabaseConnection,
    ids: &[i32],
    rule: CertificateRule,
    now: DateTime<Utc>,
) -> Result<Erased, DbErr> {
    let mut total = Erased::default();
    for chunk in ids.chunks(CHUNK) {
        let txn = crate::db::tx::begin_write(db).await?;
        let mut sql = Sql::new(txn.get_database_backend());
        sql.push(
            "SELECT id, email, name, role, erased_at FROM users \
             WHERE role = 'learner' AND erased_at IS NULL AND retention_warned_at IS NOT NULL \
             AND id IN ",
        )
        .bind_list(chunk);
        let people = Person::find_by_statement(sql.build()).all(&txn).await?;
        let done = erase_rows(&txn, &people, rule, now).await?;
        txn.commit().await?;
        total.accounts += done.accounts;
        total.deleted += done.deleted;
        total.changed += done.changed;
    }
    Ok(total)
}

/// The set-based part: every table's rows of `people`, in the caller's transaction.
async fn erase_rows<C: ConnectionTrait>(
    txn: &C,
    people: &[Person],
    rule: CertificateRule,
    now: DateTime<Utc>,
) -> Result<Erased, DbErr> {
    let mut done = Erased::default();
    if people.is_empty() {
        return Ok(done);
    }
    let backend = txn.get_database_backend();
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let run = |sql: Sql| async move {
        txn.execute_raw(sql.build())
            .await
            .map(|r| r.rows_affected())
    };
    for table in [
        "sessions",
        "api_tokens",
        "email_tokens",
        "privacy_exports",
        "notifications",
    ] {
        let mut sql = Sql::new(backend);
        sql.push(&format!("DELETE FROM {table} WHERE user_id IN "))
            .bind_list(&ids);
        done.deleted += run(sql).await?;
    }
    let keys: Vec<String> = people
        .iter()
        .flat_map(|p| {
            ["account", "reset-email"]
                .map(|kind| crate::accounts::throttle::email_key(kind, &p.email))
        })
        .collect();
    let mut sql = Sql::new(backend);
    sql.push("DELETE FROM login_attempts WHERE key IN ")
        .bind_list(&keys);
    done.deleted += run(sql).await?;

    let mut sql = Sql::new(backend);
    sql.push("UPDATE outbox SET to_email = 'cancellato-' || user_id || '")
        .push(ERASED_DOMAIN)
        .push(
            "', subject = '', body_text = '', body_html = '', calendar = NULL, \
             unsubscribe_url = NULL, last_error = NULL, \
             status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END \
             WHERE user_id IN ",
        )
        .bind_list(&ids);
    done.changed += run(sql).await?;

    // The person's words go; the staff's answer stays, their name in it replaced
    // (read before the account is renamed, below).
    let mut sql = Sql::new(backend);
    sql.push("UPDATE error_reports SET description = ")
        .bind(REMOVED)
        .push(
            ", quote = NULL, answer = REPLACE(answer, \
             (SELECT u.name FROM users u WHERE u.id = error_reports.user_id), \
             'Utente cancellato ' || user_id) WHERE user_id IN ",
        )
        .bind_list(&ids);
    done.changed += run(sql).await?;
    let mut sql = Sql::new(backend);
    sql.push("UPDATE seminar_registrations SET decision_reason = NULL WHERE user_id IN ")
        .bind_list(&ids);
    done.changed += run(sql).await?;

    if rule == CertificateRule::Delete {
        let mut sql = Sql::new(backend);
        sql.push(
            "UPDATE certificate_events SET reason = NULL, detail = NULL WHERE certificate_id IN \
             (SELECT id FROM certificates WHERE user_id IN ",
        )
        .bind_list(&ids)
        .push(")");
        done.changed += run(sql).await?;
        let mut sql = Sql::new(backend);
        sql.push(
            "UPDATE certificates SET holder_name = '', holder_municipality = '', \
             credential = NULL, issue_reason = NULL, \
             status = CASE WHEN status = 'valid' THEN 'revoked' ELSE status END, \
             revoked_at = COALESCE(revoked_at, ",
        )
        .bind(now)
        .push("), revocation_reason = ")
        .bind(REVOKED_REASON)
        .push(" WHERE user_id IN ")
        .bind_list(&ids);
        done.changed += run(sql).await?;
    }

    let mut sql = Sql::new(backend);
    sql.push(
        "UPDATE users SET name = 'Utente cancellato ' || id, email = 'cancellato-' || id || '",
    )
    .push(ERASED_DOMAIN)
    .push(
        "', job_title = NULL, password_hash = NULL, language = NULL, last_sign_in_at = NULL, \
         retention_warned_at = NULL, erased_at = ",
    )
    .bind(now)
    .push(" WHERE erased_at IS NULL AND id IN ")
    .bind_list(&ids);
    done.accounts += run(sql).await?;
    Ok(done)
}

/// What replaces the words of an erased person's error report.
const REMOVED: &str = "[testo rimosso con i dati personali dell'autore]";

/// Why an erased person's certificates are revoked.
const REVOKED_REASON: &str = "dati personali del titolare cancellati";

/// Replaces `person`'s name (as typed and as the templates escape it in HTML) and address
/// wherever other rows mention them; returns the rows changed.
async fn scrub_mentions<C: ConnectionTrait>(txn: &C, person: &Person) -> Result<u64, DbErr> {
    let backend = txn.get_database_backend();
    let pseudonym = format!("Utente cancellato {}", person.id);
    let mut values = vec![person.email.clone(), person.name.clone()];
    let escaped = crate::content::markdown::escape(&person.name);
    if escaped != person.name {
        values.push(escaped);
    }
    // Not the job title: it names a post, which other people's text may well mention.
    let values: Vec<String> = values
        .into_iter()
        .filter(|v| v.trim().chars().count() >= 3)
        .collect();
    if values.is_empty() {
        return Ok(0);
    }
    let contains = match backend {
        DbBackend::Postgres => "strpos",
        _ => "instr",
    };
    // One statement per table: every column replaced at once, the rows found in one
    // pass (a statement per column and value scanned the outbox a dozen times).
    let mut changed = 0;
    for (table, columns) in MENTIONS {
        let mut sql = Sql::new(backend);
        sql.push(&format!("UPDATE {table} SET "));
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push(&format!("{column} = "));
            for _ in &values {
                sql.push("REPLACE(");
            }
            sql.push(column);
            for value in &values {
                sql.push(", ")
                    .bind(value.clone())
                    .push(", ")
                    .bind(pseudonym.clone())
                    .push(")");
            }
        }
        sql.push(" WHERE ");
        let mut first = true;
        for column in *columns {
            for value in &values {
                if !first {
                    sql.push(" OR ");
                }
                first = false;
                sql.push(&format!("{contains}({column}, "))
                    .bind(value.clone())
                    .push(") > 0");
            }
        }
        changed += txn.execute_raw(sql.build()).await?.rows_affected();
    }
    Ok(changed)
}
