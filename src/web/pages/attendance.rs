//! Seminar attendance for tutors and admins: the sessions they run, the sheet of a
//! session one day at a time (for a tablet in the classroom: a form per learner and
//! half-day that works without JavaScript, which `attendance.js` sends in the
//! background when it can), "all present" for a half-day, the history of changes, and
//! the import of a CSV sign-in sheet with its per-row report. A session the viewer
//! does not run answers 404, as if it did not exist.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::privacy::access_log::Kind;
use crate::seminars::attendance::{Half, Mark, MarkError, Source};
use crate::seminars::attendance_import::{self, ImportError, Report};
use crate::seminars::attendance_sheet::{self, SessionInfo, Sheet};
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::{PageForm, PageNumber};
use crate::web::multipart;

/// Changes per page of the history.
const HISTORY_PER_PAGE: u64 = 50;

/// Routes of the attendance pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tutor/seminari", get(sessions))
        .route(
            "/tutor/seminari/sessioni/{id}/presenze",
            get(sheet_page).post(mark),
        )
        .route(
            "/tutor/seminari/sessioni/{id}/presenze/tutti",
            post(all_present),
        )
        .route(
            "/tutor/seminari/sessioni/{id}/presenze/storico",
            get(history),
        )
        .route(
            "/tutor/seminari/sessioni/{id}/presenze/importa",
            get(import_form).post(import),
        )
}

/// The value of query parameter `name`, the first if repeated.
fn query_value(query: Option<&str>, name: &str) -> Result<Option<String>, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or_default())
        .map_err(|_| AppError::BadRequest("indirizzo non valido: parametri illeggibili".into()))?;
    Ok(pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v))
}

/// A day of `session` as written (`?giorno=`, a form field): a whole number from 1 to
/// its days.
fn day_of(session: &SessionInfo, raw: &str) -> Result<i32, AppError> {
    match raw.trim().parse::<i32>() {
        Ok(day) if (1..=session.days).contains(&day) => Ok(day),
        _ => Err(AppError::BadRequest(format!(
            "giorno non valido («{}»): la sessione dura {} giorni, indica un numero da 1 a {}",
            raw.chars().take(20).collect::<String>(),
            session.days,
            session.days
        ))),
    }
}

async fn sessions(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
) -> AppResult<Response> {
    let run = attendance_sheet::sessions_run(state.db(), &principal.user).await?;
    Ok(super::render(
        &state,
        &viewer,
        "attendance/sessions.html",
        context! {
            nav => "tutor", run,
            admin => principal.role == crate::accounts::Role::Admin,
        },
    )?
    .into_response())
}

/// One half-day of a learner on the sheet.
#[derive(Serialize)]
struct HalfView {
    half: &'static str,
    /// `present`, `absent` or `unmarked`.
    state: &'static str,
}

/// A learner's row on one day of the sheet.
#[derive(Serialize)]
struct RowView<'a> {
    user_id: i32,
    name: &'a str,
    municipality: Option<&'a str>,
    halves: Vec<HalfView>,
}

/// Renders the sheet of `day`, with what the last action did or why it was refused.
fn render_sheet(
    state: &AppState,
    viewer: &Viewer,
    sheet: &Sheet,
    day: i32,
    added: Option<u32>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let rows: Vec<RowView<'_>> = sheet
        .learners
        .iter()
        .map(|learner| RowView {
            user_id: learner.user_id,
            name: &learner.name,
            municipality: learner.municipality.as_deref(),
            halves: Half::BOTH
                .iter()
                .map(|half| HalfView {
                    half: half.as_str(),
                    state: match learner.mark(day, *half) {
                        Some(true) => "present",
                        Some(false) => "absent",
                        None => "unmarked",
                    },
                })
                .collect(),
        })
        .collect();
    let date = sheet
        .session
        .day_list
        .iter()
        .find(|d| d.number == day)
        .map(|d| d.date);
    let page = super::render(
        state,
        viewer,
        "attendance/sheet.html",
        context! {
            nav => "tutor", tab => "sheet", session => sheet.session, day, date, rows,
            counts => sheet.counts(day), waiting => sheet.waiting, added, error,
        },
    )?;
    Ok((status, page).into_response())
}

