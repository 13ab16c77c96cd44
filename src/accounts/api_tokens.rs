//! API tokens for integrations: each acts as the account that created it, only on the
//! JSON API, only within its scopes and until it expires. Created from a signed-in
//! browser (never with another token); administrators list and revoke every token.
//! The secret is shown once and never stored, only its SHA-256.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::access::Scope;
use super::directory::{self as users, User};
use super::{Role, tokens};
use crate::db::auth::api_token;

/// Lifetime of a token when none is asked for.
pub const DEFAULT_DAYS: u32 = 90;
/// Longest lifetime a token may have.
pub const MAX_DAYS: u32 = 365;
/// Longest name.
const MAX_NAME: usize = 100;

/// A token to create.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// What it is for (empty: "integrazione").
    pub name: String,
    /// Scope names as sent (`progress:write`, …).
    pub scopes: Vec<String>,
    /// Days until it expires (None: [`DEFAULT_DAYS`]).
    pub days: Option<u32>,
}

/// Why a token was not created.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Invalid input, with the field to blame.
    #[error("{message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

fn invalid(field: &'static str, message: impl Into<String>) -> TokenError {
    TokenError::Invalid {
        field,
        message: message.into(),
    }
}

/// A token as lists show it (never its secret).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    /// Id.
    pub id: i32,
    /// What it is for.
    pub name: String,
    /// The account it acts as.
    pub user_id: i32,
    /// That account's e-mail address.
    pub owner: String,
    /// Scope names.
    pub scopes: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working (none: a token from before scopes, expired).
    pub expires_at: Option<DateTime<Utc>>,
    /// Last use.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Whether it works now (neither revoked nor expired).
    pub active: bool,
}

/// The caller of a valid token: the account and what the token may do.
#[derive(Debug, Clone)]
pub struct Bearer {
    /// The account it acts as.
    pub user: User,
    /// Its scopes.
    pub scopes: Vec<Scope>,
}

/// The scopes stored in a row (unknown names are ignored).
fn scopes_of(row: &api_token::Model) -> Vec<Scope> {
    row.scopes
        .split_whitespace()
        .filter_map(Scope::parse)
        .collect()
}

/// A row as lists show it.
fn info(row: api_token::Model, owner: String, now: DateTime<Utc>) -> TokenInfo {
    TokenInfo {
        id: row.id,
        owner,
        scopes: scopes_of(&row)
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        active: row.revoked_at.is_none() && row.expires_at.is_some_and(|e| e > now),
        name: row.name,
        user_id: row.user_id,
        created_at: row.created_at,
        expires_at: row.expires_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

/// Creates a token acting as `user` (whose role bounds the scopes it may carry);
/// returns it and its secret, which is shown once.
pub async fn create(
    db: &DatabaseConnection,
    user: &User,
    new: NewToken,
) -> Result<(TokenInfo, String), TokenError> {
    let name = match new.name.trim() {
        "" => "integrazione".to_string(),
        name if name.chars().count() > MAX_NAME => {
            return Err(invalid(
                "name",
                format!("nome di al massimo {MAX_NAME} caratteri"),
            ));
        }
        name => name.to_string(),
    };
    let allowed = Scope::for_role(user.role);
    let mut scopes = Vec::new();
    for asked in &new.scopes {
        let scope = Scope::parse(asked)
            .ok_or_else(|| invalid("scopes", format!("ambito sconosciuto: «{}»", asked.trim())))?;
        if !allowed.contains(&scope) {
            return Err(invalid(
                "scopes",
                format!(
                    "l'ambito «{}» non serve a un account di questo ruolo",
                    scope.as_str()
                ),
            ));
        }
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err(invalid("scopes", "scegli almeno un ambito"));
    }
    scopes.sort();
    let days = new.days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(invalid("days", format!("durata da 1 a {MAX_DAYS} giorni")));
    }
    let secret = tokens::generate("aula_");
    let now = Utc::now();
    let row = api_token::ActiveModel {
        name: Set(name),
        token_hash: Set(tokens::digest(&secret)),
        user_id: Set(user.id),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        scopes: Set(scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")),
        expires_at: Set(Some(now + Duration::days(i64::from(days)))),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((info(row, user.email.clone(), now), secret))
}

/// How often a token's use is recorded: its `last_used_at` is at most this old, and a
/// client calling many times a minute costs no write per call.
const USE_RECORDED_EVERY: Duration = Duration::minutes(1);

/// The caller of a bearer token, if it is valid: known, not revoked, not expired, and
/// its account active. Records its use (to the minute).
pub async fn resolve(
    db: &DatabaseConnection,
    secret: &str,
) -> Result<Option<Bearer>, sea_orm::DbErr> {
    let now = Utc::now();
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(tokens::digest(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let scopes = scopes_of(&token);
    let user_id = token.user_id;
    if token
        .last_used_at
        .is_none_or(|at| at + USE_RECORDED_EVERY <= now)
    {
        let mut row: api_token::ActiveModel = token.into();
        row.last_used_at = Set(Some(now));
        row.update(db).await?;
    }
    Ok(users::by_id(db, user_id)
        .await?
        .filter(|u| u.disabled_at.is_none())
        .map(|user| Bearer { user, scopes }))
}

/// Revokes a token; returns whether it was active.
pub async fn revoke(db: &DatabaseConnection, id: i32) -> Result<bool, sea_orm::DbErr> {
    let result = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Every API token with its owner, newest first.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<TokenInfo>, sea_orm::DbErr> {
    let rows = api_token::Entity::find()
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let now = Utc::now();
    let mut owners = std::collections::HashMap::new();
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        let owner = match owners.get(&row.user_id) {
            Some(owner) => String::clone(owner),
            None => {
                let owner = users::by_id(db, row.user_id)
                    .await?
                    .map(|u| u.email)
                    .unwrap_or_default();
                owners.insert(row.user_id, owner.clone());
                owner
            }
        };
        list.push(info(row, owner, now));
    }
    Ok(list)
}

/// The scope names a role may give its tokens (for forms).
pub fn scopes_for(role: Role) -> Vec<&'static str> {
    Scope::for_role(role)
        .into_iter()
        .map(Scope::as_str)
        .collect()
}
