//! Where personal data lives: every table of the database, said once, either as a
//! table holding people's data (with the query that finds one person's rows, the
//! category of data it holds for the record of processing, and the columns an export
//! leaves out because they are secrets, not information about the person) or as a
//! table that holds none, with the reason. `tests/app/privacy/` fails when a table of
//! the database is in neither list, so a new table cannot be forgotten here.

/// A table holding personal data.
#[derive(Debug, Clone, Copy)]
pub struct PersonalTable {
    /// Table name.
    pub name: &'static str,
    /// The query of one person's rows; `{user}` stands for their id.
    pub select: &'static str,
    /// The category of data (`record.rs` groups the tables by it into activities).
    pub category: &'static str,
    /// Columns left out of exports: secrets (hashes of passwords and tokens), or the
    /// export itself.
    pub hidden: &'static [&'static str],
}

/// Every table with personal data, in the order an export lists them.
pub const PERSONAL: &[PersonalTable] = &[
    PersonalTable {
        name: "users",
        select: "SELECT * FROM users WHERE id = {user}",
        category: "account",
        hidden: &["password_hash"],
    },
    PersonalTable {
        name: "privacy_acknowledgements",
        select: "SELECT * FROM privacy_acknowledgements WHERE user_id = {user} ORDER BY acknowledged_at",
        category: "account",
        hidden: &[],
    },
    PersonalTable {
        name: "sessions",
        select: "SELECT * FROM sessions WHERE user_id = {user} ORDER BY created_at",
        category: "security",
        hidden: &["id_hash", "csrf_token"],
    },
    PersonalTable {
        name: "api_tokens",
        select: "SELECT * FROM api_tokens WHERE user_id = {user} ORDER BY id",
        category: "security",
        hidden: &["token_hash"],
    },
    PersonalTable {
        name: "email_tokens",
        select: "SELECT * FROM email_tokens WHERE user_id = {user} ORDER BY created_at",
        category: "security",
        hidden: &["token_hash"],
    },
    PersonalTable {
        name: "tutor_scopes",
        select: "SELECT * FROM tutor_scopes WHERE user_id = {user} ORDER BY kind, value",
        category: "account",
        hidden: &[],
    },
    PersonalTable {
        name: "enrolments",
        select: "SELECT * FROM enrolments WHERE user_id = {user} ORDER BY id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "course_progress",
        select: "SELECT * FROM course_progress WHERE user_id = {user} ORDER BY course_id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "lesson_progress",
        select: "SELECT * FROM lesson_progress WHERE user_id = {user} ORDER BY lesson_id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "progress_events",
        select: "SELECT * FROM progress_events WHERE user_id = {user} ORDER BY id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "course_activity",
        select: "SELECT * FROM course_activity WHERE user_id = {user} ORDER BY course_id, day",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "reading_days",
        select: "SELECT * FROM reading_days WHERE user_id = {user} ORDER BY day",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "completions",
        select: "SELECT * FROM completions WHERE user_id = {user} ORDER BY course_id, module_id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "quiz_attempts",
        select: "SELECT * FROM quiz_attempts WHERE user_id = {user} ORDER BY id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "quiz_answers",
        select: "SELECT a.* FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id \
                 WHERE t.user_id = {user} ORDER BY a.attempt_id, a.question_id",
        category: "learning",
        hidden: &[],
    },
    PersonalTable {
        name: "seminar_registrations",
        select: "SELECT * FROM seminar_registrations WHERE user_id = {user} ORDER BY id",
        category: "seminars",
        hidden: &[],
    },
    PersonalTable {
        name: "seminar_attendance",
        select: "SELECT * FROM seminar_attendance WHERE user_id = {user} \
                 ORDER BY session_id, day, half",
        category: "seminars",
        hidden: &[],
    },
    PersonalTable {
        name: "seminar_attendance_changes",
        select: "SELECT * FROM seminar_attendance_changes WHERE user_id = {user} ORDER BY id",
        category: "seminars",
        hidden: &[],
    },
    PersonalTable {
        name: "certificates",
        select: "SELECT * FROM certificates WHERE user_id = {user} ORDER BY id",
        category: "certificates",
        hidden: &[],
    },
    PersonalTable {
        name: "certificate_events",
        select: "SELECT e.* FROM certificate_events e JOIN certificates c ON c.id = e.certificate_id \
                 WHERE c.user_id = {user} ORDER BY e.id",
        category: "certificates",
        hidden: &[],
    },
    PersonalTable {
        name: "outbox",
        select: "SELECT * FROM outbox WHERE user_id = {user} ORDER BY id",
        category: "messages",
        hidden: &["unsubscribe_url"],
    },
    PersonalTable {
        name: "notifications",
        select: "SELECT * FROM notifications WHERE user_id = {user} ORDER BY id",
        category: "messages",
        hidden: &[],
    },
    PersonalTable {
        name: "reminder_optouts",
        select: "SELECT * FROM reminder_optouts WHERE user_id = {user} ORDER BY rule",
        category: "messages",
        hidden: &[],
    },
    PersonalTable {
        name: "error_reports",
        select: "SELECT * FROM error_reports WHERE user_id = {user} ORDER BY id",
        category: "reports",
        hidden: &[],
    },
    PersonalTable {
        name: "personal_data_views",
        select: "SELECT v.id, v.at, v.kind, v.target, v.viewer_id, w.name AS viewer_name, \
                 w.role AS viewer_role FROM personal_data_views v JOIN users w ON w.id = v.viewer_id \
                 WHERE v.learner_id = {user} ORDER BY v.id",
        category: "access_log",
        hidden: &[],
    },
    PersonalTable {
        name: "privacy_exports",
        select: "SELECT * FROM privacy_exports WHERE user_id = {user} ORDER BY id",
        category: "account",
        hidden: &["archive"],
    },
];

/// Tables that hold a person's data only as a hash that no export could explain: the
/// sign-in throttle's counts, keyed by a digest of the e-mail address. Erasure deletes
/// the person's rows; exports leave them out.
pub const THROTTLE_TABLE: &str = "login_attempts";

/// Tables without personal data, and why.
pub const NOT_PERSONAL: &[(&str, &str)] = &[
    ("acts", "legal acts of the library"),
    ("articles", "articles of the library"),
    ("article_changes", "history of the library's articles"),
    ("app_meta", "installation-wide settings and secrets"),
    ("certificate_keys", "public keys of the certificates"),
    ("editions", "editions of the programme"),
    ("municipalities", "the ISTAT list of municipalities"),
    ("job_runs", "scheduled jobs' last runs"),
    ("seaql_migrations", "schema version"),
    (
        "search_queries",
        "the words searched and the number of results, without who searched",
    ),
    ("seminars", "classroom seminars"),
    ("seminar_sessions", "sessions of the seminars"),
];

/// The personal table called `name`.
pub fn personal(name: &str) -> Option<&'static PersonalTable> {
    PERSONAL.iter().find(|t| t.name == name)
}