async fn sheet_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let sheet = attendance_sheet::sheet(state.db(), &principal.user, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let day = match query_value(query.as_deref(), "giorno")? {
        Some(raw) => day_of(&sheet.session, &raw)?,
        None => sheet.session.today.unwrap_or(1),
    };
    let ids = sheet.learners.iter().map(|l| l.user_id);
    let target = format!("/tutor/seminari/sessioni/{id}/presenze");
    super::log_access(&state, principal.user.id, ids, Kind::View, &target).await?;
    // `?segnati=N` after "all present": how many were marked.
    let added = query_value(query.as_deref(), "segnati")?.and_then(|n| n.parse::<u32>().ok());
    render_sheet(&state, &viewer, &sheet, day, added, None, StatusCode::OK)
}

/// The form of one toggle: a learner, a day, a half-day, the value to set.
#[derive(Deserialize)]
struct MarkForm {
    user: Option<String>,
    giorno: Option<String>,
    meta: Option<String>,
    presente: Option<String>,
}

/// A form field that must be there.
fn field<'a>(value: &'a Option<String>, what: &str) -> Result<&'a str, AppError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| AppError::Validation {
            field: None,
            message: format!("modulo incompleto: manca {what}"),
        })
}

/// `am`/`pm` from a form.
fn half_of(raw: &str) -> Result<Half, AppError> {
    Half::parse(raw).ok_or_else(|| AppError::Validation {
        field: Some("meta".into()),
        message: "mezza giornata non valida: am (mattina) o pm (pomeriggio)".into(),
    })
}

/// Whether the caller is the page's script, which wants JSON instead of a redirect.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The mark as stored, for the page's script.
#[derive(Serialize)]
struct Saved {
    user_id: i32,
    day: i32,
    half: Half,
    present: bool,
    changed: bool,
}

