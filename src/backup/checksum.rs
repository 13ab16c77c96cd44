//! The row count and checksum of every table, on SQLite or PostgreSQL: each row read
//! as text (SQLite: `quote()` of every column; PostgreSQL: the row's text form, with
//! the session's time zone and formats fixed), in the order of the primary key (or of
//! the text itself for a table without one), hashed with SHA-256. The same function
//! checks a backup's copy, a restored database and a live one; it reads the tables
//! one row at a time, so memory does not grow with their size.

use futures_util::StreamExt;
use indicatif::ProgressBar;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, StreamTrait, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::sql::Sql;

/// One table's row count and checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSum {
    /// The table's name.
    pub name: String,
    /// How many rows it holds.
    pub rows: u64,
    /// SHA-256 (hex) of its rows as text, in a stable order.
    pub sha256: String,
}

/// Every table of a live database, counted and hashed in one read transaction (one
/// snapshot, so a busy server's tables agree with each other); `bar` advances one
/// step per table.
pub async fn live(
    db: &DatabaseConnection,
    bar: Option<&ProgressBar>,
) -> Result<Vec<TableSum>, DbErr> {
    let txn = match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(sea_orm::IsolationLevel::RepeatableRead),
                Some(sea_orm::AccessMode::ReadOnly),
            )
            .await?
        }
        _ => db.begin().await?,
    };
    let sums = all(&txn, bar).await?;
    txn.commit().await?;
    Ok(sums)
}

/// Every table of the database `db` reads, counted and hashed, sorted by name; `bar`
/// advances one step per table. On PostgreSQL, call it inside a REPEATABLE READ
/// transaction so that every table is read in the same snapshot.
pub async fn all<C>(db: &C, bar: Option<&ProgressBar>) -> Result<Vec<TableSum>, DbErr>
where
    C: ConnectionTrait + StreamTrait,
{
    if ConnectionTrait::get_database_backend(db) == DbBackend::Postgres {
        // The text of timestamps, floats and binary data depends on session settings.
        db.execute_unprepared(
            "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; \
             SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; \
             SET LOCAL bytea_output = 'hex'",
        )
        .await?;
    }
    let names = tables(db).await?;
    if let Some(bar) = bar {
        bar.set_length(names.len() as u64);
        bar.set_position(0);
    }
    let mut sums = Vec::with_capacity(names.len());
    for name in names {
        if let Some(bar) = bar {
            bar.set_message(name.clone());
        }
        sums.push(table(db, &name).await?);
        if let Some(bar) = bar {
            bar.inc(1);
        }
    }
    Ok(sums)
}

/// The names of the database's tables (SQLite's own excepted), sorted.
pub async fn tables<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let text = match backend {
        DbBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        }
    };
    let mut names: Vec<String> = db
        .query_all_raw(Statement::from_string(backend, text))
        .await?
        .iter()
        .map(|r| r.try_get("", "name"))
        .collect::<Result<_, _>>()?;
    names.sort();
    Ok(names)
}

/// One table's row count and checksum.
pub async fn table<C>(db: &C, name: &str) -> Result<TableSum, DbErr>
where
    C: ConnectionTrait + StreamTrait,
{
    let statement = row_query(db, name).await?;
    let rows = db.stream_raw(statement).await?;
    let mut rows = std::pin::pin!(rows);
    let mut hasher = Sha256::new();
    let mut count = 0u64;
    while let Some(row) = rows.next().await {
        let text: Option<String> = row?.try_get("", "aula_row")?;
        let text = text.unwrap_or_default();
        // Each row prefixed by its length, so that no two tables of rows hash alike.
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
        count += 1;
    }
    Ok(TableSum {
        name: name.to_string(),
        rows: count,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// A column of a table: its name, whether it holds text (PostgreSQL), and its place
/// in the primary key (0 when not part of it).
struct Column {
    name: String,
    text: bool,
    key: i64,
}

/// `SELECT <row as text> AS aula_row FROM <table> ORDER BY <stable order>`.
async fn row_query<C: ConnectionTrait>(db: &C, table: &str) -> Result<Statement, DbErr> {
    let backend = db.get_database_backend();
    let columns = columns(db, table).await?;
    let mut key: Vec<&Column> = columns.iter().filter(|c| c.key > 0).collect();
    key.sort_by_key(|c| c.key);
    let text = match backend {
        DbBackend::Postgres => {
            // Text keys in byte order, whatever the database's collation.
            let order = if key.is_empty() {
                "aula_t::text COLLATE \"C\"".to_string()
            } else {
                key.iter()
                    .map(|c| {
                        let name = quoted(&c.name);
                        if c.text {
                            format!("{name} COLLATE \"C\"")
                        } else {
                            name
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "SELECT aula_t::text AS aula_row FROM {} AS aula_t ORDER BY {order}",
                quoted(table)
            )
        }
        _ => {
            let row = columns
                .iter()
                .map(|c| format!("quote({})", quoted(&c.name)))
                .collect::<Vec<_>>()
                .join(" || ',' || ");
            let order = if key.is_empty() {
                "1".to_string()
            } else {
                key.iter()
                    .map(|c| quoted(&c.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "SELECT {row} AS aula_row FROM {} ORDER BY {order}",
                quoted(table)
            )
        }
    };
    Ok(Statement::from_string(backend, text))
}

/// The columns of `table`, in their order.
async fn columns<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<Column>, DbErr> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    match backend {
        DbBackend::Postgres => {
            sql.push(
                "SELECT a.attname::text AS name, \
                   (format_type(a.atttypid, NULL) IN ('text', 'character varying', 'character')) AS is_text, \
                   COALESCE((SELECT k.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) \
                             WHERE k.attnum = a.attnum), 0)::bigint AS key \
                 FROM pg_attribute a \
                 LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary \
                 WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident(",
            )
            .bind(table)
            .push(
                "))::regclass AND a.attnum > 0 AND NOT a.attisdropped \
                 ORDER BY a.attnum",
            );
        }
        _ => {
            sql.push("SELECT name, 0 AS is_text, pk AS key FROM pragma_table_info(")
                .bind(table)
                .push(") ORDER BY cid");
        }
    }
    let rows = db.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let text = match backend {
            DbBackend::Postgres => row.try_get::<bool>("", "is_text")?,
            _ => false,
        };
        out.push(Column {
            name: row.try_get("", "name")?,
            text,
            key: row.try_get("", "key")?,
        });
    }
    if out.is_empty() {
        return Err(DbErr::Custom(format!("la tabella {table} non ha colonne")));
    }
    Ok(out)
}

/// An identifier in double quotes (quotes inside doubled).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The last migration applied (`seaql_migrations`), or an empty string if none.
pub async fn migration<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations ORDER BY version DESC LIMIT 1",
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "version")?,
        None => String::new(),
    })
}
