//! Throttles whose counts live in the database (`login_attempts`): one row per key
//! (`account:<hash>`, `address:<ip>`, …) with the start of its window and the attempts
//! counted in it. An attempt is counted *before* the work it guards, by one conditional
//! statement whose row count says whether a slot was free, so that concurrent requests
//! (on one instance or several sharing the database) can never take more slots than
//! the limit: the database decides, not a counter in one process.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::tokens;
use crate::db::sql::Sql;

/// A throttle: at most `limit` attempts per key within `window`.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    /// Attempts allowed in a window.
    pub limit: u32,
    /// Length of a window (it starts at the first attempt counted).
    pub window: Duration,
}

impl Throttle {
    /// Takes one attempt slot of `key`, now. Returns false when the key has used its
    /// `limit` in the current window (nothing is counted then).
    pub async fn reserve<C: ConnectionTrait>(&self, db: &C, key: &str) -> Result<bool, DbErr> {
        self.reserve_at(db, key, Utc::now()).await
    }

    /// [`Self::reserve`] at a given time.
    pub async fn reserve_at<C: ConnectionTrait>(
        &self,
        db: &C,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        if self.limit == 0 {
            return Ok(false);
        }
        // One statement: insert the key's row holding this first attempt, or count in
        // the existing row if it has a free slot or its window is over (then the count
        // starts again at 1). A concurrent statement on the same key waits for this one
        // and then checks the condition on the new count; a row the condition refuses
        // is left as it is and the statement affects no row.
        let expired = now - self.window;
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("INSERT INTO login_attempts (key, window_start, failures) VALUES (")
            .bind(key.to_string())
            .push(", ")
            .bind(now)
            .push(", 1) ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN login_attempts.window_start <= ")
            .bind(expired)
            .push(" THEN 1 ELSE login_attempts.failures + 1 END, window_start = CASE WHEN login_attempts.window_start <= ")
            .bind(expired)
            .push(" THEN ")
            .bind(now)
            .push(" ELSE login_attempts.window_start END WHERE login_attempts.window_start <= ")
            .bind(expired)
            .push(" OR login_attempts.failures < ")
            .bind(i64::from(self.limit));
        Ok(db.execute_raw(sql.build()).await?.rows_affected() == 1)
    }
}

/// Gives back one slot of `key` (an attempt that turned out not to count: a sign-in
/// that succeeded, or one refused by another throttle before any work).
pub async fn release<C: ConnectionTrait>(db: &C, key: &str) -> Result<(), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("UPDATE login_attempts SET failures = failures - 1 WHERE key = ")
        .bind(key.to_string())
        .push(" AND failures > 0");
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Forgets every attempt of `key` (a successful sign-in clears its account's count).
pub async fn clear<C: ConnectionTrait>(db: &C, key: &str) -> Result<(), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("DELETE FROM login_attempts WHERE key = ")
        .bind(key.to_string());
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// The key of an e-mail address under `kind` (`account`, `reset-email`): its SHA-256,
/// so that the table holds no address and its keys stay short whatever was typed.
pub fn email_key(kind: &str, email: &str) -> String {
    format!(
        "{kind}:{}",
        tokens::digest(email.trim().to_lowercase().as_str())
    )
}

/// The key of a client address under `kind` (`address`, `reset-address`).
pub fn address_key(kind: &str, address: &str) -> String {
    let address: String = address.chars().take(64).collect();
    format!("{kind}:{address}")
}
