//! The administrators' seminar pages: every seminar of every edition with its
//! sessions and seats (`/admin/seminari`), planning a seminar with its first session
//! and adding sessions (forms whose mistakes are shown beside their fields, the values
//! kept), a session's roster, and changing its capacity.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::privacy::access_log::Kind;
use crate::seminars::registration::{self, CapacityError};
use crate::seminars::roster;
use crate::seminars::{Mailing, NewSeminar, NewSession, NotifyError, PlanError, listing, plan};
use crate::web::auth::Viewer;
use crate::web::extract::PageForm;

/// Routes of the administrators' seminar pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/seminari", get(index))
        .route("/admin/seminari/nuovo", get(new_form).post(create))
        .route(
            "/admin/seminari/{id}/sessioni/nuova",
            get(new_session_form).post(add_session),
        )
        .route("/admin/seminari/sessioni/{id}", get(roster_page))
        .route("/admin/seminari/sessioni/{id}/capienza", post(capacity))
}

/// A row id from the path: anything but a number names nothing.
fn path_id(raw: &str) -> AppResult<i32> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The outcome named by `?esito=`, if it is one of `known`.
fn outcome<'a>(query: Option<&str>, known: &[&'a str]) -> Option<&'a str> {
    query
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.strip_prefix("esito="))
        .find_map(|value| known.iter().find(|k| **k == value).copied())
}

async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let editions = listing::by_edition(state.db()).await?;
    let outcome = outcome(query.as_deref(), &["creato"]);
    // Themes by `course/module`, named by their module's title.
    let themes: BTreeMap<String, String> = state
        .catalog()
        .courses
        .iter()
        .flat_map(|c| {
            c.modules
                .iter()
                .map(move |m| (format!("{}/{}", c.id, m.id), m.title.clone()))
        })
        .collect();
    Ok(super::render(
        &state,
        &viewer,
        "admin/seminars/index.html",
        context! { editions, outcome, themes, nav => "admin" },
    )?
    .into_response())
}

/// The fields of one session, as the form sends them (all text: what is typed is
/// shown again as typed when something is wrong).
#[derive(Debug, Default, Deserialize, Serialize)]
struct SessionForm {
    #[serde(default)]
    primo_giorno: String,
    #[serde(default)]
    giorni: String,
    #[serde(default)]
    inizio: String,
    #[serde(default)]
    fine: String,
    #[serde(default)]
    luogo: String,
    #[serde(default)]
    indirizzo: String,
    #[serde(default)]
    regione: String,
    #[serde(default)]
    posti: String,
    #[serde(default)]
    termine: String,
}

impl SessionForm {
    /// What an empty form proposes: a two-day session, 9:30 to 17:30.
    fn proposed() -> Self {
        Self {
            giorni: "2".into(),
            inizio: "09:30".into(),
            fine: "17:30".into(),
            ..Self::default()
        }
    }

    /// The session, or every field that cannot be read (named as the domain names
    /// them, with `prefix`).
    fn read(&self, prefix: &str) -> Result<NewSession, Vec<PlanError>> {
        let field = |name: &str| format!("{prefix}{name}");
        let first_day = plan::parse_day(field("first_day"), &self.primo_giorno);
        let days = plan::parse_number(field("days"), &self.giorni);
        let capacity = plan::parse_number(field("capacity"), &self.posti);
        let deadline = plan::parse_deadline(field("deadline"), &self.termine);
        match (first_day, days, capacity, deadline) {
            (Ok(first_day), Ok(days), Ok(capacity), Ok(deadline)) => Ok(NewSession {
                first_day,
                days,
                starts_at: self.inizio.clone(),
                ends_at: self.fine.clone(),
                venue: self.luogo.clone(),
                address: self.indirizzo.clone(),
                region: self.regione.clone(),
                capacity,
                deadline,
            }),
            (first_day, days, capacity, deadline) => {
                Err(
                    [first_day.err(), days.err(), capacity.err(), deadline.err()]
                        .into_iter()
                        .flatten()
                        .collect(),
                )
            }
        }
    }
}

/// The form of a new seminar with its first session.
#[derive(Debug, Default, Deserialize, Serialize)]
struct SeminarForm {
    #[serde(default)]
    edizione: String,
    /// `course/module`.
    #[serde(default)]
    tema: String,
    #[serde(default)]
    titolo: String,
    #[serde(default)]
    approvazione: Option<String>,
    #[serde(flatten)]
    session: SessionForm,
}

