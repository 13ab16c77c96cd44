//! Learner progress: events recorded faithfully (idempotent, acknowledged once
//! durable, group-committed), reading time credited from the server's clock,
//! completions stored when reached, and the progress summary that pages, the API and
//! tutor reports show.

pub mod activity;
pub mod batch;
pub mod completion;
pub mod learner;
pub mod reading;
pub mod recorder;
pub mod rollup;
pub mod summary;

use serde::{Deserialize, Serialize};

/// What a learner's browser reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// The lesson was opened.
    Started,
    /// The lesson was finished.
    Completed,
    /// The lesson is still being read (time spent).
    Heartbeat,
}

impl EventKind {
    /// Stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Completed => "completed",
            Self::Heartbeat => "heartbeat",
        }
    }
}

/// A validated event, ready to record.
#[derive(Debug, Clone)]
pub struct ProgressEvent {
    /// The learner.
    pub user_id: i32,
    /// Course id.
    pub course_id: String,
    /// Module id.
    pub module_id: String,
    /// Lesson id (`course/module/lesson`).
    pub lesson_id: String,
    /// What happened.
    pub kind: EventKind,
    /// Seconds of reading the page reports since its previous event (capped); what is
    /// credited is bounded by the server's clock (see [`reading`]).
    pub seconds: i32,
    /// Client-chosen id for idempotency.
    pub client_id: Option<String>,
}

/// Most seconds one event may add: a heartbeat comes every 30 s, so anything larger
/// is a clock problem or an attempt to inflate the time.
pub const MAX_SECONDS_PER_EVENT: i32 = 300;
