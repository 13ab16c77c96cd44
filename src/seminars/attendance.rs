//! Attendance per half-day: a tutor (or an admin) marks each seated learner of a
//! session present or absent for the morning and the afternoon of each day. Marks are
//! written in one transaction, with the session locked as registrations lock it, and
//! a row of history for every change (who, when, the old and the new value, from
//! where); a mark set again to the value it has changes nothing and leaves no history.
//! After the marks, the completion of the seminar's course is checked again for the
//! learners whose marks changed, in the same transaction (a course may require
//! half-days of attendance, `progress::completion`).

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use serde::Serialize;

use super::{Session, plan};
use crate::content::Catalog;
use crate::db::seminars::{attendance, attendance_change, registration};
use crate::db::sql::Sql;

/// Half of a day of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
pub enum Half {
    /// Morning.
    #[serde(rename = "am")]
    Morning,
    /// Afternoon.
    #[serde(rename = "pm")]
    Afternoon,
}

impl Half {
    /// Both, in the order of the day.
    pub const BOTH: [Self; 2] = [Self::Morning, Self::Afternoon];

    /// The stored value: `am` or `pm`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Morning => "am",
            Self::Afternoon => "pm",
        }
    }

    /// Reads `am`/`pm`, or the Italian words of a sign-in sheet (`mattina`,
    /// `pomeriggio`, `m`, `p`), in any case.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_lowercase().as_str() {
            "am" | "mattina" | "m" => Some(Self::Morning),
            "pm" | "pomeriggio" | "p" => Some(Self::Afternoon),
            _ => None,
        }
    }

    /// `mattina` or `pomeriggio`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Morning => "mattina",
            Self::Afternoon => "pomeriggio",
        }
    }
}

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The tutor's attendance page.
    Page,
    /// A CSV sign-in sheet.
    Import,
    /// The JSON API.
    Api,
    /// The demo's data.
    Demo,
}

impl Source {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Import => "import",
            Self::Api => "api",
            Self::Demo => "demo",
        }
    }
}

/// One mark to set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The learner.
    pub user_id: i32,
    /// The day of the session, from 1.
    pub day: i32,
    /// Morning or afternoon.
    pub half: Half,
    /// Present (true) or absent.
    pub present: bool,
}

/// Why marks were refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum MarkError {
    /// No such session.
    #[error("la sessione richiesta non esiste")]
    NotFound,
    /// The learner holds no seat in the session.
    #[error("il discente {user_id} non è iscritto con posto assegnato a questa sessione")]
    NotSeated {
        /// The learner.
        user_id: i32,
    },
    /// The day is not one of the session's.
    #[error("il giorno {day} non esiste: la sessione dura {days} giorni")]
    NoSuchDay {
        /// The day given.
        day: i32,
        /// The session's days.
        days: i32,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The seated learners of a session (the ones attendance may be taken for).
pub async fn seated<C: ConnectionTrait>(conn: &C, session_id: i32) -> Result<BTreeSet<i32>, DbErr> {
    let rows = registration::Entity::find()
        .filter(registration::Column::SessionId.eq(session_id))
        .filter(registration::Column::Status.eq(super::Status::Registered.as_str()))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.user_id).collect())
}

/// Checks marks against a session: each learner seated, each day one of its days.
pub fn check(session: &Session, seated: &BTreeSet<i32>, mark: &Mark) -> Result<(), MarkError> {
    if mark.day < 1 || mark.day > session.days {
        return Err(MarkError::NoSuchDay {
            day: mark.day,
            days: session.days,
        });
    }
    if !seated.contains(&mark.user_id) {
        return Err(MarkError::NotSeated {
            user_id: mark.user_id,
        });
    }
    Ok(())
}

