//! The rules: who needs which reminder now. Each rule is a few aggregate queries
//! (per course or per tutor, never per learner), and each reminder found carries its
//! idempotency key: the rule, the recipient and the period it belongs to.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult};

use super::Rule;
use crate::accounts::Role;
use crate::config::Config;
use crate::content::Catalog;
use crate::db::reminders::optout;
use crate::reports::sql::Sql;
use crate::reports::{AtRisk, Filters, Order, Scope, Status, learners};

/// What a reminder is about; turned into the template context only for the reminders
/// actually queued (most runs find most reminders already sent).
#[derive(Debug, Clone)]
pub enum Details {
    /// Not started or inactive.
    Course {
        /// Course title.
        course: Arc<str>,
        /// Course id.
        course_id: Arc<str>,
        /// Progress, 0–100.
        percent: f64,
    },
    /// A quiz to retry.
    Quiz {
        /// Course title.
        course: Arc<str>,
        /// Module title.
        module: String,
        /// Quiz page.
        url: String,
        /// Attempts left, when limited.
        attempts_left: Option<i64>,
    },
    /// The edition closes soon.
    Deadline {
        /// Course title.
        course: Arc<str>,
        /// Course id.
        course_id: Arc<str>,
        /// Closing date.
        ends_on: chrono::NaiveDate,
        /// Days left.
        days: i64,
    },
    /// A tutor's digest.
    Digest {
        /// At-risk learners in the cohort.
        total: usize,
        /// The first 50 of them.
        learners: Vec<serde_json::Value>,
    },
}

/// One reminder due.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The rule.
    pub rule: Rule,
    /// `rule:recipient:period`.
    pub key: String,
    /// Recipient account.
    pub user_id: i32,
    /// Recipient address.
    pub email: String,
    /// Recipient name.
    pub name: String,
    /// What it is about.
    pub details: Details,
}

impl Candidate {
    /// The template context of the e-mail.
    pub fn context(&self, config: &Config) -> serde_json::Value {
        let days = &config.reminders;
        match &self.details {
            Details::Course {
                course,
                course_id,
                percent,
            } => serde_json::json!({
                "name": self.name, "course": course.as_ref(), "course_id": course_id.as_ref(),
                "percent": percent, "days": days.inactive_days,
                "not_started_days": days.not_started_days,
            }),
            Details::Quiz {
                course,
                module,
                url,
                attempts_left,
            } => serde_json::json!({
                "name": self.name, "course": course.as_ref(), "module": module, "url": url,
                "attempts_left": attempts_left,
            }),
            Details::Deadline {
                course,
                course_id,
                ends_on,
                days,
            } => serde_json::json!({
                "name": self.name, "course": course.as_ref(), "course_id": course_id.as_ref(),
                "ends_on": ends_on.format("%d/%m/%Y").to_string(), "days": days,
            }),
            Details::Digest { total, learners } => serde_json::json!({
                "name": self.name, "total": total, "learners": learners,
                "more": total.saturating_sub(50),
            }),
        }
    }
}

#[derive(Debug, FromQueryResult)]
struct QuizRow {
    user_id: i32,
    email: String,
    name: String,
    course_id: String,
    module_id: String,
    last_attempt: i32,
    attempts: i64,
}

#[derive(Debug, FromQueryResult)]
struct DeadlineRow {
    user_id: i32,
    email: String,
    name: String,
    course_id: String,
    ends_on: chrono::NaiveDate,
}

#[derive(Debug, FromQueryResult)]
struct TutorRow {
    id: i32,
    email: String,
    name: String,
}

