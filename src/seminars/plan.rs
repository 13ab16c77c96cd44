//! Planning seminars: validating what an admin gives (the edition, the theme among the
//! courses' modules, each session's dates, hours, venue, region, capacity and
//! deadline) and storing a seminar with its sessions in one transaction, or one more
//! session of a seminar. A session may not begin before today (Europe/Rome); only the
//! demo plans sessions that already took place. The readers of what a form or a JSON
//! body sends (`parse_day`, `parse_deadline`, `parse_number`) name the field at fault
//! the same way the checks do.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::{Seminar, Session, TIME_ZONE};
use crate::accounts::editions;
use crate::content::Catalog;
use crate::db::seminars::{seminar, session};

/// Most days one session may last.
pub const MAX_DAYS: i32 = 5;
/// Most seats of one session.
pub const MAX_CAPACITY: i32 = 10_000;
/// Longest title, venue or address, in characters.
pub const MAX_TEXT: usize = 200;

/// One session as an admin gives it.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// First day.
    pub first_day: NaiveDate,
    /// Consecutive days (1 to [`MAX_DAYS`]).
    pub days: i32,
    /// Start time each day, `HH:MM`, Europe/Rome.
    pub starts_at: String,
    /// End time each day, `HH:MM`, Europe/Rome.
    pub ends_at: String,
    /// Venue name.
    pub venue: String,
    /// Street address.
    pub address: String,
    /// Region (ISTAT name), one of the edition's.
    pub region: String,
    /// Seats.
    pub capacity: i32,
    /// Last moment to register or cancel, Europe/Rome local time.
    pub deadline: NaiveDateTime,
}

/// A seminar as an admin gives it.
#[derive(Debug, Clone)]
pub struct NewSeminar {
    /// Edition number.
    pub edition: i32,
    /// The course of the theme.
    pub course_id: String,
    /// The module that is the theme.
    pub module_id: String,
    /// Title.
    pub title: String,
    /// Whether a learner's registration waits for the approval of a tutor who runs
    /// the session (or an admin).
    pub requires_approval: bool,
    /// At least one session.
    pub sessions: Vec<NewSession>,
}

/// Whether sessions may lie in the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dates {
    /// From today on: what admins plan.
    Upcoming,
    /// Any date: the demo's session that already took place.
    AnyForDemo,
}

/// Why a seminar was not stored.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Invalid input, with the field to blame; nothing was stored.
    #[error("{field}: {message}")]
    Invalid {
        /// The field (`title`, `sessions[1].capacity`, …).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> PlanError {
    PlanError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Parses `HH:MM` (24 hours).
pub fn parse_time(raw: &str) -> Option<NaiveTime> {
    let raw = raw.trim();
    (raw.len() == 5)
        .then(|| NaiveTime::parse_from_str(raw, "%H:%M").ok())
        .flatten()
}

/// A local date and time in Europe/Rome as an instant (the earlier one when the
/// clocks go back, the moment after the gap when they go forward).
pub fn rome_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match TIME_ZONE.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        chrono::LocalResult::None => rome_to_utc(local + chrono::Duration::hours(1)),
    }
}

/// Reads a day as a form or a JSON body sends it: `YYYY-MM-DD`.
pub fn parse_day(field: impl Into<String>, raw: &str) -> Result<NaiveDate, PlanError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(field, "data non valida (AAAA-MM-GG)"))
}

/// Reads a deadline, Europe/Rome local time: `YYYY-MM-DD HH:MM` or, as a browser's
/// date-and-time field sends it, `YYYY-MM-DDTHH:MM`.
pub fn parse_deadline(field: impl Into<String>, raw: &str) -> Result<NaiveDateTime, PlanError> {
    let raw = raw.trim();
    ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .ok_or_else(|| invalid(field, "data e ora non valide (AAAA-MM-GG HH:MM)"))
}

/// Reads a whole number typed in a form field (days, seats).
pub fn parse_number(field: impl Into<String>, raw: &str) -> Result<i32, PlanError> {
    raw.trim()
        .parse()
        .map_err(|_| invalid(field, "indicare un numero intero"))
}

