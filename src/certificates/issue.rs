//! Issuing: on completion, inside the transaction that stored the course's completion
//! (so a certificate exists exactly when its completion does), or by an admin with a
//! reason. The partial unique index `ux_certificates_current` decides between
//! concurrent issuers: one current certificate per learner, course and edition.
//! What the paper shows is read here, once, and frozen in the row.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, NaiveTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::ModuleLine;
use crate::content::model::Course;
use crate::db::sql::Sql;
use crate::seminars::TIME_ZONE;

/// Who issues and why.
#[derive(Debug, Clone)]
pub enum Issuer {
    /// The completion rule was met.
    Completion,
    /// An admin decided, with a reason.
    Admin {
        /// The admin's account.
        admin_id: i32,
        /// Why (kept with the certificate and in its history).
        reason: String,
    },
}

/// Why an admin's issue was refused.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The learner is not enrolled in the course.
    #[error("il discente non è iscritto a questo corso")]
    NotEnrolled,
    /// A current certificate exists already.
    #[error("esiste già l'attestato {0} per questo discente, corso ed edizione")]
    AlreadyIssued(String),
    /// The reason is missing or too long.
    #[error("indicare il motivo (al massimo 500 caratteri)")]
    Reason,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Issues the certificate of a course just completed, unless one exists. Runs inside
/// the caller's transaction; returns the new code, or None when there was one already
/// (or the learner has no active enrolment to attach it to).
pub async fn on_completion<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    course: &Course,
) -> Result<Option<String>, DbErr> {
    let now = Utc::now();
    let today = now.with_timezone(&TIME_ZONE).date_naive();
    insert(conn, user_id, course, &Issuer::Completion, today, now).await
}

/// Issues a certificate by an admin's decision, whether or not the course is complete.
pub async fn by_admin(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    course: &Course,
    admin_id: i32,
    reason: &str,
) -> Result<String, IssueError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(IssueError::Reason);
    }
    let txn = crate::db::tx::begin_write(db).await?;
    let issuer = Issuer::Admin {
        admin_id,
        reason: reason.to_string(),
    };
    let Some(edition) = holder(&txn, user_id, &course.id)
        .await?
        .map(|h| h.edition_id)
    else {
        return Err(IssueError::NotEnrolled);
    };
    let now = Utc::now();
    let today = now.with_timezone(&TIME_ZONE).date_naive();
    match insert(&txn, user_id, course, &issuer, today, now).await? {
        Some(code) => {
            txn.commit().await?;
            Ok(code)
        }
        None => {
            let code = super::store::current_code(&txn, user_id, &course.id, edition)
                .await?
                .unwrap_or_default();
            Err(IssueError::AlreadyIssued(code))
        }
    }
}

/// Issues the certificates of completions that have none (completions stored before
/// certificates existed, or by an older version); returns how many were issued. Run
/// at start; safe beside running instances (the unique index decides).
pub async fn backfill(
    db: &sea_orm::DatabaseConnection,
    catalog: &crate::content::Catalog,
) -> Result<usize, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT c.user_id AS user_id, c.course_id AS course_id, \
         c.completed_at AS completed_at FROM completions c \
         WHERE c.module_id = '' AND NOT EXISTS (SELECT 1 FROM certificates x \
         WHERE x.user_id = c.user_id AND x.course_id = c.course_id) ORDER BY c.user_id",
    );
    let mut issued = 0;
    for row in db.query_all_raw(sql.build()).await? {
        let user_id: i32 = row.try_get("", "user_id")?;
        let course_id: String = row.try_get("", "course_id")?;
        let Some(course) = catalog.course(&course_id) else {
            continue;
        };
        let completed_at: DateTime<Utc> = row.try_get("", "completed_at")?;
        let completed_on = completed_at.with_timezone(&TIME_ZONE).date_naive();
        let txn = crate::db::tx::begin_write(db).await?;
        let issued_now = insert(
            &txn,
            user_id,
            course,
            &Issuer::Completion,
            completed_on,
            Utc::now(),
        )
        .await?;
        if issued_now.is_some() {
            issued += 1;
        }
        txn.commit().await?;
    }
    Ok(issued)
}

/// The learner, their municipality and the edition of their active enrolment.
pub(super) struct Holder {
    pub(super) name: String,
    pub(super) municipality: Option<String>,
    pub(super) edition_id: i32,
    pub(super) edition_title: String,
    /// The language the paper is worded in.
    pub(super) language: String,
}

pub(super) async fn holder<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    course_id: &str,
) -> Result<Option<Holder>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT u.name AS name, m.name AS municipality, e.id AS edition_id, \
         e.title AS edition_title, u.language AS language FROM enrolments n \
         JOIN users u ON u.id = n.user_id JOIN editions e ON e.id = n.edition_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE n.withdrawn_at IS NULL AND n.user_id = ",
    )
    .bind(user_id)
    .push(" AND n.course_id = ")
    .bind(course_id.to_string())
    .push(" ORDER BY n.enrolled_at DESC, n.id DESC LIMIT 1");
    let Some(row) = conn.query_one_raw(sql.build()).await? else {
        return Ok(None);
    };
    Ok(Some(Holder {
        name: row.try_get("", "name")?,
        municipality: row.try_get("", "municipality")?,
        edition_id: row.try_get("", "edition_id")?,
        edition_title: row.try_get("", "edition_title")?,
        // The paper is worded in the learner's language (Italian until they choose).
        language: row
            .try_get::<Option<String>>("", "language")?
            .as_deref()
            .and_then(crate::render::i18n::supported)
            .filter(|l| *l != crate::render::i18n::PSEUDO_LANG)
            .unwrap_or(crate::render::i18n::DEFAULT_LANG)
            .to_string(),
    }))
}

