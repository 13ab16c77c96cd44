//! The staff's view of certificates, one call per page or API answer: a page of
//! certificates with their holder's e-mail and municipality (filtered by edition,
//! status, code or name, and by a tutor's cohort), one certificate with its history
//! and who acted, issuing by hand to a learner named by e-mail, and the ZIP of an
//! edition as a stream of bytes.

use std::pin::Pin;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::Stream;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde::Serialize;
use utoipa::ToSchema;

use super::Status;
use super::actions::{self, ActionError};
use super::archive::{self, Archiver};
use super::issue::{self, IssueError};
use super::store::{self, Cohort, Record};
use crate::accounts::Role;
use crate::accounts::directory::{self, User};
use crate::content::Catalog;
use crate::db::sql::Sql;
use crate::seminars::TIME_ZONE;

/// Most certificates in one page of the list.
pub const MAX_LIMIT: u64 = 200;

/// Longest search text considered, in characters.
const SEARCH_CHARS: usize = 100;

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only this edition (its number, as people name it).
    pub edition: Option<i32>,
    /// Only this status.
    pub status: Option<Status>,
    /// A code (whole or in part), or part of the holder's name or e-mail.
    pub search: Option<String>,
}

/// One certificate in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Row {
    /// Row id (the cursor of the next page).
    pub id: i32,
    /// Public code.
    pub code: String,
    /// `valid`, `revoked` or `replaced`.
    pub status: String,
    /// The holder's name as printed.
    pub holder_name: String,
    /// The holder's e-mail address.
    pub holder_email: String,
    /// The holder's municipality (the account's, else as printed).
    pub municipality: Option<String>,
    /// Course id.
    pub course_id: String,
    /// Course title as printed.
    pub course_title: String,
    /// Edition number.
    pub edition: i32,
    /// Edition title as printed.
    pub edition_title: String,
    /// The day the course was completed.
    pub completed_on: NaiveDate,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// The day it was issued (Europe/Rome).
    pub issued_on: NaiveDate,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The certificate that replaced it.
    pub replaced_by: Option<String>,
    /// The certificate it replaced.
    pub replaces: Option<String>,
}

/// A page of certificates.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// The certificates, by id.
    pub rows: Vec<Row>,
    /// The cursor of the next page (the last row's id), when there is one.
    pub next_after: Option<i32>,
}

/// An edition to choose.
#[derive(Debug, Clone, Serialize)]
pub struct EditionChoice {
    /// Number.
    pub number: i32,
    /// Title.
    pub title: String,
}

/// The list page: a page of certificates and the editions to filter by.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    /// The page.
    pub listing: Listing,
    /// Every edition, by number.
    pub editions: Vec<EditionChoice>,
}

/// The certificates `user` may see (a tutor: their cohort's; an admin: all) that
/// match `query`, after the id `after`, at most `limit` (up to [`MAX_LIMIT`]). None
/// when the edition asked for does not exist.
pub async fn list(
    db: &DatabaseConnection,
    user: &User,
    query: &Query,
    after: i32,
    limit: u64,
) -> Result<Option<Listing>, DbErr> {
    let edition_id = match query.edition {
        Some(number) => match edition_id(db, number).await? {
            Some(id) => Some(id),
            None => return Ok(None),
        },
        None => None,
    };
    let cohort = archive::cohort_of(db, user).await?;
    let limit = limit.clamp(1, MAX_LIMIT);
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT c.id AS id, c.code AS code, c.status AS status, c.holder_name AS holder_name, \
         u.email AS holder_email, COALESCE(m.name, c.holder_municipality) AS municipality, \
         c.course_id AS course_id, c.course_title AS course_title, e.number AS edition, \
         c.edition_title AS edition_title, c.completed_on AS completed_on, \
         c.issued_at AS issued_at, c.revoked_at AS revoked_at, c.replaced_by AS replaced_by, \
         c.replaces AS replaces FROM certificates c JOIN users u ON u.id = c.user_id \
         JOIN editions e ON e.id = c.edition_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality WHERE c.id > ",
    )
    .bind(after);
    if let Some(edition) = edition_id {
        sql.push(" AND c.edition_id = ").bind(edition);
    }
    if let Some(status) = query.status {
        sql.push(" AND c.status = ").bind(status.as_str());
    }
    if let Some(cohort) = &cohort {
        cohort_clause(&mut sql, cohort);
    }
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let search: String = search.chars().take(SEARCH_CHARS).collect();
        let pattern = format!("%{}%", escape_like(&search.to_lowercase()));
        let code_pattern = format!("%{}%", escape_like(&search.to_uppercase()));
        sql.push(" AND (c.code LIKE ")
            .bind(code_pattern)
            .push(" ESCAPE '\\' OR LOWER(c.holder_name) LIKE ")
            .bind(pattern.clone())
            .push(" ESCAPE '\\' OR LOWER(u.email) LIKE ")
            .bind(pattern)
            .push(" ESCAPE '\\')");
    }
    // One more than asked for: whether there is a next page.
    sql.push(" ORDER BY c.id LIMIT ").bind((limit + 1) as i64);
    let mut rows = Vec::new();
    for row in db.query_all_raw(sql.build()).await? {
        let issued_at: DateTime<Utc> = row.try_get("", "issued_at")?;
        rows.push(Row {
            id: row.try_get("", "id")?,
            code: row.try_get("", "code")?,
            status: row.try_get("", "status")?,
            holder_name: row.try_get("", "holder_name")?,
            holder_email: row.try_get("", "holder_email")?,
            municipality: row.try_get("", "municipality")?,
            course_id: row.try_get("", "course_id")?,
            course_title: row.try_get("", "course_title")?,
            edition: row.try_get("", "edition")?,
            edition_title: row.try_get("", "edition_title")?,
            completed_on: row.try_get("", "completed_on")?,
            issued_on: issued_at.with_timezone(&TIME_ZONE).date_naive(),
            issued_at,
            revoked_at: row.try_get("", "revoked_at")?,
            replaced_by: row.try_get("", "replaced_by")?,
            replaces: row.try_get("", "replaces")?,
        });
    }
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_after = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(Some(Listing { rows, next_after }))
}