/// Checks a session's number of seats.
pub fn check_capacity(field: impl Into<String>, capacity: i32) -> Result<(), PlanError> {
    if (1..=MAX_CAPACITY).contains(&capacity) {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("i posti vanno da 1 a {MAX_CAPACITY}"),
        ))
    }
}

/// Today in Europe/Rome.
fn today() -> NaiveDate {
    Utc::now().with_timezone(&TIME_ZONE).date_naive()
}

fn text(field: impl Into<String>, value: &str, what: &str) -> Result<String, PlanError> {
    let value = value.trim();
    let field = field.into();
    if value.is_empty() {
        return Err(invalid(field, format!("{what} è obbligatorio")));
    }
    if value.chars().count() > MAX_TEXT || value.chars().any(char::is_control) {
        return Err(invalid(
            field,
            format!("{what}: al massimo {MAX_TEXT} caratteri, senza caratteri di controllo"),
        ));
    }
    Ok(value.to_string())
}

/// Checks one session against its edition's regions; returns the row to insert. Its
/// fields are named `{prefix}capacity` and so on.
fn session_row(
    prefix: &str,
    new: &NewSession,
    regions: &[String],
    now: DateTime<Utc>,
    dates: Dates,
) -> Result<session::ActiveModel, PlanError> {
    let field = |name: &str| format!("{prefix}{name}");
    if dates == Dates::Upcoming && new.first_day < today() {
        return Err(invalid(
            field("first_day"),
            "la sessione non può cominciare prima di oggi",
        ));
    }
    if !(1..=MAX_DAYS).contains(&new.days) {
        return Err(invalid(
            field("days"),
            format!("una sessione dura da 1 a {MAX_DAYS} giorni"),
        ));
    }
    let starts = parse_time(&new.starts_at)
        .ok_or_else(|| invalid(field("starts_at"), "orario di inizio non valido (HH:MM)"))?;
    let ends = parse_time(&new.ends_at)
        .ok_or_else(|| invalid(field("ends_at"), "orario di fine non valido (HH:MM)"))?;
    if ends <= starts {
        return Err(invalid(
            field("ends_at"),
            "l'orario di fine deve seguire quello di inizio",
        ));
    }
    let venue = text(field("venue"), &new.venue, "il luogo")?;
    let address = text(field("address"), &new.address, "l'indirizzo")?;
    let region = new.region.trim();
    if !regions.iter().any(|r| r == region) {
        return Err(invalid(
            field("region"),
            format!(
                "la regione «{region}» non è tra quelle dell'edizione ({})",
                regions.join(", ")
            ),
        ));
    }
    check_capacity(field("capacity"), new.capacity)?;
    if new.deadline > new.first_day.and_time(starts) {
        return Err(invalid(
            field("deadline"),
            "il termine delle iscrizioni non può seguire l'inizio della sessione",
        ));
    }
    Ok(session::ActiveModel {
        first_day: Set(new.first_day),
        days: Set(new.days),
        starts_at: Set(starts.format("%H:%M").to_string()),
        ends_at: Set(ends.format("%H:%M").to_string()),
        venue: Set(venue),
        address: Set(address),
        region: Set(region.to_string()),
        capacity: Set(new.capacity),
        deadline: Set(rome_to_utc(new.deadline)),
        created_at: Set(now),
        ..Default::default()
    })
}

/// Validates and stores a seminar with its sessions, all or nothing. Sessions may not
/// begin before today.
pub async fn add(
    db: &DatabaseConnection,
    catalog: &Catalog,
    new: NewSeminar,
) -> Result<(Seminar, Vec<Session>), PlanError> {
    add_with(db, catalog, new, Dates::Upcoming).await
}

/// [`add`] for the demo, whose seminar has a session that already took place: the
/// same checks but the one on dates in the past.
pub(crate) async fn add_for_demo(
    db: &DatabaseConnection,
    catalog: &Catalog,
    new: NewSeminar,
) -> Result<(Seminar, Vec<Session>), PlanError> {
    add_with(db, catalog, new, Dates::AnyForDemo).await
}

