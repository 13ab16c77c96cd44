//! The seminars as people see them: each with its sessions, their seats taken and
//! the waiting list's length, whether registration is still open, and the viewer's
//! own registration; a learner sees the sessions of their municipality's region,
//! staff every session. Also a learner's own registrations with their place in line.
//! A fixed number of queries whatever the number of seminars.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::registration::deadline_text;
use super::{Session, Status};
use crate::accounts::directory::User;
use crate::accounts::{Role, municipalities};
use crate::db::seminars::{seminar, session};
use crate::db::sql::Sql;

/// The viewer's registration for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Mine {
    /// Registration id.
    pub id: i32,
    /// Seated or waiting.
    pub status: Status,
    /// Place on the waiting list (1 = first in line); None when seated.
    pub position: Option<i64>,
}

/// A session with its seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    /// Row id.
    pub id: i32,
    /// First day (Europe/Rome).
    pub first_day: NaiveDate,
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
    /// Region whose learners may register.
    pub region: String,
    /// Seats.
    pub capacity: i32,
    /// Seats taken.
    pub seated: i64,
    /// Learners on the waiting list.
    pub waiting: i64,
    /// Last moment to register or cancel.
    pub deadline: DateTime<Utc>,
    /// The deadline as people read it (`12/03/2027 alle 18:00`, Europe/Rome).
    pub deadline_text: String,
    /// Whether the deadline is still ahead.
    pub open: bool,
    /// The viewer's registration, if any.
    pub mine: Option<Mine>,
}

/// A seminar with its sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SeminarView {
    /// Row id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// The course of the theme.
    pub course_id: String,
    /// The module that is the theme.
    pub module_id: String,
    /// Sessions, by first day.
    pub sessions: Vec<SessionView>,
}

/// A learner's registration with its seminar and session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MyRegistration {
    /// The seminar's id.
    pub seminar_id: i32,
    /// The seminar's title.
    pub title: String,
    /// The session, with the registration in `mine`.
    pub session: SessionView,
}

/// The region a viewer's sessions are limited to: a learner's municipality's region
/// (None inside means a learner with no known municipality: no session); staff see
/// every region (outer None).
async fn region_filter(
    db: &DatabaseConnection,
    viewer: &User,
) -> Result<Option<Option<String>>, DbErr> {
    if viewer.role != Role::Learner {
        return Ok(None);
    }
    let region = match viewer.municipality.as_deref() {
        Some(istat) => municipalities::find(db, istat).await?.map(|m| m.region),
        None => None,
    };
    Ok(Some(region))
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

/// A user's live registrations with their place in line, by session.
async fn registrations_of<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
) -> Result<HashMap<i32, Mine>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT me.id, me.session_id, me.status, \
         (SELECT COUNT(*) FROM seminar_registrations w WHERE w.session_id = me.session_id \
          AND w.status = 'waiting' AND (w.registered_at < me.registered_at \
          OR (w.registered_at = me.registered_at AND w.id < me.id))) AS ahead \
         FROM seminar_registrations me WHERE me.user_id = ",
    )
    .bind(user_id)
    .push(" AND me.status <> 'cancelled'");
    let mut out = HashMap::new();
    for row in conn.query_all_raw(sql.build()).await? {
        let status = Status::parse(&row.try_get::<String>("", "status")?);
        let ahead: i64 = row.try_get("", "ahead")?;
        out.insert(
            row.try_get::<i32>("", "session_id")?,
            Mine {
                id: row.try_get("", "id")?,
                status,
                position: (status == Status::Waiting).then_some(ahead + 1),
            },
        );
    }
    Ok(out)
}

fn view(
    session: Session,
    counts: &HashMap<i32, (i64, i64)>,
    mine: &HashMap<i32, Mine>,
    now: DateTime<Utc>,
) -> SessionView {
    let (seated, waiting) = counts.get(&session.id).copied().unwrap_or((0, 0));
    SessionView {
        id: session.id,
        first_day: session.first_day,
        days: session.days,
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        venue: session.venue,
        address: session.address,
        region: session.region,
        capacity: session.capacity,
        seated,
        waiting,
        deadline: session.deadline,
        deadline_text: deadline_text(session.deadline),
        open: now <= session.deadline,
        mine: mine.get(&session.id).cloned(),
    }
}

/// The seminars with the sessions `viewer` may see (a learner: their region's), by
/// first day; seminars with no such session are left out.
pub async fn for_viewer(db: &DatabaseConnection, viewer: &User) -> Result<Vec<SeminarView>, DbErr> {
    let mut find = session::Entity::find()
        .order_by_asc(session::Column::FirstDay)
        .order_by_asc(session::Column::Id);
    match region_filter(db, viewer).await? {
        None => {}
        Some(Some(region)) => find = find.filter(session::Column::Region.eq(region)),
        Some(None) => return Ok(Vec::new()),
    }
    let sessions = find.all(db).await?;
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let counts = counts(db, &ids).await?;
    let mine = registrations_of(db, viewer.id).await?;
    let mut seminar_ids: Vec<i32> = sessions.iter().map(|s| s.seminar_id).collect();
    seminar_ids.sort_unstable();
    seminar_ids.dedup();
    let seminars = seminar::Entity::find()
        .filter(seminar::Column::Id.is_in(seminar_ids))
        .all(db)
        .await?;
    let now = Utc::now();
    let mut out: Vec<SeminarView> = Vec::new();
    for session in sessions {
        let Some(seminar) = seminars.iter().find(|s| s.id == session.seminar_id) else {
            continue;
        };
        let view = view(session, &counts, &mine, now);
        match out.iter_mut().find(|v| v.id == seminar.id) {
            Some(existing) => existing.sessions.push(view),
            None => out.push(SeminarView {
                id: seminar.id,
                title: seminar.title.clone(),
                course_id: seminar.course_id.clone(),
                module_id: seminar.module_id.clone(),
                sessions: vec![view],
            }),
        }
    }
    Ok(out)
}

/// A learner's live registrations (seated or waiting), by first day.
pub async fn mine(db: &DatabaseConnection, user_id: i32) -> Result<Vec<MyRegistration>, DbErr> {
    let registrations = registrations_of(db, user_id).await?;
    if registrations.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = registrations.keys().copied().collect();
    let sessions = session::Entity::find()
        .filter(session::Column::Id.is_in(ids.clone()))
        .order_by_asc(session::Column::FirstDay)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let seminars = seminar::Entity::find()
        .filter(seminar::Column::Id.is_in(sessions.iter().map(|s| s.seminar_id)))
        .all(db)
        .await?;
    let counts = counts(db, &ids).await?;
    let now = Utc::now();
    Ok(sessions
        .into_iter()
        .filter_map(|session| {
            let seminar = seminars.iter().find(|s| s.id == session.seminar_id)?;
            Some(MyRegistration {
                seminar_id: seminar.id,
                title: seminar.title.clone(),
                session: view(session, &counts, &registrations, now),
            })
        })
        .collect())
}
