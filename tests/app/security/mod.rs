//! Security findings of the outside probe (issue 18), each replayed as an attack that
//! must now fail (one file per finding), on SQLite and PostgreSQL, plus the
//! malformed-input sweep over every route.

mod connections;
mod forgot;
mod headers;
mod identifiers;
mod malformed;
mod metrics;
mod problem_json;
mod raw;
mod reading_time;
mod redirect;
mod resets;
mod spreadsheet;
mod sweep;
mod throttle;
mod tokens;
