//! Classroom seminars of the blended programme: an admin plans a seminar of an
//! edition on a theme (a module of a course) with one or more sessions (consecutive
//! days, hours in Europe/Rome, venue, region, capacity, registration deadline), and
//! the learners of the eligible municipalities of a session's region register.
//!
//! `plan.rs` validates and stores seminars and sessions; `registration.rs` registers
//! and cancels, each in one transaction that first locks the session (its row `FOR
//! UPDATE` on PostgreSQL, the database's write lock taken by `BEGIN IMMEDIATE` on
//! SQLite), so that the seat count and the insert, or the cancellation and the
//! promotion of the first in line, are decided by the database in turn;
//! `eligibility.rs` applies the edition's rule; `notify.rs` queues the e-mails (a seat
//! confirmed or given by a cancellation, with the `.ics` of `ics.rs`; a place on the
//! waiting list) in the outbox inside those transactions; `roster.rs` reads
//! registrations back with the waiting list's positions; `listing.rs` shapes seminars
//! and a learner's registrations for pages and the API; `staff.rs` says who runs a
//! session (admins, and the tutors of its region); `attendance.rs` keeps the marks
//! per half-day with the history of every change, and checks the course's completion
//! again when they change; `attendance_sheet.rs` reads the sheet and the sessions
//! someone runs, `attendance_history.rs` the history with names, for pages and the API;
//! `attendance_import.rs` imports a CSV sign-in sheet with a report of each row;
//! `reminder.rs` queues the e-mail the day before a session, from the reminder job;
//! `report.rs` is the report of a session for the staff who run it (roster with the
//! marks, attendance rate, no-shows, waiting list) and its export; `path.rs` shows a
//! learner each course in its two halves, remote and classroom, with what is still
//! missing for completion; `approval.rs` lets a tutor who runs a session (or an admin)
//! approve or reject the requests of a seminar that requires approval, the approved
//! ones seated or put in line under the same lock as a registration.

pub mod approval;
pub mod attendance;
pub mod attendance_history;
pub mod attendance_import;
pub mod attendance_sheet;
mod eligibility;
pub mod ics;
pub mod listing;
mod notify;
pub mod path;
pub mod plan;
pub mod registration;
pub mod reminder;
pub mod report;
pub mod roster;
pub mod spec;
pub mod staff;

pub use crate::db::seminars::{seminar::Model as Seminar, session::Model as Session};
pub use plan::{NewSeminar, NewSession, PlanError};
pub use registration::{CancelError, Cancelled, Promotion, RegisterError, Registration};

pub use notify::NotifyError;

/// How the e-mails of registrations are written: the mailer's templates and the
/// site's address for links and the invitations' UIDs.
#[derive(Clone, Copy)]
pub struct Mailing<'a> {
    /// Renders the templates.
    pub mailer: &'a crate::mail::Mailer,
    /// `https://aula.example.it`.
    pub base_url: &'a str,
}

/// The time zone of every session's dates and hours.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Rome;

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Asked for a seminar that requires approval: waits for a tutor's decision,
    /// holding no seat and no place in line.
    Pending,
    /// Holds a seat.
    Registered,
    /// On the waiting list.
    Waiting,
    /// Cancelled by the learner, or rejected.
    Cancelled,
}

impl Status {
    /// Every status, in the order of a registration's life.
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Registered,
        Self::Waiting,
        Self::Cancelled,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Registered => "registered",
            Self::Waiting => "waiting",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses a stored value; anything else is an error (a value this code does not
    /// know is never taken for another).
    pub fn parse(value: &str) -> Result<Self, sea_orm::DbErr> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .ok_or_else(|| {
                sea_orm::DbErr::Type(format!("unknown seminar registration status «{value}»"))
            })
    }
}
