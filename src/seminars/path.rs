//! A learner's path through each course in its two halves, for the dashboard: the
//! remote part (modules complete out of the course's modules) and the classroom part
//! (their registrations for the course's seminars, seated or in which place in line,
//! the half-days attended, and the half-days the course's completion rule requires),
//! with what is still missing for the course's completion. Four queries whatever the
//! number of courses and registrations.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::Serialize;

use super::{Status, TIME_ZONE};
use crate::accounts::directory::User;
use crate::accounts::municipalities;
use crate::content::Catalog;
use crate::db::sql::Sql;
use crate::progress::summary::CourseProgress;

/// The remote half: the course's modules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Remote {
    /// Modules complete.
    pub modules_completed: usize,
    /// Modules of the course.
    pub modules_total: usize,
    /// Whether every module is complete.
    pub done: bool,
}

/// A registration of the learner for a session of one of the course's seminars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PathSession {
    /// The seminar's title.
    pub title: String,
    /// The session.
    pub session_id: i32,
    /// First day (Europe/Rome).
    pub first_day: NaiveDate,
    /// Last day (Europe/Rome).
    pub last_day: NaiveDate,
    /// Days.
    pub days: i32,
    /// Start time each day.
    pub starts_at: String,
    /// End time each day.
    pub ends_at: String,
    /// Venue.
    pub venue: String,
    /// Address.
    pub address: String,
    /// Seated or waiting.
    pub status: Status,
    /// Place on the waiting list (1 = first); None when seated.
    pub position: Option<i64>,
    /// Half-days present in this session.
    pub attended_half_days: i64,
    /// Whether the last day has passed.
    pub ended: bool,
}

/// The classroom half: the course's seminars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Classroom {
    /// Half-days the completion rule requires (0: attendance is not required).
    pub required_half_days: u32,
    /// Half-days attended, as the completion rule counts them (present, with a seat).
    pub attended_half_days: i64,
    /// Whether the requirement is met (always, when nothing is required).
    pub done: bool,
    /// The learner's live registrations for the course's seminars, by first day.
    pub registrations: Vec<PathSession>,
    /// Sessions of the course's seminars in the learner's region still open for
    /// registration.
    pub open_sessions: i64,
    /// Whether the dashboard has anything to say about the classroom for this course
    /// (a requirement, a registration, or a session open).
    pub relevant: bool,
}

/// What is still missing for the course's completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Missing {
    /// Modules still to complete.
    Modules {
        /// How many.
        count: usize,
    },
    /// Half-days of seminar still to attend.
    HalfDays {
        /// How many.
        count: i64,
    },
    /// Attendance is required and the learner holds no seat and waits for none in a
    /// session not over yet: they must register.
    Registration,
}

/// A course in its two halves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CoursePath {
    /// Course id.
    pub course_id: String,
    /// The remote part.
    pub remote: Remote,
    /// The classroom part.
    pub classroom: Classroom,
    /// When the course was completed (`YYYY-MM-DD`).
    pub completed_at: Option<String>,
    /// What is still missing (empty once complete).
    pub missing: Vec<Missing>,
}

#[derive(Debug, FromQueryResult)]
struct Live {
    course_id: String,
    title: String,
    session_id: i32,
    status: String,
    first_day: NaiveDate,
    days: i32,
    starts_at: String,
    ends_at: String,
    venue: String,
    address: String,
    ahead: i64,
}