/// The admin's list page: a page of certificates and the editions to choose from.
/// None when the edition asked for does not exist.
pub async fn list_page(
    db: &DatabaseConnection,
    user: &User,
    query: &Query,
    after: i32,
    limit: u64,
) -> Result<Option<ListPage>, DbErr> {
    let Some(listing) = list(db, user, query, after, limit).await? else {
        return Ok(None);
    };
    let editions = crate::accounts::editions::all(db)
        .await?
        .into_iter()
        .map(|e| EditionChoice {
            number: e.number,
            title: e.title,
        })
        .collect();
    Ok(Some(ListPage { listing, editions }))
}

/// One action in a certificate's history, with who did it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventLine {
    /// `issued`, `revoked`, `replaced` or `reissued`.
    pub action: String,
    /// Who (None: the system, on completion; or from the command line's admin).
    pub actor_id: Option<i32>,
    /// Their name.
    pub actor_name: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
    /// The other certificate's code (replaced by, or replacing).
    pub detail: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// When, in Europe/Rome (`dd/mm/yyyy alle hh:mm`).
    pub at_text: String,
}

/// One certificate with its state and history, as the staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// The record (what the paper says, the state).
    pub record: Record,
    /// `valid`, `revoked` or `replaced`.
    pub status: &'static str,
    /// The edition's number.
    pub edition: i32,
    /// The holder's e-mail address.
    pub holder_email: String,
    /// The account's current name (proposed for a corrected certificate).
    pub account_name: String,
    /// When it was issued, in Europe/Rome.
    pub issued_text: String,
    /// When it was revoked, in Europe/Rome.
    pub revoked_text: Option<String>,
    /// The history, oldest first.
    pub events: Vec<EventLine>,
}

/// The certificate with this code, with its history and the names of who acted.
pub async fn detail(db: &DatabaseConnection, code: &str) -> Result<Option<Detail>, DbErr> {
    let code = code.trim().to_ascii_uppercase();
    if !issue::is_code(&code) {
        return Ok(None);
    }
    let Some(record) = store::find(db, &code).await? else {
        return Ok(None);
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT u.name AS name, u.email AS email, e.number AS edition FROM certificates c \
         JOIN users u ON u.id = c.user_id JOIN editions e ON e.id = c.edition_id WHERE c.id = ",
    )
    .bind(record.id);
    let Some(holder) = db.query_one_raw(sql.build()).await? else {
        return Ok(None);
    };
    let account_name: String = holder.try_get("", "name")?;
    let holder_email: String = holder.try_get("", "email")?;
    let edition: i32 = holder.try_get("", "edition")?;
    let events = history(db, record.id).await?;
    Ok(Some(Detail {
        status: record.status.as_str(),
        edition,
        holder_email,
        account_name,
        issued_text: local_text(record.certificate.issued_at),
        revoked_text: record.revoked_at.map(local_text),
        events,
        record,
    }))
}

