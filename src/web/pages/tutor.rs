//! Tutor report pages: the cohort overview with charts, the progress matrix, the
//! at-risk list, a learner's detail, and the exports of each table. A tutor sees the
//! learners of their cohort only; an admin sees everyone.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use serde::Serialize;

use crate::accounts::access;
use crate::accounts::{directory as users, municipalities};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::privacy::access_log::{self, Kind};
use crate::reports::export::Format;
use crate::reports::matrix::{self, Cell};
use crate::reports::{self, AtRisk, Filters, LearnerRow, Scope, tables};
use crate::web::auth::{Principal, Viewer};
use crate::web::charts::{self, Bar};
use crate::web::report_query::{ReportQuery, attachment};

/// Learners per page of the matrix and the at-risk list.
pub const PER_PAGE: u64 = 50;

/// Routes of the tutor pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tutor", get(overview_page))
        .route("/tutor/matrix", get(matrix_page))
        .route("/tutor/at-risk", get(at_risk_page))
        .route("/tutor/learners/{id}", get(learner_page))
        .route("/tutor/export/{file}", get(export_file))
}

/// What every report page shows around its table: the filter form.
async fn filter_context(
    state: &AppState,
    principal: &Principal,
    filters: &Filters,
) -> AppResult<minijinja::Value> {
    let catalog = state.catalog();
    let courses: Vec<_> = catalog
        .courses
        .iter()
        .map(|c| context! { id => c.id, title => c.title })
        .collect();
    let scope = Scope::of(principal.role, &principal.scopes);
    let regions = if scope.all {
        municipalities::regions(state.db()).await?
    } else {
        scope.regions.clone()
    };
    let municipality_name = match &filters.municipality {
        Some(code) => municipalities::find(state.db(), code)
            .await?
            .map(|m| m.name),
        None => None,
    };
    Ok(context! {
        courses, regions, filters, municipality_name,
        sectors => crate::content::model::Sector::ALL.iter().map(|s| s.slug()).collect::<Vec<_>>(),
        filter_query => ReportQuery::filter_query(filters),
    })
}

async fn overview_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let filters = q.filters(&state);
    let scope = Scope::of(principal.role, &principal.scopes);
    let size = reports::course_size(&state.catalog(), &filters.course);
    let (data, computed_at) = state
        .overview()
        .overview(state.db(), (&scope, &filters), size, chrono::Utc::now())
        .await?;

    let messages = state.templates().messages();
    let text = |key: &str| messages.message(viewer.lang, key, &[]);
    let mut by_completion = data.municipalities.clone();
    by_completion.sort_by(|a, b| b.enrolled.cmp(&a.enrolled).then(a.label.cmp(&b.label)));
    by_completion.truncate(15);
    let completion_chart = charts::horizontal(
        "chart-completion",
        &text("chart-completion-title"),
        &text("chart-completion-description"),
        &by_completion
            .iter()
            .map(|t| Bar {
                label: t.label.clone(),
                value: t.completed_percent(),
            })
            .collect::<Vec<_>>(),
        100.0,
        "%",
    );
    let band_labels: Vec<String> = (0..10)
        .map(|b| {
            if b == 9 {
                "90–100".to_string()
            } else {
                format!("{}–{}", b * 10, b * 10 + 9)
            }
        })
        .collect();
    let quiz_chart = charts::vertical(
        "chart-quiz",
        &text("chart-quiz-title"),
        &text("chart-quiz-description"),
        &data
            .quiz_bands
            .iter()
            .zip(&band_labels)
            .map(|(n, label)| Bar {
                label: label.clone(),
                value: *n as f64,
            })
            .collect::<Vec<_>>(),
        1,
    );
    let activity_chart = charts::vertical(
        "chart-activity",
        &text("chart-activity-title"),
        &text("chart-activity-description"),
        &data
            .activity
            .iter()
            .map(|(day, n)| Bar {
                label: day[5..].to_string(),
                value: *n as f64,
            })
            .collect::<Vec<_>>(),
        7,
    );
    let bands: Vec<_> = band_labels.iter().zip(&data.quiz_bands).collect();
    let filter_ctx = filter_context(&state, &principal, &filters).await?;
    Ok(super::render(
        &state,
        &viewer,
        "tutor/overview.html",
        context! {
            nav => "tutor", data, completion_chart, quiz_chart, activity_chart, bands,
            computed_at => computed_at.format("%H:%M:%S").to_string(),
            ..filter_ctx
        },
    )?
    .into_response())
}

