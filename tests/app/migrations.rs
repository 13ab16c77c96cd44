//! Migrations run on both databases and are idempotent.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::TestDb;

async fn schema_snapshot(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name || ':' || COALESCE(sql, '') AS item FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name || '.' || column_name || ':' || data_type AS item \
             FROM information_schema.columns WHERE table_schema = 'public' \
             ORDER BY table_name, column_name"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("schema query");
    let mut items: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "item").expect("item"))
        .collect();
    let applied = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations ORDER BY version",
        ))
        .await
        .expect("migration table");
    items.extend(
        applied
            .iter()
            .map(|r| r.try_get::<String>("", "version").unwrap()),
    );
    items
}

#[tokio::test]
async fn migrate_twice_changes_nothing_the_second_time() {
    let test_db = TestDb::new().await;
    let db = aula::db::connect(&test_db.url).await.expect("connect");
    assert!(!aula::db::pending_migrations(&db).await.unwrap().is_empty());

    aula::db::migrate(&db).await.expect("first migration");
    let after_first = schema_snapshot(&db).await;
    assert!(
        after_first.iter().any(|i| i.contains("app_meta")),
        "{after_first:?}"
    );
    let secret = aula::db::app_meta::get(&db, aula::db::app_meta::SECRET_KEY)
        .await
        .unwrap()
        .expect("secret created");

    assert!(aula::db::pending_migrations(&db).await.unwrap().is_empty());
    aula::db::migrate(&db).await.expect("second migration");
    assert_eq!(schema_snapshot(&db).await, after_first);
    let secret_again = aula::db::app_meta::get(&db, aula::db::app_meta::SECRET_KEY)
        .await
        .unwrap();
    assert_eq!(
        secret_again.as_deref(),
        Some(secret.as_str()),
        "secret is kept"
    );
    db.close().await.unwrap();
}

#[tokio::test]
async fn migrate_command_is_idempotent() {
    let test_db = TestDb::new().await;
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_aula"))
            .arg("migrate")
            .current_dir(test_db.dir.path())
            .env("AULA_DATABASE_URL", &test_db.url)
            .output()
            .expect("run aula migrate")
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("applied m2026"));
    let second = run();
    assert!(second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("nothing to apply"),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
}

#[tokio::test]
async fn sqlite_database_folder_is_created_on_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("data/sub/aula.db").display()
    );
    let db = aula::db::connect(&url)
        .await
        .expect("connect creates folders");
    aula::db::migrate(&db).await.unwrap();
    let mode = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA journal_mode",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "journal_mode")
        .unwrap();
    assert_eq!(mode, "wal");
    let fk = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_keys",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i32>("", "foreign_keys")
        .unwrap();
    assert_eq!(fk, 1);
    assert!(dir.path().join("data/sub/aula.db").exists());
}
