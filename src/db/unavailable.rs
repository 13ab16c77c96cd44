//! Telling a database out of reach from a failing statement. An outage (PostgreSQL
//! stopped or restarting, connections refused or lost, the pool timing out, SQLite busy
//! beyond its busy timeout) goes away by itself: requests answer it with a 503 and
//! `Retry-After` (`AppError::Unavailable`), background work waits and tries again.

use sea_orm::DbErr;

/// Whether `err` says the database cannot be reached right now (rather than that the
/// statement is wrong): no connection within the pool's acquire timeout, a connection
/// lost or refused, PostgreSQL shutting down, starting up or out of connections
/// (classes 08, 53 and 57P), SQLite busy or locked beyond its busy timeout. Such an
/// error goes away by itself; waiting and trying again is the cure.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => sqlx_unavailable(e),
        _ => false,
    }
}

fn sqlx_unavailable(err: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match err {
        Error::Io(_)
        | Error::Tls(_)
        | Error::PoolTimedOut
        | Error::PoolClosed
        | Error::WorkerCrashed => true,
        Error::Database(db) => db.code().is_some_and(|code| unavailable_code(&code)),
        _ => false,
    }
}

/// Whether a database's error code says it is out of reach for now: PostgreSQL's
/// SQLSTATE classes 08 (connection exception) and 53 (insufficient resources: too many
/// connections, disk full) and 57P01–57P03 (shutting down, crashed, starting up);
/// SQLite's (extended) codes for BUSY (5, 517 …) and LOCKED (6, 262 …).
fn unavailable_code(code: &str) -> bool {
    // A SQLSTATE always has five characters (often digits only); SQLite's codes,
    // extended ones included, have at most four digits.
    if code.len() == 5 {
        return code.starts_with("08")
            || code.starts_with("53")
            || matches!(code, "57P01" | "57P02" | "57P03");
    }
    code.parse::<u32>()
        .is_ok_and(|sqlite| matches!(sqlite & 0xff, 5 | 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_a_database_out_of_reach() {
        for code in [
            "08006", "08001", "53300", "57P01", "57P03", "5", "517", "6", "262",
        ] {
            assert!(unavailable_code(code), "{code}");
        }
        // Bad statements and constraint violations are not outages.
        for code in ["23505", "42P01", "57014", "22P02", "19", "2067", "1"] {
            assert!(!unavailable_code(code), "{code}");
        }
    }
}
