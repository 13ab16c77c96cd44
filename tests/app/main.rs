//! Integration tests of Aula: one binary, one module per area. Every test runs against
//! a fresh database, SQLite by default or PostgreSQL with `AULA_TEST_DATABASE=postgres`.

#![expect(
    clippy::unwrap_used,
    reason = "a test that meets an unexpected error should fail on the spot"
)]
mod access;
mod accounts;
mod backup;
// The benches' ranking metrics, tested here: benches run without the test harness.
#[path = "../../benches/common/ranking.rs"]
mod bench_ranking;
mod browser;
mod certificates;
mod corpus;
mod helpers;

mod citation_links;
mod config;
mod conflicts;
mod content;
mod durability;
mod errata;
mod errors;
mod fetch;
mod fetch_cli;
mod health;
mod languages;
mod layers;
mod legal_changes;
mod legal_thesaurus;
mod library;
mod library_jobs;
mod migrations;
mod normattiva_fixture;
mod outage;
mod overview_aggregates;
mod overview_cache;
mod pages;
mod paging;
mod privacy;
mod progress;
mod reminders;
mod reports;
mod review_dates;
mod schedule;
mod search;
mod search_german;
mod search_passages;
mod security;
mod seminars;
mod shutdown;
mod smtp;
mod ui;
mod writers;
