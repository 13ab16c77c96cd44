//! One row per enrolled learner of a course, with their progress aggregated by the
//! database in a single query (no query per learner or per activity).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde::Serialize;

use super::cohort::{Filters, Scope};
use crate::db::sql::Sql;

/// Where a learner stands in a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No lesson opened, no quiz attempted.
    NotStarted,
    /// Started, not complete.
    InProgress,
    /// The course is complete.
    Completed,
}

impl Status {
    /// The slug used in URLs, exports and CSS.
    pub fn slug(self) -> &'static str {
        match self {
            Self::NotStarted => "not-started",
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
        }
    }
}

/// How many items (lessons and quizzes) a course has: the denominator of `percent`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CourseSize {
    /// Lessons.
    pub lessons: i64,
    /// Quizzes.
    pub quizzes: i64,
}

impl CourseSize {
    /// Lessons plus quizzes, at least 1.
    pub fn items(self) -> i64 {
        (self.lessons + self.quizzes).max(1)
    }
}

/// One learner of a report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LearnerRow {
    /// Account id.
    pub learner_id: i32,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Municipality name.
    pub municipality: Option<String>,
    /// ISTAT code.
    pub istat: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Sector slug.
    pub sector: Option<String>,
    /// First active enrolment in the course.
    pub enrolled_at: DateTime<Utc>,
    /// Lessons opened.
    pub lessons_started: i64,
    /// Lessons completed.
    pub lessons_completed: i64,
    /// Seconds spent on lessons.
    pub seconds: i64,
    /// Module quizzes passed.
    pub quizzes_passed: i64,
    /// Quiz attempts submitted.
    pub quiz_attempts: i64,
    /// Average over the modules attempted of the best quiz percentage.
    pub quiz_average: Option<f64>,
    /// Most failed attempts on one quiz not passed yet.
    pub quiz_failures: i64,
    /// Last lesson event or quiz submission.
    pub last_activity: Option<DateTime<Utc>>,
    /// When the course was completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Share of the course's items done (lessons completed, quizzes passed), 0–100.
    pub percent: f64,
    /// Where the learner stands.
    pub status: Status,
}

#[derive(Debug, FromQueryResult)]
struct Raw {
    learner_id: i32,
    name: String,
    email: String,
    municipality: Option<String>,
    istat: Option<String>,
    region: Option<String>,
    sector: Option<String>,
    enrolled_at: DateTime<Utc>,
    lessons_started: i64,
    lessons_completed: i64,
    seconds: i64,
    quizzes_passed: i64,
    quiz_attempts: i64,
    quiz_average: Option<f64>,
    quiz_failures: i64,
    last_activity_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
}

impl Raw {
    fn into_row(self, size: CourseSize) -> LearnerRow {
        let done = self.lessons_completed + self.quizzes_passed;
        let percent = (done.min(size.items()) as f64 * 100.0 / size.items() as f64).round();
        let status = if self.completed_at.is_some() {
            Status::Completed
        } else if self.lessons_started == 0 && self.quiz_attempts == 0 {
            Status::NotStarted
        } else {
            Status::InProgress
        };
        LearnerRow {
            learner_id: self.learner_id,
            name: self.name,
            email: self.email,
            municipality: self.municipality,
            istat: self.istat,
            region: self.region,
            sector: self.sector,
            enrolled_at: self.enrolled_at,
            lessons_started: self.lessons_started,
            lessons_completed: self.lessons_completed,
            seconds: self.seconds,
            quizzes_passed: self.quizzes_passed,
            quiz_attempts: self.quiz_attempts,
            quiz_average: self.quiz_average.map(|v| (v * 10.0).round() / 10.0),
            quiz_failures: self.quiz_failures,
            last_activity: self.last_activity_at,
            completed_at: self.completed_at,
            percent,
            status,
        }
    }
}

/// Order of the rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// By name.
    #[default]
    Name,
    /// Most progress first.
    Progress,
    /// Least progress first.
    ProgressAsc,
    /// Most recent activity first.
    LastActivity,
    /// Least recent activity first (never active first).
    LastActivityAsc,
    /// No order (for internal uses that do not need one: no sort to pay for).
    Unordered,
}

impl Order {
    /// Parses the `sort` parameter.
    pub fn parse(value: &str) -> Self {
        match value {
            "progress" => Self::Progress,
            "-progress" | "progress-asc" => Self::ProgressAsc,
            "activity" => Self::LastActivity,
            "-activity" | "activity-asc" => Self::LastActivityAsc,
            _ => Self::Name,
        }
    }

