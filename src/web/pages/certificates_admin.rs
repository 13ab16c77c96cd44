//! The administrators' certificate pages: the list (`/admin/attestati`, filtered by
//! edition, status, code or name, a page at a time after a cursor), one certificate
//! with its history and the forms to revoke it or reissue it with a corrected name
//! (mistakes shown beside their fields, the values kept), issuing by hand, and the
//! ZIP downloads of an edition (admins: everyone's; tutors: their cohort's).

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::certificates::Status;
use crate::certificates::actions::{self, ActionError};
use crate::certificates::admin::{self, FieldError, ManualError, Query};
use crate::error::{AppError, AppResult};
use crate::privacy::access_log::Kind;
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::PageForm;

/// Certificates per page of the list.
const PER_PAGE: u64 = 50;

/// Routes of the certificate pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/attestati", get(index).post(create))
        .route("/admin/attestati/nuovo", get(new_form))
        .route("/admin/attestati.zip", get(admin_zip))
        .route("/admin/attestati/{code}", get(detail_page))
        .route("/admin/attestati/{code}/revoca", post(revoke))
        .route("/admin/attestati/{code}/riemissione", post(reissue))
        .route("/tutor/attestati.zip", get(tutor_zip))
}

/// The pairs of a query string; unreadable ones are a 400.
fn pairs(query: Option<&str>) -> AppResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(query.unwrap_or_default())
        .map_err(|_| AppError::BadRequest("indirizzo non valido: parametri illeggibili".into()))
}

/// The value of `name` in `pairs`, trimmed (an empty value counts as none).
fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// `?edition=N`: an edition number, or none.
fn edition_of(pairs: &[(String, String)]) -> AppResult<Option<i32>> {
    value(pairs, "edition")
        .map(|raw| {
            raw.parse::<i32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "edizione non valida («{raw}»): indica il numero dell'edizione"
                ))
            })
        })
        .transpose()
}

/// The filters and the cursor of the list page.
fn list_query(pairs: &[(String, String)]) -> AppResult<(Query, i32)> {
    let status = value(pairs, "status")
        .map(|raw| {
            Status::parse(raw).ok_or_else(|| {
                AppError::BadRequest(
                    "stato non valido: indica valid, revoked o replaced".to_string(),
                )
            })
        })
        .transpose()?;
    let after = match value(pairs, "after") {
        None => 0,
        Some(raw) => raw.parse::<i32>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            AppError::BadRequest(
                "posizione non valida: indica l'id dell'ultimo attestato mostrato".into(),
            )
        })?,
    };
    let query = Query {
        edition: edition_of(pairs)?,
        status,
        search: value(pairs, "q").map(str::to_string),
    };
    Ok((query, after))
}

/// What the list page says after a form (`?esito=`).
fn outcome<'a>(pairs: &[(String, String)], known: &[&'a str]) -> Option<&'a str> {
    let raw = value(pairs, "esito")?;
    known.iter().find(|k| **k == raw).copied()
}

async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let pairs = pairs(query.as_deref())?;
    let (query, after) = list_query(&pairs)?;
    let page = admin::list_page(state.db(), &principal.user, &query, after, PER_PAGE)
        .await?
        .ok_or(AppError::NotFound)?;
    // The filters again, for the next page's link and the form.
    let filters = context! {
        edition => query.edition,
        status => query.status.map(Status::as_str).unwrap_or(""),
        q => query.search.clone().unwrap_or_default(),
    };
    let mut link: Vec<(&str, String)> = Vec::new();
    if let Some(n) = query.edition {
        link.push(("edition", n.to_string()));
    }
    if let Some(s) = query.status {
        link.push(("status", s.as_str().to_string()));
    }
    if let Some(q) = &query.search {
        link.push(("q", q.clone()));
    }
    let filter_query = serde_urlencoded::to_string(&link).unwrap_or_default();
    Ok(super::render(
        &state,
        &viewer,
        "admin/certificates/index.html",
        context! {
            nav => "admin", rows => page.listing.rows, next_after => page.listing.next_after,
            editions => page.editions, filters, filter_query, after,
        },
    )?
    .into_response())
}

