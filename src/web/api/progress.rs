//! Progress and quiz API for learners.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::progress::recorder::Recorded;
use crate::progress::summary::{self, CourseProgress};
use crate::progress::{EventKind, MAX_SECONDS_PER_EVENT, ProgressEvent};
use crate::quiz::{AttemptView, Graded, QuizError, engine};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;
use crate::web::lesson_access::enrolled_lesson;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record))
        .routes(routes!(my_progress))
        .routes(routes!(get_quiz))
        .routes(routes!(submit_quiz))
}

/// A progress event.
#[derive(Deserialize, ToSchema)]
pub struct EventBody {
    /// `course/module/lesson`.
    pub lesson: String,
    /// `started`, `completed` or `heartbeat`.
    pub event: EventKind,
    /// Seconds of reading since the previous event of this page view (0 to 300). The
    /// server credits no more than really passed since the learner's previous event on
    /// this lesson, and at most 8 hours a day.
    #[serde(default)]
    pub seconds: i32,
    /// Optional client id: a retried request with the same id is recorded once.
    #[serde(default)]
    pub id: Option<String>,
}

/// Acknowledgement, sent once the event is durable.
#[derive(Serialize, ToSchema)]
pub struct EventAck {
    /// `recorded` or `duplicate`.
    pub status: &'static str,
}

impl From<Recorded> for EventAck {
    fn from(recorded: Recorded) -> Self {
        Self {
            status: match recorded {
                Recorded::New => "recorded",
                Recorded::Duplicate => "duplicate",
            },
        }
    }
}

/// Most events in one request.
pub const MAX_EVENTS_PER_REQUEST: usize = 500;

/// Several events at once (a page sending what it queued while offline): written
/// together in one transaction, all or none.
#[derive(Deserialize, ToSchema)]
pub struct EventBatch {
    /// 1 to 500 events, in the order they happened.
    pub events: Vec<EventBody>,
}

/// One event, or a batch of them (documentation of the request body).
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum RecordBody {
    /// One event (the form in API.md).
    One(EventBody),
    /// Several events.
    Batch(EventBatch),
}

/// Acknowledgement of a batch: one entry per event, in the request's order.
#[derive(Serialize, ToSchema)]
pub struct BatchAck {
    /// What happened to each event.
    pub events: Vec<EventAck>,
}

/// Records one event, or a batch of events (`{"events": [...]}`), idempotent with `id`;
/// answers once they are durable. A batch is validated whole before anything is
/// written: one bad event refuses it, naming the event (`events[3].seconds`).
#[utoipa::path(post, path = "/api/v1/progress", tag = "progress", request_body = RecordBody,
    responses((status = 200, description = "`EventAck` for one event, `BatchAck` for a batch", body = EventAck),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<RecordRequest>,
) -> AppResult<Response> {
    let user_id = principal.user.id;
    let batch = body.events.is_some();
    let bodies = body.into_events()?;
    let prefix = |i: usize| {
        if batch {
            format!("events[{i}].")
        } else {
            String::new()
        }
    };
    let mut lessons: HashMap<String, (String, String, String)> = HashMap::new();
    let mut events = Vec::with_capacity(bodies.len());
    for (i, body) in bodies.into_iter().enumerate() {
        let (course_id, module_id, lesson_id) = match lessons.get(&body.lesson) {
            Some(known) => known.clone(),
            None => {
                let resolved = enrolled_lesson(&state, user_id, &body.lesson)
                    .await
                    .map_err(|e| prefixed(e, &prefix(i)))?;
                lessons.insert(body.lesson.clone(), resolved.clone());
                resolved
            }
        };
        events.push(
            validated(body, user_id, (course_id, module_id, lesson_id))
                .map_err(|e| prefixed(e, &prefix(i)))?,
        );
    }
    let outcomes = state.recorder().record_all(events).await?;
    Ok(if batch {
        Json(BatchAck {
            events: outcomes.into_iter().map(EventAck::from).collect(),
        })
        .into_response()
    } else {
        Json(outcomes.into_iter().next().map(EventAck::from)).into_response()
    })
}

/// The body as sent: a batch (`events`), or the fields of one event. Read in one pass
/// into typed fields (a batch of 100 events is parsed without building a JSON tree).
#[derive(Deserialize)]
pub struct RecordRequest {
    #[serde(default)]
    events: Option<Vec<EventBody>>,
    #[serde(default)]
    lesson: Option<String>,
    #[serde(default)]
    event: Option<EventKind>,
    #[serde(default)]
    seconds: i32,
    #[serde(default)]
    id: Option<String>,
}

impl RecordRequest {
    /// The events to record: the batch (1 to 500), or the one event.
    fn into_events(self) -> AppResult<Vec<EventBody>> {
        if let Some(events) = self.events {
            if events.is_empty() || events.len() > MAX_EVENTS_PER_REQUEST {
                return Err(AppError::Validation {
                    field: Some("events".into()),
                    message: format!("da 1 a {MAX_EVENTS_PER_REQUEST} eventi per richiesta"),
                });
            }
            return Ok(events);
        }
        let missing = |field: &str| AppError::Validation {
            field: Some(field.into()),
            message: format!("campo obbligatorio: {field}"),
        };
        Ok(vec![EventBody {
            lesson: self.lesson.ok_or_else(|| missing("lesson"))?,
            event: self.event.ok_or_else(|| missing("event"))?,
            seconds: self.seconds,
            id: self.id,
        }])
    }
}

