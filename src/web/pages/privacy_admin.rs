//! The administrators' privacy pages (`/admin/privacy`): the log of who looked at
//! whose data, the latest exports, a person found by address; for one person
//! (`/admin/privacy/utenti/{id}`, itself a logged view) what Aula holds, an export for
//! a request received on paper, and erasure.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::privacy::erase::{self, EraseError};
use crate::privacy::{access_log, exports, profile};
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::{PageForm, PageNumber};
use crate::web::redirect;

/// Routes of the administrators' privacy pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/privacy", get(overview))
        .route("/admin/privacy/utenti/{id}", get(person))
        .route(
            "/admin/privacy/utenti/{id}/esportazione",
            post(request_export),
        )
        .route(
            "/admin/privacy/utenti/{id}/cancellazione",
            post(erase_person),
        )
        .route("/admin/privacy/esportazioni/{id}", get(download))
}

#[derive(Deserialize)]
struct Search {
    email: Option<String>,
}

async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
    PageNumber(page): PageNumber,
    Query(search): Query<Search>,
) -> AppResult<Response> {
    let email = search
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if let Some(email) = email
        && let Some(user) =
            crate::accounts::directory::by_email(state.db(), &email.to_lowercase()).await?
    {
        return Ok(redirect::to(&format!("/admin/privacy/utenti/{}", user.id)));
    }
    let log = access_log::page(state.db(), None, page).await?;
    let pages = log.total.div_ceil(access_log::PAGE).max(1);
    if page > pages {
        return Err(AppError::NotFound);
    }
    let latest = exports::latest(state.db(), 20).await?;
    Ok(super::render(
        &state,
        &viewer,
        "privacy/admin.html",
        context! {
            nav => "admin", page, pages, exports => latest,
            searched => email, settings => state.config().privacy,
            ..minijinja::Value::from_serialize(&log)
        },
    )?
    .into_response())
}

/// A user id from the path: anything but a number names nobody.
fn user_id(raw: &str) -> AppResult<i32> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn person(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<String>,
) -> AppResult<Response> {
    render_person(
        &state,
        &viewer,
        &principal,
        user_id(&id)?,
        StatusCode::OK,
        None,
    )
    .await
}

async fn render_person(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    id: i32,
    status: StatusCode,
    error: Option<String>,
) -> AppResult<Response> {
    let user = crate::accounts::directory::by_id(state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = profile::person(state.db(), principal.user.id, id).await?;
    let page = super::render(
        state,
        viewer,
        "privacy/person.html",
        context! {
            nav => "admin", error,
            account => context! {
                id => user.id, name => user.name, email => user.email, role => user.role,
            },
            erased => user.email.ends_with(erase::ERASED_DOMAIN),
            certificates => state.config().privacy.certificates,
            ..minijinja::Value::from_serialize(&person)
        },
    )?;
    Ok((status, page).into_response())
}

async fn request_export(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = user_id(&id)?;
    crate::accounts::directory::by_id(state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    exports::request(state.db(), id, principal.user.id).await?;
    Ok(redirect::to(&format!("/admin/privacy/utenti/{id}")))
}

#[derive(Deserialize)]
struct EraseForm {
    confirmation: String,
}

async fn erase_person(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<String>,
    PageForm(form): PageForm<EraseForm>,
) -> AppResult<Response> {
    let id = user_id(&id)?;
    let user = crate::accounts::directory::by_id(state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !form.confirmation.trim().eq_ignore_ascii_case(&user.email) {
        let message = "per confermare, scrivi l'indirizzo e-mail dell'account".to_string();
        return render_person(
            &state,
            &viewer,
            &principal,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(message),
        )
        .await;
    }
    match crate::privacy::erase_by_admin(
        state.db(),
        principal.user.id,
        id,
        state.config().privacy.certificates,
    )
    .await
    {
        Ok(_) => Ok(redirect::to(&format!(
            "/admin/privacy/utenti/{id}?cancellato=1"
        ))),
        Err(EraseError::Db(e)) => Err(e.into()),
        Err(EraseError::NotFound) => Err(AppError::NotFound),
        Err(err) => {
            render_person(
                &state,
                &viewer,
                &principal,
                id,
                StatusCode::CONFLICT,
                Some(err.to_string()),
            )
            .await
        }
    }
}

async fn download(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let (export, zip) = crate::privacy::admin_download(state.db(), principal.user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(super::privacy::zip_response(
        &format!("aula-dati-{}-{}", export.user_id, export.id),
        zip,
    ))
}