/// The ZIP download of a streamed archive.
fn zip_response(stream: admin::ZipStream, edition: Option<i32>) -> Response {
    let stem = match edition {
        Some(n) => format!("attestati-edizione-{n}"),
        None => "attestati".to_string(),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::web::report_query::content_disposition(&stem, "zip"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

async fn zip_for(
    state: &AppState,
    principal: &Principal,
    query: Option<&str>,
) -> AppResult<Response> {
    let edition = edition_of(&pairs(query)?)?;
    let stream = admin::archive(state.db(), state.archiver(), &principal.user, edition)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(zip_response(stream, edition))
}

async fn admin_zip(
    State(state): State<AppState>,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    zip_for(&state, &principal, query.as_deref()).await
}

async fn tutor_zip(
    State(state): State<AppState>,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    zip_for(&state, &principal, query.as_deref()).await
}

/// The issue-by-hand form, as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
struct IssueForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    corso: String,
    #[serde(default)]
    motivo: String,
}

/// Mistakes by form field (`email`, `corso`, `motivo`; the empty name: the whole
/// form), every field present so templates can read any.
fn issue_errors(errors: &[FieldError]) -> minijinja::Value {
    let of = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
            .unwrap_or_default()
    };
    context! { email => of("email"), corso => of("course"), motivo => of("reason") }
}

async fn render_new(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    form: &IssueForm,
    errors: &[FieldError],
    existing: Option<String>,
) -> AppResult<Response> {
    let catalog = state.catalog();
    let courses: Vec<_> = catalog
        .courses
        .iter()
        .map(|c| context! { id => c.id, title => c.title })
        .collect();
    let invalid = !errors.is_empty() || existing.is_some();
    let page = super::render(
        state,
        viewer,
        "admin/certificates/new.html",
        context! {
            nav => "admin", form, courses, errors => issue_errors(errors), invalid, existing,
        },
    )?;
    Ok((status, page).into_response())
}

async fn new_form(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let form = IssueForm::default();
    render_new(&state, &viewer, StatusCode::OK, &form, &[], None).await
}

async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    PageForm(form): PageForm<IssueForm>,
) -> AppResult<Response> {
    let issued = admin::issue_by_email(
        state.db(),
        &state.catalog(),
        &form.email,
        &form.corso,
        principal.user.id,
        &form.motivo,
    )
    .await;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    match issued {
        Ok(code) => {
            Ok(Redirect::to(&format!("/admin/attestati/{code}?esito=emesso")).into_response())
        }
        Err(ManualError::Fields(errors)) => {
            render_new(&state, &viewer, status, &form, &errors, None).await
        }
        Err(ManualError::AlreadyIssued(code)) => {
            render_new(
                &state,
                &viewer,
                StatusCode::CONFLICT,
                &form,
                &[],
                Some(code),
            )
            .await
        }
        Err(ManualError::Db(db)) => Err(db.into()),
    }
}

/// What the detail page says after a form (`?esito=`).
const DETAIL_OUTCOMES: [&str; 3] = ["emesso", "revocato", "riemesso"];

/// The state of the detail page's forms: what was typed and what is wrong.
#[derive(Debug, Default, Serialize)]
struct Forms {
    /// Revocation: the reason typed and its mistake.
    revoke_reason: String,
    revoke_error: String,
    /// Reissue: the name and reason typed (None: propose the account's name) and
    /// their mistakes.
    reissue_name: Option<String>,
    reissue_reason: String,
    name_error: String,
    reissue_error: String,
    /// The certificate is not valid any more (`revoked`, `replaced`): a refused form.
    conflict: String,
}

