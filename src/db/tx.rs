//! Write transactions, and the lock that lets one process at a time migrate.
//!
//! On SQLite a plain `BEGIN` is deferred: the transaction reads under a snapshot and
//! asks for the write lock at its first write. If another connection committed in
//! between, SQLite refuses the upgrade at once with `SQLITE_BUSY_SNAPSHOT` (517,
//! "database is locked"), which no busy timeout can cure, since waiting cannot make
//! the snapshot current again. A transaction that will write therefore begins with
//! `BEGIN IMMEDIATE`: it waits (under the busy timeout) for the write lock first, and
//! then everything it reads is current. On PostgreSQL it is an ordinary transaction.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// The options of a write transaction: SQLite's write lock taken when it begins.
pub fn write_options() -> TransactionOptions {
    TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    }
}

/// Begins a transaction that will write: on SQLite with `BEGIN IMMEDIATE` (see the
/// module's documentation), on PostgreSQL as any transaction. Every transaction that
/// writes begins here; read-only snapshots may use `begin`.
pub async fn begin_write<C>(db: &C) -> Result<C::Transaction, DbErr>
where
    C: TransactionTrait + ?Sized,
{
    db.begin_with_options(write_options()).await
}

/// What a [`lock_key`] lock guards (the first key of PostgreSQL's two-key advisory
/// locks; the second is the id it guards).
#[derive(Debug, Clone, Copy)]
#[repr(i32)]
pub enum KeyLock {
    /// One learner opening a quiz attempt: the look for an open attempt and the insert
    /// of a new one happen for one opening at a time.
    QuizOpening = 1,
}

/// Holds the lock of `id` in `class` until the write transaction `txn` ends. On
/// PostgreSQL a transaction-scoped advisory lock (its two-key form, a key space
/// apart from the migration lock's); on SQLite nothing more is needed, since a write
/// transaction (`begin_write`) already holds the database's write lock.
pub async fn lock_key<C: ConnectionTrait>(txn: &C, class: KeyLock, id: i32) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [(class as i32).into(), id.into()],
    ))
    .await?;
    Ok(())
}

/// Key of the PostgreSQL advisory lock held while migrating (any fixed number that no
/// other lock of Aula uses: "aula" in ASCII).
const MIGRATION_LOCK: i64 = 0x6175_6c61;

/// Begins the transaction in which migrations run, holding the lock that makes other
/// processes wait for it: on SQLite the database's write lock (`BEGIN EXCLUSIVE`), on
/// PostgreSQL a transaction-scoped advisory lock. Both are released when the
/// transaction ends, whether it commits, rolls back, or the process dies.
pub async fn begin_migration(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let txn = db.begin().await?;
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
                .await?;
            Ok(txn)
        }
        _ => {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Exclusive),
                ..TransactionOptions::default()
            })
            .await
        }
    }
}