impl SeminarForm {
    fn read(&self) -> Result<NewSeminar, Vec<PlanError>> {
        let mut errors = Vec::new();
        let edition = self
            .edizione
            .trim()
            .parse::<i32>()
            .map_err(|_| PlanError::Invalid {
                field: "edition".into(),
                message: "scegliere un'edizione".into(),
            });
        let theme = self.tema.split_once('/').ok_or_else(|| PlanError::Invalid {
            field: "module".into(),
            message: "scegliere il tema (un modulo di un corso)".into(),
        });
        let session = self.session.read("sessions[0].");
        let edition = edition.map_err(|e| errors.push(e)).ok();
        let theme = theme.map_err(|e| errors.push(e)).ok();
        let session = session.map_err(|e| errors.extend(e)).ok();
        match (edition, theme, session) {
            (Some(edition), Some((course, module)), Some(session)) if errors.is_empty() => {
                Ok(NewSeminar {
                    edition,
                    course_id: course.to_string(),
                    module_id: module.to_string(),
                    title: self.titolo.clone(),
                    requires_approval: self.approvazione.is_some(),
                    sessions: vec![session],
                })
            }
            _ => Err(errors),
        }
    }
}

/// The form field showing a domain field's mistake (`sessions[0].capacity` is
/// `posti`); an empty name for a mistake of the whole form.
fn form_field(field: &str) -> &'static str {
    let name = field.rsplit('.').next().unwrap_or(field);
    match name {
        "edition" => "edizione",
        "course" | "module" => "tema",
        "title" => "titolo",
        "first_day" => "primo_giorno",
        "days" => "giorni",
        "starts_at" => "inizio",
        "ends_at" => "fine",
        "venue" => "luogo",
        "address" => "indirizzo",
        "region" => "regione",
        "capacity" => "posti",
        "deadline" => "termine",
        _ => "",
    }
}

/// The form's fields that can show a mistake (the empty name: the whole form).
const FIELDS: [&str; 13] = [
    "",
    "edizione",
    "tema",
    "titolo",
    "primo_giorno",
    "giorni",
    "inizio",
    "fine",
    "luogo",
    "indirizzo",
    "regione",
    "posti",
    "termine",
];

/// The mistakes shown by a form: one per field (empty when none; templates read
/// every field's), and those of the whole form under the empty name.
#[derive(Debug, Default, Serialize)]
struct FieldErrors {
    /// Field → message.
    by_field: BTreeMap<&'static str, String>,
    /// Whether there is any.
    any: bool,
}

impl FieldErrors {
    fn none() -> Self {
        Self {
            by_field: FIELDS.iter().map(|f| (*f, String::new())).collect(),
            any: false,
        }
    }
}

/// Mistakes by form field (the first one of a field wins), or the database's error.
fn field_errors(errors: Vec<PlanError>) -> AppResult<FieldErrors> {
    let mut out = FieldErrors::none();
    for error in errors {
        match error {
            PlanError::Invalid { field, message } => {
                let slot = out.by_field.entry(form_field(&field)).or_default();
                if slot.is_empty() {
                    *slot = message;
                }
                out.any = true;
            }
            PlanError::Db(db) => return Err(db.into()),
        }
    }
    Ok(out)
}

/// The choices of the new-seminar form: editions, themes and regions.
async fn choices(state: &AppState) -> AppResult<minijinja::Value> {
    let editions = crate::accounts::editions::all(state.db()).await?;
    let mut regions: Vec<String> = editions.iter().flat_map(|e| e.region_list()).collect();
    regions.sort();
    regions.dedup();
    let editions: Vec<_> = editions
        .iter()
        .map(|e| context! { number => e.number, title => e.title })
        .collect();
    let catalog = state.catalog();
    let courses: Vec<_> = catalog
        .courses
        .iter()
        .map(|c| {
            let modules: Vec<_> = c
                .modules
                .iter()
                .map(|m| context! { value => format!("{}/{}", c.id, m.id), title => m.title })
                .collect();
            context! { title => c.title, modules }
        })
        .collect();
    Ok(context! { editions, courses, regions })
}

async fn render_new(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    form: &SeminarForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let choices = choices(state).await?;
    let page = super::render(
        state,
        viewer,
        "admin/seminars/new.html",
        context! {
            form, errors => errors.by_field, invalid => errors.any, nav => "admin", ..choices,
        },
    )?;
    Ok((status, page).into_response())
}

async fn new_form(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let form = SeminarForm {
        session: SessionForm::proposed(),
        ..SeminarForm::default()
    };
    render_new(&state, &viewer, StatusCode::OK, &form, &FieldErrors::none()).await
}

