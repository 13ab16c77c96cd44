//! Aula: a learning management and e-learning content server for training programmes
//! whose content is law and administrative practice.
//!
//! The binary (`src/main.rs`) is a thin command line over this library; tests and
//! benchmarks use the same functions.

pub mod accounts;
pub mod app;
pub mod backup;
pub mod certificates;
pub mod cli;
pub mod config;
pub mod content;
pub mod db;
pub mod demo;
pub mod errata;
pub mod error;
pub mod jobs;
pub mod mail;
pub mod paging;
pub mod privacy;
pub mod progress;
pub mod quiz;
pub mod reminders;
pub mod render;
pub mod reports;
pub mod search;
pub mod seminars;
pub mod telemetry;
pub mod web;

// A request that waits the pool's whole acquire timeout still answers its 503 itself,
// well before the request timeout would turn it into a 408; so does a progress event
// that waits for the writer's current transaction and then its own.
const _: () = assert!(db::ACQUIRE_TIMEOUT.as_secs() + 10 <= web::REQUEST_TIMEOUT.as_secs());
const _: () = assert!(
    db::ACQUIRE_TIMEOUT.as_secs() + 2 * db::WRITER_ACQUIRE_TIMEOUT.as_secs()
        < web::REQUEST_TIMEOUT.as_secs()
);
