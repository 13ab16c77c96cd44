//! The report of one session for the staff who run it: the roster (the seated
//! learners with their municipality and their mark for each half-day), the attendance
//! rate, the no-shows, the waiting list in order and the cancellations; and the same
//! table as a CSV or XLSX file (`export.rs`). A fixed number of queries whatever the
//! session's size.
//!
//! The attendance rate is defined on the half-days whose attendance was taken: a
//! half-day (a day's morning or afternoon) counts once at least one seated learner has
//! a mark for it, present or absent. Over those `taken` half-days each seated learner
//! has `taken` cells, and each cell is present, absent or not taken for that learner
//! ("non rilevato"). The rate is present cells / (seated × taken half-days), shown
//! with the absent and "non rilevato" cells beside it, so a cell nobody marked is
//! never read as an absence; with no half-day taken there is no rate. Marks of
//! learners who no longer hold a seat are left out. A no-show is a seated learner
//! with no present mark once the session's last day has passed (Europe/Rome).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use serde::Serialize;

use super::attendance::{self, Half};
use super::{Status, TIME_ZONE, plan, staff};
use crate::accounts::directory::User;
use crate::db::sql::Sql;

mod export;

pub use export::{file, header, records};

/// A learner's mark for one half-day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    /// Marked present.
    Present,
    /// Marked absent.
    Absent,
    /// No mark ("non rilevato").
    Unmarked,
}

impl Cell {
    /// The value of exports: `presente`, `assente`, `non rilevato`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Present => "presente",
            Self::Absent => "assente",
            Self::Unmarked => "non rilevato",
        }
    }
}

/// One half-day of the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HalfDay {
    /// The day of the session, from 1.
    pub day: i32,
    /// Its date (Europe/Rome).
    pub date: NaiveDate,
    /// `am` or `pm`.
    pub half: Half,
    /// Whether attendance was taken (a seated learner has a mark for it).
    pub taken: bool,
}

impl HalfDay {
    /// The column name of exports: `day1_am`.
    pub fn key(&self) -> String {
        format!("day{}_{}", self.day, self.half.as_str())
    }
}

/// A seated learner with their marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RosterRow {
    /// The learner.
    pub user_id: i32,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Municipality name.
    pub municipality: Option<String>,
    /// ISTAT code.
    pub istat: Option<String>,
    /// One mark per half-day of the session, in the order of `half_days`.
    pub marks: Vec<Cell>,
    /// Half-days present.
    pub present: i64,
    /// Half-days absent.
    pub absent: i64,
    /// Half-days taken with no mark for this learner.
    pub unmarked: i64,
    /// Whether the learner is a no-show (last day passed, never present).
    pub no_show: bool,
}

/// A learner on the waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct WaitingRow {
    /// Place in line (1 = first).
    pub position: i64,
    /// The learner.
    pub user_id: i32,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Municipality name.
    pub municipality: Option<String>,
    /// ISTAT code.
    pub istat: Option<String>,
    /// When the learner asked.
    pub registered_at: DateTime<Utc>,
}

/// The attendance rate and its parts (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rate {
    /// Half-days of the session (days × 2).
    pub half_days: i64,
    /// Half-days whose attendance was taken.
    pub taken: i64,
    /// Seated learners × half-days taken: the denominator.
    pub expected: i64,
    /// Present cells.
    pub present: i64,
    /// Absent cells.
    pub absent: i64,
    /// Cells of half-days taken with no mark for the learner ("non rilevato").
    pub unmarked: i64,
    /// present / expected, in percent with one decimal; None when nothing was taken.
    pub percent: Option<f64>,
}

/// What a session is, for the report's heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Facts {
    /// Session id.
    pub id: i32,
    /// Seminar id.
    pub seminar_id: i32,
    /// Seminar title.
    pub title: String,
    /// The seminar's course.
    pub course_id: String,
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
    /// Region.
    pub region: String,
    /// Seats.
    pub capacity: i32,
}

/// The report of one session.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SessionReport {
    /// The session.
    pub session: Facts,
    /// Whether the last day has passed (no-shows are known).
    pub ended: bool,
    /// The half-days, in order.
    pub half_days: Vec<HalfDay>,
    /// Seated learners, by name.
    pub roster: Vec<RosterRow>,
    /// The attendance rate.
    pub rate: Rate,
    /// Ids of the no-shows (rows of `roster` with `no_show`), empty before the end.
    pub no_shows: Vec<i32>,
    /// The waiting list, first in line first.
    pub waiting: Vec<WaitingRow>,
    /// Registrations cancelled.
    pub cancelled: i64,
}

#[derive(Debug, FromQueryResult)]
struct Registrant {
    user_id: i32,
    status: String,
    registered_at: DateTime<Utc>,
    name: String,
    email: String,
    municipality: Option<String>,
    istat: Option<String>,
}

