//! Configuration layering: defaults, then `aula.toml`, then `AULA_*` variables.

use aula::config::{Config, ConfigError};

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn write_toml(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("aula.toml");
    std::fs::write(&path, text).expect("write aula.toml");
    (dir, path)
}

#[test]
fn defaults_match_the_contract() {
    let config = Config::load(std::path::Path::new("/nonexistent/aula.toml"), vec![])
        .expect("defaults load");
    assert_eq!(config.database_url, "sqlite://data/aula.db?mode=rwc");
    assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(config.base_url(), "http://127.0.0.1:8080");
    assert_eq!(config.courses_dir.to_str(), Some("courses"));
    assert_eq!(config.index_dir.to_str(), Some("index"));
    assert_eq!(config.smtp_url, None);
    assert_eq!(config.smtp_from, "Aula <noreply@localhost>");
    assert_eq!(config.reminders.cron, "0 0 9 * * *");
    assert_eq!(config.reminders.not_started_days, 7);
    assert_eq!(config.reminders.inactive_days, 14);
    assert_eq!(config.reminders.deadline_days, 7);
    assert!(!config.secure_cookies());
}

#[test]
fn file_overrides_defaults_and_environment_overrides_file() {
    let (_dir, path) = write_toml(
        r#"
bind = "0.0.0.0:9000"
base_url = "https://aula.example.it/"
courses_dir = "/srv/courses"

[reminders]
cron = "0 30 8 * * 1-5"
inactive_days = 21
"#,
    );
    let config = Config::load(
        &path,
        vars(&[
            ("AULA_BIND", "127.0.0.1:9100"),
            ("AULA_REMINDERS__INACTIVE_DAYS", "30"),
            ("AULA_REMINDERS__CRON", ""),
            ("HOME", "/root"),
        ]),
    )
    .expect("layered config loads");
    // From the environment, over the file.
    assert_eq!(config.bind.to_string(), "127.0.0.1:9100");
    assert_eq!(config.reminders.inactive_days, 30);
    assert_eq!(
        config.reminders.cron, "",
        "an empty variable disables the job"
    );
    // From the file, over the defaults.
    assert_eq!(config.base_url(), "https://aula.example.it");
    assert!(config.secure_cookies());
    assert_eq!(config.courses_dir.to_str(), Some("/srv/courses"));
    // Defaults where neither says anything.
    assert_eq!(config.reminders.deadline_days, 7);
    assert_eq!(config.index_dir.to_str(), Some("index"));
}

#[test]
fn unknown_key_in_file_is_reported() {
    let (_dir, path) = write_toml("databse_url = \"sqlite://x.db\"\n");
    let err = Config::load(&path, vec![]).expect_err("typo must not pass");
    let message = err.to_string();
    assert!(
        message.contains("databse_url"),
        "message names the key: {message}"
    );
}

#[test]
fn unknown_key_in_section_is_reported() {
    let (_dir, path) = write_toml("[reminders]\ninactive = 3\n");
    let err = Config::load(&path, vec![]).expect_err("typo must not pass");
    assert!(err.to_string().contains("inactive"), "{err}");
}

#[test]
fn unknown_variable_is_reported() {
    let err = Config::load(
        std::path::Path::new("/nonexistent/aula.toml"),
        vars(&[("AULA_DATABASE_ULR", "sqlite://x.db")]),
    )
    .expect_err("typo must not pass");
    match err {
        ConfigError::UnknownVariable { var, key } => {
            assert_eq!(var, "AULA_DATABASE_ULR");
            assert_eq!(key, "database_ulr");
        }
        other => panic!("unexpected error {other}"),
    }
}

#[test]
fn test_harness_variables_are_not_settings() {
    Config::load(
        std::path::Path::new("/nonexistent/aula.toml"),
        vars(&[("AULA_TEST_DATABASE", "postgres"), ("AULA_LOG", "debug")]),
    )
    .expect("harness variables are ignored");
}

#[test]
fn invalid_value_is_reported() {
    let err = Config::load(
        std::path::Path::new("/nonexistent/aula.toml"),
        vars(&[("AULA_REMINDERS__INACTIVE_DAYS", "soon")]),
    )
    .expect_err("not a number");
    assert!(err.to_string().contains("inactive_days"), "{err}");
}
