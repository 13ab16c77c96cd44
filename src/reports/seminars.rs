//! The learners of a cohort who finished the remote part of a course but never came
//! to its classroom: enrolled in the course, every module of it complete (a stored
//! module completion for each), and no half-day present in any session of the
//! course's seminars where they hold a seat (the half-days the completion rule counts,
//! `seminars::attendance::attended_half_days`). Each row says whether the learner is
//! registered, or waiting and in which place, for a session whose last day has not
//! passed yet.
//!
//! Pages go by learner id (`after`: the last id of the previous page), so a page costs
//! the same wherever it is and no learner is skipped or repeated when rows change
//! between pages. Three queries a page: the count, the rows, their registrations.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::Serialize;

use super::cohort::{Filters, Scope};
use super::export::{self, Format, Val};
use super::learners::{self, from_enrolled};
use super::tables::FileStream;
use crate::content::model::Course;
use crate::db::sql::Sql;
use crate::seminars::{Status, TIME_ZONE};

/// Default learners per page.
pub const DEFAULT_LIMIT: u64 = 50;
/// Most learners per page.
pub const MAX_LIMIT: u64 = 500;

/// A learner's live registration for a session of the course not over yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Upcoming {
    /// The session.
    pub session_id: i32,
    /// The seminar's title.
    pub title: String,
    /// First day (Europe/Rome).
    pub first_day: NaiveDate,
    /// Last day (Europe/Rome).
    pub last_day: NaiveDate,
    /// Seated or waiting.
    pub status: Status,
    /// Place on the waiting list (1 = first); None when seated.
    pub position: Option<i64>,
}

/// One learner who completed the remote part and never attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NeverAttended {
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
    /// When the last module of the course was completed.
    pub remote_completed_at: DateTime<Utc>,
    /// The registration for a session not over yet, if any (the earliest).
    pub upcoming: Option<Upcoming>,
}

/// One page of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Page {
    /// The course.
    pub course: String,
    /// Learners in the whole report (every page).
    pub total: u64,
    /// This page's learners, by id.
    pub learners: Vec<NeverAttended>,
    /// The `after` of the next page; None on the last page.
    pub next_after: Option<i32>,
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
    remote_completed_at: DateTime<Utc>,
}

/// The course of the report: its id and the ids of its modules.
#[derive(Debug, Clone)]
struct Target {
    course: String,
    modules: Vec<String>,
}

impl Target {
    fn of(course: &Course) -> Self {
        Self {
            course: course.id.clone(),
            modules: course.modules.iter().map(|m| m.id.clone()).collect(),
        }
    }
}

/// The learners of the report, from `after` (exclusive), at most `limit`.
fn query(
    backend: sea_orm::DbBackend,
    target: &Target,
    scope: &Scope,
    filters: &Filters,
    window: Option<(Option<i32>, u64)>,
) -> Sql {
    let Target { course, modules } = target;
    let filters = Filters {
        course: course.clone(),
        ..filters.clone()
    };
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT u.id AS learner_id, u.name AS name, u.email AS email, m.name AS municipality, \
         u.municipality AS istat, m.region AS region, u.sector AS sector, \
         (SELECT MAX(mc.completed_at) FROM completions mc WHERE mc.user_id = u.id \
         AND mc.course_id = ",
    )
    .bind(course.clone())
    .push(" AND mc.module_id IN ")
    .bind_list(modules)
    .push(") AS remote_completed_at");
    from_enrolled(&mut sql, scope, &filters, None);
    sql.push(
        " AND (SELECT COUNT(*) FROM completions mc WHERE mc.user_id = u.id AND mc.course_id = ",
    )
    .bind(course.clone())
    .push(" AND mc.module_id IN ")
    .bind_list(modules)
    .push(") = ")
    .bind(modules.len() as i64)
    .push(
        " AND NOT EXISTS (SELECT 1 FROM seminar_attendance a \
         JOIN seminar_registrations r ON r.session_id = a.session_id AND r.user_id = a.user_id \
         JOIN seminars sm ON sm.id = r.seminar_id \
         WHERE a.user_id = u.id AND a.present AND r.status = 'registered' AND sm.course_id = ",
    )
    .bind(course.clone())
    .push(")");
    if let Some((after, limit)) = window {
        if let Some(after) = after {
            sql.push(" AND u.id > ").bind(after);
        }
        sql.push(" ORDER BY u.id LIMIT ")
            .bind(i64::try_from(limit).unwrap_or(i64::MAX));
    }
    sql
}

/// One page of the report: at most `limit` learners (1 to [`MAX_LIMIT`]) with an id
/// above `after`, by id. A course with no modules has no remote part to complete:
/// nobody is listed.
pub async fn page(
    db: &DatabaseConnection,
    course: &Course,
    scope: &Scope,
    filters: &Filters,
    after: Option<i32>,
    limit: u64,
) -> Result<Page, DbErr> {
    let limit = limit.clamp(1, MAX_LIMIT);
    let empty = Page {
        course: course.id.clone(),
        total: 0,
        learners: Vec::new(),
        next_after: None,
    };
    if course.modules.is_empty() {
        return Ok(empty);
    }
    let backend = db.get_database_backend();
    let target = Target::of(course);
    let total = learners::count(
        db,
        &query(backend, &target, scope, filters, None)
            .wrapped("SELECT COUNT(*) AS n FROM (", ") AS counted"),
    )
    .await?;
    // One more than asked: whether a next page exists.
    let sql = query(backend, &target, scope, filters, Some((after, limit + 1)));
    let mut rows = fetch(db, &sql, &course.id).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_after = more.then(|| rows.last().map(|r| r.learner_id)).flatten();
    Ok(Page {
        total,
        learners: rows,
        next_after,
        ..empty
    })
}