async fn add_with(
    db: &DatabaseConnection,
    catalog: &Catalog,
    new: NewSeminar,
    dates: Dates,
) -> Result<(Seminar, Vec<Session>), PlanError> {
    let edition = editions::by_number(db, new.edition)
        .await?
        .ok_or_else(|| invalid("edition", format!("l'edizione {} non esiste", new.edition)))?;
    let course = catalog
        .course(new.course_id.trim())
        .ok_or_else(|| invalid("course", format!("il corso «{}» non esiste", new.course_id)))?;
    let module = course.module(new.module_id.trim()).ok_or_else(|| {
        invalid(
            "module",
            format!(
                "il modulo «{}» non esiste nel corso «{}»",
                new.module_id, course.id
            ),
        )
    })?;
    let title = text("title", &new.title, "il titolo")?;
    if new.sessions.is_empty() {
        return Err(invalid("sessions", "indicare almeno una sessione"));
    }
    let now = Utc::now();
    let regions = edition.region_list();
    let rows = new
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| session_row(&format!("sessions[{i}]."), s, &regions, now, dates))
        .collect::<Result<Vec<_>, _>>()?;
    let txn = crate::db::tx::begin_write(db).await?;
    let seminar = seminar::ActiveModel {
        edition_id: Set(edition.id),
        course_id: Set(course.id.clone()),
        module_id: Set(module.id.clone()),
        title: Set(title),
        created_at: Set(now),
        requires_approval: Set(new.requires_approval),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut sessions = Vec::with_capacity(rows.len());
    for mut row in rows {
        row.seminar_id = Set(seminar.id);
        sessions.push(row.insert(&txn).await?);
    }
    txn.commit().await?;
    Ok((seminar, sessions))
}

/// Adds one session to a seminar, checked like those given with it (its fields are
/// named without a prefix: `capacity`, `region`, …). None: no such seminar.
pub async fn add_session(
    db: &DatabaseConnection,
    seminar_id: i32,
    new: &NewSession,
) -> Result<Option<Session>, PlanError> {
    let Some(seminar) = seminar_on(db, seminar_id).await? else {
        return Ok(None);
    };
    let edition = editions::by_id(db, seminar.edition_id)
        .await?
        .ok_or_else(|| invalid("edition", "l'edizione del seminario non esiste più"))?;
    let mut row = session_row("", new, &edition.region_list(), Utc::now(), Dates::Upcoming)?;
    row.seminar_id = Set(seminar.id);
    Ok(Some(row.insert(db).await?))
}

/// The seminars of an edition (by row id), oldest first.
pub async fn seminars_of_edition(
    db: &DatabaseConnection,
    edition_id: i32,
) -> Result<Vec<Seminar>, DbErr> {
    seminar::Entity::find()
        .filter(seminar::Column::EditionId.eq(edition_id))
        .order_by_asc(seminar::Column::Id)
        .all(db)
        .await
}

/// One seminar.
pub async fn seminar(db: &DatabaseConnection, id: i32) -> Result<Option<Seminar>, DbErr> {
    seminar_on(db, id).await
}

/// One seminar, on any connection (inside a transaction too).
pub async fn seminar_on<C: ConnectionTrait>(conn: &C, id: i32) -> Result<Option<Seminar>, DbErr> {
    seminar::Entity::find_by_id(id).one(conn).await
}

/// One session.
pub async fn session(db: &DatabaseConnection, id: i32) -> Result<Option<Session>, DbErr> {
    session::Entity::find_by_id(id).one(db).await
}

/// The sessions of a seminar, by first day.
pub async fn sessions_of(db: &DatabaseConnection, seminar_id: i32) -> Result<Vec<Session>, DbErr> {
    session::Entity::find()
        .filter(session::Column::SeminarId.eq(seminar_id))
        .order_by_asc(session::Column::FirstDay)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await
}
