//! The requests waiting for approval (`/tutor/seminari/approvazioni`): those of the
//! sessions the viewer runs (a tutor: the sessions of their regions; an admin: every
//! one), each with a form to approve or reject it with an optional reason.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::seminars::approval::{self, Decision, DecisionError, MAX_REASON};
use crate::seminars::{Mailing, NotifyError, Status};
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::PageForm;

/// Routes of the approvals page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tutor/seminari/approvazioni", get(index))
        .route("/tutor/seminari/approvazioni/{id}", post(decide))
}

/// What the page says after a decision (`?esito=`).
const OUTCOMES: [&str; 3] = ["approvata", "attesa", "rifiutata"];

async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let outcome = query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.strip_prefix("esito="))
        .find(|value| OUTCOMES.contains(value));
    let refusal = Refusal::default();
    page(
        &state,
        &viewer,
        &principal,
        outcome,
        &refusal,
        StatusCode::OK,
    )
    .await
}

/// A refused decision, shown beside its request (or at the top when the request is
/// no longer listed), with what was typed.
#[derive(Default)]
struct Refusal {
    id: Option<i32>,
    message: Option<String>,
    reason: String,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    outcome: Option<&str>,
    refusal: &Refusal,
    status: StatusCode,
) -> AppResult<Response> {
    let requests = approval::pending_for(state.db(), &principal.user).await?;
    let error_request = refusal.id.filter(|id| requests.iter().any(|r| r.id == *id));
    let page = super::render(
        state,
        viewer,
        "tutor/seminar_approvals.html",
        context! {
            requests, outcome, error => refusal.message, error_request,
            reason => refusal.reason, reason_max => MAX_REASON, nav => "tutor",
        },
    )?;
    Ok((status, page).into_response())
}

/// The decision form.
#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    decisione: String,
    #[serde(default)]
    motivo: String,
}

async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> AppResult<Response> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let refused = match Decision::parse(&form.decisione) {
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "scegliere se approvare o rifiutare la richiesta".to_string(),
        ),
        Some(decision) => {
            let base = state.config().base_url();
            let mail = Mailing {
                mailer: state.mailer(),
                base_url: &base,
            };
            let reason = Some(form.motivo.as_str());
            let by = &principal.user;
            match approval::decide(state.db(), mail, id, by, decision, reason).await {
                Ok(done) => {
                    let outcome = match done.status {
                        Status::Registered => "approvata",
                        Status::Waiting => "attesa",
                        _ => "rifiutata",
                    };
                    let to = format!("/tutor/seminari/approvazioni?esito={outcome}");
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(DecisionError::NotFound) => return Err(AppError::NotFound),
                Err(err @ DecisionError::NotPending) => (StatusCode::CONFLICT, err.to_string()),
                Err(err @ DecisionError::InvalidReason) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, err.to_string())
                }
                Err(DecisionError::Db(db) | DecisionError::Notify(NotifyError::Db(db))) => {
                    return Err(db.into());
                }
                Err(DecisionError::Notify(NotifyError::Mail(mail))) => {
                    return Err(AppError::Internal(mail));
                }
            }
        }
    };
    let (status, message) = refused;
    let refusal = Refusal {
        id: Some(id),
        message: Some(message),
        reason: form.motivo,
    };
    page(&state, &viewer, &principal, None, &refusal, status).await
}
