//! A person's privacy pages: "I miei dati" (`/profilo/dati`: the export of their data,
//! its download, erasure when their editions allow it), who looked at their data
//! (`/profilo/accessi`), and the privacy notice (`/informativa`, public) with its
//! acknowledgement.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use minijinja::context;
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::privacy::profile::{self, SelfEraseError};
use crate::privacy::{access_log, exports, notice};
use crate::web::auth::{Principal, Viewer, cookie, safe_next};
use crate::web::extract::{PageForm, PageNumber};
use crate::web::redirect;

/// Routes of the privacy pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profilo/dati", get(my_data))
        .route("/profilo/dati/esportazione", post(request_export))
        .route("/profilo/dati/esportazioni/{id}", get(download))
        .route("/profilo/dati/cancellazione", post(erase_self))
        .route("/profilo/accessi", get(views))
        .route("/informativa", get(current_notice))
        .route("/informativa/presa-visione", post(acknowledge))
        .route("/informativa/{version}", get(notice_version))
}

#[derive(Deserialize)]
struct Flags {
    richiesta: Option<String>,
}

async fn my_data(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Query(flags): Query<Flags>,
) -> AppResult<Response> {
    render_my_data(
        &state,
        &viewer,
        &principal,
        flags.richiesta.is_some(),
        StatusCode::OK,
        None,
    )
    .await
}

async fn render_my_data(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    requested: bool,
    status: StatusCode,
    error: Option<String>,
) -> AppResult<Response> {
    let user = &principal.user;
    let data = profile::my_data(state.db(), user.id, principal.role == Role::Learner).await?;
    let page = super::render(
        state,
        viewer,
        "privacy/my_data.html",
        context! {
            requested, error, email => user.email,
            current_notice => state.notices().current(),
            ..minijinja::Value::from_serialize(&data)
        },
    )?;
    Ok((status, page).into_response())
}

async fn request_export(
    State(state): State<AppState>,
    principal: Principal,
) -> AppResult<Response> {
    exports::request(state.db(), principal.user.id, principal.user.id).await?;
    Ok(redirect::to("/profilo/dati?richiesta=1"))
}

/// An export's id from the path: anything but a number names none.
fn export_id(raw: &str) -> AppResult<i32> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn download(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (export, zip) = exports::archive(state.db(), export_id(&id)?)
        .await?
        .filter(|(e, _)| e.user_id == principal.user.id)
        .ok_or(AppError::NotFound)?;
    Ok(zip_response(
        &format!("aula-dati-{}-{}", export.user_id, export.id),
        zip,
    ))
}

/// A ZIP as a download.
pub(super) fn zip_response(stem: &str, zip: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::web::report_query::content_disposition(stem, "zip"),
            ),
        ],
        zip,
    )
        .into_response()
}

#[derive(Deserialize)]
struct EraseForm {
    confirmation: String,
}

async fn erase_self(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    PageForm(form): PageForm<EraseForm>,
) -> AppResult<Response> {
    let user = &principal.user;
    match profile::erase_self(
        state.db(),
        user.id,
        &user.email,
        &form.confirmation,
        state.config().privacy.certificates,
    )
    .await
    {
        Ok(_) => {
            if let Some(session) = &principal.session_cookie {
                state.end_session(session).await?;
            }
            let cleared = cookie(
                &state,
                crate::accounts::sessions::COOKIE,
                String::new(),
                chrono::Duration::zero(),
            );
            Ok((
                CookieJar::new().add(cleared),
                redirect::to("/login?cancellato=1"),
            )
                .into_response())
        }
        Err(SelfEraseError::Erase(crate::privacy::erase::EraseError::Db(e))) => Err(e.into()),
        Err(err @ SelfEraseError::NotAllowed) => {
            render_my_data(
                &state,
                &viewer,
                &principal,
                false,
                StatusCode::FORBIDDEN,
                Some(err.to_string()),
            )
            .await
        }
        Err(err) => {
            render_my_data(
                &state,
                &viewer,
                &principal,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(err.to_string()),
            )
            .await
        }
    }
}

async fn views(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    PageNumber(page): PageNumber,
) -> AppResult<Response> {
    let log = access_log::page(state.db(), Some(principal.user.id), page).await?;
    let pages = log.total.div_ceil(access_log::PAGE).max(1);
    if page > pages {
        return Err(AppError::NotFound);
    }
    Ok(super::render(
        &state,
        &viewer,
        "privacy/views.html",
        context! { page, pages, ..minijinja::Value::from_serialize(&log) },
    )?
    .into_response())
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn current_notice(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Option<Principal>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let version = state
        .notices()
        .current()
        .ok_or(AppError::NotFound)?
        .to_string();
    render_notice(
        &state,
        &viewer,
        principal.as_ref(),
        &version,
        q.next.as_deref(),
    )
    .await
}

async fn notice_version(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Option<Principal>,
    Path(version): Path<String>,
) -> AppResult<Response> {
    render_notice(&state, &viewer, principal.as_ref(), &version, None).await
}

async fn render_notice(
    state: &AppState,
    viewer: &Viewer,
    principal: Option<&Principal>,
    version: &str,
    next: Option<&str>,
) -> AppResult<Response> {
    let notices = state.notices();
    let shown = notices
        .get(version, viewer.lang)
        .ok_or(AppError::NotFound)?;
    let current = notices.current() == Some(version);
    let pending = match principal {
        Some(p) if current => profile::pending_notice(state.db(), notices, p.user.id).await?,
        _ => None,
    };
    Ok(super::render(
        state,
        viewer,
        "privacy/notice.html",
        context! {
            notice => shown, current, pending => pending.is_some(),
            versions => notices.versions(), next => safe_next(next),
        },
    )?
    .into_response())
}

#[derive(Deserialize)]
struct AcknowledgeForm {
    version: String,
    next: Option<String>,
}

async fn acknowledge(
    State(state): State<AppState>,
    principal: Principal,
    PageForm(form): PageForm<AcknowledgeForm>,
) -> AppResult<Response> {
    // Only the version in force can be acknowledged: a stale page says so.
    if state.notices().current() != Some(form.version.as_str()) {
        return Err(AppError::Conflict {
            field: Some("version".into()),
            message: "l'informativa è stata aggiornata: rileggi la versione in vigore".into(),
        });
    }
    notice::acknowledge(state.db(), principal.user.id, &form.version).await?;
    Ok(redirect::to(&safe_next(form.next.as_deref())))
}