/// Minutes of classroom the learner attended in the course's seminars: each present
/// half-day counts half of its session's daily hours.
pub(super) async fn classroom_minutes<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    course_id: &str,
) -> Result<u32, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT s.starts_at AS starts_at, s.ends_at AS ends_at FROM seminar_attendance a \
         JOIN seminar_registrations r ON r.session_id = a.session_id AND r.user_id = a.user_id \
         JOIN seminar_sessions s ON s.id = a.session_id \
         JOIN seminars m ON m.id = s.seminar_id \
         WHERE a.present AND r.status = 'registered' AND a.user_id = ",
    )
    .bind(user_id)
    .push(" AND m.course_id = ")
    .bind(course_id.to_string());
    let mut minutes = 0u32;
    for row in conn.query_all_raw(sql.build()).await? {
        let starts: String = row.try_get("", "starts_at")?;
        let ends: String = row.try_get("", "ends_at")?;
        minutes += half_day_minutes(&starts, &ends);
    }
    Ok(minutes)
}

/// Half of the minutes between two `HH:MM` times (0 when either does not parse).
fn half_day_minutes(starts: &str, ends: &str) -> u32 {
    let parse = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    match (parse(starts), parse(ends)) {
        (Some(s), Some(e)) if e > s => ((e - s).num_minutes() / 2) as u32,
        _ => 0,
    }
}

/// A new certificate code: `AULA-` and three groups of four characters from an
/// alphabet without look-alikes (Crockford's base 32), 60 random bits.
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b % 32)] as char)
        .collect();
    format!(
        "AULA-{}-{}-{}",
        chars[0..4].iter().collect::<String>(),
        chars[4..8].iter().collect::<String>(),
        chars[8..12].iter().collect::<String>()
    )
}

/// Whether `text` has the shape of a certificate code (checked before any lookup).
pub fn is_code(text: &str) -> bool {
    text.len() == 19
        && text.starts_with("AULA-")
        && text[5..].split('-').all(|g| {
            g.len() == 4
                && g.bytes().all(|b| {
                    b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(&b))
                })
        })
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    course: &Course,
    issuer: &Issuer,
    completed_on: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let Some(holder) = holder(conn, user_id, &course.id).await? else {
        return Ok(None);
    };
    let classroom = classroom_minutes(conn, user_id, &course.id).await?;
    let modules: Vec<ModuleLine> = course
        .modules
        .iter()
        .map(|m| ModuleLine {
            title: m.title_in(&holder.language).to_string(),
            minutes: m.minutes,
        })
        .collect();
    let (issued_by, reason) = match issuer {
        Issuer::Completion => (None, None),
        Issuer::Admin { admin_id, reason } => (Some(*admin_id), Some(reason.clone())),
    };
    // A code collision (60 random bits) is retried; a conflict on the current
    // certificate means there is one.
    for _ in 0..3 {
        let code = new_code();
        let mut sql = Sql::new(conn.get_database_backend());
        sql.push(
            "INSERT INTO certificates (code, user_id, course_id, edition_id, status, \
             issued_at, completed_on, issued_by, issue_reason, holder_name, \
             holder_municipality, course_title, edition_title, modules, remote_minutes, \
             classroom_minutes, issuer, language) VALUES (",
        )
        .bind(code.clone())
        .push(", ")
        .bind(user_id)
        .push(", ")
        .bind(course.id.clone())
        .push(", ")
        .bind(holder.edition_id)
        .push(", 'valid', ")
        .bind(now)
        .push(", ")
        .bind(completed_on)
        .push(", ")
        .bind(issued_by)
        .push(", ")
        .bind(reason.clone())
        .push(", ")
        .bind(holder.name.clone())
        .push(", ")
        .bind(holder.municipality.clone())
        .push(", ")
        .bind(course.title.clone())
        .push(", ")
        .bind(holder.edition_title.clone())
        .push(", ")
        .bind(serde_json::to_string(&modules).unwrap_or_else(|_| "[]".into()))
        .push(", ")
        .bind(course.minutes() as i32)
        .push(", ")
        .bind(classroom as i32)
        .push(", '', ")
        .bind(holder.language.clone())
        .push(") ON CONFLICT DO NOTHING RETURNING id");
        if let Some(row) = conn.query_one_raw(sql.build()).await? {
            let id: i32 = row.try_get("", "id")?;
            super::store::event(conn, id, "issued", issued_by, reason.as_deref(), None, now)
                .await?;
            return Ok(Some(code));
        }
        if super::store::current_code(conn, user_id, &course.id, holder.edition_id)
            .await?
            .is_some()
        {
            return Ok(None);
        }
    }
    Err(DbErr::Custom(
        "could not draw a free certificate code".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_their_shape_and_differ() {
        let a = new_code();
        let b = new_code();
        assert!(is_code(&a), "{a}");
        assert_ne!(a, b);
        assert!(!is_code("AULA-0000-0000-000"));
        assert!(!is_code("AULA-IIII-0000-0000"));
        assert!(!is_code("aula-0000-0000-0000"));
        assert!(!is_code("../etc/passwd"));
    }

    #[test]
    fn half_days_are_half_the_daily_hours() {
        assert_eq!(half_day_minutes("09:00", "17:00"), 240);
        assert_eq!(half_day_minutes("09:30", "13:00"), 105);
        assert_eq!(half_day_minutes("17:00", "09:00"), 0);
        assert_eq!(half_day_minutes("x", "09:00"), 0);
    }
}
