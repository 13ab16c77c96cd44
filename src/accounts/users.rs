//! Creating accounts (one at a time or from a CSV file), enrolling learners in the
//! open editions their municipality is eligible for, and invitation links.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, SqlErr, TransactionTrait,
};

use super::municipalities;
use super::{Email, IstatCode, Role, editions, password, tokens};
use crate::content::model::Sector;
use crate::db::auth::email_token;
use crate::db::enrolments;
use crate::db::users::{tutor_scope, user};

/// How long an invitation link works.
pub const INVITE_TTL: Duration = Duration::days(14);
/// How long a password-reset link works.
pub const RESET_TTL: Duration = Duration::hours(2);

/// What it takes to create an account.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// E-mail address.
    pub email: String,
    /// Full name.
    pub name: String,
    /// `learner`, `tutor` or `admin`.
    pub role: String,
    /// A learner's municipality (ISTAT code).
    pub municipality: Option<String>,
    /// A learner's sector.
    pub sector: Option<String>,
    /// A learner's job title.
    pub job_title: Option<String>,
    /// A tutor's regions.
    pub regions: Vec<String>,
    /// A tutor's municipalities (ISTAT codes).
    pub municipalities: Vec<String>,
    /// The password, if set now (otherwise an invitation sets it).
    pub password: Option<String>,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// Invalid input, with the field to blame.
    #[error("{message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The e-mail address is taken.
    #[error("esiste già un account con l'indirizzo {0}")]
    Duplicate(String),
    /// Anything else.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for UserError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Other(e.into())
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> UserError {
    UserError::Invalid {
        field,
        message: message.into(),
    }
}

/// A validated account, ready to insert.
struct Valid {
    email: Email,
    name: String,
    role: Role,
    municipality: Option<municipalities::Model>,
    sector: Option<Sector>,
    job_title: Option<String>,
    scopes: Vec<(&'static str, String)>,
}

async fn validate<C: ConnectionTrait>(db: &C, new: &NewUser) -> Result<Valid, UserError> {
    let email = Email::parse(&new.email).map_err(|m| invalid("email", m))?;
    let name = new.name.trim().to_string();
    if name.is_empty() {
        return Err(invalid("name", "il nome è obbligatorio"));
    }
    let role = Role::parse(new.role.trim()).ok_or_else(|| {
        invalid(
            "role",
            format!("ruolo sconosciuto «{}» (learner, tutor, admin)", new.role),
        )
    })?;
    let mut valid = Valid {
        email,
        name,
        role,
        municipality: None,
        sector: None,
        job_title: None,
        scopes: Vec::new(),
    };
    match role {
        Role::Learner => {
            let code = new
                .municipality
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .ok_or_else(|| {
                    invalid(
                        "municipality",
                        "un discente appartiene a un Comune: indicare il codice ISTAT",
                    )
                })?;
            let code = IstatCode::parse(code).map_err(|m| invalid("municipality", m))?;
            let municipality =
                crate::db::municipalities::Entity::find_by_id(code.as_str().to_string())
                    .one(db)
                    .await?
                    .ok_or_else(|| {
                        invalid(
                            "municipality",
                            format!("nessun Comune con codice ISTAT {}", code.as_str()),
                        )
                    })?;
            let sector = new
                .sector
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| invalid("sector", "indicare il settore"))?;
            valid.sector = Some(
                Sector::parse(sector)
                    .ok_or_else(|| invalid("sector", format!("settore sconosciuto «{sector}»")))?,
            );
            valid.municipality = Some(municipality);
            valid.job_title = new
                .job_title
                .as_deref()
                .map(str::trim)
                .filter(|j| !j.is_empty())
                .map(str::to_string);
        }
        Role::Tutor => {
            let regions: Vec<String> = new
                .regions
                .iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            if !regions.is_empty() {
                let known = municipalities::regions_on(db).await?;
                if let Some(unknown) = regions.iter().find(|r| !known.contains(r)) {
                    return Err(invalid(
                        "regions",
                        format!("regione sconosciuta «{unknown}»"),
                    ));
                }
            }
            for code in &new.municipalities {
                let code = IstatCode::parse(code).map_err(|m| invalid("municipalities", m))?;
                if crate::db::municipalities::Entity::find_by_id(code.as_str().to_string())
                    .one(db)
                    .await?
                    .is_none()
                {
                    return Err(invalid(
                        "municipalities",
                        format!("nessun Comune con codice ISTAT {}", code.as_str()),
                    ));
                }
                valid
                    .scopes
                    .push(("municipality", code.as_str().to_string()));
            }
            valid
                .scopes
                .extend(regions.into_iter().map(|r| ("region", r)));
            // A scope named twice is one row (the key of `tutor_scopes`).
            valid.scopes.sort_unstable();
            valid.scopes.dedup();
            if valid.scopes.is_empty() {
                return Err(invalid(
                    "regions",
                    "un tutor segue i discenti di almeno una regione o un Comune",
                ));
            }
        }
        Role::Admin => {}
    }
    Ok(valid)
}

