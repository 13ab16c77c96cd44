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
use crate::db::sql::Sql;
use crate::reports::{AtRisk, Filters, Scope, Status, learners};

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

/// An enrolled learner who has not completed a course and is at risk in it or whose
/// edition closes soon: what the course rules need, and no more (at 100,000 learners,
/// moving rows out of the database costs more than finding them).
#[derive(Debug, serde::Deserialize, FromQueryResult)]
struct StandingRow {
    user_id: i32,
    email: String,
    name: String,
    istat: Option<String>,
    municipality: Option<String>,
    region: Option<String>,
    enrolled_at: DateTime<Utc>,
    closes_on: Option<chrono::NaiveDate>,
    last_activity_at: Option<DateTime<Utc>>,
    started: i64,
    done: i64,
    at_risk: i32,
}

/// The columns of [`StandingRow`].
const STANDING_COLUMNS: &[&str] = &[
    "user_id",
    "email",
    "name",
    "istat",
    "municipality",
    "region",
    "enrolled_at",
    "closes_on",
    "last_activity_at",
    "started",
    "done",
    "at_risk",
];

/// A learner at risk in a course, for the tutors' digests.
#[derive(Debug)]
struct AtRiskLearner<'a> {
    course: &'a crate::content::model::Course,
    row: StandingRow,
    percent: f64,
    status: Status,
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
    let clock = std::time::Instant::now();
    // The two rules' queries run concurrently, each on a connection of the pool.
    let (optouts, (mut out, at_risk), quiz) = tokio::try_join!(
        optout::Entity::find().all(db),
        course_rules(db, catalog, config, now),
        quiz_failed(db, catalog),
    )?;
    out.extend(quiz);
    out.extend(digests(db, &at_risk, now).await?);
    let optouts: HashSet<(i32, &str)> = optouts
        .iter()
        .map(|o| (o.user_id, o.rule.as_str()))
        .collect();
    out.retain(|c| !optouts.contains(&(c.user_id, c.rule.slug())));
    tracing::debug!(
        found = out.len(),
        elapsed_ms = clock.elapsed().as_millis() as u64,
        "reminder rules evaluated"
    );
    Ok(out)
}

/// Not started, inactive and deadline: one query per course over its enrolled
/// learners not complete, with the tutors' at-risk condition and the closing date of
/// their edition. The at-risk rows are kept for the tutors' digests.
async fn course_rules<'a>(
    db: &DatabaseConnection,
    catalog: &'a Catalog,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<(Vec<Candidate>, Vec<AtRiskLearner<'a>>), DbErr> {
    let window = Window::new(config, now);
    let mut out = Vec::new();
    let mut at_risk = Vec::new();
    for course in &catalog.courses {
        let size = crate::reports::course_size(catalog, &course.id);
        let names = CourseNames {
            title: Arc::from(course.title.as_str()),
            id: Arc::from(course.id.as_str()),
        };
        for row in standing_query(db, &course.id, &window)
            .fetch_bulk::<StandingRow, _>(db, STANDING_COLUMNS)
            .await?
        {
            let percent = (row.done.min(size.items()) as f64 * 100.0 / size.items() as f64).round();
            let status = if row.started == 0 {
                Status::NotStarted
            } else {
                Status::InProgress
            };
            out.extend(deadline(&row, &names, &window));
            if row.at_risk == 0 {
                continue;
            }
            out.extend(not_started_or_inactive(
                &row, &names, percent, status, &window,
            ));
            at_risk.push(AtRiskLearner {
                course,
                row,
                percent,
                status,
            });
        }
    }
    Ok((out, at_risk))
}

/// The dates the course rules compare with, all taken from one `now`.
struct Window {
    risk: AtRisk,
    now: DateTime<Utc>,
    today: chrono::NaiveDate,
    /// The last closing date a deadline reminder is for.
    until: chrono::NaiveDate,
    /// Enrolled before this and not started: not started.
    started_before: DateTime<Utc>,
    /// Last active before this: inactive.
    active_before: DateTime<Utc>,
}

impl Window {
    fn new(config: &Config, now: DateTime<Utc>) -> Self {
        let risk = AtRisk::from_config(&config.reminders);
        let today = now.date_naive();
        Window {
            risk,
            now,
            today,
            until: today + chrono::Days::new(u64::from(config.reminders.deadline_days)),
            started_before: now - chrono::Duration::days(risk.not_started_days),
            active_before: now - chrono::Duration::days(risk.inactive_days),
        }
    }
}

/// A course's title and id, shared by all its reminders.
struct CourseNames {
    title: Arc<str>,
    id: Arc<str>,
}

