//! Database migrations of Aula. The same migrations run on SQLite and PostgreSQL;
//! each file owns one change of the schema and is never edited once released.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_app_meta;
mod m20261126_000002_library;
mod m20261126_000003_accounts;
mod m20261126_000004_progress;
mod m20261126_000005_search_queries;
mod m20261126_000006_reminders;
mod m20261126_000007_course_progress;
mod m20261202_000008_library_sources;
mod m20261202_000009_api_token_scopes;
mod m20261202_000010_reading_days;
mod m20261202_000011_error_reports;
mod m20261202_000012_seminars;
mod m20261202_000013_seminar_attendance;
mod m20261202_000014_seminar_approval;
mod m20261202_000015_certificates;
mod m20261203_000016_user_language;
mod m20261203_000017_privacy;
mod m20261203_000018_course_activity;

/// Runs Aula's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_app_meta::Migration),
            Box::new(m20261126_000002_library::Migration),
            Box::new(m20261126_000003_accounts::Migration),
            Box::new(m20261126_000004_progress::Migration),
            Box::new(m20261126_000005_search_queries::Migration),
            Box::new(m20261126_000006_reminders::Migration),
            Box::new(m20261126_000007_course_progress::Migration),
            Box::new(m20261202_000008_library_sources::Migration),
            Box::new(m20261202_000009_api_token_scopes::Migration),
            Box::new(m20261202_000010_reading_days::Migration),
            Box::new(m20261202_000011_error_reports::Migration),
            Box::new(m20261202_000012_seminars::Migration),
            Box::new(m20261202_000013_seminar_attendance::Migration),
            Box::new(m20261202_000014_seminar_approval::Migration),
            Box::new(m20261202_000015_certificates::Migration),
            Box::new(m20261203_000016_user_language::Migration),
            Box::new(m20261203_000017_privacy::Migration),
            Box::new(m20261203_000018_course_activity::Migration),
        ]
    }
}