/// A learner row with its matrix cells, for the page.
#[derive(Serialize)]
struct MatrixRow {
    learner: LearnerRow,
    cells: Vec<&'static str>,
}

async fn matrix_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    learner_table(state, viewer, principal, q, false).await
}

async fn at_risk_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    learner_table(state, viewer, principal, q, true).await
}

/// The thresholds of the at-risk list, from the configuration.
pub fn at_risk(state: &AppState) -> AtRisk {
    AtRisk::from_config(&state.config().reminders)
}

async fn learner_table(
    state: AppState,
    viewer: Viewer,
    principal: Principal,
    q: ReportQuery,
    risky: bool,
) -> AppResult<Response> {
    let filters = q.filters(&state);
    let scope = Scope::of(principal.role, &principal.scopes);
    let catalog = state.catalog();
    let now = chrono::Utc::now();
    let risk = risky.then(|| (at_risk(&state), now));
    let page = q.page();
    let order = q.order();
    let (rows, total) = tables::learner_page(
        state.db(),
        &catalog,
        &scope,
        &filters,
        risk,
        order,
        (page, PER_PAGE),
    )
    .await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let modules: Vec<_> = catalog
        .course(&filters.course)
        .map(|c| {
            c.modules
                .iter()
                .map(|m| context! { id => m.id, title => m.title })
                .collect()
        })
        .unwrap_or_default();
    let module_ids: Vec<String> = catalog
        .course(&filters.course)
        .map(|c| c.modules.iter().map(|m| m.id.clone()).collect())
        .unwrap_or_default();
    let ids: Vec<i32> = rows.iter().map(|r| r.learner_id).collect();
    let target = if risky {
        "/tutor/at-risk"
    } else {
        "/tutor/matrix"
    };
    access_log::record(state.db(), principal.user.id, &ids, Kind::View, target).await?;
    let cells = matrix::cells(state.db(), &filters.course, &ids).await?;
    let rows: Vec<MatrixRow> = rows
        .into_iter()
        .map(|learner| MatrixRow {
            cells: module_ids
                .iter()
                .map(|m| {
                    cells
                        .get(&(learner.learner_id, m.clone()))
                        .copied()
                        .unwrap_or(Cell::NotStarted)
                        .slug()
                })
                .collect(),
            learner,
        })
        .collect();
    let filter_ctx = filter_context(&state, &principal, &filters).await?;
    let risk_thresholds = at_risk(&state);
    Ok(super::render(
        &state,
        &viewer,
        "tutor/learners.html",
        context! {
            nav => "tutor", rows, modules, total, page, pages, risky,
            sort => order.slug(), risk => context! {
                not_started_days => risk_thresholds.not_started_days,
                inactive_days => risk_thresholds.inactive_days,
                failures => risk_thresholds.failures,
            },
            ..filter_ctx
        },
    )?
    .into_response())
}