/// Sets marks of one session by `by` (a tutor or an admin, already authorised), all
/// or none: every mark is checked first. Returns how many marks changed.
pub async fn set(
    db: &DatabaseConnection,
    catalog: &Catalog,
    session_id: i32,
    by: i32,
    marks: &[Mark],
    source: Source,
) -> Result<usize, MarkError> {
    let session = plan::session(db, session_id)
        .await?
        .ok_or(MarkError::NotFound)?;
    let seminar = plan::seminar(db, session.seminar_id)
        .await?
        .ok_or(MarkError::NotFound)?;
    // The session locked as registrations lock it (`registration::lock_session`): who
    // is seated cannot change meanwhile, and two changes of its marks take turns, so
    // each history row's old value is the one it replaced.
    let (txn, _) = super::registration::lock_session(db, session_id).await?;
    let seated = seated(&txn, session_id).await?;
    for mark in marks {
        check(&session, &seated, mark)?;
    }
    let now = Utc::now();
    let mut changed_learners = BTreeSet::new();
    let mut changed = 0;
    for mark in marks {
        let old = attendance::Entity::find_by_id((
            session_id,
            mark.user_id,
            mark.day,
            mark.half.as_str().to_string(),
        ))
        .one(&txn)
        .await?
        .map(|row| row.present);
        if old == Some(mark.present) {
            continue;
        }
        let row = attendance::ActiveModel {
            session_id: Set(session_id),
            user_id: Set(mark.user_id),
            day: Set(mark.day),
            half: Set(mark.half.as_str().to_string()),
            present: Set(mark.present),
            marked_by: Set(by),
            marked_at: Set(now),
        };
        attendance::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([
                    attendance::Column::SessionId,
                    attendance::Column::UserId,
                    attendance::Column::Day,
                    attendance::Column::Half,
                ])
                .update_columns([
                    attendance::Column::Present,
                    attendance::Column::MarkedBy,
                    attendance::Column::MarkedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        attendance_change::Entity::insert(attendance_change::ActiveModel {
            session_id: Set(session_id),
            user_id: Set(mark.user_id),
            day: Set(mark.day),
            half: Set(mark.half.as_str().to_string()),
            old_present: Set(old),
            new_present: Set(mark.present),
            changed_by: Set(by),
            changed_at: Set(now),
            source: Set(source.as_str().to_string()),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
        changed_learners.insert(mark.user_id);
        changed += 1;
    }
    if let Some(course) = catalog.course(&seminar.course_id) {
        for user_id in changed_learners {
            crate::progress::completion::check_course(&txn, user_id, course).await?;
        }
    }
    txn.commit().await?;
    Ok(changed)
}

/// Marks every seated learner of a session who has no mark yet for one half-day
/// (`Tutti presenti`), all or none, by `by`. A mark that exists is left as it is, even
/// one set by someone else while this runs: each is inserted only if the row is still
/// absent (the primary key decides), and only those inserted get a row of history.
/// Returns how many marks were set.
#[expect(clippy::too_many_arguments, reason = "the one call of the bulk action")]
pub async fn set_unmarked(
    db: &DatabaseConnection,
    catalog: &Catalog,
    session_id: i32,
    by: i32,
    day: i32,
    half: Half,
    present: bool,
    source: Source,
) -> Result<usize, MarkError> {
    let session = plan::session(db, session_id)
        .await?
        .ok_or(MarkError::NotFound)?;
    let seminar = plan::seminar(db, session.seminar_id)
        .await?
        .ok_or(MarkError::NotFound)?;
    if day < 1 || day > session.days {
        return Err(MarkError::NoSuchDay {
            day,
            days: session.days,
        });
    }
    // The session locked as registrations lock it (`registration::lock_session`): who
    // is seated cannot change meanwhile, and two changes of its marks take turns, so
    // each history row's old value is the one it replaced.
    let (txn, _) = super::registration::lock_session(db, session_id).await?;
    let now = Utc::now();
    let mut changed_learners = Vec::new();
    for user_id in seated(&txn, session_id).await? {
        let inserted = attendance::Entity::insert(attendance::ActiveModel {
            session_id: Set(session_id),
            user_id: Set(user_id),
            day: Set(day),
            half: Set(half.as_str().to_string()),
            present: Set(present),
            marked_by: Set(by),
            marked_at: Set(now),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                attendance::Column::SessionId,
                attendance::Column::UserId,
                attendance::Column::Day,
                attendance::Column::Half,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            continue;
        }
        attendance_change::Entity::insert(attendance_change::ActiveModel {
            session_id: Set(session_id),
            user_id: Set(user_id),
            day: Set(day),
            half: Set(half.as_str().to_string()),
            old_present: Set(None),
            new_present: Set(present),
            changed_by: Set(by),
            changed_at: Set(now),
            source: Set(source.as_str().to_string()),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
        changed_learners.push(user_id);
    }
    if let Some(course) = catalog.course(&seminar.course_id) {
        for user_id in &changed_learners {
            crate::progress::completion::check_course(&txn, *user_id, course).await?;
        }
    }
    txn.commit().await?;
    Ok(changed_learners.len())
}

/// The marks of a session.
pub async fn marks<C: ConnectionTrait>(
    conn: &C,
    session_id: i32,
) -> Result<Vec<attendance::Model>, DbErr> {
    attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        .order_by_asc(attendance::Column::UserId)
        .order_by_asc(attendance::Column::Day)
        .order_by_asc(attendance::Column::Half)
        .all(conn)
        .await
}

/// The history of a session's marks, oldest first.
pub async fn history<C: ConnectionTrait>(
    conn: &C,
    session_id: i32,
) -> Result<Vec<attendance_change::Model>, DbErr> {
    attendance_change::Entity::find()
        .filter(attendance_change::Column::SessionId.eq(session_id))
        .order_by_asc(attendance_change::Column::Id)
        .all(conn)
        .await
}

/// Half-days a learner attended in the sessions of the seminars of a course where
/// the learner holds a seat.
pub async fn attended_half_days<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    course_id: &str,
) -> Result<i64, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT COUNT(*) AS n FROM seminar_attendance a \
         JOIN seminar_registrations r ON r.session_id = a.session_id AND r.user_id = a.user_id \
         JOIN seminars m ON m.id = r.seminar_id \
         WHERE a.present AND r.status = 'registered' AND a.user_id = ",
    )
    .bind(user_id)
    .push(" AND m.course_id = ")
    .bind(course_id.to_string());
    match conn.query_one_raw(sql.build()).await? {
        Some(row) => row.try_get("", "n"),
        None => Ok(0),
    }
}
