//! The tutors' seminar reports: the report of one session (roster with the marks of
//! each half-day, attendance rate, no-shows, waiting list, cancellations) for the
//! staff who run it, and the learners of the cohort who completed a course's remote
//! part but never attended its seminars; each with its CSV and XLSX export.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;

use crate::accounts::municipalities;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::privacy::access_log::Kind;
use crate::reports::Scope;
use crate::reports::export::Format;
use crate::reports::seminars as never_attended;
use crate::seminars::report;
use crate::web::auth::{Principal, Viewer};
use crate::web::report_query::attachment;
use crate::web::seminar_query::NeverAttendedQuery;

/// Learners per page of the never-attended report.
const PER_PAGE: u64 = 50;

/// Routes of the seminar reports.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/tutor/seminari/sessioni/{id}/resoconto",
            get(session_report),
        )
        .route(
            "/tutor/seminari/sessioni/{id}/resoconto.csv",
            get(session_csv),
        )
        .route(
            "/tutor/seminari/sessioni/{id}/resoconto.xlsx",
            get(session_xlsx),
        )
        .route("/tutor/seminari/mai-presenti", get(never_attended_page))
        .route("/tutor/seminari/mai-presenti.csv", get(never_attended_csv))
        .route(
            "/tutor/seminari/mai-presenti.xlsx",
            get(never_attended_xlsx),
        )
}

async fn session_report(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let report = report::visible(state.db(), &principal.user, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = format!("/tutor/seminari/sessioni/{id}/resoconto");
    super::log_access(
        &state,
        principal.user.id,
        people(&report),
        Kind::View,
        &target,
    )
    .await?;
    Ok(super::render(
        &state,
        &viewer,
        "seminars/report.html",
        context! { nav => "tutor", report },
    )?
    .into_response())
}

async fn session_csv(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    session_file(&state, &principal, id, Format::Csv).await
}

async fn session_xlsx(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    session_file(&state, &principal, id, Format::Xlsx).await
}

async fn session_file(
    state: &AppState,
    principal: &Principal,
    id: i32,
    format: Format,
) -> AppResult<Response> {
    let report = report::visible(state.db(), &principal.user, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = format!("/tutor/seminari/sessioni/{id}/resoconto.{}", format.ext());
    super::log_access(
        state,
        principal.user.id,
        people(&report),
        Kind::Export,
        &target,
    )
    .await?;
    let body = report::file(&report, format);
    Ok(attachment(
        format,
        &format!("resoconto-sessione-{id}"),
        body,
    ))
}

/// The learners a session's report names: seated and waiting.
fn people(report: &report::SessionReport) -> Vec<i32> {
    let seated = report.roster.iter().map(|r| r.user_id);
    seated
        .chain(report.waiting.iter().map(|w| w.user_id))
        .collect()
}

async fn never_attended_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Query(q): Query<NeverAttendedQuery>,
) -> AppResult<Response> {
    let course = q.course(&state)?;
    let filters = q.filters(&course);
    let after = q.after()?;
    let scope = Scope::of(principal.role, &principal.scopes);
    let page = never_attended::page(state.db(), &course, &scope, &filters, after, PER_PAGE).await?;
    let ids = page.learners.iter().map(|l| l.learner_id);
    super::log_access(
        &state,
        principal.user.id,
        ids,
        Kind::View,
        "/tutor/seminari/mai-presenti",
    )
    .await?;
    let courses: Vec<_> = state
        .catalog()
        .courses
        .iter()
        .map(|c| context! { id => c.id, title => c.title })
        .collect();
    let regions = if scope.all {
        municipalities::regions(state.db()).await?
    } else {
        scope.regions.clone()
    };
    Ok(super::render(
        &state,
        &viewer,
        "seminars/report_never_attended.html",
        context! {
            nav => "tutor", page, courses, regions, filters, after,
            course_title => course.title,
            required_half_days => course.completion.seminar_half_days,
            filter_query => NeverAttendedQuery::filter_query(&filters),
        },
    )?
    .into_response())
}

async fn never_attended_csv(
    State(state): State<AppState>,
    principal: Principal,
    Query(q): Query<NeverAttendedQuery>,
) -> AppResult<Response> {
    never_attended_file(&state, &principal, &q, Format::Csv)
}

async fn never_attended_xlsx(
    State(state): State<AppState>,
    principal: Principal,
    Query(q): Query<NeverAttendedQuery>,
) -> AppResult<Response> {
    never_attended_file(&state, &principal, &q, Format::Xlsx)
}

fn never_attended_file(
    state: &AppState,
    principal: &Principal,
    q: &NeverAttendedQuery,
    format: Format,
) -> AppResult<Response> {
    let course = q.course(state)?;
    let filters = q.filters(&course);
    let scope = Scope::of(principal.role, &principal.scopes);
    let body = never_attended::file(state.db(), &course, format, &scope, &filters);
    Ok(attachment(
        format,
        &format!("mai-presenti-{}", course.id),
        body,
    ))
}