/// Creates one account (and, for a learner, its enrolments). `courses` are the
/// course ids an edition offers by default.
pub async fn add(
    db: &DatabaseConnection,
    new: NewUser,
    courses: &[String],
) -> Result<user::Model, UserError> {
    let password_hash = match new.password.as_deref() {
        Some(p) => {
            password::check_policy(p).map_err(|m| invalid("password", m))?;
            Some(password::hash(p)?)
        }
        None => None,
    };
    let valid = validate(db, &new).await?;
    // The insert comes first and the unique index decides: a read first would make
    // SQLite refuse the write ("database is locked") when another account landed since.
    let txn = db.begin().await?;
    let created = insert(&txn, valid, password_hash, courses).await?;
    txn.commit().await?;
    Ok(created)
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    valid: Valid,
    password_hash: Option<String>,
    courses: &[String],
) -> Result<user::Model, UserError> {
    let email = valid.email.as_str().to_string();
    let created = user::ActiveModel {
        email: Set(email.clone()),
        name: Set(valid.name),
        role: Set(valid.role.as_str().to_string()),
        municipality: Set(valid.municipality.as_ref().map(|m| m.istat.clone())),
        sector: Set(valid.sector.map(|s| s.slug().to_string())),
        job_title: Set(valid.job_title),
        password_hash: Set(password_hash),
        created_at: Set(Utc::now()),
        disabled_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| match e.sql_err() {
        // The index decides who gets the address, however close two requests came.
        Some(SqlErr::UniqueConstraintViolation(_)) => UserError::Duplicate(email),
        _ => e.into(),
    })?;
    for (kind, value) in valid.scopes {
        tutor_scope::ActiveModel {
            user_id: Set(created.id),
            kind: Set(kind.to_string()),
            value: Set(value),
        }
        .insert(db)
        .await?;
    }
    if let Some(municipality) = &valid.municipality {
        enrol_eligible(db, created.id, municipality, courses).await?;
    }
    Ok(created)
}

