//! Creating accounts, one at a time: the account, a tutor's cohort scopes and a
//! learner's enrolments, in one transaction. The rest of the account life cycle
//! lives next door and is re-exported here: the fields and their validation
//! (`new_user.rs`), enrolment by eligibility (`enrolment.rs`), CSV imports
//! (`learner_import.rs`) and invitation and reset links (`link_tokens.rs`).

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, SqlErr};

pub use super::enrolment::enrol_eligible;
pub use super::learner_import::{IMPORT_HEADER, ImportReport, LineError, import_csv};
pub use super::link_tokens::{
    INVITE_TTL, RESET_TTL, issue_link_token, peek_link_token, redeem_link_token,
};
pub use super::new_user::NewUser;
use super::new_user::{Valid, validate};
use super::password;
use crate::db::users::{tutor_scope, user};

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
    /// Too many passwords being hashed at once: retry in a few seconds.
    #[error("troppe richieste in corso: riprova tra qualche secondo")]
    Busy,
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

pub(super) fn invalid(field: &'static str, message: impl Into<String>) -> UserError {
    UserError::Invalid {
        field,
        message: message.into(),
    }
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
    let txn = crate::db::tx::begin_write(db).await?;
    let created = insert(&txn, valid, password_hash, courses).await?;
    txn.commit().await?;
    Ok(created)
}

/// Inserts a validated account with its scopes and enrolments.
pub(super) async fn insert<C: ConnectionTrait>(
    db: &C,
    valid: Valid,
    password_hash: Option<String>,
    courses: &[String],
) -> Result<user::Model, UserError> {
    let email = valid.email.as_str().to_string();
    let created = user::ActiveModel {
        email: Set(email.clone()),
        name: Set(valid.name),
        role: Set(valid.role),
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
