//! Running seminars through the API: planning a seminar with its sessions and adding
//! sessions (admins), a session's roster (staff who run it), changing a session's
//! capacity (admins), and deciding a request that waits for approval (staff who run
//! its session).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::seminars::approval::{self, Decided, Decision, DecisionError};
use crate::seminars::registration::{self, CapacityChanged, CapacityError};
use crate::seminars::roster::{self, Sheet};
use crate::seminars::{
    Mailing, NewSeminar, NewSession, NotifyError, PlanError, Seminar, Session, plan,
};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_seminar))
        .routes(routes!(add_session))
        .routes(routes!(session_roster))
        .routes(routes!(change_session))
        .routes(routes!(decide))
}

/// A session to plan. Dates and hours are Europe/Rome local time.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// First day, `YYYY-MM-DD` (not before today).
    #[schema(example = "2027-03-10")]
    pub first_day: String,
    /// Consecutive days, 1 to 5 (default 2).
    #[serde(default)]
    pub days: Option<i32>,
    /// Start time each day, `HH:MM`.
    #[schema(example = "09:30")]
    pub starts_at: String,
    /// End time each day, `HH:MM`.
    #[schema(example = "17:30")]
    pub ends_at: String,
    /// Venue.
    pub venue: String,
    /// Street address.
    pub address: String,
    /// Region (ISTAT name), one of the edition's.
    pub region: String,
    /// Seats, 1 to 10000.
    pub capacity: i32,
    /// Last moment to register or cancel, `YYYY-MM-DD HH:MM` (or with a `T`).
    #[schema(example = "2027-03-01 18:00")]
    pub deadline: String,
}

impl SessionBody {
    /// The session, or the first field that cannot be read (named with `prefix`).
    fn read(&self, prefix: &str) -> Result<NewSession, PlanError> {
        let field = |name: &str| format!("{prefix}{name}");
        Ok(NewSession {
            first_day: plan::parse_day(field("first_day"), &self.first_day)?,
            days: self.days.unwrap_or(2),
            starts_at: self.starts_at.clone(),
            ends_at: self.ends_at.clone(),
            venue: self.venue.clone(),
            address: self.address.clone(),
            region: self.region.clone(),
            capacity: self.capacity,
            deadline: plan::parse_deadline(field("deadline"), &self.deadline)?,
        })
    }
}

/// A seminar to plan, with at least one session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeminarBody {
    /// Edition number.
    pub edition: i32,
    /// The course of the theme.
    #[schema(example = "immigrazione-servizi-comunali")]
    pub course: String,
    /// The module that is the theme.
    #[schema(example = "semplificazione")]
    pub module: String,
    /// Title.
    pub title: String,
    /// Whether registrations wait for a tutor's approval (default false).
    #[serde(default)]
    pub requires_approval: bool,
    /// The sessions.
    pub sessions: Vec<SessionBody>,
}

/// A planned session.
#[derive(Serialize, ToSchema)]
pub struct PlannedSession {
    /// Row id.
    pub id: i32,
    /// The seminar.
    pub seminar_id: i32,
    /// First day.
    pub first_day: NaiveDate,
    /// Consecutive days.
    pub days: i32,
    /// Start time each day (Europe/Rome).
    pub starts_at: String,
    /// End time each day (Europe/Rome).
    pub ends_at: String,
    /// Venue.
    pub venue: String,
    /// Address.
    pub address: String,
    /// Region.
    pub region: String,
    /// Seats.
    pub capacity: i32,
    /// Last moment to register or cancel.
    pub deadline: DateTime<Utc>,
}

impl From<Session> for PlannedSession {
    fn from(s: Session) -> Self {
        Self {
            id: s.id,
            seminar_id: s.seminar_id,
            first_day: s.first_day,
            days: s.days,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            venue: s.venue,
            address: s.address,
            region: s.region,
            capacity: s.capacity,
            deadline: s.deadline,
        }
    }
}

/// A planned seminar with its sessions.
#[derive(Serialize, ToSchema)]
pub struct PlannedSeminar {
    /// Row id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// The course of the theme.
    pub course: String,
    /// The module that is the theme.
    pub module: String,
    /// Whether registrations wait for a tutor's approval.
    pub requires_approval: bool,
    /// Its sessions.
    pub sessions: Vec<PlannedSession>,
}

impl PlannedSeminar {
    fn new(seminar: Seminar, sessions: Vec<Session>) -> Self {
        Self {
            id: seminar.id,
            title: seminar.title,
            course: seminar.course_id,
            module: seminar.module_id,
            requires_approval: seminar.requires_approval,
            sessions: sessions.into_iter().map(PlannedSession::from).collect(),
        }
    }
}

fn plan_error(err: PlanError) -> AppError {
    match err {
        PlanError::Invalid { field, message } => AppError::Validation {
            message: format!("{field}: {message}"),
            field: Some(field),
        },
        PlanError::Db(db) => db.into(),
    }
}