/// Every reminder due at `now`, opt-outs left out.
pub async fn evaluate(
    db: &DatabaseConnection,
    catalog: &Catalog,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, DbErr> {
    let backend = db.get_database_backend();
    let days = &config.reminders;
    let risk = AtRisk::from_config(days);
    let optouts: HashSet<(i32, String)> = optout::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.user_id, o.rule))
        .collect();
    let mut out = Vec::new();
    let clock = std::time::Instant::now();
    let lap = |what: &str, out: &Vec<Candidate>| {
        tracing::debug!(
            rule = what,
            found = out.len(),
            elapsed_ms = clock.elapsed().as_millis() as u64,
            "reminder rule evaluated"
        );
    };
    let started_before = now - chrono::Duration::days(risk.not_started_days);
    let active_before = now - chrono::Duration::days(risk.inactive_days);

    // Not started and inactive: the tutors' at-risk query, per course. The rows are
    // kept for the tutors' digests.
    let mut at_risk: Vec<(&crate::content::model::Course, crate::reports::LearnerRow)> = Vec::new();
    for course in &catalog.courses {
        let filters = Filters {
            course: course.id.clone(),
            ..Filters::default()
        };
        let sql = learners::query(
            backend,
            &Scope::of(Role::Admin, &[]),
            &filters,
            Some((risk, now)),
            Order::Unordered,
            None,
        );
        let size = crate::reports::course_size(catalog, &course.id);
        let title: Arc<str> = Arc::from(course.title.as_str());
        let id: Arc<str> = Arc::from(course.id.as_str());
        for row in learners::fetch(db, &sql, size).await? {
            let details = Details::Course {
                course: title.clone(),
                course_id: id.clone(),
                percent: row.percent,
            };
            if row.status == Status::NotStarted && row.enrolled_at < started_before {
                out.push(Candidate {
                    rule: Rule::NotStarted,
                    key: format!("not-started:{}:{}", row.learner_id, course.id),
                    user_id: row.learner_id,
                    email: row.email.clone(),
                    name: row.name.clone(),
                    details: details.clone(),
                });
            }
            if let Some(last) = row.last_activity
                && row.status == Status::InProgress
                && last < active_before
            {
                // One reminder per spell of inactivity: the period is the last activity.
                out.push(Candidate {
                    rule: Rule::Inactive,
                    key: format!(
                        "inactive:{}:{}:{}",
                        row.learner_id,
                        course.id,
                        last.format("%Y-%m-%d")
                    ),
                    user_id: row.learner_id,
                    email: row.email.clone(),
                    name: row.name.clone(),
                    details,
                });
            }
            at_risk.push((course, row));
        }
    }

    lap("not-started+inactive", &out);
    // Quiz failed: the latest attempt of a quiz never passed, with attempts left.
    // Attempts are grouped before the join with users, so the grouping is on ids.
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT a.user_id AS user_id, u.email AS email, u.name AS name, a.course_id AS course_id, \
         a.module_id AS module_id, a.last_attempt AS last_attempt, a.attempts AS attempts \
         FROM (SELECT user_id, course_id, module_id, MAX(id) AS last_attempt, COUNT(*) AS attempts \
               FROM quiz_attempts WHERE submitted_at IS NOT NULL \
               GROUP BY user_id, course_id, module_id \
               HAVING MAX(CASE WHEN passed THEN 1 ELSE 0 END) = 0) a \
         JOIN users u ON u.id = a.user_id \
         WHERE u.disabled_at IS NULL AND u.role = 'learner'",
    );
    for r in db.query_all_raw(sql.build()).await? {
        let row = QuizRow::from_query_result(&r, "")?;
        let Some(course) = catalog.course(&row.course_id) else {
            continue;
        };
        let Some(module) = course.module(&row.module_id) else {
            continue;
        };
        let Some(quiz) = &module.quiz else { continue };
        let left = quiz.attempts == 0 || row.attempts < i64::from(quiz.attempts);
        if !left {
            continue;
        }
        out.push(Candidate {
            rule: Rule::QuizFailed,
            key: format!(
                "quiz-failed:{}:{}/{}:{}",
                row.user_id, row.course_id, row.module_id, row.last_attempt
            ),
            user_id: row.user_id,
            email: row.email,
            name: row.name.clone(),
            details: Details::Quiz {
                course: Arc::from(course.title.as_str()),
                module: module.title.clone(),
                url: format!("/courses/{}/{}/quiz", course.id, module.id),
                attempts_left: (quiz.attempts != 0)
                    .then(|| i64::from(quiz.attempts) - row.attempts),
            },
        });
    }

    lap("quiz-failed", &out);
    // Deadline: the edition ends within N days and the course is not complete.
    let today = now.date_naive();
    let until = today + chrono::Days::new(u64::from(days.deadline_days));
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT d.user_id AS user_id, u.email AS email, u.name AS name, d.course_id AS course_id, \
         d.ends_on AS ends_on \
         FROM (SELECT e.user_id AS user_id, e.course_id AS course_id, MIN(ed.ends_on) AS ends_on \
               FROM enrolments e JOIN editions ed ON ed.id = e.edition_id \
               WHERE e.withdrawn_at IS NULL AND ed.ends_on IS NOT NULL AND ed.ends_on >= ",
    )
    .bind(today)
    .push(" AND ed.ends_on <= ")
    .bind(until)
    .push(
        " GROUP BY e.user_id, e.course_id) d \
         JOIN users u ON u.id = d.user_id \
         LEFT JOIN completions c ON c.user_id = d.user_id AND c.course_id = d.course_id AND c.module_id = '' \
         WHERE c.user_id IS NULL AND u.disabled_at IS NULL AND u.role = 'learner'",
    );
    for r in db.query_all_raw(sql.build()).await? {
        let row = DeadlineRow::from_query_result(&r, "")?;
        let Some(course) = catalog.course(&row.course_id) else {
            continue;
        };
        out.push(Candidate {
            rule: Rule::Deadline,
            key: format!("deadline:{}:{}:{}", row.user_id, row.course_id, row.ends_on),
            user_id: row.user_id,
            email: row.email,
            name: row.name.clone(),
            details: Details::Deadline {
                course: Arc::from(course.title.as_str()),
                course_id: Arc::from(course.id.as_str()),
                ends_on: row.ends_on,
                days: (row.ends_on - today).num_days(),
            },
        });
    }

    lap("deadline", &out);
    // The weekly digest: each tutor's at-risk learners (from the rows above, filtered
    // by the tutor's cohort), one e-mail per ISO week.
    let tutors: Vec<TutorRow> = db
        .query_all_raw(
            Sql::new(backend)
                .push("SELECT id, email, name FROM users WHERE role = 'tutor' AND disabled_at IS NULL ORDER BY id")
                .build(),
        )
        .await?
        .iter()
        .map(|r| TutorRow::from_query_result(r, ""))
        .collect::<Result<_, _>>()?;
    let scopes = crate::db::users::tutor_scope::Entity::find()
        .all(db)
        .await?;
    let week = now.iso_week();
    for tutor in tutors {
        let mine: Vec<&crate::db::users::tutor_scope::Model> =
            scopes.iter().filter(|s| s.user_id == tutor.id).collect();
        let in_cohort = |row: &crate::reports::LearnerRow| {
            mine.iter().any(|s| match s.kind.as_str() {
                "region" => row.region.as_deref() == Some(s.value.as_str()),
                "municipality" => row.istat.as_deref() == Some(s.value.as_str()),
                _ => false,
            })
        };
        let mut learners_at_risk = Vec::new();
        let mut total: usize = 0;
        for (course, row) in at_risk.iter().filter(|(_, row)| in_cohort(row)) {
            total += 1;
            if learners_at_risk.len() < 50 {
                learners_at_risk.push(serde_json::json!({
                    "name": row.name, "municipality": row.municipality, "course": course.title,
                    "percent": row.percent, "status": row.status.slug(),
                    "last_activity": row.last_activity.map(|d| d.format("%d/%m/%Y").to_string()),
                }));
            }
        }
        if total == 0 {
            continue;
        }
        out.push(Candidate {
            rule: Rule::TutorDigest,
            key: format!(
                "tutor-digest:{}:{}-W{:02}",
                tutor.id,
                week.year(),
                week.week()
            ),
            user_id: tutor.id,
            email: tutor.email,
            name: tutor.name.clone(),
            details: Details::Digest {
                total,
                learners: learners_at_risk,
            },
        });
    }

    lap("tutor-digest", &out);
    out.retain(|c| !optouts.contains(&(c.user_id, c.rule.slug().to_string())));
    Ok(out)
}
