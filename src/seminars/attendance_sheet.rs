//! Attendance as staff read it and change it: the sessions a tutor runs (an admin:
//! every one) with their seats and waiting lists; a session's sheet, every seated
//! learner with name, e-mail and municipality and the mark of each half-day (or none
//! yet); the writes made as a viewer (the history is read in `attendance_history.rs`).
//! Every entry point takes the viewer and answers
//! as if a session they do not run did not exist (`staff::runs`), so that pages and
//! API say 404 rather than reveal it. A fixed number of queries per call.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::attendance::{self, Half, Mark, MarkError, Source};
use super::{Seminar, Session, TIME_ZONE, plan, staff};
use crate::accounts::directory::User;
use crate::content::Catalog;
use crate::db::seminars::{seminar, session};
use crate::db::sql::Sql;

/// Today in Europe/Rome, the day a classroom lives in.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&TIME_ZONE).date_naive()
}

/// An instant as people in the classroom read it: `12/03/2027 09:41:07`, Europe/Rome.
pub fn rome_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&TIME_ZONE)
        .format("%d/%m/%Y %H:%M:%S")
        .to_string()
}

/// Where a session stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Its first day is ahead.
    Upcoming,
    /// Today is one of its days.
    Running,
    /// Its last day is behind.
    Past,
}

/// One day of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DayView {
    /// The day's number, from 1.
    pub number: i32,
    /// Its date (Europe/Rome).
    pub date: NaiveDate,
}

/// A session with its seminar, as the attendance pages and the API head it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SessionInfo {
    /// The session's id.
    pub id: i32,
    /// The seminar's id.
    pub seminar_id: i32,
    /// The seminar's title.
    pub seminar_title: String,
    /// The course of the seminar's theme.
    pub course_id: String,
    /// First day (Europe/Rome).
    pub first_day: NaiveDate,
    /// Last day (Europe/Rome).
    pub last_day: NaiveDate,
    /// Consecutive days.
    pub days: i32,
    /// Start time each day (`HH:MM`, Europe/Rome).
    pub starts_at: String,
    /// End time each day (`HH:MM`, Europe/Rome).
    pub ends_at: String,
    /// Venue.
    pub venue: String,
    /// Address.
    pub address: String,
    /// Region.
    pub region: String,
    /// Seats.
    pub capacity: i32,
    /// Upcoming, running or past.
    pub phase: Phase,
    /// Today's day of the session while it runs (1 = its first day).
    pub today: Option<i32>,
    /// Each day with its date.
    pub day_list: Vec<DayView>,
}

impl SessionInfo {
    /// The session as seen on `today`.
    pub fn new(session: &Session, seminar: &Seminar, today: NaiveDate) -> Self {
        let last_day = session.first_day + Duration::days(i64::from(session.days.max(1) - 1));
        let (phase, day) = if today < session.first_day {
            (Phase::Upcoming, None)
        } else if today > last_day {
            (Phase::Past, None)
        } else {
            let n = (today - session.first_day).num_days() + 1;
            (Phase::Running, i32::try_from(n).ok())
        };
        Self {
            id: session.id,
            seminar_id: seminar.id,
            seminar_title: seminar.title.clone(),
            course_id: seminar.course_id.clone(),
            first_day: session.first_day,
            last_day,
            days: session.days,
            starts_at: session.starts_at.clone(),
            ends_at: session.ends_at.clone(),
            venue: session.venue.clone(),
            address: session.address.clone(),
            region: session.region.clone(),
            capacity: session.capacity,
            phase,
            today: day,
            day_list: (1..=session.days)
                .map(|number| DayView {
                    number,
                    date: session.first_day + Duration::days(i64::from(number - 1)),
                })
                .collect(),
        }
    }
}

/// A session someone runs, with its seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSession {
    /// The session.
    pub session: SessionInfo,
    /// Seated learners.
    pub seated: i64,
    /// Learners on the waiting list.
    pub waiting: i64,
}

/// The sessions someone runs: those running or ahead (soonest first), and those
/// behind (latest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSessions {
    /// Running today or upcoming.
    pub current: Vec<RunSession>,
    /// Over.
    pub past: Vec<RunSession>,
}