async fn learner_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Path(id): Path<i32>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let learner = visible_learner(&state, &principal, id).await?;
    let filters = q.filters(&state);
    let detail = reports::detail::load(state.db(), learner.id, &filters.course).await?;
    let target = format!("/tutor/learners/{id}");
    access_log::record(state.db(), principal.user.id, &[id], Kind::View, &target).await?;
    let catalog = state.catalog();
    let titles: HashMap<String, String> = catalog
        .lessons()
        .map(|(_, _, l)| (l.id.clone(), l.title.clone()))
        .chain(catalog.courses.iter().flat_map(|c| {
            c.modules
                .iter()
                .map(move |m| (format!("{}/{}", c.id, m.id), m.title.clone()))
        }))
        .collect();
    let municipality = match &learner.municipality {
        Some(code) => municipalities::find(state.db(), code).await?,
        None => None,
    };
    let title = |id: &str| titles.get(id).cloned().unwrap_or_else(|| id.to_string());
    let lessons: Vec<_> = detail
        .lessons
        .iter()
        .map(|l| context! { title => title(&l.lesson_id), ..minijinja::Value::from_serialize(l) })
        .collect();
    let attempts: Vec<_> = detail
        .attempts
        .iter()
        .map(|a| {
            context! {
                title => title(&format!("{}/{}", filters.course, a.module_id)),
                ..minijinja::Value::from_serialize(a)
            }
        })
        .collect();
    let timeline: Vec<_> = detail
        .timeline
        .iter()
        .map(|e| context! { title => title(&e.subject), ..minijinja::Value::from_serialize(e) })
        .collect();
    Ok(super::render(
        &state,
        &viewer,
        "tutor/learner.html",
        context! {
            nav => "tutor", learner => context! {
                id => learner.id, name => learner.name, email => learner.email,
                sector => learner.sector, job_title => learner.job_title,
            },
            municipality => municipality.map(|m| context! { name => m.name, region => m.region }),
            lessons, attempts, timeline, course => filters.course,
        },
    )?
    .into_response())
}

/// The learner `id` if the principal may see them (403 otherwise, also for ids that
/// do not exist, so a tutor cannot probe which ids exist).
async fn visible_learner(
    state: &AppState,
    principal: &Principal,
    id: i32,
) -> AppResult<users::User> {
    let Some(learner) = users::by_id(state.db(), id).await? else {
        return Err(AppError::Forbidden);
    };
    let municipality = match &learner.municipality {
        Some(code) => municipalities::find(state.db(), code).await?,
        None => None,
    };
    if learner.role != crate::accounts::Role::Learner
        || !access::can_see_learner(
            &principal.user,
            &principal.scopes,
            &learner,
            municipality.as_ref(),
        )
    {
        return Err(AppError::Forbidden);
    }
    Ok(learner)
}

/// `GET /tutor/export/{table}.{csv|xlsx}`: `learners`, `at-risk`, `matrix` or
/// `overview`, with the filters of the query string.
async fn export_file(
    State(state): State<AppState>,
    principal: Principal,
    Path(file): Path<String>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (table, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let format = Format::parse(ext).ok_or(AppError::NotFound)?;
    let filters = q.filters(&state);
    let scope = Scope::of(principal.role, &principal.scopes);
    let stem = format!("{table}-{}", filters.course);
    let catalog = state.catalog();
    if matches!(table, "learners" | "at-risk" | "matrix") {
        let risk = (table == "at-risk").then(|| (at_risk(&state), chrono::Utc::now()));
        let ids =
            reports::learners::ids_query(state.db().get_database_backend(), &scope, &filters, risk);
        let target = format!("/tutor/export/{file}");
        access_log::record_query(state.db(), principal.user.id, &ids, Kind::Export, &target)
            .await?;
    }
    let body = match table {
        "learners" | "at-risk" => {
            let risk = (table == "at-risk").then(|| (at_risk(&state), chrono::Utc::now()));
            let table = (&scope, &filters);
            tables::learner_file(state.db(), &catalog, format, table, risk, q.order())
        }
        "matrix" => tables::matrix_file(state.db(), &catalog, format, &scope, &filters),
        "overview" => tables::overview_file(state.db(), &catalog, format, &scope, &filters).await?,
        _ => return Err(AppError::NotFound),
    };
    Ok(attachment(format, &stem, body))
}