/// The certificate with this code if `user` may see it (an admin: any; a tutor: one
/// of a learner of their cohort; anybody else: none).
pub async fn detail_for(
    db: &DatabaseConnection,
    user: &User,
    code: &str,
) -> Result<Option<Detail>, DbErr> {
    let Some(detail) = detail(db, code).await? else {
        return Ok(None);
    };
    let visible = match archive::cohort_of(db, user).await? {
        None => true,
        Some(cohort) => in_cohort(db, detail.record.user_id, &cohort).await?,
    };
    Ok(visible.then_some(detail))
}

/// A mistake in a form or request to issue by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// `email`, `course` or `reason`.
    pub field: &'static str,
    /// What is wrong, in Italian.
    pub message: String,
}

/// Why issuing by hand was refused.
#[derive(Debug, thiserror::Error)]
pub enum ManualError {
    /// Fields to correct (each named).
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))]
    Fields(Vec<FieldError>),
    /// The learner holds a current certificate of this course and edition already.
    #[error("esiste già l'attestato {0} per questo discente, corso ed edizione")]
    AlreadyIssued(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Issues by hand, as admin `admin_id`, the certificate of `course_id` to the learner
/// whose e-mail is `email`, for `reason`; returns the new code. Every field is
/// checked before anything is written, and all mistakes are returned together.
pub async fn issue_by_email(
    db: &DatabaseConnection,
    catalog: &Catalog,
    email: &str,
    course_id: &str,
    admin_id: i32,
    reason: &str,
) -> Result<String, ManualError> {
    let mut errors = Vec::new();
    let email = email.trim().to_lowercase();
    let learner = if email.is_empty() {
        errors.push(FieldError {
            field: "email",
            message: "indicare l'e-mail del discente".into(),
        });
        None
    } else {
        match directory::by_email(db, &email).await? {
            Some(user) if user.role == Role::Learner => Some(user),
            Some(_) => {
                errors.push(FieldError {
                    field: "email",
                    message: "questo account non è di un discente".into(),
                });
                None
            }
            None => {
                errors.push(FieldError {
                    field: "email",
                    message: format!("nessun account con l'e-mail «{email}»"),
                });
                None
            }
        }
    };
    let course = catalog.course(course_id.trim());
    if course.is_none() {
        errors.push(FieldError {
            field: "course",
            message: "scegliere un corso del catalogo".into(),
        });
    }
    let trimmed = reason.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 500 {
        errors.push(FieldError {
            field: "reason",
            message: IssueError::Reason.to_string(),
        });
    }
    let (Some(learner), Some(course), true) = (learner, course, errors.is_empty()) else {
        return Err(ManualError::Fields(errors));
    };
    match issue::by_admin(db, learner.id, course, admin_id, trimmed).await {
        Ok(code) => Ok(code),
        Err(IssueError::AlreadyIssued(code)) => Err(ManualError::AlreadyIssued(code)),
        Err(e @ IssueError::NotEnrolled) => Err(ManualError::Fields(vec![FieldError {
            field: "course",
            message: e.to_string(),
        }])),
        Err(e @ IssueError::Reason) => Err(ManualError::Fields(vec![FieldError {
            field: "reason",
            message: e.to_string(),
        }])),
        Err(IssueError::Db(db)) => Err(ManualError::Db(db)),
    }
}

/// [`issue_by_email`], then the new certificate as [`detail`] shows it.
pub async fn issue_and_detail(
    db: &DatabaseConnection,
    catalog: &Catalog,
    email: &str,
    course_id: &str,
    admin_id: i32,
    reason: &str,
) -> Result<Detail, ManualError> {
    let code = issue_by_email(db, catalog, email, course_id, admin_id, reason).await?;
    detail(db, &code)
        .await?
        .ok_or_else(|| ManualError::Db(DbErr::RecordNotFound(format!("certificate {code}"))))
}

/// Revokes the certificate `code` (any case) as admin `admin_id`, then returns it
/// as [`detail`] shows it.
pub async fn revoke_and_detail(
    db: &DatabaseConnection,
    admin_id: i32,
    code: &str,
    reason: &str,
) -> Result<Detail, ActionError> {
    let code = code.trim().to_ascii_uppercase();
    actions::revoke(db, admin_id, &code, reason).await?;
    detail(db, &code).await?.ok_or(ActionError::NotFound)
}

/// Replaces the certificate `code` (any case) with one carrying `name` (None: the
/// account's current name), as admin `admin_id`; returns the new certificate as
/// [`detail`] shows it.
pub async fn reissue_and_detail(
    db: &DatabaseConnection,
    admin_id: i32,
    code: &str,
    name: Option<&str>,
    reason: &str,
) -> Result<Detail, ActionError> {
    let code = code.trim().to_ascii_uppercase();
    let new = actions::reissue(db, admin_id, &code, name, reason).await?;
    detail(db, &new).await?.ok_or(ActionError::NotFound)
}

/// A ZIP archive as a stream of byte chunks.
pub type ZipStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// The valid certificates `user` may download (a tutor: their cohort's; an admin:
/// all) of edition number `edition` (or of every edition), as a streamed ZIP. None
/// when the edition does not exist.
pub async fn archive(
    db: &DatabaseConnection,
    archiver: Archiver,
    user: &User,
    edition: Option<i32>,
) -> Result<Option<ZipStream>, DbErr> {
    let edition_id = match edition {
        Some(number) => match edition_id(db, number).await? {
            Some(id) => Some(id),
            None => return Ok(None),
        },
        None => None,
    };
    let rx = archive::stream(archiver, user, edition_id).await?;
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    Ok(Some(Box::pin(chunks)))
}

/// The first active administrator, who acts for the command line (None: there is
/// none).
pub async fn system_admin(db: &DatabaseConnection) -> Result<Option<User>, DbErr> {
    Ok(directory::active_admins(db).await?.into_iter().next())
}

/// The row id of the edition numbered `number`.
async fn edition_id(db: &DatabaseConnection, number: i32) -> Result<Option<i32>, DbErr> {
    Ok(crate::accounts::editions::by_number(db, number)
        .await?
        .map(|e| e.id))
}

/// Whether the learner `user_id` belongs to `cohort`.
async fn in_cohort(db: &DatabaseConnection, user_id: i32, cohort: &Cohort) -> Result<bool, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT u.id AS id FROM users u LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE u.id = ",
    )
    .bind(user_id);
    cohort_clause(&mut sql, cohort);
    Ok(db.query_one_raw(sql.build()).await?.is_some())
}

