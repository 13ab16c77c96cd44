//! Configuration: built-in defaults, then an optional `aula.toml`, then `AULA_*`
//! environment variables (`AULA_A__B` sets key `b` of section `[a]`).
//!
//! Unknown keys are errors: a misspelt setting that is silently ignored is worse than
//! a server that refuses to start and says which name it did not recognise.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Format, Serialized, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::{Deserialize, Serialize};

/// Prefix of the environment variables that configure Aula.
pub const ENV_PREFIX: &str = "AULA_";

/// Largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// `AULA_*` variables that are not settings: read by the test harness and by logging.
const NOT_SETTINGS: &[&str] = &["AULA_TEST_DATABASE", "AULA_TEST_POSTGRES_URL", "AULA_LOG"];

/// The whole configuration of one Aula instance.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    /// Address and port the HTTP server listens on.
    pub bind: SocketAddr,
    /// Public URL of this instance, used in e-mails and links; defaults to `http://<bind>`.
    pub base_url: Option<String>,
    /// Folder of the course content.
    pub courses_dir: PathBuf,
    /// Folder of the search index.
    pub index_dir: PathBuf,
    /// SMTP server URL; unset means e-mails are written to the outbox folder.
    pub smtp_url: Option<String>,
    /// Sender of e-mails.
    pub smtp_from: String,
    /// Folder where e-mails are written as `.eml` files when no SMTP server is set.
    pub outbox_dir: PathBuf,
    /// Reminder jobs.
    pub reminders: Reminders,
    /// The legal library's source.
    pub library: Library,
    /// Connections of the HTTP server: timeouts and cap.
    pub server: Server,
    /// Where Prometheus reads the metrics.
    pub metrics: Metrics,
    /// Sign-in and password protection.
    pub accounts: Accounts,
    /// Certificates: who issues them and where the signing keys live.
    pub certificates: Certificates,
    /// Personal data: retention, the access log, what erasure does to certificates.
    pub privacy: Privacy,
    /// Tutor reports.
    pub reports: Reports,
}

/// Settings of the tutor reports (section `[reports]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reports {
    /// Seconds the cohort overview's figures are kept once computed, for every viewer
    /// (each tutor's overview adds up the groups of their cohort); 0 computes them
    /// for each request.
    pub overview_seconds: u32,
}

impl Default for Reports {
    fn default() -> Self {
        Self {
            overview_seconds: 30,
        }
    }
}

/// What erasure does to a learner's certificates (`privacy.certificates`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CertificateRule {
    /// Kept whole, as the record of a public training (the holder's name stays on it).
    Keep,
    /// Revoked, and what they say of the person deleted (the code still answers
    /// "revoked" at `/verify`).
    Delete,
}

/// Settings of personal data (section `[privacy]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Who answers for the processing (the controller), printed in the record of
    /// processing activities.
    pub controller: String,
    /// How to reach the data protection officer.
    pub dpo_contact: String,
    /// Months an account is kept after the later of the end of its last edition and
    /// its last sign-in or activity; then it is pseudonymised. 0 disables retention.
    pub retention_months: u32,
    /// Days before pseudonymisation that the person is warned by e-mail.
    pub warning_days: u32,
    /// Months the log of who looked at whose data is kept.
    pub access_log_months: u32,
    /// Days a sent e-mail is kept in the outbox.
    pub outbox_days: u32,
    /// Days a prepared export stays downloadable.
    pub export_days: u32,
    /// What erasure does to certificates.
    pub certificates: CertificateRule,
    /// Cron expression (with seconds) of the retention job; empty disables it.
    pub retention_cron: String,
}

impl Default for Privacy {
    fn default() -> Self {
        Self {
            controller: "[titolare del trattamento: l'ente che organizza l'edizione]".into(),
            dpo_contact: "[contatto del responsabile della protezione dei dati]".into(),
            retention_months: 24,
            warning_days: 30,
            access_log_months: 24,
            outbox_days: 180,
            export_days: 7,
            certificates: CertificateRule::Keep,
            retention_cron: "0 30 3 * * *".into(),
        }
    }
}

/// Settings of certificates (section `[certificates]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Certificates {
    /// The issuing body printed on certificates and named in their credentials.
    pub issuer: String,
    /// Folder of the Ed25519 signing keys (created with a first key on first start;
    /// keep it out of the repository and in the backups). The newest key signs; older
    /// ones stay so that what they signed can still be verified.
    pub keys_dir: PathBuf,
}

impl Default for Certificates {
    fn default() -> Self {
        Self {
            issuer: "Aula — formazione giuridico-amministrativa".into(),
            keys_dir: "data/keys".into(),
        }
    }
}

/// Settings of the HTTP server's connections (section `[server]`): what a client may
/// hold, and for how long, before it is shown the door.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// A client that has started a request must send all its headers within this
    /// many seconds, or its connection is closed.
    pub header_timeout_seconds: u32,
    /// A connection with no request in progress is closed after this many seconds.
    pub idle_timeout_seconds: u32,
    /// Connections open at once. Past it, a new connection replaces the one idle the
    /// longest; when none is idle, it waits for one to close.
    pub max_connections: u32,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            header_timeout_seconds: 10,
            idle_timeout_seconds: 60,
            max_connections: 1024,
        }
    }
}