/// The enrolled learners of a course not complete who are at risk or whose edition
/// closes within the window.
fn standing_query(db: &DatabaseConnection, course: &str, window: &Window) -> Sql {
    let filters = Filters {
        course: course.to_string(),
        ..Filters::default()
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT u.id AS user_id, u.email AS email, u.name AS name, u.municipality AS istat, \
         m.name AS municipality, m.region AS region, e.enrolled_at AS enrolled_at, \
         e.closes_on AS closes_on, p.last_activity_at AS last_activity_at, \
         CAST(COALESCE(p.lessons_started, 0) + COALESCE(p.quiz_attempts, 0) AS BIGINT) AS started, \
         CAST({} AS BIGINT) AS done, CASE WHEN ",
        learners::ITEMS_DONE
    ));
    learners::push_risk_condition(&mut sql, window.risk, window.now);
    sql.push(" THEN 1 ELSE 0 END AS at_risk");
    learners::from_enrolled(
        &mut sql,
        &Scope::of(Role::Admin, &[]),
        &filters,
        Some((window.today, window.until)),
    );
    sql.push(" AND u.erased_at IS NULL AND c.user_id IS NULL AND (e.closes_on IS NOT NULL OR ");
    learners::push_risk_condition(&mut sql, window.risk, window.now);
    sql.push(")");
    sql
}

/// The deadline reminder of a learner whose edition closes soon.
fn deadline(row: &StandingRow, names: &CourseNames, window: &Window) -> Option<Candidate> {
    let ends_on = row.closes_on?;
    Some(Candidate {
        rule: Rule::Deadline,
        key: format!("deadline:{}:{}:{}", row.user_id, names.id, ends_on),
        user_id: row.user_id,
        email: row.email.clone(),
        name: row.name.clone(),
        details: Details::Deadline {
            course: names.title.clone(),
            course_id: names.id.clone(),
            ends_on,
            days: (ends_on - window.today).num_days(),
        },
    })
}

/// The not-started and inactive reminders of a learner at risk.
fn not_started_or_inactive(
    row: &StandingRow,
    names: &CourseNames,
    percent: f64,
    status: Status,
    window: &Window,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let details = Details::Course {
        course: names.title.clone(),
        course_id: names.id.clone(),
        percent,
    };
    if status == Status::NotStarted && row.enrolled_at < window.started_before {
        out.push(Candidate {
            rule: Rule::NotStarted,
            key: format!("not-started:{}:{}", row.user_id, names.id),
            user_id: row.user_id,
            email: row.email.clone(),
            name: row.name.clone(),
            details: details.clone(),
        });
    }
    if let Some(last) = row.last_activity_at
        && status == Status::InProgress
        && last < window.active_before
    {
        // One reminder per spell of inactivity: the period is the last activity.
        out.push(Candidate {
            rule: Rule::Inactive,
            key: format!(
                "inactive:{}:{}:{}",
                row.user_id,
                names.id,
                last.format("%Y-%m-%d")
            ),
            user_id: row.user_id,
            email: row.email.clone(),
            name: row.name.clone(),
            details,
        });
    }
    out
}

/// Quiz failed: the latest attempt of a quiz never passed, with attempts left. Only
/// learners whose course roll-up shows a quiz not passed are looked at, and attempts
/// are grouped before the join with users, so the grouping is on ids.
async fn quiz_failed(db: &DatabaseConnection, catalog: &Catalog) -> Result<Vec<Candidate>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT a.user_id AS user_id, u.email AS email, u.name AS name, a.course_id AS course_id, \
         a.module_id AS module_id, a.last_attempt AS last_attempt, a.attempts AS attempts \
         FROM (SELECT user_id, course_id, module_id, MAX(id) AS last_attempt, COUNT(*) AS attempts \
               FROM quiz_attempts \
               WHERE user_id IN (SELECT user_id FROM course_progress WHERE quiz_failures > 0) \
                 AND submitted_at IS NOT NULL \
               GROUP BY user_id, course_id, module_id \
               HAVING MAX(CASE WHEN passed THEN 1 ELSE 0 END) = 0) a \
         JOIN users u ON u.id = a.user_id \
         WHERE u.disabled_at IS NULL AND u.erased_at IS NULL AND u.role = 'learner'",
    );
    let mut out = Vec::new();
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
    Ok(out)
}

/// The weekly digest: each tutor's at-risk learners (from the rows of the course
/// rules, filtered by the tutor's cohort), one e-mail per ISO week.
async fn digests(
    db: &DatabaseConnection,
    at_risk: &[AtRiskLearner<'_>],
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, DbErr> {
    let backend = db.get_database_backend();
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
    let scopes = crate::accounts::directory::all_scopes(db).await?;
    let week = now.iso_week();
    let mut out = Vec::new();
    for tutor in tutors {
        let mine: Vec<&crate::db::users::tutor_scope::Model> =
            scopes.iter().filter(|s| s.user_id == tutor.id).collect();
        let in_cohort = |row: &StandingRow| {
            mine.iter().any(|s| match s.kind.as_str() {
                "region" => row.region.as_deref() == Some(s.value.as_str()),
                "municipality" => row.istat.as_deref() == Some(s.value.as_str()),
                _ => false,
            })
        };
        let mut learners_at_risk = Vec::new();
        let mut total: usize = 0;
        for learner in at_risk.iter().filter(|l| in_cohort(&l.row)) {
            total += 1;
            if learners_at_risk.len() < 50 {
                let row = &learner.row;
                learners_at_risk.push(serde_json::json!({
                    "name": row.name, "municipality": row.municipality,
                    "course": learner.course.title, "percent": learner.percent,
                    "status": learner.status.slug(),
                    "last_activity": row.last_activity_at.map(|d| d.format("%d/%m/%Y").to_string()),
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
    Ok(out)
}
