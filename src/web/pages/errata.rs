//! "Segnala un errore": the form under every lesson and library article, and the
//! reporter's own list of reports with the answers received.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use serde::Deserialize;

use crate::app::AppState;
use crate::errata::input::{DESCRIPTION_MAX_CHARS, DESCRIPTION_MIN_CHARS, QUOTE_MAX_CHARS};
use crate::errata::{self, ReportError, Submission, Target, TargetKind};
use crate::error::{AppError, AppResult};
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::PageForm;

/// Routes of the report form and the reporter's list.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/courses/{course}/{module}/{lesson}/segnala",
            get(lesson_form).post(report_lesson),
        )
        .route(
            "/library/{act}/{article}/segnala",
            get(article_form).post(report_article),
        )
        .route("/segnalazioni", get(mine))
}

/// The form's fields; a missing one is empty, and so refused by the checks.
#[derive(Deserialize, Default)]
struct ReportForm {
    #[serde(default)]
    descrizione: String,
    #[serde(default)]
    passo: String,
}

async fn lesson_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((course, module, lesson)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let id = format!("{course}/{module}/{lesson}");
    form_page(&state, &viewer, TargetKind::Lesson, &id).await
}

async fn article_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((act, article)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = format!("{act}/{article}");
    form_page(&state, &viewer, TargetKind::Article, &id).await
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    kind: TargetKind,
    id: &str,
) -> AppResult<Response> {
    let target = resolve(state, kind, id)?;
    render_form(
        state,
        viewer,
        &target,
        &ReportForm::default(),
        StatusCode::OK,
        None,
    )
}

async fn report_lesson(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path((course, module, lesson)): Path<(String, String, String)>,
    PageForm(form): PageForm<ReportForm>,
) -> AppResult<Response> {
    let id = format!("{course}/{module}/{lesson}");
    submit(&state, &viewer, &principal, TargetKind::Lesson, &id, form).await
}

async fn report_article(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path((act, article)): Path<(String, String)>,
    PageForm(form): PageForm<ReportForm>,
) -> AppResult<Response> {
    let id = format!("{act}/{article}");
    submit(&state, &viewer, &principal, TargetKind::Article, &id, form).await
}

/// Stores the report and goes to the reporter's list; on a refusal, shows the form
/// again with the message and everything the person wrote.
async fn submit(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    kind: TargetKind,
    id: &str,
    form: ReportForm,
) -> AppResult<Response> {
    let submission = Submission {
        kind,
        id,
        description: &form.descrizione,
        quote: &form.passo,
    };
    let outcome = errata::report(
        state.db(),
        &state.catalog(),
        &state.library(),
        principal.user.id,
        submission,
    )
    .await;
    let (status, error) = match outcome {
        Ok(new_id) => {
            return Ok(
                Redirect::to(&format!("/segnalazioni?inviata=1#segnalazione-{new_id}"))
                    .into_response(),
            );
        }
        Err(ReportError::NotFound) => return Err(AppError::NotFound),
        Err(ReportError::Db(err)) => return Err(err.into()),
        Err(ReportError::Invalid(invalid)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            (invalid.field, invalid.message),
        ),
        Err(throttled @ ReportError::Throttled) => {
            (StatusCode::TOO_MANY_REQUESTS, ("", throttled.to_string()))
        }
    };
    let target = resolve(state, kind, id)?;
    render_form(state, viewer, &target, &form, status, Some(error))
}

/// The lesson or article, from the catalog and library in memory; 404 if unknown.
fn resolve(state: &AppState, kind: TargetKind, id: &str) -> AppResult<Target> {
    Target::resolve(&state.catalog(), &state.library(), kind, id).ok_or(AppError::NotFound)
}

fn render_form(
    state: &AppState,
    viewer: &Viewer,
    target: &Target,
    form: &ReportForm,
    status: StatusCode,
    error: Option<(&str, String)>,
) -> AppResult<Response> {
    let (error_field, error) = match error {
        Some((field, message)) => (Some(field), Some(message)),
        None => (None, None),
    };
    let page = super::render(
        state,
        viewer,
        "errata/form.html",
        context! {
            target => context! {
                kind => target.kind, id => target.id, title => target.title, url => target.url(),
            },
            action => format!("{}/segnala", target.url()),
            descrizione => form.descrizione, passo => form.passo, error, error_field,
            min => DESCRIPTION_MIN_CHARS, max => DESCRIPTION_MAX_CHARS, quote_max => QUOTE_MAX_CHARS,
            nav => match target.kind { TargetKind::Lesson => "courses", TargetKind::Article => "library" },
        },
    )?;
    Ok((status, page).into_response())
}

/// The reporter's own reports with their state and answers; `?inviata` after a
/// report was just sent.
async fn mine(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let reports = errata::queue::mine(
        state.db(),
        &state.catalog(),
        &state.library(),
        principal.user.id,
    )
    .await?;
    let sent = query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .any(|pair| pair == "inviata" || pair.starts_with("inviata="));
    Ok(super::render(
        &state,
        &viewer,
        "errata/mine.html",
        context! { reports, sent, nav => "profile" },
    )?
    .into_response())
}