/// Settings of the metrics endpoint (section `[metrics]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Address of the listener that serves `GET /metrics` (Prometheus text), apart
    /// from the site; empty disables it.
    pub bind: String,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:9464".into(),
        }
    }
}

impl Metrics {
    /// The address to serve metrics on; None when disabled.
    pub fn address(&self) -> Result<Option<SocketAddr>, String> {
        let bind = self.bind.trim();
        if bind.is_empty() {
            return Ok(None);
        }
        bind.parse().map(Some).map_err(|_| {
            format!("metrics.bind: «{bind}» is not an address with a port (e.g. 127.0.0.1:9464)")
        })
    }
}

/// Settings of sign-in and password protection (section `[accounts]`). The throttles'
/// counts live in the database, so they hold across every instance sharing it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    /// Failed sign-ins allowed per account in a window (attempts being checked count).
    pub login_failures_per_account: u32,
    /// Failed sign-ins allowed per client address in a window (an office shares one).
    pub login_failures_per_address: u32,
    /// Password-reset requests allowed per e-mail address in a window.
    pub reset_requests_per_email: u32,
    /// Password-reset requests allowed per client address in a window.
    pub reset_requests_per_address: u32,
    /// Length of the throttles' window, in minutes.
    pub throttle_minutes: u32,
    /// Passwords hashed or checked at once; 0 means one per CPU.
    pub password_workers: u32,
    /// Sign-ins that may wait for a password worker; past that the server answers 503.
    pub password_queue: u32,
}

impl Default for Accounts {
    fn default() -> Self {
        Self {
            login_failures_per_account: 5,
            login_failures_per_address: 30,
            reset_requests_per_email: 3,
            reset_requests_per_address: 20,
            throttle_minutes: 15,
            password_workers: 0,
            password_queue: 32,
        }
    }
}

/// Settings of the legal library (section `[library]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// Base URL of Normattiva (tests point it at a local server that answers alike).
    pub normattiva_url: String,
    /// Cron expression (with seconds) of the refresh of the courses' acts; empty disables it.
    pub fetch_cron: String,
    /// Timeout of one request to Normattiva, in seconds.
    pub timeout_seconds: u32,
    /// Attempts per request before giving up (with a doubling pause between them).
    pub attempts: u32,
}

impl Default for Library {
    fn default() -> Self {
        Self {
            normattiva_url: crate::content::library::urn::NORMATTIVA.into(),
            // Mondays at 4:00 UTC.
            fetch_cron: "0 0 4 * * 1".into(),
            timeout_seconds: 60,
            attempts: 3,
        }
    }
}

/// Settings of the reminder jobs (section `[reminders]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reminders {
    /// Cron expression (with seconds) of the reminder run; empty disables it.
    pub cron: String,
    /// Remind a learner who has not started this many days after enrolment.
    pub not_started_days: u32,
    /// Remind a learner inactive this long.
    pub inactive_days: u32,
    /// Remind this long before an edition or course deadline.
    pub deadline_days: u32,
    /// Wait before retrying a failed delivery (doubled at each further failure).
    pub retry_seconds: u32,
    /// How often the delivery worker looks for due messages.
    pub delivery_seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/aula.db?mode=rwc".into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            base_url: None,
            courses_dir: "courses".into(),
            index_dir: "index".into(),
            smtp_url: None,
            smtp_from: "Aula <noreply@localhost>".into(),
            outbox_dir: "data/outbox".into(),
            reminders: Reminders::default(),
            library: Library::default(),
            server: Server::default(),
            metrics: Metrics::default(),
            accounts: Accounts::default(),
            certificates: Certificates::default(),
            privacy: Privacy::default(),
            reports: Reports::default(),
        }
    }
}

impl Default for Reminders {
    fn default() -> Self {
        Self {
            cron: "0 0 9 * * *".into(),
            not_started_days: 7,
            inactive_days: 14,
            deadline_days: 7,
            retry_seconds: 60,
            delivery_seconds: 30,
        }
    }
}

/// A configuration that could not be loaded, with a message naming the culprit.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// An `AULA_*` variable that names no setting.
    #[error("unknown setting in environment variable {var}: no key `{key}`")]
    UnknownVariable {
        /// The variable as written.
        var: String,
        /// The key it would set.
        key: String,
    },
    /// A file or a value that does not fit the settings (includes unknown keys).
    #[error("{0}")]
    Invalid(Box<figment::Error>),
}

