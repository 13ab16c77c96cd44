//! Security findings of the outside probe (issue 18), each replayed as an attack that
//! must now fail, on SQLite and PostgreSQL.

mod forgot;
mod reading_time;
mod resets;
mod throttle;
mod tokens;
