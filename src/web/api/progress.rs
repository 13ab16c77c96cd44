//! Progress and quiz API for learners.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
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
    /// Seconds of reading since the previous event of this page view.
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

/// Resolves a lesson id and checks the learner's enrolment.
pub async fn enrolled_lesson(
    state: &AppState,
    user_id: i32,
    lesson: &str,
) -> AppResult<(String, String, String)> {
    let mut parts = lesson.splitn(3, '/');
    let (Some(c), Some(m), Some(l)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(AppError::Validation {
            field: Some("lesson".into()),
            message: "l'id della lezione è corso/modulo/lezione".into(),
        });
    };
    if state.catalog().lesson(c, m, l).is_none() {
        return Err(AppError::Validation {
            field: Some("lesson".into()),
            message: format!("lezione inesistente: {lesson}"),
        });
    }
    if !state.is_enrolled(user_id, c).await? {
        return Err(AppError::Forbidden);
    }
    Ok((c.to_string(), m.to_string(), format!("{c}/{m}/{l}")))
}

/// Records one event (idempotent with `id`); answers once it is durable.
#[utoipa::path(post, path = "/api/v1/progress", tag = "progress", request_body = EventBody,
    responses((status = 200, body = EventAck), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<EventBody>,
) -> AppResult<Json<EventAck>> {
    let (course_id, module_id, lesson_id) =
        enrolled_lesson(&state, principal.user.id, &body.lesson).await?;
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
    let recorded = state
        .recorder()
        .record(ProgressEvent {
            user_id: principal.user.id,
            course_id,
            module_id,
            lesson_id,
            kind: body.event,
            seconds: body.seconds,
            client_id: body.id,
        })
        .await?;
    Ok(Json(EventAck {
        status: if recorded == Recorded::New {
            "recorded"
        } else {
            "duplicate"
        },
    }))
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
    let library = crate::content::article_set(state.db()).await?;
    Ok(Json(
        engine::submit(
            state.db(),
            principal.user.id,
            course,
            module,
            &body.answers,
            body.attempt,
            &library,
        )
        .await?,
    ))
}
