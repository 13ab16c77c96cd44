//! Learner actions in pages: marking a lesson complete without JavaScript, and the
//! module quiz (questions of the open attempt, then results with feedback).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::context;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::progress::{EventKind, ProgressEvent};
use crate::quiz::{QuizError, engine};
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::PageForm;
use crate::web::redirect;

/// Routes of the learner actions.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/courses/{course}/{module}/{lesson}/complete",
            post(complete),
        )
        .route(
            "/courses/{course}/{module}/quiz",
            get(quiz_page).post(submit_quiz),
        )
}

async fn complete(
    State(state): State<AppState>,
    principal: Principal,
    Path((course, module, lesson)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let lesson_id = format!("{course}/{module}/{lesson}");
    let (course_id, module_id, lesson_id) =
        crate::web::lesson_access::enrolled_lesson(&state, principal.user.id, &lesson_id).await?;
    state
        .recorder()
        .record(ProgressEvent {
            user_id: principal.user.id,
            course_id,
            module_id,
            lesson_id: lesson_id.clone(),
            kind: EventKind::Completed,
            seconds: 0,
            client_id: None,
        })
        .await?;
    Ok(redirect::to(&format!("/courses/{lesson_id}#stato")))
}

async fn quiz_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path((course_id, module_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let catalog = state.catalog();
    let course = catalog.course(&course_id).ok_or(AppError::NotFound)?;
    let module = course.module(&module_id).ok_or(AppError::NotFound)?;
    if !state.is_enrolled(principal.user.id, &course.id).await? {
        return Err(AppError::Forbidden);
    }
    let module = module.with_quiz_in(viewer.lang);
    let module = module.as_ref();
    let base = context! {
        course => context! { id => course.id, title => course.title },
        module => context! { id => module.id, title => module.title_in(viewer.lang) },
        nav => "courses",
    };
    match engine::open_attempt(state.db(), principal.user.id, course, module).await {
        Ok(attempt) => Ok(super::render(
            &state,
            &viewer,
            "courses/quiz.html",
            context! { attempt, ..base },
        )?
        .into_response()),
        Err(QuizError::NoAttemptsLeft(n)) => {
            let page = super::render(
                &state,
                &viewer,
                "courses/quiz.html",
                context! { exhausted => n, ..base },
            )?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn submit_quiz(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path((course_id, module_id)): Path<(String, String)>,
    PageForm(mut fields): PageForm<HashMap<String, Vec<String>>>,
) -> AppResult<Response> {
    let catalog = state.catalog();
    let course = catalog.course(&course_id).ok_or(AppError::NotFound)?;
    let module = course.module(&module_id).ok_or(AppError::NotFound)?;
    if !state.is_enrolled(principal.user.id, &course.id).await? {
        return Err(AppError::Forbidden);
    }
    let module = module.with_quiz_in(viewer.lang);
    let module = module.as_ref();
    // Fields are `q:<question id>` = option id (radio buttons and checkboxes alike).
    let attempt = fields
        .remove("attempt")
        .and_then(|values| values.last()?.parse().ok());
    let answers: HashMap<String, Vec<String>> = fields
        .into_iter()
        .filter_map(|(key, options)| Some((key.strip_prefix("q:")?.to_string(), options)))
        .collect();
    let graded = engine::submit(
        state.db(),
        principal.user.id,
        course,
        module,
        &answers,
        attempt,
        &catalog.library,
    )
    .await?;
    let questions: Vec<_> = graded
        .feedback
        .iter()
        .map(|f| {
            let q = module
                .quiz
                .as_ref()
                .and_then(|quiz| quiz.questions.iter().find(|q| q.id == f.question));
            let label = |id: &String| {
                q.and_then(|q| q.options.iter().find(|o| &o.id == id))
                    .map(|o| o.text.clone())
                    .unwrap_or_else(|| id.clone())
            };
            context! {
                text => f.text, correct => f.correct, score => f.score, max_score => f.max_score,
                chosen => f.chosen.iter().map(label).collect::<Vec<_>>(),
                right => f.correct_options.iter().map(label).collect::<Vec<_>>(),
                explanation => minijinja::Value::from_safe_string(f.explanation_html.clone()),
            }
        })
        .collect();
    Ok(super::render(
        &state,
        &viewer,
        "courses/quiz_result.html",
        context! {
            course => context! { id => course.id, title => course.title },
            module => context! { id => module.id, title => module.title_in(viewer.lang) },
            result => context! {
                score => graded.score, max_score => graded.max_score, percent => graded.percent,
                passed => graded.passed, module_completed => graded.module_completed,
                pass_percent => module.quiz.as_ref().map_or(0, |q| q.pass_percent),
            },
            questions, nav => "courses",
        },
    )?
    .into_response())
}