/// Rows of `sql` with their upcoming registrations.
async fn fetch(
    db: &DatabaseConnection,
    sql: &Sql,
    course_id: &str,
) -> Result<Vec<NeverAttended>, DbErr> {
    let raws: Vec<Raw> = db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| Raw::from_query_result(row, ""))
        .collect::<Result<_, _>>()?;
    let ids: Vec<i32> = raws.iter().map(|r| r.learner_id).collect();
    let today = Utc::now().with_timezone(&TIME_ZONE).date_naive();
    let mut upcoming = upcoming(db, course_id, &ids, today).await?;
    Ok(raws
        .into_iter()
        .map(|r| NeverAttended {
            upcoming: upcoming.remove(&r.learner_id),
            learner_id: r.learner_id,
            name: r.name,
            email: r.email,
            municipality: r.municipality,
            istat: r.istat,
            region: r.region,
            sector: r.sector,
            remote_completed_at: r.remote_completed_at,
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct LiveRegistration {
    user_id: i32,
    session_id: i32,
    status: String,
    title: String,
    first_day: NaiveDate,
    days: i32,
    ahead: i64,
}

/// The earliest live registration of each learner for a session of the course whose
/// last day is `today` or later.
async fn upcoming<C: ConnectionTrait>(
    conn: &C,
    course_id: &str,
    learners: &[i32],
    today: NaiveDate,
) -> Result<HashMap<i32, Upcoming>, DbErr> {
    if learners.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT r.user_id, r.session_id, r.status, sm.title, s.first_day, s.days, \
         (SELECT COUNT(*) FROM seminar_registrations w WHERE w.session_id = r.session_id \
          AND w.status = 'waiting' AND (w.registered_at < r.registered_at \
          OR (w.registered_at = r.registered_at AND w.id < r.id))) AS ahead \
         FROM seminar_registrations r JOIN seminar_sessions s ON s.id = r.session_id \
         JOIN seminars sm ON sm.id = r.seminar_id \
         WHERE r.status <> 'cancelled' AND sm.course_id = ",
    )
    .bind(course_id.to_string())
    .push(" AND r.user_id IN ")
    .bind_list(learners)
    .push(" ORDER BY s.first_day, s.id");
    let mut out = HashMap::new();
    for row in conn.query_all_raw(sql.build()).await? {
        let live = LiveRegistration::from_query_result(&row, "")?;
        let last_day = live.first_day + Duration::days(i64::from(live.days.max(1) - 1));
        if last_day < today {
            continue;
        }
        let status = Status::parse(&live.status)?;
        out.entry(live.user_id).or_insert(Upcoming {
            session_id: live.session_id,
            title: live.title,
            first_day: live.first_day,
            last_day,
            status,
            position: (status == Status::Waiting).then_some(live.ahead + 1),
        });
    }
    Ok(out)
}

/// The header of the export.
pub fn header() -> Vec<String> {
    [
        "learner_id",
        "name",
        "email",
        "municipality",
        "istat",
        "region",
        "sector",
        "remote_completed_at",
        "seminar_status",
        "session_id",
        "session_first_day",
        "waiting_position",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect()
}

/// A row as exported.
pub fn record(row: &NeverAttended) -> Vec<Val> {
    let upcoming = row.upcoming.as_ref();
    vec![
        row.learner_id.into(),
        row.name.clone().into(),
        row.email.clone().into(),
        row.municipality.clone().into(),
        row.istat.clone().into(),
        row.region.clone().into(),
        row.sector.clone().into(),
        Some(row.remote_completed_at).into(),
        Val::from(upcoming.map_or("none", |u| u.status.as_str())),
        upcoming.map_or(Val::Empty, |u| u.session_id.into()),
        upcoming.map_or(Val::Empty, |u| u.first_day.to_string().into()),
        upcoming
            .and_then(|u| u.position)
            .map_or(Val::Empty, Val::from),
    ]
}

/// Learners read per query while streaming the export.
const FILE_BATCH: u64 = 500;

/// Streams the whole report as CSV or XLSX, [`FILE_BATCH`] learners at a time.
pub fn file(
    db: &DatabaseConnection,
    course: &Course,
    format: Format,
    scope: &Scope,
    filters: &Filters,
) -> FileStream {
    let (tx, body) = export::start(format, "Mai presenti", header());
    let (db, target) = (db.clone(), Target::of(course));
    let (scope, filters) = (scope.clone(), filters.clone());
    tokio::spawn(async move {
        if target.modules.is_empty() {
            return;
        }
        let backend = db.get_database_backend();
        let mut after = None;
        loop {
            let sql = query(
                backend,
                &target,
                &scope,
                &filters,
                Some((after, FILE_BATCH)),
            );
            let rows = match fetch(&db, &sql, &target.course).await {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!(error = %err, "never-attended export failed");
                    return;
                }
            };
            for row in &rows {
                if tx.send(record(row)).await.is_err() {
                    return;
                }
            }
            if (rows.len() as u64) < FILE_BATCH {
                return;
            }
            after = rows.last().map(|r| r.learner_id);
        }
    });
    Box::pin(body)
}
