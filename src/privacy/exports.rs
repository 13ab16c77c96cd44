//! Exports of a person's data, asked by the person (profile) or by an administrator
//! for a request received on paper: a row of `privacy_exports`, prepared in the
//! background by any instance (a conditional update claims it), kept
//! `privacy.export_days` for download, and announced by e-mail to the person who
//! asked for their own.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, TransactionTrait};
use serde::Serialize;

use crate::db::sql::Sql;
use crate::mail::Mailer;
use crate::reminders::outbox::{self, Outgoing};
use crate::render::Templates;

/// How long an instance holds an export it is preparing before another may retry.
const CLAIM: Duration = Duration::minutes(10);

/// An export, without its archive.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Export {
    /// Id.
    pub id: i32,
    /// Whose data.
    pub user_id: i32,
    /// Who asked (the person, or an administrator).
    pub requested_by: i32,
    /// `pending`, `ready` or `failed`.
    pub status: String,
    /// When asked.
    pub requested_at: DateTime<Utc>,
    /// When ready.
    pub ready_at: Option<DateTime<Utc>>,
    /// Until when it can be downloaded.
    pub expires_at: Option<DateTime<Utc>>,
    /// Size of the archive.
    pub bytes: Option<i64>,
}

const COLUMNS: &str =
    "id, user_id, requested_by, status, requested_at, ready_at, expires_at, bytes";

/// Asks for an export of `user`'s data by `requested_by`. While one is still being
/// prepared, that one is returned instead of a second.
pub async fn request<C: ConnectionTrait>(
    db: &C,
    user: i32,
    requested_by: i32,
) -> Result<i32, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT id FROM privacy_exports WHERE status = 'pending' AND user_id = ")
        .bind(user)
        .push(" AND requested_by = ")
        .bind(requested_by);
    if let Some(row) = db.query_one_raw(sql.build()).await? {
        return row.try_get("", "id");
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("INSERT INTO privacy_exports (user_id, requested_by, status, requested_at) VALUES (")
        .bind(user)
        .push(", ")
        .bind(requested_by)
        .push(", 'pending', ")
        .bind(Utc::now())
        .push(") RETURNING id");
    let row = db
        .query_one_raw(sql.build())
        .await?
        .ok_or_else(|| DbErr::RecordNotInserted)?;
    row.try_get("", "id")
}

/// The exports of `user`'s data, newest first.
pub async fn of_user<C: ConnectionTrait>(db: &C, user: i32) -> Result<Vec<Export>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {COLUMNS} FROM privacy_exports WHERE user_id = "
    ))
    .bind(user)
    .push(" ORDER BY id DESC");
    Export::find_by_statement(sql.build()).all(db).await
}

/// The latest exports of anyone, newest first (the administrators' page).
pub async fn latest<C: ConnectionTrait>(db: &C, limit: u64) -> Result<Vec<Export>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {COLUMNS} FROM privacy_exports ORDER BY id DESC LIMIT "
    ))
    .bind(limit as i64);
    Export::find_by_statement(sql.build()).all(db).await
}

/// The archive of export `id` with its record, when ready and not expired.
pub async fn archive<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<Option<(Export, Vec<u8>)>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT {COLUMNS}, archive FROM privacy_exports WHERE status = 'ready' AND id = "
    ))
    .bind(id)
    .push(" AND expires_at > ")
    .bind(Utc::now());
    let Some(row) = db.query_one_raw(sql.build()).await? else {
        return Ok(None);
    };
    let export = Export::from_query_result(&row, "")?;
    let bytes: Option<Vec<u8>> = row.try_get("", "archive")?;
    Ok(bytes.map(|b| (export, b)))
}

/// Prepares the exports waiting (at most `limit`); returns how many this call made.
pub async fn prepare_pending(
    db: &DatabaseConnection,
    templates: &Templates,
    mailer: &Mailer,
    base_url: &str,
    export_days: u32,
    limit: u64,
) -> anyhow::Result<usize> {
    let mut made = 0;
    for _ in 0..limit {
        let Some(export) = claim(db).await? else {
            break;
        };
        match build(db, templates, export.user_id).await {
            Ok(zip) => {
                finish(db, mailer, base_url, export_days, &export, zip).await?;
                made += 1;
            }
            Err(err) => {
                tracing::warn!(id = export.id, error = %format!("{err:#}"), "cannot prepare an export");
                let mut sql = Sql::new(db.get_database_backend());
                sql.push("UPDATE privacy_exports SET status = 'failed', error = ")
                    .bind(format!("{err:#}").chars().take(500).collect::<String>())
                    .push(" WHERE id = ")
                    .bind(export.id);
                db.execute_raw(sql.build()).await?;
            }
        }
    }
    Ok(made)
}

