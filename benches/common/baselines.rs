//! The two full-text baselines the search benches compare Aula with, built on the same
//! texts: SQLite FTS5 (`unicode61 remove_diacritics 2`, bm25, `snippet`) and
//! PostgreSQL full-text search (`italian` configuration, GIN index, `ts_rank`,
//! `ts_headline` on the ten hits). Both are given a question as an OR of its words
//! ([`words`]): each word may match, the ranking function weighs them.
//!
//! Documents are numbered by their position in the slice they were loaded from; the
//! queries answer those numbers, best first.

use std::path::Path;
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement, Value};

/// Words of a question for the baselines' OR queries: letters and digits, lower case,
/// a word repeated right after itself counted once.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    out.dedup();
    out
}

/// The PostgreSQL server the benches use: `AULA_TEST_POSTGRES_URL`, default
/// `postgres://postgres@127.0.0.1:5432`.
pub fn pg_server() -> String {
    std::env::var("AULA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// The `postgres` database of [`pg_server`], to create and drop the bench's own; an
/// error when the server does not answer (callers skip PostgreSQL with a message).
pub async fn pg_admin() -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(format!("{}/postgres", pg_server()));
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5));
    Database::connect(options).await
}

/// Runs `f` on a fresh PostgreSQL database, dropped afterwards.
pub async fn with_pg_database<F, Fut, T>(admin: &DatabaseConnection, f: F) -> anyhow::Result<T>
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let name = format!("aula_bench_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await?;
    let result = match Database::connect(format!("{}/{name}", pg_server())).await {
        Ok(db) => {
            let out = f(db.clone()).await;
            db.close().await.ok();
            out
        }
        Err(e) => Err(e.into()),
    };
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await?;
    result
}

/// Loads `texts` into table `docs (id, body)`, `id` being the position in `texts`.
pub async fn pg_load(db: &DatabaseConnection, texts: &[String]) -> anyhow::Result<()> {
    db.execute_unprepared("CREATE TABLE docs (id bigint PRIMARY KEY, body text NOT NULL)")
        .await?;
    let mut start = 0;
    for chunk in texts.chunks(1_000) {
        let mut sql = String::from("INSERT INTO docs (id, body) VALUES ");
        let mut values = Vec::with_capacity(chunk.len() * 2);
        for (i, text) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${})", i * 2 + 1, i * 2 + 2));
            values.push(Value::from((start + i) as i64));
            values.push(Value::from(text.clone()));
        }
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
        start += chunk.len();
    }
    Ok(())
}

/// Adds the `italian` tsvector of each body and its GIN index.
pub async fn pg_index(db: &DatabaseConnection) -> anyhow::Result<()> {
    db.execute_unprepared(
        "ALTER TABLE docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('italian', body)) STORED",
    )
    .await?;
    db.execute_unprepared("CREATE INDEX docs_tsv ON docs USING GIN (tsv)")
        .await?;
    db.execute_unprepared("ANALYZE docs").await?;
    Ok(())
}

/// The ten best documents for `terms` OR-ed (`to_tsquery('italian', 'a | b')`, each
/// term stemmed and stop words dropped by the configuration), by `ts_rank`, with
/// `ts_headline` computed on those ten as a results page would.
pub async fn pg_query(db: &DatabaseConnection, terms: &[String]) -> anyhow::Result<Vec<usize>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT id, ts_headline('italian', body, q) AS snip FROM ( \
               SELECT id, body, q, ts_rank(tsv, q) AS rank \
               FROM docs, to_tsquery('italian', $1) AS q \
               WHERE tsv @@ q ORDER BY rank DESC LIMIT 10) AS top \
             ORDER BY rank DESC",
            [Value::from(terms.join(" | "))],
        ))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<i64>(0).ok())
        .map(|v| v as usize)
        .collect())
}

/// An FTS5 table `docs(body)` in a temporary SQLite file.
pub struct Fts5 {
    db: DatabaseConnection,
    _dir: tempfile::TempDir,
}

impl Fts5 {
    /// Creates the table (`unicode61 remove_diacritics 2`) and loads `texts`, rowid
    /// being the position in `texts`.
    pub async fn build(texts: &[String]) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let db = aula::db::connect(&sqlite_url(&dir.path().join("fts.db"))).await?;
        db.execute_unprepared(
            "CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')",
        )
        .await?;
        for (c, chunk) in texts.chunks(200).enumerate() {
            let mut sql = String::from("INSERT INTO docs(rowid, body) VALUES ");
            let mut values = Vec::new();
            for (i, text) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str("(?, ?)");
                values.push(Value::from((c * 200 + i) as i64));
                values.push(Value::from(text.clone()));
            }
            db.execute_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                sql,
                values,
            ))
            .await?;
        }
        Ok(Self { db, _dir: dir })
    }

    /// The ten best documents for `terms`, each quoted (no FTS5 syntax gets through)
    /// and OR-ed, by `bm25`, with `snippet` computed as a results page would.
    pub async fn query(&self, terms: &[String]) -> anyhow::Result<Vec<usize>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let quoted: Vec<String> = terms
            .iter()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect();
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                "SELECT rowid, snippet(docs, 0, '<b>', '</b>', '…', 16) AS snip FROM docs \
                 WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10",
                [Value::from(quoted.join(" OR "))],
            ))
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| r.try_get_by_index::<i64>(0).ok())
            .map(|v| v as usize)
            .collect())
    }
}

/// The URL of a SQLite file, created when missing.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}
