//! A small builder for hand-written SQL (the reports' aggregates, the progress
//! writer, leases, the outbox): text with placeholders in the syntax of the backend
//! (`?` for SQLite, `$n` for PostgreSQL) and their values, so the same query runs on
//! both databases.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// SQL text and its parameters.
#[derive(Debug, Clone)]
pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    /// An empty statement for `backend`.
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// Appends SQL text (never user input).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                let n = self.values.len();
                self.text.push_str(&format!("${n}"));
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// Appends `(?, ?, …)` bound to `values`; `(NULL)` when empty, which matches nothing.
    pub fn bind_list<V: Into<Value> + Clone>(&mut self, values: &[V]) -> &mut Self {
        if values.is_empty() {
            return self.push("(NULL)");
        }
        self.push("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v.clone());
        }
        self.push(")")
    }

    /// This statement inside `prefix` and `suffix` (e.g. a `COUNT(*)` around it), with
    /// the same parameters.
    pub fn wrapped(&self, prefix: &str, suffix: &str) -> Self {
        Self {
            backend: self.backend,
            text: format!("{prefix}{}{suffix}", self.text),
            values: self.values.clone(),
        }
    }

    /// The statement to run.
    pub fn build(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }

    /// Runs the statement and decodes its rows, for bulk reads of many rows. On SQLite
    /// the database builds one JSON array of them (`json_group_array`): its driver hands
    /// each row over from a worker thread, which costs several microseconds a row (at
    /// 100,000 learners, more than the query itself). PostgreSQL's rows come as they are.
    /// `columns` are the statement's column names, which become the objects' keys.
    pub async fn fetch_bulk<T, C>(&self, db: &C, columns: &[&str]) -> Result<Vec<T>, DbErr>
    where
        T: serde::de::DeserializeOwned + sea_orm::FromQueryResult,
        C: ConnectionTrait,
    {
        if self.backend == DbBackend::Postgres {
            return db
                .query_all_raw(self.build())
                .await?
                .iter()
                .map(|r| T::from_query_result(r, ""))
                .collect();
        }
        let pairs: Vec<String> = columns.iter().map(|c| format!("'{c}', j.{c}")).collect();
        let prefix = format!(
            "SELECT json_group_array(json_object({})) AS rows FROM (",
            pairs.join(", ")
        );
        let row = db
            .query_one_raw(self.wrapped(&prefix, ") j").build())
            .await?;
        let Some(row) = row else {
            return Ok(Vec::new());
        };
        let text: String = row.try_get("", "rows")?;
        serde_json::from_str(&text).map_err(|e| DbErr::Json(e.to_string()))
    }

    /// Runs a `SELECT COUNT(*) AS n …` statement and returns `n` (0 when no row).
    pub async fn count<C: ConnectionTrait>(&self, db: &C) -> Result<u64, DbErr> {
        let row = db.query_one_raw(self.build()).await?;
        Ok(row
            .and_then(|r| r.try_get::<i64>("", "n").ok())
            .unwrap_or(0)
            .max(0) as u64)
    }

    /// The SQL text (for tests and the benchmark's raw baseline).
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let mut pg = Sql::new(DbBackend::Postgres);
        pg.push("a = ")
            .bind(1)
            .push(" AND b IN ")
            .bind_list(&["x", "y"]);
        assert_eq!(pg.text(), "a = $1 AND b IN ($2, $3)");
        let mut lite = Sql::new(DbBackend::Sqlite);
        lite.push("a = ")
            .bind(1)
            .push(" AND b IN ")
            .bind_list::<String>(&[]);
        assert_eq!(lite.text(), "a = ? AND b IN (NULL)");
    }
}