/// Takes one waiting export for this instance (a conditional update decides).
async fn claim(db: &DatabaseConnection) -> Result<Option<Export>, DbErr> {
    let now = Utc::now();
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("UPDATE privacy_exports SET claimed_until = ")
        .bind(now + CLAIM)
        .push(
            " WHERE id = (SELECT id FROM privacy_exports WHERE status = 'pending' \
             AND (claimed_until IS NULL OR claimed_until < ",
        )
        .bind(now)
        .push(") ORDER BY id LIMIT 1) AND (claimed_until IS NULL OR claimed_until < ")
        .bind(now)
        .push(&format!(") RETURNING {COLUMNS}"));
    Export::find_by_statement(sql.build()).one(db).await
}

/// The ZIP of `user`'s data, read in one transaction (one moment).
pub async fn build(
    db: &DatabaseConnection,
    templates: &Templates,
    user: i32,
) -> anyhow::Result<Vec<u8>> {
    // One snapshot for every table (PostgreSQL's default gives each statement its own).
    let txn = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            db.begin_with_config(Some(sea_orm::IsolationLevel::RepeatableRead), None)
                .await?
        }
        _ => db.begin().await?,
    };
    let data = super::export::collect(&txn, user).await?;
    txn.commit().await?;
    let lang = data
        .rows("users")
        .first()
        .and_then(|u| u.get("language"))
        .and_then(|l| l.as_str())
        .and_then(crate::render::i18n::supported)
        .unwrap_or(crate::render::i18n::DEFAULT_LANG);
    let tables: Vec<_> = data
        .tables
        .iter()
        .map(|t| {
            serde_json::json!({
                "name": t.table.name, "category": t.table.category, "rows": t.rows.len(),
            })
        })
        .collect();
    let guide = templates.render(
        "privacy/guide.txt",
        serde_json::json!({
            "lang": lang,
            "user_id": user,
            "exported_at": crate::render::dates::date_time(data.read_at, lang),
            "tables": tables,
        }),
    )?;
    data.to_zip(&guide)
}

async fn finish(
    db: &DatabaseConnection,
    mailer: &Mailer,
    base_url: &str,
    export_days: u32,
    export: &Export,
    zip: Vec<u8>,
) -> anyhow::Result<()> {
    let now = Utc::now();
    let expires = now + Duration::days(i64::from(export_days));
    let txn = crate::db::tx::begin_write(db).await?;
    let mut sql = Sql::new(txn.get_database_backend());
    sql.push("UPDATE privacy_exports SET status = 'ready', ready_at = ")
        .bind(now)
        .push(", expires_at = ")
        .bind(expires)
        .push(", bytes = ")
        .bind(zip.len() as i64)
        .push(", archive = ")
        .bind(zip)
        .push(", claimed_until = NULL WHERE status = 'pending' AND id = ")
        .bind(export.id);
    let updated = txn.execute_raw(sql.build()).await?.rows_affected() == 1;
    let announce = updated && export.requested_by == export.user_id;
    if announce
        && let Some(user) = crate::accounts::directory::by_id_on(&txn, export.user_id).await?
    {
        let lang = crate::accounts::directory::language_of(&user);
        let base = base_url.trim_end_matches('/');
        let rendered = mailer.render(
            "privacy-export",
            serde_json::json!({
                "name": user.name,
                "requested": crate::render::dates::date_time(export.requested_at, lang),
                "expires": crate::render::dates::long(expires.date_naive(), lang),
                "url": format!("{base}/profilo/dati"),
                "lang": lang,
            }),
        )?;
        outbox::queue(
            &txn,
            Outgoing {
                key: format!("privacy-export:{}", export.id),
                kind: "privacy-export",
                user_id: Some(user.id),
                to: &user.email,
                rendered: &rendered,
                calendar: None,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