    /// The parameter value.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Progress => "progress",
            Self::ProgressAsc => "progress-asc",
            Self::LastActivity => "activity",
            Self::LastActivityAsc => "activity-asc",
            Self::Unordered => "",
        }
    }
}

/// Failed attempts on one quiz, not passed since, that put a learner at risk.
pub const RISK_FAILURES: i64 = 2;

/// Extra conditions of the at-risk list.
#[derive(Debug, Clone, Copy, Default)]
pub struct AtRisk {
    /// Not started this many days after enrolment.
    pub not_started_days: i64,
    /// No activity for this many days (and not completed).
    pub inactive_days: i64,
    /// A quiz failed at least this many times and not passed.
    pub failures: i64,
}

impl AtRisk {
    /// The thresholds of the configuration (the tutors' list and the reminder rules).
    pub fn from_config(reminders: &crate::config::Reminders) -> Self {
        Self {
            not_started_days: i64::from(reminders.not_started_days),
            inactive_days: i64::from(reminders.inactive_days),
            failures: RISK_FAILURES,
        }
    }
}

/// Last lesson event or quiz submission.
const LAST_ACTIVITY: &str = "p.last_activity_at";

/// The FROM and WHERE of every learner report: enrolled learners of the course in the
/// scope and filters, with their course roll-up (`course_progress`) joined.
pub fn base_query(sql: &mut Sql, scope: &Scope, filters: &Filters) {
    from_enrolled(sql, scope, filters, None);
}

/// [`base_query`], and with `closing` (a first and last day) the enrolment row also
/// has `e.closes_on`: the first closing date in that window of the learner's editions.
pub fn from_enrolled(
    sql: &mut Sql,
    scope: &Scope,
    filters: &Filters,
    closing: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) {
    let course = filters.course.clone();
    sql.push(
        " FROM users u JOIN (SELECT en.user_id AS user_id, MIN(en.enrolled_at) AS enrolled_at",
    );
    match closing {
        Some((from, until)) => {
            sql.push(", MIN(CASE WHEN ed.ends_on >= ")
                .bind(from)
                .push(" AND ed.ends_on <= ")
                .bind(until)
                .push(
                    " THEN ed.ends_on END) AS closes_on FROM enrolments en \
                     JOIN editions ed ON ed.id = en.edition_id",
                );
        }
        None => {
            sql.push(" FROM enrolments en");
        }
    }
    sql.push(" WHERE en.course_id = ")
        .bind(course.clone())
        .push(
            " AND en.withdrawn_at IS NULL GROUP BY en.user_id) e ON e.user_id = u.id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         LEFT JOIN course_progress p ON p.user_id = u.id AND p.course_id = ",
        )
        .bind(course.clone())
        .push(
            " LEFT JOIN completions c ON c.user_id = u.id AND c.module_id = '' AND c.course_id = ",
        )
        .bind(course)
        .push(" WHERE u.role = 'learner' AND u.disabled_at IS NULL");
    scope.push_condition(sql);
    filters.push_condition(sql);
}

/// No lesson opened and no quiz submitted (no roll-up row, or one with nothing in it).
pub const NOT_STARTED: &str =
    "(COALESCE(p.lessons_started, 0) = 0 AND COALESCE(p.quiz_attempts, 0) = 0)";

/// Items done: lessons completed and quizzes passed.
pub const ITEMS_DONE: &str = "(COALESCE(p.lessons_completed, 0) + COALESCE(p.quizzes_passed, 0))";

/// The columns of a learner row (after `SELECT`).
pub const COLUMNS: &str = "u.id AS learner_id, u.name AS name, u.email AS email, \
     m.name AS municipality, u.municipality AS istat, m.region AS region, u.sector AS sector, \
     e.enrolled_at AS enrolled_at, \
     COALESCE(p.lessons_started, 0) AS lessons_started, \
     COALESCE(p.lessons_completed, 0) AS lessons_completed, \
     COALESCE(p.seconds, 0) AS seconds, \
     COALESCE(p.quizzes_passed, 0) AS quizzes_passed, COALESCE(p.quiz_attempts, 0) AS quiz_attempts, \
     p.quiz_average AS quiz_average, COALESCE(p.quiz_failures, 0) AS quiz_failures, \
     p.last_activity_at AS last_activity_at, c.completed_at AS completed_at";