fn notify_error(err: NotifyError) -> AppError {
    match err {
        NotifyError::Db(db) => db.into(),
        NotifyError::Mail(mail) => AppError::Internal(mail),
    }
}

/// Plans a seminar of an edition on a theme with its sessions, all or nothing; a
/// mistake is a 422 naming the field (`title`, `sessions[1].capacity`, …).
#[utoipa::path(post, path = "/api/v1/seminars", tag = "seminars",
    request_body = SeminarBody,
    responses((status = 201, body = PlannedSeminar), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_seminar(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SeminarBody>,
) -> AppResult<(StatusCode, Json<PlannedSeminar>)> {
    let sessions = body
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| s.read(&format!("sessions[{i}].")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(plan_error)?;
    let new = NewSeminar {
        edition: body.edition,
        course_id: body.course,
        module_id: body.module,
        title: body.title,
        requires_approval: body.requires_approval,
        sessions,
    };
    let (seminar, sessions) = plan::add(state.db(), &state.catalog(), new)
        .await
        .map_err(plan_error)?;
    Ok((
        StatusCode::CREATED,
        Json(PlannedSeminar::new(seminar, sessions)),
    ))
}

/// Adds a session to a seminar; a mistake is a 422 naming the field.
#[utoipa::path(post, path = "/api/v1/seminars/{id}/sessions", tag = "seminars",
    params(("id" = i32, Path, description = "The seminar")),
    request_body = SessionBody,
    responses((status = 201, body = PlannedSession), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_session(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<SessionBody>,
) -> AppResult<(StatusCode, Json<PlannedSession>)> {
    let new = body.read("").map_err(plan_error)?;
    let session = plan::add_session(state.db(), id, &new)
        .await
        .map_err(plan_error)?
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(session.into())))
}

/// A session's roster: seated learners, the waiting list with positions, requests
/// pending approval, cancelled and rejected registrations. For the staff who run the
/// session (admins; tutors of its region): anyone else gets a 404.
#[utoipa::path(get, path = "/api/v1/seminars/sessions/{id}/roster", tag = "seminars",
    params(("id" = i32, Path, description = "The session")),
    responses((status = 200, body = Sheet), (status = 404, body = ErrorBody)))]
pub async fn session_roster(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Json<Sheet>> {
    roster::sheet_for(state.db(), &principal.user, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// A change to a session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionChange {
    /// The new number of seats: raising it seats the first in line; it cannot go
    /// below the seats taken.
    pub capacity: i32,
}

/// Changes a session's capacity. Raising it seats the first in line at once (each
/// told by e-mail with the `.ics`); lowering it below the seats taken is a 409.
#[utoipa::path(patch, path = "/api/v1/seminars/sessions/{id}", tag = "seminars",
    params(("id" = i32, Path, description = "The session")),
    request_body = SessionChange,
    responses((status = 200, body = CapacityChanged), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_session(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<SessionChange>,
) -> AppResult<Json<CapacityChanged>> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    let changed = registration::set_capacity(state.db(), mail, id, body.capacity)
        .await
        .map_err(|err| match err {
            CapacityError::NotFound => AppError::NotFound,
            CapacityError::Invalid(plan) => plan_error(plan),
            CapacityError::BelowSeated { .. } => AppError::Conflict {
                field: Some("capacity".into()),
                message: err.to_string(),
            },
            CapacityError::Db(db) => db.into(),
            CapacityError::Notify(notify) => notify_error(notify),
        })?;
    Ok(Json(changed))
}

/// A decision on a request that waits for approval.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `approve` or `reject`.
    pub decision: Decision,
    /// Why (or a note), sent to the learner; up to 1000 characters.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Approves or rejects a registration pending approval. Approved, the learner gets a
/// seat if one is free, else joins the waiting list at the approval's time; rejected,
/// the request is cancelled. The learner is e-mailed either way. For the staff who
/// run its session (else 404); allowed after the registration deadline.
#[utoipa::path(post, path = "/api/v1/seminars/registrations/{id}/decision", tag = "seminars",
    params(("id" = i32, Path, description = "The registration")),
    request_body = DecisionBody,
    responses((status = 200, body = Decided), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> AppResult<Json<Decided>> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    let reason = body.reason.as_deref();
    let decided = approval::decide(state.db(), mail, id, &principal.user, body.decision, reason)
        .await
        .map_err(|err| match err {
            DecisionError::NotFound => AppError::NotFound,
            DecisionError::NotPending => AppError::Conflict {
                field: None,
                message: err.to_string(),
            },
            DecisionError::InvalidReason => AppError::Validation {
                field: Some("reason".into()),
                message: err.to_string(),
            },
            DecisionError::Db(db) => db.into(),
            DecisionError::Notify(notify) => notify_error(notify),
        })?;
    Ok(Json(decided))
}