/// The report of session `id` if `viewer` runs it (None for a session that does not
/// exist or that the viewer does not run: the same answer, so ids cannot be probed).
pub async fn visible(
    db: &DatabaseConnection,
    viewer: &User,
    id: i32,
) -> Result<Option<SessionReport>, DbErr> {
    let Some(session) = plan::session(db, id).await? else {
        return Ok(None);
    };
    if !staff::runs(db, viewer, &session).await? {
        return Ok(None);
    }
    let Some(seminar) = plan::seminar(db, session.seminar_id).await? else {
        return Ok(None);
    };
    let today = Utc::now().with_timezone(&TIME_ZONE).date_naive();
    build(db, seminar, session, today).await.map(Some)
}

async fn build(
    db: &DatabaseConnection,
    seminar: super::Seminar,
    session: super::Session,
    today: NaiveDate,
) -> Result<SessionReport, DbErr> {
    let registrants = registrants(db, session.id).await?;
    let marks = attendance::marks(db, session.id).await?;
    let last_day = session.first_day + Duration::days(i64::from(session.days.max(1) - 1));
    let ended = today > last_day;

    let seated: Vec<&Registrant> = registrants
        .iter()
        .filter(|r| r.status == Status::Registered.as_str())
        .collect();
    let mark_of: HashMap<(i32, i32, &str), bool> = marks
        .iter()
        .filter(|m| seated.iter().any(|r| r.user_id == m.user_id))
        .map(|m| ((m.user_id, m.day, m.half.as_str()), m.present))
        .collect();
    let half_days: Vec<HalfDay> = (1..=session.days)
        .flat_map(|day| Half::BOTH.map(|half| (day, half)))
        .map(|(day, half)| HalfDay {
            day,
            date: session.first_day + Duration::days(i64::from(day - 1)),
            half,
            taken: mark_of
                .keys()
                .any(|(_, d, h)| *d == day && *h == half.as_str()),
        })
        .collect();

    let mut roster: Vec<RosterRow> = seated
        .iter()
        .map(|r| {
            let marks: Vec<Cell> = half_days
                .iter()
                .map(
                    |h| match mark_of.get(&(r.user_id, h.day, h.half.as_str())) {
                        Some(true) => Cell::Present,
                        Some(false) => Cell::Absent,
                        None => Cell::Unmarked,
                    },
                )
                .collect();
            let count = |cell: Cell| {
                marks
                    .iter()
                    .zip(&half_days)
                    .filter(|(c, h)| h.taken && **c == cell)
                    .count() as i64
            };
            let present = count(Cell::Present);
            RosterRow {
                user_id: r.user_id,
                name: r.name.clone(),
                email: r.email.clone(),
                municipality: r.municipality.clone(),
                istat: r.istat.clone(),
                present,
                absent: count(Cell::Absent),
                unmarked: count(Cell::Unmarked),
                no_show: ended && present == 0,
                marks,
            }
        })
        .collect();
    roster.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));

    let taken = half_days.iter().filter(|h| h.taken).count() as i64;
    let expected = roster.len() as i64 * taken;
    let present: i64 = roster.iter().map(|r| r.present).sum();
    let rate = Rate {
        half_days: half_days.len() as i64,
        taken,
        expected,
        present,
        absent: roster.iter().map(|r| r.absent).sum(),
        unmarked: roster.iter().map(|r| r.unmarked).sum(),
        percent: (expected > 0).then(|| (present as f64 * 1000.0 / expected as f64).round() / 10.0),
    };
    let no_shows = roster
        .iter()
        .filter(|r| r.no_show)
        .map(|r| r.user_id)
        .collect();
    // `registrants` is in line order: registration time, then id.
    let waiting = registrants
        .iter()
        .filter(|r| r.status == Status::Waiting.as_str())
        .zip(1..)
        .map(|(r, position)| WaitingRow {
            position,
            user_id: r.user_id,
            name: r.name.clone(),
            email: r.email.clone(),
            municipality: r.municipality.clone(),
            istat: r.istat.clone(),
            registered_at: r.registered_at,
        })
        .collect();
    let cancelled = registrants
        .iter()
        .filter(|r| r.status == Status::Cancelled.as_str())
        .count() as i64;
    Ok(SessionReport {
        session: Facts {
            id: session.id,
            seminar_id: seminar.id,
            title: seminar.title,
            course_id: seminar.course_id,
            first_day: session.first_day,
            last_day,
            days: session.days,
            starts_at: session.starts_at,
            ends_at: session.ends_at,
            venue: session.venue,
            address: session.address,
            region: session.region,
            capacity: session.capacity,
        },
        ended,
        half_days,
        roster,
        rate,
        no_shows,
        waiting,
        cancelled,
    })
}

/// Every registration of a session (cancelled ones too) with its learner, in the
/// order of the waiting list: registration time, then id.
async fn registrants<C: ConnectionTrait>(
    conn: &C,
    session_id: i32,
) -> Result<Vec<Registrant>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT r.user_id, r.status, r.registered_at, u.name, u.email, \
         m.name AS municipality, u.municipality AS istat \
         FROM seminar_registrations r JOIN users u ON u.id = r.user_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE r.session_id = ",
    )
    .bind(session_id)
    .push(" ORDER BY r.registered_at, r.id");
    conn.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| Registrant::from_query_result(row, ""))
        .collect()
}
