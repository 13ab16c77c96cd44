//! Reminder jobs: rules find who needs a reminder, each reminder is queued in the
//! outbox under an idempotency key (rule, recipient, period) that the database keeps
//! unique, and a delivery worker sends the outbox through SMTP or to `.eml` files,
//! retrying failures with exponential backoff. Scheduled runs are claimed per slot
//! in the database, so with several instances each run happens once.
//!
//! Sending is at least once towards the mail server and exactly once in the outbox:
//! a message is marked sent right after the server accepts it; only a crash between
//! those two steps could send it again.

pub mod delivery;
pub mod enqueue;
pub mod lease;
pub mod occurrences;
pub mod outbox;
pub mod rules;
pub mod scheduler;
pub mod status;
pub mod unsubscribe;

use std::sync::{Arc, RwLock};

use sea_orm::DatabaseConnection;
use serde::Serialize;

use crate::config::Config;
use crate::content::Catalog;
use crate::mail::Mailer;

/// The kinds of reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Enrolled N days ago and not started.
    NotStarted,
    /// Started, inactive for N days.
    Inactive,
    /// The edition ends within N days and the course is not complete.
    Deadline,
    /// A quiz failed and not passed yet, with attempts left.
    QuizFailed,
    /// Weekly, to each tutor: the at-risk learners of their cohort.
    TutorDigest,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 5] = [
        Self::NotStarted,
        Self::Inactive,
        Self::Deadline,
        Self::QuizFailed,
        Self::TutorDigest,
    ];

    /// The rules a learner receives (and may opt out of).
    pub const LEARNER: [Rule; 4] = [
        Self::NotStarted,
        Self::Inactive,
        Self::Deadline,
        Self::QuizFailed,
    ];

    /// The slug used in keys, templates, URLs and forms.
    pub fn slug(self) -> &'static str {
        match self {
            Self::NotStarted => "not-started",
            Self::Inactive => "inactive",
            Self::Deadline => "deadline",
            Self::QuizFailed => "quiz-failed",
            Self::TutorDigest => "tutor-digest",
        }
    }

    /// Parses a slug.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.slug() == value)
    }
}

/// What a run needs: the database, the mailer, the courses and the configuration.
#[derive(Clone)]
pub struct Context {
    /// Database.
    pub db: DatabaseConnection,
    /// Outgoing e-mail.
    pub mailer: Mailer,
    /// Courses (titles, structure, quiz limits), as currently loaded.
    pub courses: Arc<RwLock<Arc<Catalog>>>,
    /// Thresholds, base URL.
    pub config: Config,
}

impl Context {
    /// The courses now.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.courses
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// What one evaluation of the rules did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    /// Reminders found due (before the idempotency check).
    pub due: usize,
    /// Newly queued (or, on a dry run, that would be).
    pub queued: Vec<enqueue::Queued>,
    /// Seminar reminders (the day before a session) newly queued; 0 on a dry run.
    pub seminars: usize,
    /// Delivered in this run.
    pub delivery: delivery::Delivered,
}

/// Evaluates every rule now, queues what is new and (unless `dry_run`) delivers the
/// outbox once.
pub async fn run_once(ctx: &Context, dry_run: bool) -> anyhow::Result<RunReport> {
    let now = chrono::Utc::now();
    let candidates = rules::evaluate(&ctx.db, &ctx.catalog(), &ctx.config, now).await?;
    let due = candidates.len();
    let queued = enqueue::enqueue(ctx, candidates, now, dry_run).await?;
    let seminars = if dry_run {
        0
    } else {
        seminar_reminders(ctx, now).await?
    };
    let delivery = if dry_run {
        delivery::Delivered::default()
    } else {
        delivery::deliver_due(ctx, "run-once").await?
    };
    Ok(RunReport {
        due,
        queued,
        seminars,
        delivery,
    })
}

/// Queues the e-mails of the seminar sessions that begin tomorrow (see
/// `seminars::reminder`); how many were new.
pub async fn seminar_reminders(
    ctx: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<usize> {
    let base_url = ctx.config.base_url();
    let mailing = crate::seminars::Mailing {
        mailer: &ctx.mailer,
        base_url: &base_url,
    };
    crate::seminars::reminder::queue_due(&ctx.db, mailing, now).await
}

/// The rules a user opted out of.
pub async fn optouts_of(db: &DatabaseConnection, user: i32) -> Result<Vec<Rule>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(crate::db::reminders::optout::Entity::find()
        .filter(crate::db::reminders::optout::Column::UserId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| Rule::parse(&o.rule))
        .collect())
}

/// Opts a user out of a rule (`out`) or back in; idempotent.
pub async fn set_optout(
    db: &DatabaseConnection,
    user: i32,
    rule: Rule,
    out: bool,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::ConnectionTrait;
    let mut sql = crate::db::sql::Sql::new(db.get_database_backend());
    if out {
        sql.push("INSERT INTO reminder_optouts (user_id, rule, created_at) VALUES (")
            .bind(user)
            .push(", ")
            .bind(rule.slug())
            .push(", ")
            .bind(chrono::Utc::now())
            .push(") ON CONFLICT (user_id, rule) DO NOTHING");
    } else {
        sql.push("DELETE FROM reminder_optouts WHERE user_id = ")
            .bind(user)
            .push(" AND rule = ")
            .bind(rule.slug());
    }
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// The account and rule of an unsubscribe link, if its signature is genuine and the
/// account exists (None otherwise: a forged link learns nothing).
pub async fn unsubscribe_target(
    db: &DatabaseConnection,
    user: i32,
    rule: &str,
    signature: &str,
) -> Result<Option<(crate::accounts::directory::User, Rule)>, sea_orm::DbErr> {
    let secret = crate::db::app_meta::ensure_secret(db).await?;
    let Some(parsed) = Rule::parse(rule) else {
        return Ok(None);
    };
    if !unsubscribe::verify(&secret, user, rule, signature) {
        return Ok(None);
    }
    Ok(crate::accounts::directory::by_id(db, user)
        .await?
        .map(|account| (account, parsed)))
}