/// Enrols a learner in every course of every open edition their municipality is
/// eligible for; existing enrolments are kept. Returns how many were added.
pub async fn enrol_eligible<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    municipality: &municipalities::Model,
    courses: &[String],
) -> Result<usize, sea_orm::DbErr> {
    let open = crate::db::editions::Entity::find()
        .filter(crate::db::editions::Column::Open.eq(true))
        .all(db)
        .await?;
    let mut added = 0;
    for edition in open
        .iter()
        .filter(|e| editions::is_eligible(e, municipality))
    {
        for course in courses {
            let exists = enrolments::Entity::find()
                .filter(enrolments::Column::UserId.eq(user_id))
                .filter(enrolments::Column::EditionId.eq(edition.id))
                .filter(enrolments::Column::CourseId.eq(course.clone()))
                .one(db)
                .await?
                .is_some();
            if !exists {
                enrolments::ActiveModel {
                    user_id: Set(user_id),
                    edition_id: Set(edition.id),
                    course_id: Set(course.clone()),
                    enrolled_at: Set(Utc::now()),
                    withdrawn_at: Set(None),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// A problem on one line of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// What a CSV import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Accounts created (each gets an invitation).
    pub created: Vec<user::Model>,
    /// Existing learner accounts updated.
    pub updated: usize,
    /// Rows refused, with their lines.
    pub errors: Vec<LineError>,
}

/// Header of the learner CSV.
pub const IMPORT_HEADER: [&str; 5] = ["email", "name", "municipality", "sector", "job_title"];

/// Imports learners from CSV: bad rows are reported with their line, good rows are
/// created or updated in one transaction. Running it again creates nobody.
pub async fn import_csv(
    db: &DatabaseConnection,
    path: &Path,
    courses: &[String],
) -> anyhow::Result<ImportReport> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let header: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    anyhow::ensure!(
        header == IMPORT_HEADER,
        "{}:1: intestazione attesa «{}», trovata «{}»",
        path.display(),
        IMPORT_HEADER.join(","),
        header.join(",")
    );
    let mut report = ImportReport::default();
    let mut seen = HashSet::new();
    let txn = db.begin().await?;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.errors.push(LineError {
                    line,
                    message: format!("riga illeggibile: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != IMPORT_HEADER.len() {
            report.errors.push(LineError {
                line,
                message: format!("{} campi invece di {}", record.len(), IMPORT_HEADER.len()),
            });
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
        let new = NewUser {
            email: field(0),
            name: field(1),
            role: "learner".into(),
            municipality: Some(field(2)),
            sector: Some(field(3)),
            job_title: Some(field(4)),
            ..NewUser::default()
        };
        let valid = match validate(&txn, &new).await {
            Ok(v) => v,
            Err(UserError::Invalid { message, .. }) => {
                report.errors.push(LineError { line, message });
                continue;
            }
            Err(other) => return Err(other.into()),
        };
        if !seen.insert(valid.email.as_str().to_string()) {
            report.errors.push(LineError {
                line,
                message: format!("indirizzo ripetuto nel file: {}", valid.email.as_str()),
            });
            continue;
        }
        match crate::accounts::directory::by_email_on(&txn, valid.email.as_str()).await? {
            Some(existing) if existing.role != "learner" => {
                report.errors.push(LineError {
                    line,
                    message: format!(
                        "{} appartiene a un account di ruolo {}",
                        valid.email.as_str(),
                        existing.role
                    ),
                });
            }
            Some(existing) => {
                let municipality = valid.municipality.clone();
                let mut row: user::ActiveModel = existing.clone().into();
                row.name = Set(valid.name);
                row.municipality = Set(valid.municipality.as_ref().map(|m| m.istat.clone()));
                row.sector = Set(valid.sector.map(|s| s.slug().to_string()));
                row.job_title = Set(valid.job_title);
                row.update(&txn).await?;
                if let Some(m) = municipality {
                    enrol_eligible(&txn, existing.id, &m, courses).await?;
                }
                report.updated += 1;
            }
            None => {
                let created = insert(&txn, valid, None, courses)
                    .await
                    .map_err(anyhow::Error::from)?;
                report.created.push(created);
            }
        }
    }
    txn.commit().await?;
    Ok(report)
}

/// Creates a single-use link token for `user` and returns the secret to put in the
/// link; only its hash is stored.
pub async fn issue_link_token(
    db: &DatabaseConnection,
    user_id: i32,
    purpose: &str,
    ttl: Duration,
) -> Result<String, sea_orm::DbErr> {
    let secret = tokens::generate("");
    email_token::ActiveModel {
        token_hash: Set(tokens::digest(&secret)),
        user_id: Set(user_id),
        purpose: Set(purpose.to_string()),
        created_at: Set(Utc::now()),
        expires_at: Set(Utc::now() + ttl),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// The user a valid, unused, unexpired link token belongs to (without using it).
pub async fn peek_link_token(
    db: &DatabaseConnection,
    secret: &str,
    purpose: &str,
) -> Result<Option<user::Model>, sea_orm::DbErr> {
    let Some(token) = email_token::Entity::find_by_id(tokens::digest(secret))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if token.purpose != purpose || token.used_at.is_some() || token.expires_at < Utc::now() {
        return Ok(None);
    }
    crate::accounts::directory::by_id(db, token.user_id).await
}

/// Uses a link token to set a password: the token is marked used in the same
/// transaction, so a second use fails. Returns the user, or None if the token is not
/// valid.
pub async fn redeem_link_token(
    db: &DatabaseConnection,
    secret: &str,
    purpose: &str,
    new_password: &str,
) -> Result<Option<user::Model>, UserError> {
    password::check_policy(new_password).map_err(|m| invalid("password", m))?;
    let hash = password::hash(new_password)?;
    let txn = db.begin().await?;
    let digest = tokens::digest(secret);
    // Mark used only if still unused and unexpired: the row count tells who won.
    let used = email_token::Entity::update_many()
        .col_expr(
            email_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(email_token::Column::TokenHash.eq(digest.clone()))
        .filter(email_token::Column::Purpose.eq(purpose))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(Utc::now()))
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    let Some(token) = email_token::Entity::find_by_id(digest).one(&txn).await? else {
        return Ok(None);
    };
    let Some(found) = user::Entity::find_by_id(token.user_id).one(&txn).await? else {
        return Ok(None);
    };
    let mut row: user::ActiveModel = found.into();
    row.password_hash = Set(Some(hash));
    let updated = row.update(&txn).await?;
    // A new password ends every other session.
    crate::db::auth::session::Entity::delete_many()
        .filter(crate::db::auth::session::Column::UserId.eq(updated.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(updated))
}
