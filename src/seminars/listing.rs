//! The seminars as people see them: each with its sessions, their seats taken and
//! the waiting list's length, whether registration is still open, and the viewer's
//! own registration; a learner sees the sessions of their municipality's region,
//! staff every session. Also a learner's own registrations with their place in line
//! (or their request pending approval), and the administrators' overview: every
//! seminar of every edition. A fixed number of queries whatever the number of
//! seminars.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::registration::deadline_text;
use super::{Seminar, Session, Status};
use crate::accounts::directory::User;
use crate::accounts::{Role, editions, municipalities};
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
    /// Requests waiting for approval.
    pub pending: i64,
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
    /// Whether a registration waits for a tutor's approval.
    pub requires_approval: bool,
    /// Sessions, by first day.
    pub sessions: Vec<SessionView>,
}

/// An edition with its seminars (the administrators' overview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct EditionSeminars {
    /// Edition number.
    pub number: i32,
    /// Edition title.
    pub title: String,
    /// The edition's regions.
    pub regions: Vec<String>,
    /// Its seminars, oldest first, each with every session.
    pub seminars: Vec<SeminarView>,
}

/// A learner's registration with its seminar and session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MyRegistration {
    /// The seminar's id.
    pub seminar_id: i32,
    /// The seminar's title.
    pub title: String,
    /// Whether the seminar's registrations wait for approval.
    pub requires_approval: bool,
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

/// Seated, waiting and pending counts of a session.
type Counts = (i64, i64, i64);

/// Seated, waiting and pending counts per session.
async fn counts<C: ConnectionTrait>(
    conn: &C,
    sessions: &[i32],
) -> Result<HashMap<i32, Counts>, DbErr> {
    if sessions.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT session_id, \
         COALESCE(SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END), 0) AS seated, \
         COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0) AS waiting, \
         COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending \
         FROM seminar_registrations WHERE session_id IN ",
    )
    .bind_list(sessions)
    .push(" GROUP BY session_id");
    let mut out = HashMap::new();
    for row in conn.query_all_raw(sql.build()).await? {
        out.insert(
            row.try_get::<i32>("", "session_id")?,
            (
                row.try_get("", "seated")?,
                row.try_get("", "waiting")?,
                row.try_get("", "pending")?,
            ),
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
        let status = Status::parse(&row.try_get::<String>("", "status")?)?;
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
    counts: &HashMap<i32, Counts>,
    mine: &HashMap<i32, Mine>,
    now: DateTime<Utc>,
) -> SessionView {
    let (seated, waiting, pending) = counts.get(&session.id).copied().unwrap_or((0, 0, 0));
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
        pending,
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
    let mine = registrations_of(db, viewer.id).await?;
    Ok(assemble(db, sessions, &mine)
        .await?
        .into_iter()
        .map(|(_, view)| view)
        .collect())
}

/// Groups sessions (in their order) under their seminars, with their seats and the
/// viewer's registrations; each seminar comes with its edition's row id.
async fn assemble(
    db: &DatabaseConnection,
    sessions: Vec<Session>,
    mine: &HashMap<i32, Mine>,
) -> Result<Vec<(i32, SeminarView)>, DbErr> {
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let counts = counts(db, &ids).await?;
    let mut seminar_ids: Vec<i32> = sessions.iter().map(|s| s.seminar_id).collect();
    seminar_ids.sort_unstable();
    seminar_ids.dedup();
    let seminars = seminar::Entity::find()
        .filter(seminar::Column::Id.is_in(seminar_ids))
        .all(db)
        .await?;
    let now = Utc::now();
    let mut out: Vec<(i32, SeminarView)> = Vec::new();
    for session in sessions {
        let Some(seminar) = seminars.iter().find(|s| s.id == session.seminar_id) else {
            continue;
        };
        let view = view(session, &counts, mine, now);
        match out.iter_mut().find(|(_, v)| v.id == seminar.id) {
            Some((_, existing)) => existing.sessions.push(view),
            None => out.push((seminar.edition_id, seminar_view(seminar, vec![view]))),
        }
    }
    Ok(out)
}

fn seminar_view(seminar: &Seminar, sessions: Vec<SessionView>) -> SeminarView {
    SeminarView {
        id: seminar.id,
        title: seminar.title.clone(),
        course_id: seminar.course_id.clone(),
        module_id: seminar.module_id.clone(),
        requires_approval: seminar.requires_approval,
        sessions,
    }
}

/// Every edition with its seminars, each with every session and its seats (the
/// administrators' overview); editions newest first, seminars oldest first.
pub async fn by_edition(db: &DatabaseConnection) -> Result<Vec<EditionSeminars>, DbErr> {
    let sessions = session::Entity::find()
        .order_by_asc(session::Column::FirstDay)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let mut seminars = assemble(db, sessions, &HashMap::new()).await?;
    seminars.sort_by_key(|(_, view)| view.id);
    let mut editions = editions::all(db).await?;
    editions.sort_by_key(|e| std::cmp::Reverse(e.number));
    Ok(editions
        .into_iter()
        .map(|edition| EditionSeminars {
            number: edition.number,
            title: edition.title.clone(),
            regions: edition.region_list(),
            seminars: seminars
                .iter()
                .filter(|(edition_id, _)| *edition_id == edition.id)
                .map(|(_, view)| view.clone())
                .collect(),
        })
        .collect())
}

/// One session with its seats (no viewer's registration).
pub async fn view_of(db: &DatabaseConnection, session: Session) -> Result<SessionView, DbErr> {
    let counts = counts(db, &[session.id]).await?;
    Ok(view(session, &counts, &HashMap::new(), Utc::now()))
}

/// A learner's live registrations (seated, waiting or pending approval), by first day.
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
                requires_approval: seminar.requires_approval,
                title: seminar.title.clone(),
                session: view(session, &counts, &registrations, now),
            })
        })
        .collect())
}
