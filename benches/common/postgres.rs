//! A fresh PostgreSQL database for each run of a bench, dropped after it whatever the
//! outcome; the server is `AULA_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432`), and a bench skips PostgreSQL with a message
//! when it does not answer.

use std::future::Future;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// A connection to the server's `postgres` database, to create and drop others.
pub struct Server {
    admin: DatabaseConnection,
    url: String,
}

impl Server {
    /// The server, or `None` after saying why PostgreSQL is skipped.
    pub async fn connect() -> Option<Self> {
        let url = std::env::var("AULA_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        match Database::connect(format!("{url}/postgres")).await {
            Ok(admin) => Some(Self { admin, url }),
            Err(e) => {
                println!("PostgreSQL: skipped ({e})");
                None
            }
        }
    }

    /// Runs `bench` with the URL of a new empty database, then drops the database.
    pub async fn with_database<T, F, Fut>(&self, bench: F) -> anyhow::Result<T>
    where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = anyhow::Result<T>>,
    {
        let name = format!("aula_bench_{}", uuid::Uuid::new_v4().simple());
        self.admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await?;
        let result = bench(format!("{}/{name}", self.url)).await;
        self.admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await?;
        result
    }
}