/// The path of `learner` in each course of `courses` (their progress, as
/// `progress::summary::for_learner` gives it), in the same order.
pub async fn for_learner(
    db: &DatabaseConnection,
    catalog: &Catalog,
    learner: &User,
    courses: &[CourseProgress],
) -> Result<Vec<CoursePath>, DbErr> {
    let today = Utc::now().with_timezone(&TIME_ZONE).date_naive();
    let live = live_registrations(db, learner.id).await?;
    let present = present_by_session(db, learner.id).await?;
    let region = match learner.municipality.as_deref() {
        Some(istat) => municipalities::find(db, istat).await?.map(|m| m.region),
        None => None,
    };
    let open = match region {
        Some(region) => open_sessions(db, &region).await?,
        None => HashMap::new(),
    };
    let mut out = Vec::with_capacity(courses.len());
    for progress in courses {
        let required = catalog
            .course(&progress.id)
            .map_or(0, |c| c.completion.seminar_half_days);
        let registrations: Vec<PathSession> = live
            .iter()
            .filter(|l| l.course_id == progress.id)
            .map(|l| {
                let status = Status::parse(&l.status)?;
                let last_day = l.first_day + Duration::days(i64::from(l.days.max(1) - 1));
                Ok(PathSession {
                    title: l.title.clone(),
                    session_id: l.session_id,
                    first_day: l.first_day,
                    last_day,
                    days: l.days,
                    starts_at: l.starts_at.clone(),
                    ends_at: l.ends_at.clone(),
                    venue: l.venue.clone(),
                    address: l.address.clone(),
                    status,
                    position: (status == Status::Waiting).then_some(l.ahead + 1),
                    attended_half_days: if status == Status::Registered {
                        present.get(&l.session_id).copied().unwrap_or(0)
                    } else {
                        0
                    },
                    ended: last_day < today,
                })
            })
            .collect::<Result<_, DbErr>>()?;
        // The completion rule's count: present half-days where the learner is seated.
        let attended: i64 = registrations.iter().map(|r| r.attended_half_days).sum();
        let modules_total = progress.modules.len();
        let modules_completed = progress.modules.iter().filter(|m| m.completed).count();
        let remote = Remote {
            modules_completed,
            modules_total,
            done: modules_completed >= modules_total,
        };
        let open_sessions = open.get(&progress.id).copied().unwrap_or(0);
        let classroom = Classroom {
            required_half_days: required,
            attended_half_days: attended,
            done: attended >= i64::from(required),
            relevant: required > 0 || !registrations.is_empty() || open_sessions > 0,
            registrations,
            open_sessions,
        };
        let mut missing = Vec::new();
        if progress.completed_at.is_none() {
            if !remote.done {
                missing.push(Missing::Modules {
                    count: modules_total - modules_completed,
                });
            }
            if !classroom.done {
                missing.push(Missing::HalfDays {
                    count: i64::from(required) - attended,
                });
                if !classroom.registrations.iter().any(|r| !r.ended) {
                    missing.push(Missing::Registration);
                }
            }
        }
        out.push(CoursePath {
            course_id: progress.id.clone(),
            remote,
            classroom,
            completed_at: progress.completed_at.clone(),
            missing,
        });
    }
    Ok(out)
}

/// A learner's live registrations (seated or waiting) with their sessions and
/// seminars and their place in line, by first day.
async fn live_registrations<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<Vec<Live>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT sm.course_id, sm.title, s.id AS session_id, r.status, s.first_day, s.days, \
         s.starts_at, s.ends_at, s.venue, s.address, \
         (SELECT COUNT(*) FROM seminar_registrations w WHERE w.session_id = r.session_id \
          AND w.status = 'waiting' AND (w.registered_at < r.registered_at \
          OR (w.registered_at = r.registered_at AND w.id < r.id))) AS ahead \
         FROM seminar_registrations r JOIN seminar_sessions s ON s.id = r.session_id \
         JOIN seminars sm ON sm.id = r.seminar_id \
         WHERE r.status <> 'cancelled' AND r.user_id = ",
    )
    .bind(user_id)
    .push(" ORDER BY s.first_day, s.id");
    conn.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| Live::from_query_result(row, ""))
        .collect()
}

/// A learner's present half-days, by session.
async fn present_by_session<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<HashMap<i32, i64>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT session_id, COUNT(*) AS n FROM seminar_attendance \
         WHERE present AND user_id = ",
    )
    .bind(user_id)
    .push(" GROUP BY session_id");
    let mut out = HashMap::new();
    for row in conn.query_all_raw(sql.build()).await? {
        out.insert(row.try_get::<i32>("", "session_id")?, row.try_get("", "n")?);
    }
    Ok(out)
}

/// Sessions of each course's seminars in `region` whose registration is still open.
async fn open_sessions<C: ConnectionTrait>(
    conn: &C,
    region: &str,
) -> Result<HashMap<String, i64>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT sm.course_id, COUNT(*) AS n FROM seminar_sessions s \
         JOIN seminars sm ON sm.id = s.seminar_id WHERE s.region = ",
    )
    .bind(region.to_string())
    .push(" AND s.deadline >= ")
    .bind(Utc::now())
    .push(" GROUP BY sm.course_id");
    let mut out = HashMap::new();
    for row in conn.query_all_raw(sql.build()).await? {
        out.insert(
            row.try_get::<String>("", "course_id")?,
            row.try_get("", "n")?,
        );
    }
    Ok(out)
}