/// Names the event of a batch in a validation error's field.
fn prefixed(err: AppError, prefix: &str) -> AppError {
    match err {
        AppError::Validation { field, message } if !prefix.is_empty() => AppError::Validation {
            field: Some(format!("{prefix}{}", field.unwrap_or_default())),
            message,
        },
        other => other,
    }
}

/// The event to record, once its seconds and id are within bounds.
fn validated(
    body: EventBody,
    user_id: i32,
    (course_id, module_id, lesson_id): (String, String, String),
) -> AppResult<ProgressEvent> {
    if !(0..=MAX_SECONDS_PER_EVENT).contains(&body.seconds) {
        return Err(AppError::Validation {
            field: Some("seconds".into()),
            message: format!("seconds deve essere tra 0 e {MAX_SECONDS_PER_EVENT}"),
        });
    }
    if body
        .id
        .as_ref()
        .is_some_and(|id| id.is_empty() || id.len() > 100)
    {
        return Err(AppError::Validation {
            field: Some("id".into()),
            message: "id da 1 a 100 caratteri".into(),
        });
    }
    Ok(ProgressEvent {
        user_id,
        course_id,
        module_id,
        lesson_id,
        kind: body.event,
        seconds: body.seconds,
        client_id: body.id,
    })
}

/// The learner's progress.
#[derive(Serialize, ToSchema)]
pub struct ProgressBody {
    /// Courses the learner is enrolled in.
    pub courses: Vec<CourseProgress>,
}

/// The learner's progress in every enrolled course.
#[utoipa::path(get, path = "/api/v1/me/progress", tag = "progress", responses((status = 200, body = ProgressBody)))]
pub async fn my_progress(
    State(state): State<AppState>,
    principal: Principal,
) -> AppResult<Json<ProgressBody>> {
    let courses = summary::for_learner(state.db(), &state.catalog(), principal.user.id).await?;
    Ok(Json(ProgressBody { courses }))
}

impl From<QuizError> for AppError {
    fn from(err: QuizError) -> Self {
        match err {
            QuizError::NoQuiz => AppError::NotFound,
            QuizError::Invalid(message) => AppError::Validation {
                field: Some("answers".into()),
                message,
            },
            QuizError::Db(e) => e.into(),
            other => AppError::Conflict {
                field: None,
                message: other.to_string(),
            },
        }
    }
}

/// The open attempt of a module quiz (started if needed): questions in the attempt's
/// order, never the right answers.
#[utoipa::path(get, path = "/api/v1/quizzes/{course}/{module}", tag = "progress",
    params(("course" = String, Path), ("module" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 409, description = "No attempts left", body = ErrorBody)))]
pub async fn get_quiz(
    State(state): State<AppState>,
    principal: Principal,
    Path((course, module)): Path<(String, String)>,
) -> AppResult<Json<AttemptView>> {
    let catalog = state.catalog();
    let course = catalog.course(&course).ok_or(AppError::NotFound)?;
    let module = course.module(&module).ok_or(AppError::NotFound)?;
    if !state.is_enrolled(principal.user.id, &course.id).await? {
        return Err(AppError::Forbidden);
    }
    Ok(Json(
        engine::open_attempt(state.db(), principal.user.id, course, module).await?,
    ))
}

/// Answers of an attempt.
#[derive(Deserialize, ToSchema)]
pub struct AnswersBody {
    /// Question id → chosen option ids.
    pub answers: HashMap<String, Vec<String>>,
    /// The attempt being submitted (default: the open one).
    #[serde(default)]
    pub attempt: Option<i32>,
}

/// Submits the open attempt; a second submission is refused.
#[utoipa::path(post, path = "/api/v1/quizzes/{course}/{module}/attempts", tag = "progress",
    params(("course" = String, Path), ("module" = String, Path)), request_body = AnswersBody,
    responses((status = 200, body = Graded), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit_quiz(
    State(state): State<AppState>,
    principal: Principal,
    Path((course, module)): Path<(String, String)>,
    ApiJson(body): ApiJson<AnswersBody>,
) -> AppResult<Json<Graded>> {
    let catalog = state.catalog();
    let course = catalog.course(&course).ok_or(AppError::NotFound)?;
    let module = course.module(&module).ok_or(AppError::NotFound)?;
    if !state.is_enrolled(principal.user.id, &course.id).await? {
        return Err(AppError::Forbidden);
    }
    Ok(Json(
        engine::submit(
            state.db(),
            principal.user.id,
            course,
            module,
            &body.answers,
            body.attempt,
            &catalog.library,
        )
        .await?,
    ))
}
