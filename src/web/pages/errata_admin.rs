//! The administrators' queue of reported errors (`/admin/segnalazioni`): open ones
//! first, each with its lesson or article, the passage quoted and the articles the
//! lesson cites; one page per report to answer it and close it.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use crate::app::AppState;
use crate::errata::actions::{self, ActionError, Mailing};
use crate::errata::input::ANSWER_MAX_CHARS;
use crate::error::{AppError, AppResult};
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::{PageForm, PageNumber};

/// Routes of the queue.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/segnalazioni", get(queue_page))
        .route("/admin/segnalazioni/{id}", get(report_page))
        .route("/admin/segnalazioni/{id}/risposta", post(answer))
        .route("/admin/segnalazioni/{id}/chiusura", post(close))
}

async fn queue_page(
    State(state): State<AppState>,
    viewer: Viewer,
    PageNumber(page): PageNumber,
) -> AppResult<Response> {
    let queue = crate::errata::queue::page(state.db(), &state.catalog(), &state.library(), page)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(super::render(
        &state,
        &viewer,
        "admin/errata.html",
        context! { nav => "admin", ..minijinja::Value::from_serialize(&queue) },
    )?
    .into_response())
}

/// A report id from the path: anything but a number names no report.
fn report_id(raw: &str) -> AppResult<i32> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn report_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Response> {
    render_report(&state, &viewer, report_id(&id)?, StatusCode::OK, None, "").await
}

async fn render_report(
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    status: StatusCode,
    error: Option<String>,
    answer: &str,
) -> AppResult<Response> {
    let report = crate::errata::queue::detail(state.db(), &state.catalog(), &state.library(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = super::render(
        state,
        viewer,
        "admin/errata_report.html",
        context! { nav => "admin", r => report, error, answer, answer_max => ANSWER_MAX_CHARS },
    )?;
    Ok((status, page).into_response())
}

/// The answer form: the text, and whether to close the report with it.
#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    risposta: String,
    #[serde(default)]
    chiudi: Option<String>,
}

async fn answer(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<String>,
    PageForm(form): PageForm<AnswerForm>,
) -> AppResult<Response> {
    let id = report_id(&id)?;
    let base_url = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base_url,
    };
    let close = form.chiudi.is_some();
    let outcome = actions::answer(
        state.db(),
        mail,
        id,
        principal.user.id,
        &form.risposta,
        close,
    )
    .await;
    let (status, message) = match outcome {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("/admin/segnalazioni/{id}#risposta-{id}")).into_response(),
            );
        }
        Err(ActionError::Invalid(invalid)) => (StatusCode::UNPROCESSABLE_ENTITY, invalid.message),
        Err(closed @ ActionError::Closed) => (StatusCode::CONFLICT, closed.to_string()),
        Err(other) => return Err(action_error(other)),
    };
    render_report(&state, &viewer, id, status, Some(message), &form.risposta).await
}

async fn close(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id = report_id(&id)?;
    let base_url = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base_url,
    };
    // Closing twice (a repeated click) changes nothing and sends nothing.
    actions::close(state.db(), mail, id)
        .await
        .map_err(action_error)?;
    Ok(Redirect::to(&format!("/admin/segnalazioni/{id}")).into_response())
}

fn action_error(err: ActionError) -> AppError {
    match err {
        ActionError::NotFound => AppError::NotFound,
        ActionError::Closed => AppError::Conflict {
            field: None,
            message: err.to_string(),
        },
        ActionError::Invalid(invalid) => AppError::Validation {
            field: Some(invalid.field.into()),
            message: invalid.message,
        },
        ActionError::Db(db) => db.into(),
        ActionError::Mail(mail) => AppError::Internal(mail),
    }
}