async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    PageForm(form): PageForm<SeminarForm>,
) -> AppResult<Response> {
    let errors = match form.read() {
        Err(errors) => errors,
        Ok(new) => match plan::add(state.db(), &state.catalog(), new).await {
            Ok(_) => return Ok(Redirect::to("/admin/seminari?esito=creato").into_response()),
            Err(error) => vec![error],
        },
    };
    let errors = field_errors(errors)?;
    render_new(
        &state,
        &viewer,
        StatusCode::UNPROCESSABLE_ENTITY,
        &form,
        &errors,
    )
    .await
}

async fn render_new_session(
    state: &AppState,
    viewer: &Viewer,
    seminar_id: i32,
    status: StatusCode,
    form: &SessionForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let seminar = plan::seminar(state.db(), seminar_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let edition = crate::accounts::editions::by_id(state.db(), seminar.edition_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = super::render(
        state,
        viewer,
        "admin/seminars/new_session.html",
        context! {
            seminar, form, errors => errors.by_field, invalid => errors.any,
            regions => edition.region_list(), nav => "admin",
        },
    )?;
    Ok((status, page).into_response())
}

async fn new_session_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let form = SessionForm::proposed();
    render_new_session(
        &state,
        &viewer,
        id,
        StatusCode::OK,
        &form,
        &FieldErrors::none(),
    )
    .await
}

async fn add_session(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    PageForm(form): PageForm<SessionForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let errors = match form.read("") {
        Err(errors) => errors,
        Ok(new) => match plan::add_session(state.db(), id, &new).await {
            Ok(Some(session)) => {
                let to = format!("/admin/seminari/sessioni/{}?esito=creata", session.id);
                return Ok(Redirect::to(&to).into_response());
            }
            Ok(None) => return Err(AppError::NotFound),
            Err(error) => vec![error],
        },
    };
    let errors = field_errors(errors)?;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render_new_session(&state, &viewer, id, status, &form, &errors).await
}

/// What the roster page says after a form (`?esito=`).
const ROSTER_OUTCOMES: [&str; 2] = ["creata", "capienza"];

async fn roster_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let outcome = outcome(query.as_deref(), &ROSTER_OUTCOMES);
    render_roster(&state, &viewer, id, StatusCode::OK, outcome, None, None).await
}

async fn render_roster(
    state: &AppState,
    viewer: &Viewer,
    id: i32,
    status: StatusCode,
    outcome: Option<&str>,
    error: Option<String>,
    capacity: Option<&str>,
) -> AppResult<Response> {
    let sheet = roster::sheet(state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(admin) = &viewer.user {
        let lines = [
            &sheet.seated,
            &sheet.waiting,
            &sheet.pending,
            &sheet.cancelled,
        ];
        let ids = lines.into_iter().flatten().map(|l| l.user_id);
        let target = format!("/admin/seminari/sessioni/{id}");
        super::log_access(state, admin.id, ids, Kind::View, &target).await?;
    }
    let capacity = capacity.map_or_else(|| sheet.session.capacity.to_string(), str::to_string);
    let page = super::render(
        state,
        viewer,
        "admin/seminars/roster.html",
        context! { r => sheet, outcome, error, capacity, nav => "admin" },
    )?;
    Ok((status, page).into_response())
}

/// The capacity form.
#[derive(Deserialize)]
struct CapacityForm {
    #[serde(default)]
    posti: String,
}

async fn capacity(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    PageForm(form): PageForm<CapacityForm>,
) -> AppResult<Response> {
    let id = path_id(&id)?;
    let refused = match plan::parse_number("capacity", &form.posti) {
        Err(PlanError::Invalid { message, .. }) => (StatusCode::UNPROCESSABLE_ENTITY, message),
        Err(PlanError::Db(db)) => return Err(db.into()),
        Ok(seats) => {
            let base = state.config().base_url();
            let mail = Mailing {
                mailer: state.mailer(),
                base_url: &base,
            };
            match registration::set_capacity(state.db(), mail, id, seats).await {
                Ok(_) => {
                    let to = format!("/admin/seminari/sessioni/{id}?esito=capienza");
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(CapacityError::NotFound) => return Err(AppError::NotFound),
                Err(CapacityError::Invalid(PlanError::Invalid { message, .. })) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, message)
                }
                Err(err @ CapacityError::BelowSeated { .. }) => {
                    (StatusCode::CONFLICT, err.to_string())
                }
                Err(CapacityError::Invalid(PlanError::Db(db)) | CapacityError::Db(db)) => {
                    return Err(db.into());
                }
                Err(CapacityError::Notify(NotifyError::Db(db))) => return Err(db.into()),
                Err(CapacityError::Notify(NotifyError::Mail(mail))) => {
                    return Err(AppError::Internal(mail));
                }
            }
        }
    };
    let (status, message) = refused;
    let typed = Some(form.posti.as_str());
    render_roster(&state, &viewer, id, status, None, Some(message), typed).await
}
