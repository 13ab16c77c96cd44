//! "Seminari in aula": the seminars a learner may attend (the sessions of their
//! region; staff see every session), with the learner's registration or place in
//! line, and the forms to register and to cancel.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::seminars::registration::{self, CancelError, RegisterError};
use crate::seminars::{Mailing, NotifyError, Status, listing};
use crate::web::auth::{Principal, Viewer};

/// Routes of the seminars' pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/seminari", get(index))
        .route("/seminari/sessioni/{id}/iscrizione", post(register))
        .route("/seminari/sessioni/{id}/rinuncia", post(cancel))
}

/// What the page says after a form: the outcome of the last action (`?esito=`).
const OUTCOMES: [&str; 4] = ["iscritto", "attesa", "richiesta", "annullata"];

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
    page(&state, &viewer, &principal, outcome, None, StatusCode::OK).await
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    outcome: Option<&str>,
    error: Option<(i32, String)>,
    status: StatusCode,
) -> AppResult<Response> {
    let seminars = listing::for_viewer(state.db(), &principal.user).await?;
    let (error_session, error) = error.unzip();
    // A refusal about a session the page does not list is shown at the top.
    let error_session = error_session.filter(|id| {
        seminars
            .iter()
            .any(|seminar| seminar.sessions.iter().any(|s| s.id == *id))
    });
    let page = super::render(
        state,
        viewer,
        "seminars/index.html",
        context! {
            seminars, outcome, error, error_session, nav => "seminars",
            learner => principal.user.role == crate::accounts::Role::Learner,
            staff => principal.user.role != crate::accounts::Role::Learner,
            admin => principal.user.role == crate::accounts::Role::Admin,
        },
    )?;
    Ok((status, page).into_response())
}

fn mail_error(err: NotifyError) -> AppError {
    match err {
        NotifyError::Db(db) => db.into(),
        NotifyError::Mail(mail) => AppError::Internal(mail),
    }
}

async fn register(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    let refused = match registration::register(state.db(), mail, id, principal.user.id).await {
        Ok(done) => {
            let outcome = match done.status {
                Status::Registered => "iscritto",
                Status::Pending => "richiesta",
                _ => "attesa",
            };
            let to = format!("/seminari?esito={outcome}#sessione-{id}");
            return Ok(Redirect::to(&to).into_response());
        }
        Err(RegisterError::NotFound) => return Err(AppError::NotFound),
        Err(RegisterError::Db(db)) => return Err(db.into()),
        Err(RegisterError::Notify(err)) => return Err(mail_error(err)),
        Err(err @ RegisterError::NotEligible { .. }) => (StatusCode::UNPROCESSABLE_ENTITY, err),
        Err(err) => (StatusCode::CONFLICT, err),
    };
    let (status, err) = refused;
    let error = Some((id, err.to_string()));
    page(&state, &viewer, &principal, None, error, status).await
}

async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let base = state.config().base_url();
    let mail = Mailing {
        mailer: state.mailer(),
        base_url: &base,
    };
    let refused = match registration::cancel(state.db(), mail, id, principal.user.id).await {
        Ok(_) => {
            let to = format!("/seminari?esito=annullata#sessione-{id}");
            return Ok(Redirect::to(&to).into_response());
        }
        Err(CancelError::NotFound) => return Err(AppError::NotFound),
        Err(CancelError::Db(db)) => return Err(db.into()),
        Err(CancelError::Notify(err)) => return Err(mail_error(err)),
        Err(err @ CancelError::NotRegistered) => (StatusCode::NOT_FOUND, err),
        Err(err @ CancelError::DeadlinePassed { .. }) => (StatusCode::CONFLICT, err),
    };
    let (status, err) = refused;
    let error = Some((id, err.to_string()));
    page(&state, &viewer, &principal, None, error, status).await
}
