//! The rules: who needs which reminder now. Each rule is a few aggregate queries
//! (per course or per tutor, never per learner), and each reminder found carries its
//! idempotency key: the rule, the recipient and the period it belongs to.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult};
use serde::Serialize;

use super::Rule;
use crate::accounts::Role;
use crate::config::Config;
use crate::content::Catalog;
use crate::db::reminders::optout;
use crate::reports::sql::Sql;
use crate::reports::{AtRisk, Filters, Order, Scope, Status, learners};

/// Failed attempts on one quiz that put a learner at risk (as in the tutor reports).
const RISK_FAILURES: i64 = 2;

/// One reminder due.
#[derive(Debug, Clone, Serialize)]
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
    /// What the e-mail and the notification say (template context).
    pub context: serde_json::Value,
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
    let risk = AtRisk {
        not_started_days: i64::from(days.not_started_days),
        inactive_days: i64::from(days.inactive_days),
        failures: RISK_FAILURES,
    };
    let optouts: HashSet<(i32, String)> = optout::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.user_id, o.rule))
        .collect();
    let mut out = Vec::new();
    let started_before = now - chrono::Duration::days(risk.not_started_days);
    let active_before = now - chrono::Duration::days(risk.inactive_days);

    // Not started and inactive: the tutors' at-risk query, per course.
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
            Order::Name,
            None,
        );
        let size = crate::reports::course_size(catalog, &course.id);
        for row in learners::fetch(db, &sql, size).await? {
            let context = serde_json::json!({
                "name": row.name, "course": course.title, "course_id": course.id,
                "percent": row.percent, "days": days.inactive_days,
                "not_started_days": days.not_started_days,
            });
            if row.status == Status::NotStarted && row.enrolled_at < started_before {
                out.push(Candidate {
                    rule: Rule::NotStarted,
                    key: format!("not-started:{}:{}", row.learner_id, course.id),
                    user_id: row.learner_id,
                    email: row.email.clone(),
                    name: row.name.clone(),
                    context: context.clone(),
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
                    email: row.email,
                    name: row.name,
                    context,
                });
            }
        }
    }

    // Quiz failed: the latest attempt of a quiz never passed, with attempts left.
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT a.user_id AS user_id, u.email AS email, u.name AS name, a.course_id AS course_id, \
         a.module_id AS module_id, MAX(a.id) AS last_attempt, COUNT(*) AS attempts \
         FROM quiz_attempts a JOIN users u ON u.id = a.user_id \
         WHERE a.submitted_at IS NOT NULL AND u.disabled_at IS NULL AND u.role = 'learner' \
         GROUP BY a.user_id, u.email, u.name, a.course_id, a.module_id \
         HAVING MAX(CASE WHEN a.passed THEN 1 ELSE 0 END) = 0",
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
            key: format!("quiz-failed:{}:{}/{}:{}", row.user_id, row.course_id, row.module_id, row.last_attempt),
            user_id: row.user_id,
            email: row.email,
            name: row.name.clone(),
            context: serde_json::json!({
                "name": row.name, "course": course.title, "module": module.title,
                "url": format!("/courses/{}/{}/quiz", course.id, module.id),
                "attempts_left": if quiz.attempts == 0 { None } else { Some(i64::from(quiz.attempts) - row.attempts) },
            }),
        });
    }

    // Deadline: the edition ends within N days and the course is not complete.
    let today = now.date_naive();
    let until = today + chrono::Days::new(u64::from(days.deadline_days));
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT e.user_id AS user_id, u.email AS email, u.name AS name, e.course_id AS course_id, \
         MIN(ed.ends_on) AS ends_on \
         FROM enrolments e JOIN editions ed ON ed.id = e.edition_id JOIN users u ON u.id = e.user_id \
         LEFT JOIN completions c ON c.user_id = e.user_id AND c.course_id = e.course_id AND c.module_id = '' \
         WHERE e.withdrawn_at IS NULL AND c.user_id IS NULL AND u.disabled_at IS NULL \
         AND u.role = 'learner' AND ed.ends_on IS NOT NULL AND ed.ends_on >= ",
    )
    .bind(today)
    .push(" AND ed.ends_on <= ")
    .bind(until)
    .push(" GROUP BY e.user_id, u.email, u.name, e.course_id");
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
            context: serde_json::json!({
                "name": row.name, "course": course.title, "course_id": course.id,
                "ends_on": row.ends_on.format("%d/%m/%Y").to_string(),
                "days": (row.ends_on - today).num_days(),
            }),
        });
    }

    // The weekly digest: each tutor's at-risk learners, one e-mail per ISO week.
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
    let week = now.iso_week();
    for tutor in tutors {
        let scopes = crate::db::users::scopes(db, tutor.id).await?;
        let scope = Scope::of(Role::Tutor, &scopes);
        let mut learners_at_risk = Vec::new();
        let mut total: usize = 0;
        for course in &catalog.courses {
            let filters = Filters {
                course: course.id.clone(),
                ..Filters::default()
            };
            let sql = learners::query(
                backend,
                &scope,
                &filters,
                Some((risk, now)),
                Order::Name,
                None,
            );
            let size = crate::reports::course_size(catalog, &course.id);
            for row in learners::fetch(db, &sql, size).await? {
                total += 1;
                if learners_at_risk.len() < 50 {
                    learners_at_risk.push(serde_json::json!({
                        "name": row.name, "municipality": row.municipality, "course": course.title,
                        "percent": row.percent, "status": row.status.slug(),
                        "last_activity": row.last_activity.map(|d| d.format("%d/%m/%Y").to_string()),
                    }));
                }
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
            context: serde_json::json!({
                "name": tutor.name, "total": total, "learners": learners_at_risk,
                "more": total.saturating_sub(50),
            }),
        });
    }

    out.retain(|c| !optouts.contains(&(c.user_id, c.rule.slug().to_string())));
    Ok(out)
}