/// Seated and waiting counts per session.
async fn counts<C: ConnectionTrait>(
    conn: &C,
    sessions: &[i32],
) -> Result<HashMap<i32, (i64, i64)>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT session_id, \
         COALESCE(SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END), 0) AS seated, \
         COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0) AS waiting \
         FROM seminar_registrations WHERE session_id IN ",
    )
    .bind_list(sessions)
    .push(" GROUP BY session_id");
    let mut out = HashMap::new();
    for row in conn.query_all_raw(sql.build()).await? {
        out.insert(
            row.try_get::<i32>("", "session_id")?,
            (row.try_get("", "seated")?, row.try_get("", "waiting")?),
        );
    }
    Ok(out)
}

/// The sessions `viewer` runs (an admin: all; a tutor: those of their cohort's
/// regions; anyone else, or a disabled account: none).
pub async fn sessions_run(db: &DatabaseConnection, viewer: &User) -> Result<RunSessions, DbErr> {
    let mut out = RunSessions {
        current: Vec::new(),
        past: Vec::new(),
    };
    if viewer.disabled_at.is_some() {
        return Ok(out);
    }
    let mut find = session::Entity::find()
        .order_by_asc(session::Column::FirstDay)
        .order_by_asc(session::Column::Id);
    if let Some(regions) = staff::regions(db, viewer).await? {
        if regions.is_empty() {
            return Ok(out);
        }
        find = find.filter(session::Column::Region.is_in(regions));
    }
    let sessions = find.all(db).await?;
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let counts = counts(db, &ids).await?;
    let seminars = seminar::Entity::find()
        .filter(seminar::Column::Id.is_in(sessions.iter().map(|s| s.seminar_id)))
        .all(db)
        .await?;
    let today = today();
    for session in &sessions {
        let Some(seminar) = seminars.iter().find(|m| m.id == session.seminar_id) else {
            continue;
        };
        let (seated, waiting) = counts.get(&session.id).copied().unwrap_or((0, 0));
        let run = RunSession {
            session: SessionInfo::new(session, seminar, today),
            seated,
            waiting,
        };
        if run.session.phase == Phase::Past {
            out.past.push(run);
        } else {
            out.current.push(run);
        }
    }
    out.past.reverse();
    Ok(out)
}

/// The session and its seminar if `viewer` runs it; None if there is no such session
/// or it is not theirs.
pub async fn run_by(
    db: &DatabaseConnection,
    viewer: &User,
    session_id: i32,
) -> Result<Option<(Session, Seminar)>, DbErr> {
    let Some(session) = plan::session(db, session_id).await? else {
        return Ok(None);
    };
    if !staff::runs(db, viewer, &session).await? {
        return Ok(None);
    }
    Ok(plan::seminar(db, session.seminar_id)
        .await?
        .map(|seminar| (session, seminar)))
}

/// The heading of a session `viewer` runs (None: no such session, or not theirs).
pub async fn info(
    db: &DatabaseConnection,
    viewer: &User,
    session_id: i32,
) -> Result<Option<SessionInfo>, DbErr> {
    Ok(run_by(db, viewer, session_id)
        .await?
        .map(|(session, seminar)| SessionInfo::new(&session, &seminar, today())))
}

/// The mark of one half-day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Slot {
    /// The day, from 1.
    pub day: i32,
    /// `am` or `pm`.
    pub half: Half,
    /// Present (true), absent (false), not taken yet (null).
    pub present: Option<bool>,
}

/// A seated learner with the marks of every half-day of the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LearnerMarks {
    /// The learner's id.
    pub user_id: i32,
    /// Name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Name of the learner's municipality, when known.
    pub municipality: Option<String>,
    /// Day 1 morning, day 1 afternoon, day 2 morning, …
    pub marks: Vec<Slot>,
}

impl LearnerMarks {
    /// The mark of one half-day (None: not taken yet, or no such day).
    pub fn mark(&self, day: i32, half: Half) -> Option<bool> {
        self.marks
            .iter()
            .find(|s| s.day == day && s.half == half)
            .and_then(|s| s.present)
    }
}