async fn mark(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
    headers: HeaderMap,
    PageForm(form): PageForm<MarkForm>,
) -> AppResult<Response> {
    let user_id = field(&form.user, "il discente")?
        .parse::<i32>()
        .map_err(|_| AppError::Validation {
            field: Some("user".into()),
            message: "discente non valido".into(),
        })?;
    let day = field(&form.giorno, "il giorno")?
        .parse::<i32>()
        .map_err(|_| AppError::Validation {
            field: Some("giorno".into()),
            message: "giorno non valido: indica un numero da 1".into(),
        })?;
    let half = half_of(field(&form.meta, "la mezza giornata")?)?;
    let present = match field(&form.presente, "la presenza")? {
        "1" => true,
        "0" => false,
        _ => {
            return Err(AppError::Validation {
                field: Some("presente".into()),
                message: "presenza non valida: 1 (presente) o 0 (assente)".into(),
            });
        }
    };
    let mark = Mark {
        user_id,
        day,
        half,
        present,
    };
    let catalog = state.catalog();
    match attendance_sheet::set_as(
        state.db(),
        &catalog,
        &principal.user,
        id,
        &[mark],
        Source::Page,
    )
    .await
    {
        Ok(changed) if wants_json(&headers) => Ok(Json(Saved {
            user_id,
            day,
            half,
            present,
            changed: changed > 0,
        })
        .into_response()),
        Ok(_) => {
            let to =
                format!("/tutor/seminari/sessioni/{id}/presenze?giorno={day}#discente-{user_id}");
            Ok(Redirect::to(&to).into_response())
        }
        Err(MarkError::NotFound) => Err(AppError::NotFound),
        Err(MarkError::Db(db)) => Err(db.into()),
        Err(err @ MarkError::NoSuchDay { .. }) => Err(AppError::Validation {
            field: Some("giorno".into()),
            message: err.to_string(),
        }),
        Err(err @ MarkError::NotSeated { .. }) => {
            // The learner left their seat since the page was shown: show it again.
            if wants_json(&headers) {
                return Err(AppError::Conflict {
                    field: Some("user".into()),
                    message: err.to_string(),
                });
            }
            let sheet = attendance_sheet::sheet(state.db(), &principal.user, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let message = "questo discente non ha più un posto nella sessione: \
                           la presenza non è stata registrata"
                .to_string();
            render_sheet(
                &state,
                &viewer,
                &sheet,
                day,
                None,
                Some(message),
                StatusCode::CONFLICT,
            )
        }
    }
}

/// The form of "all present": a day and a half-day.
#[derive(Deserialize)]
struct AllForm {
    giorno: Option<String>,
    meta: Option<String>,
}

async fn all_present(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
    PageForm(form): PageForm<AllForm>,
) -> AppResult<Response> {
    let day = field(&form.giorno, "il giorno")?
        .parse::<i32>()
        .map_err(|_| AppError::Validation {
            field: Some("giorno".into()),
            message: "giorno non valido: indica un numero da 1".into(),
        })?;
    let half = half_of(field(&form.meta, "la mezza giornata")?)?;
    let catalog = state.catalog();
    let added =
        attendance_sheet::all_present_as(state.db(), &catalog, &principal.user, id, day, half)
            .await
            .map_err(|err| match err {
                MarkError::NotFound => AppError::NotFound,
                MarkError::Db(db) => db.into(),
                other => AppError::Validation {
                    field: Some("giorno".into()),
                    message: other.to_string(),
                },
            })?;
    let to =
        format!("/tutor/seminari/sessioni/{id}/presenze?giorno={day}&segnati={added}#riepilogo");
    Ok(Redirect::to(&to).into_response())
}

async fn history(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
    PageNumber(page): PageNumber,
) -> AppResult<Response> {
    let found = crate::seminars::attendance_history::history_page(
        state.db(),
        &principal.user,
        id,
        page,
        HISTORY_PER_PAGE,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let pages = found.total.div_ceil(HISTORY_PER_PAGE).max(1);
    if page > pages {
        return Err(AppError::NotFound);
    }
    Ok(super::render(
        &state,
        &viewer,
        "attendance/history.html",
        context! {
            nav => "tutor", tab => "history", session => found.session,
            changes => found.changes, total => found.total, page, pages,
        },
    )?
    .into_response())
}

/// Renders the import page: the form, and the report or the refusal of the last file.
fn render_import(
    state: &AppState,
    viewer: &Viewer,
    session: &SessionInfo,
    report: Option<&Report>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let page = super::render(
        state,
        viewer,
        "attendance/import.html",
        context! {
            nav => "tutor", tab => "import", session, report, error,
            max_rows => attendance_import::MAX_ROWS,
            max_kib => attendance_import::MAX_BYTES / 1024,
        },
    )?;
    Ok((status, page).into_response())
}

async fn import_form(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let session = attendance_sheet::info(state.db(), &principal.user, id)
        .await?
        .ok_or(AppError::NotFound)?;
    render_import(&state, &viewer, &session, None, None, StatusCode::OK)
}

/// The sheet sent by the import form: the file if one was chosen, else the text
/// pasted (`testo`); from a `multipart/form-data` or a URL-encoded body.
fn uploaded(headers: &HeaderMap, body: &[u8]) -> Result<Vec<u8>, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = multipart::boundary(content_type) {
        let parts = multipart::parse(body, &boundary).map_err(AppError::BadRequest)?;
        if let Some(file) = parts
            .iter()
            .find(|p| p.name == "file" && p.filename.is_some() && !p.data.is_empty())
        {
            return Ok(file.data.clone());
        }
        return Ok(multipart::text_field(&parts, "testo")
            .unwrap_or_default()
            .into_bytes());
    }
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(AppError::UnsupportedMediaType(
            "invia il foglio con il modulo della pagina (multipart/form-data)".into(),
        ));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| AppError::BadRequest("modulo illeggibile".into()))?;
    Ok(pairs
        .into_iter()
        .find(|(k, _)| k == "testo")
        .map(|(_, v)| v)
        .unwrap_or_default()
        .into_bytes())
}

async fn import(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let session = attendance_sheet::info(state.db(), &principal.user, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let file = uploaded(&headers, &body)?;
    let catalog = state.catalog();
    match attendance_import::import(state.db(), &catalog, &principal.user, id, &file).await {
        Ok(report) => render_import(
            &state,
            &viewer,
            &session,
            Some(&report),
            None,
            StatusCode::OK,
        ),
        Err(ImportError::NotFound) => Err(AppError::NotFound),
        Err(ImportError::Db(db)) => Err(db.into()),
        Err(err) => {
            let status = match err {
                ImportError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                ImportError::Changed(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            render_import(
                &state,
                &viewer,
                &session,
                None,
                Some(err.to_string()),
                status,
            )
        }
    }
}
