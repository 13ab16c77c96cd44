//! Issue 18, the edge: each finding of the outside probe replayed as an attack that
//! must now fail (one file per finding), plus the malformed-input sweep over every
//! route.

mod connections;
mod headers;
mod identifiers;
mod malformed;
mod metrics;
mod problem_json;
mod raw;
mod redirect;
mod spreadsheet;
mod sweep;