/// How a half-day stands: present, absent, not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HalfCount {
    /// Morning or afternoon.
    pub half: Half,
    /// Marked present.
    pub present: usize,
    /// Marked absent.
    pub absent: usize,
    /// Not marked yet.
    pub unmarked: usize,
}

/// A session's attendance sheet: its seated learners, by name, with their marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Sheet {
    /// The session.
    pub session: SessionInfo,
    /// Seated learners, by name.
    pub learners: Vec<LearnerMarks>,
    /// Learners on the waiting list (no attendance is taken for them).
    pub waiting: i64,
}

impl Sheet {
    /// The counts of both halves of `day`.
    pub fn counts(&self, day: i32) -> [HalfCount; 2] {
        Half::BOTH.map(|half| {
            let mut count = HalfCount {
                half,
                present: 0,
                absent: 0,
                unmarked: 0,
            };
            for learner in &self.learners {
                match learner.mark(day, half) {
                    Some(true) => count.present += 1,
                    Some(false) => count.absent += 1,
                    None => count.unmarked += 1,
                }
            }
            count
        })
    }
}

/// A seated learner as the sheet's query reads it.
#[derive(FromQueryResult)]
struct SeatedRow {
    user_id: i32,
    name: String,
    email: String,
    municipality: Option<String>,
}

/// The sheet of a session `viewer` runs (None: no such session, or not theirs).
pub async fn sheet(
    db: &DatabaseConnection,
    viewer: &User,
    session_id: i32,
) -> Result<Option<Sheet>, DbErr> {
    let Some((session, seminar)) = run_by(db, viewer, session_id).await? else {
        return Ok(None);
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT r.user_id, u.name, u.email, m.name AS municipality \
         FROM seminar_registrations r JOIN users u ON u.id = r.user_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE r.status = 'registered' AND r.session_id = ",
    )
    .bind(session_id)
    .push(" ORDER BY u.name, u.id");
    let seated = db
        .query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| SeatedRow::from_query_result(row, ""))
        .collect::<Result<Vec<_>, _>>()?;
    let mut marks: HashMap<(i32, i32, String), bool> = HashMap::new();
    for mark in attendance::marks(db, session_id).await? {
        marks.insert((mark.user_id, mark.day, mark.half), mark.present);
    }
    let (_, waiting) = super::roster::counts(db, session_id).await?;
    let learners = seated
        .into_iter()
        .map(|row| LearnerMarks {
            marks: (1..=session.days)
                .flat_map(|day| Half::BOTH.map(|half| (day, half)))
                .map(|(day, half)| Slot {
                    day,
                    half,
                    present: marks
                        .get(&(row.user_id, day, half.as_str().to_string()))
                        .copied(),
                })
                .collect(),
            user_id: row.user_id,
            name: row.name,
            email: row.email,
            municipality: row.municipality,
        })
        .collect();
    Ok(Some(Sheet {
        session: SessionInfo::new(&session, &seminar, today()),
        learners,
        waiting,
    }))
}

/// Sets marks of a session as `viewer`, all or none (`attendance::set`); a session
/// they do not run is [`MarkError::NotFound`].
pub async fn set_as(
    db: &DatabaseConnection,
    catalog: &Catalog,
    viewer: &User,
    session_id: i32,
    marks: &[Mark],
    source: Source,
) -> Result<usize, MarkError> {
    if run_by(db, viewer, session_id).await?.is_none() {
        return Err(MarkError::NotFound);
    }
    attendance::set(db, catalog, session_id, viewer.id, marks, source).await
}

/// Marks present, as `viewer`, every seated learner not yet marked for one half-day
/// (`attendance::set_unmarked`); a session they do not run is [`MarkError::NotFound`].
pub async fn all_present_as(
    db: &DatabaseConnection,
    catalog: &Catalog,
    viewer: &User,
    session_id: i32,
    day: i32,
    half: Half,
) -> Result<usize, MarkError> {
    if run_by(db, viewer, session_id).await?.is_none() {
        return Err(MarkError::NotFound);
    }
    attendance::set_unmarked(
        db,
        catalog,
        session_id,
        viewer.id,
        day,
        half,
        true,
        Source::Page,
    )
    .await
}
