//! What the reminder jobs have done, as pages show it: a learner's latest
//! notifications, and the admin's view of the job and the outbox.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryOrder, QuerySelect};

use crate::db::reminders::{job_run, notification, outbox};

/// A learner's latest in-app notifications, newest first.
pub async fn notifications_of(
    db: &DatabaseConnection,
    user_id: i32,
    limit: u64,
) -> Result<Vec<notification::Model>, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await
}

/// The state of the reminder jobs for the admin page.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The last run of the rules job, if any.
    pub job: Option<job_run::Model>,
    /// Outbox messages per status (pending, sent, failed).
    pub counts: Vec<(&'static str, u64)>,
    /// The latest outbox messages, newest first.
    pub latest: Vec<outbox::Model>,
}

/// How many of the latest outbox messages the admin page lists.
const LATEST: u64 = 50;

/// The job's last run, the outbox counts and the latest messages.
pub async fn overview(db: &DatabaseConnection) -> Result<Overview, DbErr> {
    let job = job_run::Entity::find_by_id(super::scheduler::RULES_JOB)
        .one(db)
        .await?;
    let mut counts = Vec::new();
    for status in ["pending", "sent", "failed"] {
        let n = outbox::Entity::find()
            .filter(outbox::Column::Status.eq(status))
            .count(db)
            .await?;
        counts.push((status, n));
    }
    let latest = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .limit(LATEST)
        .all(db)
        .await?;
    Ok(Overview {
        job,
        counts,
        latest,
    })
}