async fn detail_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let pairs = pairs(query.as_deref())?;
    let outcome = outcome(&pairs, &DETAIL_OUTCOMES);
    render_detail(
        &state,
        &viewer,
        &code,
        StatusCode::OK,
        outcome,
        Forms::default(),
    )
    .await
}

async fn render_detail(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    status: StatusCode,
    outcome: Option<&str>,
    forms: Forms,
) -> AppResult<Response> {
    let detail = admin::detail(state.db(), code)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(admin) = &viewer.user {
        let learner = [detail.record.user_id];
        let target = format!("/admin/attestati/{}", detail.record.certificate.code);
        super::log_access(state, admin.id, learner, Kind::View, &target).await?;
    }
    let code = &detail.record.certificate.code;
    let name = forms
        .reissue_name
        .clone()
        .unwrap_or_else(|| detail.account_name.clone());
    let page = super::render(
        state,
        viewer,
        "admin/certificates/detail.html",
        context! {
            nav => "admin", d => detail, outcome, forms, name,
            pdf_url => format!("/attestati/{code}.pdf"),
            json_url => format!("/attestati/{code}.json"),
            verify_url => format!("/verify/{code}"),
        },
    )?;
    Ok((status, page).into_response())
}

/// The revocation form.
#[derive(Debug, Deserialize)]
struct RevokeForm {
    #[serde(default)]
    motivo: String,
}

async fn revoke(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(code): Path<String>,
    PageForm(form): PageForm<RevokeForm>,
) -> AppResult<Response> {
    let code = code.trim().to_ascii_uppercase();
    let done = actions::revoke(state.db(), principal.user.id, &code, &form.motivo).await;
    let mut forms = Forms {
        revoke_reason: form.motivo.clone(),
        ..Forms::default()
    };
    let status = match done {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("/admin/attestati/{code}?esito=revocato")).into_response(),
            );
        }
        Err(e) => refused(e, &mut forms, |f, message| f.revoke_error = message)?,
    };
    render_detail(&state, &viewer, &code, status, None, forms).await
}

/// The reissue form.
#[derive(Debug, Deserialize)]
struct ReissueForm {
    #[serde(default)]
    nome: String,
    #[serde(default)]
    motivo: String,
}

async fn reissue(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(code): Path<String>,
    PageForm(form): PageForm<ReissueForm>,
) -> AppResult<Response> {
    let code = code.trim().to_ascii_uppercase();
    let done = actions::reissue(
        state.db(),
        principal.user.id,
        &code,
        Some(&form.nome),
        &form.motivo,
    )
    .await;
    let mut forms = Forms {
        reissue_name: Some(form.nome.clone()),
        reissue_reason: form.motivo.clone(),
        ..Forms::default()
    };
    let status = match done {
        Ok(new) => {
            return Ok(
                Redirect::to(&format!("/admin/attestati/{new}?esito=riemesso")).into_response(),
            );
        }
        Err(ActionError::Name) => {
            forms.name_error = ActionError::Name.to_string();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => refused(e, &mut forms, |f, message| f.reissue_error = message)?,
    };
    render_detail(&state, &viewer, &code, status, None, forms).await
}

/// The answer to a refused action: a reason to correct (shown by `reason_error`),
/// a certificate no longer valid (409), none with this code (404).
fn refused(
    error: ActionError,
    forms: &mut Forms,
    reason_error: impl FnOnce(&mut Forms, String),
) -> AppResult<StatusCode> {
    match error {
        ActionError::NotFound => Err(AppError::NotFound),
        ActionError::NotValid(state) => {
            forms.conflict = state.to_string();
            Ok(StatusCode::CONFLICT)
        }
        e @ (ActionError::Reason | ActionError::Name) => {
            reason_error(forms, e.to_string());
            Ok(StatusCode::UNPROCESSABLE_ENTITY)
        }
        ActionError::Db(db) => Err(db.into()),
    }
}