/// ` AND (…)`: the learner (`u`, with municipality `m`) is in `cohort`.
fn cohort_clause(sql: &mut Sql, cohort: &Cohort) {
    sql.push(" AND (1 = 0");
    if !cohort.municipalities.is_empty() {
        sql.push(" OR u.municipality IN (")
            .bind_list(&cohort.municipalities)
            .push(")");
    }
    if !cohort.regions.is_empty() {
        sql.push(" OR m.region IN (")
            .bind_list(&cohort.regions)
            .push(")");
    }
    sql.push(")");
}

/// The history of a certificate, oldest first, with the names of who acted.
async fn history(db: &DatabaseConnection, certificate_id: i32) -> Result<Vec<EventLine>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT v.action AS action, v.actor_id AS actor_id, a.name AS actor_name, \
         v.reason AS reason, v.detail AS detail, v.at AS at FROM certificate_events v \
         LEFT JOIN users a ON a.id = v.actor_id WHERE v.certificate_id = ",
    )
    .bind(certificate_id)
    .push(" ORDER BY v.id");
    db.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| {
            let at: DateTime<Utc> = row.try_get("", "at")?;
            Ok(EventLine {
                action: row.try_get("", "action")?,
                actor_id: row.try_get("", "actor_id")?,
                actor_name: row.try_get("", "actor_name")?,
                reason: row.try_get("", "reason")?,
                detail: row.try_get("", "detail")?,
                at_text: local_text(at),
                at,
            })
        })
        .collect()
}

/// `%`, `_` and `\` taken literally in a `LIKE … ESCAPE '\'` pattern.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A moment as people in Italy read it: `02/12/2026 alle 14:05`.
fn local_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&TIME_ZONE)
        .format("%d/%m/%Y alle %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(escape_like("Nicolò"), "Nicolò");
    }

    #[test]
    fn moments_are_shown_in_rome() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T13:05:00Z")
            .expect("a valid time")
            .with_timezone(&Utc);
        assert_eq!(local_text(at), "02/12/2026 alle 14:05");
        let summer = DateTime::parse_from_rfc3339("2026-07-01T22:30:00Z")
            .expect("a valid time")
            .with_timezone(&Utc);
        assert_eq!(local_text(summer), "02/07/2026 alle 00:30");
    }
}