/// The full query of learner rows, optionally restricted to the at-risk ones, sorted
/// and paged.
pub fn query(
    backend: sea_orm::DbBackend,
    scope: &Scope,
    filters: &Filters,
    at_risk: Option<(AtRisk, DateTime<Utc>)>,
    order: Order,
    page: Option<(u64, u64)>,
) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(COLUMNS);
    base_query(&mut sql, scope, filters);
    if let Some((risk, now)) = at_risk {
        push_at_risk(&mut sql, risk, now);
    }
    let order_by = order_by(order);
    if !order_by.is_empty() {
        sql.push(" ORDER BY ").push(&order_by);
    }
    if let Some((limit, offset)) = page {
        sql.push(" LIMIT ")
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(0));
    }
    sql
}

/// The `ORDER BY` list of `order` (empty for none); every order ends with name, then
/// id, so that rows never tie.
pub fn order_by(order: Order) -> String {
    let progress = ITEMS_DONE;
    let activity = LAST_ACTIVITY;
    match order {
        Order::Unordered => String::new(),
        Order::Name => "u.name, u.id".to_string(),
        Order::Progress => format!("{progress} DESC, u.name, u.id"),
        Order::ProgressAsc => format!("{progress} ASC, u.name, u.id"),
        Order::LastActivity => {
            format!("CASE WHEN {activity} IS NULL THEN 1 ELSE 0 END, {activity} DESC, u.name, u.id")
        }
        Order::LastActivityAsc => {
            format!("CASE WHEN {activity} IS NULL THEN 0 ELSE 1 END, {activity} ASC, u.name, u.id")
        }
    }
}

/// The ids (`learner_id`) of the learners a table lists: what an export of it shows,
/// for the log of who looked at whose data.
pub fn ids_query(
    backend: sea_orm::DbBackend,
    scope: &Scope,
    filters: &Filters,
    at_risk: Option<(AtRisk, DateTime<Utc>)>,
) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push("SELECT u.id AS learner_id");
    base_query(&mut sql, scope, filters);
    if let Some((risk, now)) = at_risk {
        push_at_risk(&mut sql, risk, now);
    }
    sql
}

/// Appends the at-risk conditions: not completed, and any of not started in time,
/// inactive, failing. "Not completed" is written on the join key (`c.user_id IS NULL`),
/// which PostgreSQL plans as an anti-join; on another column of the completion it
/// estimated one row and chose nested loops that took minutes at 100,000 learners.
fn push_at_risk(sql: &mut Sql, risk: AtRisk, now: DateTime<Utc>) {
    sql.push(" AND c.user_id IS NULL AND ");
    push_risk_condition(sql, risk, now);
}

/// The parenthesised condition "not started in time, inactive or failing" on the
/// columns of [`base_query`] (completion not included).
pub fn push_risk_condition(sql: &mut Sql, risk: AtRisk, now: DateTime<Utc>) {
    let started_before = now - chrono::Duration::days(risk.not_started_days);
    let active_before = now - chrono::Duration::days(risk.inactive_days);
    sql.push(&format!("(({NOT_STARTED} AND e.enrolled_at < "))
        .bind(started_before)
        .push(&format!(") OR ({LAST_ACTIVITY} < "))
        .bind(active_before)
        .push(") OR COALESCE(p.quiz_failures, 0) >= ")
        .bind(risk.failures)
        .push(")");
}

/// Runs the learner query.
pub async fn fetch<C: ConnectionTrait>(
    db: &C,
    sql: &Sql,
    size: CourseSize,
) -> Result<Vec<LearnerRow>, DbErr> {
    let started = std::time::Instant::now();
    let rows = db.query_all_raw(sql.build()).await?;
    let queried = started.elapsed();
    let out: Result<Vec<LearnerRow>, DbErr> = rows
        .iter()
        .map(|r| Raw::from_query_result(r, "").map(|raw| raw.into_row(size)))
        .collect();
    tracing::debug!(
        rows = rows.len(),
        query_ms = queried.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "learner rows fetched"
    );
    out
}

/// Runs a count query (one row, column `n`).
pub async fn count<C: ConnectionTrait>(db: &C, sql: &Sql) -> Result<u64, DbErr> {
    sql.count(db).await
}

/// Streams the learner query row by row (for exports of any size).
pub async fn stream<'a>(
    db: &'a sea_orm::DatabaseConnection,
    sql: &Sql,
    size: CourseSize,
) -> Result<impl futures_util::Stream<Item = Result<LearnerRow, DbErr>> + 'a, DbErr> {
    use futures_util::StreamExt;
    let rows = sea_orm::StreamTrait::stream_raw(db, sql.build()).await?;
    Ok(rows
        .map(move |r| r.and_then(|r| Raw::from_query_result(&r, "").map(|raw| raw.into_row(size)))))
}