impl Config {
    /// Loads the configuration from defaults, `toml_path` if it exists, and `env`
    /// (pairs of variable name and value; only `AULA_*` names are considered).
    pub fn load(
        toml_path: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let vars: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with(ENV_PREFIX) && !NOT_SETTINGS.contains(&k.as_str()))
            .collect();
        for (var, _) in &vars {
            let key = env_key(var);
            if !KNOWN_KEYS.contains(&key.as_str()) {
                return Err(ConfigError::UnknownVariable {
                    var: var.clone(),
                    key,
                });
            }
        }
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if toml_path.exists() {
            figment = figment.merge(Toml::file(toml_path));
        }
        let config: Self = figment
            .merge(EnvVars(vars))
            .extract()
            .map_err(|e| ConfigError::Invalid(Box::new(e)))?;
        config.check()?;
        Ok(config)
    }

    /// Checks what the types alone do not: the metrics address parses, and the
    /// server's limits are not zero (which would refuse every client).
    fn check(&self) -> Result<(), ConfigError> {
        let invalid =
            |message: String| ConfigError::Invalid(Box::new(figment::Error::from(message)));
        self.metrics.address().map_err(invalid)?;
        for (key, value) in [
            (
                "server.header_timeout_seconds",
                self.server.header_timeout_seconds,
            ),
            (
                "server.idle_timeout_seconds",
                self.server.idle_timeout_seconds,
            ),
            ("server.max_connections", self.server.max_connections),
            ("privacy.export_days", self.privacy.export_days),
            ("privacy.access_log_months", self.privacy.access_log_months),
            ("privacy.outbox_days", self.privacy.outbox_days),
        ] {
            if value == 0 {
                return Err(invalid(format!("{key} must be at least 1")));
            }
        }
        let privacy = &self.privacy;
        if privacy.retention_months > 0 && privacy.warning_days >= privacy.retention_months * 28 {
            return Err(invalid(
                "privacy.warning_days must be shorter than privacy.retention_months".into(),
            ));
        }
        // Sent e-mails may name learners (a tutor's digest does): the outbox must have
        // forgotten them by the time their accounts are pseudonymised.
        if privacy.retention_months > 0 && privacy.outbox_days > privacy.retention_months * 28 {
            return Err(invalid(
                "privacy.outbox_days must not exceed privacy.retention_months".into(),
            ));
        }
        Ok(())
    }

    /// The public base URL, without a trailing slash.
    pub fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.bind),
        }
    }

    /// Whether cookies must carry the `Secure` attribute (the base URL is https).
    pub fn secure_cookies(&self) -> bool {
        self.base_url().starts_with("https://")
    }
}

/// Every key a variable may set, as dotted paths.
const KNOWN_KEYS: &[&str] = &[
    "database_url",
    "bind",
    "base_url",
    "courses_dir",
    "index_dir",
    "smtp_url",
    "smtp_from",
    "outbox_dir",
    "reminders.cron",
    "reminders.not_started_days",
    "reminders.inactive_days",
    "reminders.deadline_days",
    "reminders.retry_seconds",
    "reminders.delivery_seconds",
    "library.normattiva_url",
    "library.fetch_cron",
    "library.timeout_seconds",
    "library.attempts",
    "server.header_timeout_seconds",
    "server.idle_timeout_seconds",
    "server.max_connections",
    "metrics.bind",
    "accounts.login_failures_per_account",
    "accounts.login_failures_per_address",
    "accounts.reset_requests_per_email",
    "accounts.reset_requests_per_address",
    "accounts.throttle_minutes",
    "accounts.password_workers",
    "accounts.password_queue",
    "certificates.issuer",
    "certificates.keys_dir",
    "privacy.controller",
    "privacy.dpo_contact",
    "privacy.retention_months",
    "privacy.warning_days",
    "privacy.access_log_months",
    "privacy.outbox_days",
    "privacy.export_days",
    "privacy.certificates",
    "privacy.retention_cron",
    "reports.overview_seconds",
];

/// `AULA_REMINDERS__CRON` → `reminders.cron`.
fn env_key(var: &str) -> String {
    var[ENV_PREFIX.len()..].to_lowercase().replace("__", ".")
}

/// A figment provider over an explicit list of variables, so that loading does not
/// depend on (or mutate) the process environment in tests.
struct EnvVars(Vec<(String, String)>);

impl Provider for EnvVars {
    fn metadata(&self) -> Metadata {
        Metadata::named("AULA_* environment variable(s)")
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let mut root = Dict::new();
        for (var, raw) in &self.0 {
            let key = env_key(var);
            let value: Value = raw.parse().unwrap_or_else(|_| Value::from(raw.clone()));
            // Strings that look like numbers stay strings where a string is expected:
            // figment converts on extraction, so the parsed value is safe here.
            insert_path(&mut root, &key, value);
        }
        Ok(Profile::Default.collect(root))
    }
}

fn insert_path(dict: &mut Dict, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            dict.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = dict
                .entry(head.to_string())
                .or_insert_with(|| Value::from(Dict::new()));
            if let Value::Dict(_, inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_map_to_keys() {
        assert_eq!(env_key("AULA_DATABASE_URL"), "database_url");
        assert_eq!(env_key("AULA_REMINDERS__CRON"), "reminders.cron");
    }
}
