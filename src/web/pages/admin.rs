//! Administration pages: municipalities, editions, API tokens, the search log.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::editions::{self, EditionError, NewEdition};
use crate::accounts::municipalities;
use crate::accounts::sessions;
use crate::app::AppState;
use crate::error::AppResult;
use crate::search::log as search_queries;
use crate::web::auth::{Principal, Viewer};

/// Routes of the administration pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(index))
        .route("/admin/municipalities", get(municipalities_page))
        .route("/admin/search", get(search_log_page))
        .route("/admin/reminders", get(reminders_page))
        .route("/admin/editions", get(editions_page).post(add_edition))
        .route("/admin/tokens", get(tokens_page).post(create_token))
        .route("/admin/tokens/{id}/revoke", post(revoke_token))
}

async fn index(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    Ok(super::render(
        &state,
        &viewer,
        "admin/index.html",
        context! { nav => "admin" },
    )?
    .into_response())
}

/// The reminder jobs: schedule, last and next run, outbox counts and latest messages.
async fn reminders_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let cron = state.config().reminders.cron.clone();
    let next = crate::reminders::scheduler::next_run(&cron, chrono::Utc::now());
    let crate::reminders::status::Overview {
        job,
        counts,
        latest,
    } = crate::reminders::status::overview(state.db()).await?;
    let counts: Vec<_> = counts
        .into_iter()
        .map(|(status, n)| context! { status, n })
        .collect();
    Ok(super::render(
        &state,
        &viewer,
        "admin/reminders.html",
        context! { nav => "admin", cron, next, job, counts, latest },
    )?
    .into_response())
}

/// How far back the search log page looks.
const SEARCH_LOG_DAYS: i64 = 30;

async fn search_log_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let since = chrono::Utc::now() - chrono::Duration::days(SEARCH_LOG_DAYS);
    let top = search_queries::top(state.db(), since, false, 50).await?;
    let zero = search_queries::top(state.db(), since, true, 50).await?;
    Ok(super::render(
        &state,
        &viewer,
        "admin/search.html",
        context! { nav => "admin", top, zero, days => SEARCH_LOG_DAYS },
    )?
    .into_response())
}

#[derive(Deserialize)]
struct MunicipalityQuery {
    q: Option<String>,
    page: Option<u64>,
}

/// Rows per page of long lists.
const PER_PAGE: u64 = 50;

async fn municipalities_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<MunicipalityQuery>,
) -> AppResult<Response> {
    let q = query.q.unwrap_or_default();
    let page = query.page.unwrap_or(1).max(1);
    let (rows, total) = municipalities::search(state.db(), &q, page - 1, PER_PAGE).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    Ok(super::render(
        &state,
        &viewer,
        "admin/municipalities.html",
        context! {
            rows, total, q, page, pages, nav => "admin",
        },
    )?
    .into_response())
}

async fn editions_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    render_editions(&state, &viewer, StatusCode::OK, None).await
}

async fn render_editions(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    error: Option<String>,
) -> AppResult<Response> {
    let list = crate::accounts::editions::all(state.db()).await?;
    let mut rows = Vec::new();
    for e in &list {
        let eligible = editions::eligible(state.db(), e).await?.len();
        rows.push(context! {
            number => e.number, title => e.title, regions => e.region_list(), population_over => e.population_over,
            starts_on => e.starts_on.map(|d| d.to_string()), ends_on => e.ends_on.map(|d| d.to_string()),
            open => e.open, eligible,
        });
    }
    let regions = municipalities::regions(state.db()).await?;
    let page = super::render(
        state,
        viewer,
        "admin/editions.html",
        context! { rows, regions, error, nav => "admin" },
    )?;
    Ok((status, page).into_response())
}

struct EditionForm {
    number: String,
    title: String,
    regions: Vec<String>,
    population_over: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
}

async fn add_edition(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    // A multiple select sends `regions` once per choice: collect them from the pairs.
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let form = EditionForm {
        number: get("number").unwrap_or_default(),
        title: get("title").unwrap_or_default(),
        regions: pairs
            .iter()
            .filter(|(k, _)| k == "regions")
            .map(|(_, v)| v.clone())
            .collect(),
        population_over: get("population_over").unwrap_or_default(),
        starts_on: get("starts_on"),
        ends_on: get("ends_on"),
    };
    let parse_date = |v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<chrono::NaiveDate>())
    };
    let (Ok(number), Ok(population_over)) = (
        form.number.trim().parse::<i32>(),
        form.population_over.trim().parse::<i32>(),
    ) else {
        return render_editions(
            &state,
            &viewer,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("numero e soglia di popolazione devono essere numeri interi".into()),
        )
        .await;
    };
    let (starts_on, ends_on) = match (
        parse_date(&form.starts_on).transpose(),
        parse_date(&form.ends_on).transpose(),
    ) {
        (Ok(s), Ok(e)) => (s, e),
        _ => {
            return render_editions(
                &state,
                &viewer,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("date non valide".into()),
            )
            .await;
        }
    };
    let new = NewEdition {
        number,
        title: form.title,
        regions: form.regions,
        population_over,
        starts_on,
        ends_on,
    };
    match editions::add(state.db(), new).await {
        Ok(_) => Ok(Redirect::to("/admin/editions").into_response()),
        Err(EditionError::Invalid { message, .. }) => {
            render_editions(
                &state,
                &viewer,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(message),
            )
            .await
        }
        Err(duplicate @ EditionError::Duplicate(_)) => {
            render_editions(
                &state,
                &viewer,
                StatusCode::CONFLICT,
                Some(duplicate.to_string()),
            )
            .await
        }
        Err(EditionError::Db(e)) => Err(e.into()),
    }
}

async fn tokens_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    render_tokens(&state, &viewer, None).await
}

async fn render_tokens(
    state: &AppState,
    viewer: &Viewer,
    created: Option<String>,
) -> AppResult<Response> {
    let tokens = sessions::list_tokens(state.db()).await?;
    let rows: Vec<_> = tokens
        .iter()
        .map(|t| context! {
            id => t.id, name => t.name, created_at => t.created_at.format("%Y-%m-%d %H:%M").to_string(),
            last_used_at => t.last_used_at.map(|d| d.format("%Y-%m-%d %H:%M").to_string()),
            revoked => t.revoked_at.is_some(),
        })
        .collect();
    Ok(super::render(
        state,
        viewer,
        "admin/tokens.html",
        context! { rows, created, nav => "admin" },
    )?
    .into_response())
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    let name = if form.name.trim().is_empty() {
        "integrazione".to_string()
    } else {
        form.name
    };
    let (_, secret) = sessions::create_token(state.db(), principal.user.id, &name).await?;
    render_tokens(&state, &viewer, Some(secret)).await
}

async fn revoke_token(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    sessions::revoke_token(state.db(), id).await?;
    Ok(Redirect::to("/admin/tokens").into_response())
}
