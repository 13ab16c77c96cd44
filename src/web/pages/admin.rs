//! Administration pages: municipalities, editions, API tokens, the search log, the
//! reminders and the legal changes.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::api_tokens::{self, NewToken, TokenError};
use crate::accounts::editions::{self, EditionError, NewEdition};
use crate::accounts::municipalities;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::search::log as search_queries;
use crate::web::auth::{Principal, Viewer};
use crate::web::extract::{PageForm, PageNumber};
use crate::web::redirect;

/// Routes of the administration pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(index))
        .route("/admin/municipalities", get(municipalities_page))
        .route("/admin/search", get(search_log_page))
        .route("/admin/reminders", get(reminders_page))
        .route("/admin/library", get(library_page))
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

/// The legal changes found by imports: a word-level diff of each changed article and
/// the lessons that cite it, flagged when they need a new review.
async fn library_page(
    State(state): State<AppState>,
    viewer: Viewer,
    PageNumber(page): PageNumber,
) -> AppResult<Response> {
    let changes =
        crate::content::library::changes::page(state.db(), state.catalog(), state.library(), page)
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(super::render(
        &state,
        &viewer,
        "admin/library.html",
        context! { nav => "admin", ..minijinja::Value::from_serialize(&changes) },
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

/// The search of the municipalities page (its page number is a [`PageNumber`]).
#[derive(Deserialize)]
struct MunicipalityQuery {
    q: Option<String>,
}

/// Rows per page of long lists.
const PER_PAGE: u64 = 50;

async fn municipalities_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<MunicipalityQuery>,
    PageNumber(page): PageNumber,
) -> AppResult<Response> {
    let q = query.q.unwrap_or_default();
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

/// The new-edition form. A multiple select sends `regions` once per choice; a field
/// left out is empty, and so refused by the checks below rather than by the extractor.
#[derive(Deserialize)]
struct EditionForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    population_over: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
}

impl EditionForm {
    /// The edition asked for, or the message saying which field is not valid.
    fn parse(self) -> Result<NewEdition, String> {
        let (Ok(number), Ok(population_over)) = (
            self.number.trim().parse::<i32>(),
            self.population_over.trim().parse::<i32>(),
        ) else {
            return Err("numero e soglia di popolazione devono essere numeri interi".into());
        };
        let (Ok(starts_on), Ok(ends_on)) = (
            parse_date(self.starts_on.as_deref()),
            parse_date(self.ends_on.as_deref()),
        ) else {
            return Err("date non valide".into());
        };
        Ok(NewEdition {
            number,
            title: self.title,
            regions: self.regions,
            population_over,
            starts_on,
            ends_on,
        })
    }
}

/// An optional date field: empty or absent is no date.
fn parse_date(value: Option<&str>) -> Result<Option<chrono::NaiveDate>, chrono::ParseError> {
    value.filter(|s| !s.is_empty()).map(str::parse).transpose()
}

async fn add_edition(
    State(state): State<AppState>,
    viewer: Viewer,
    PageForm(form): PageForm<EditionForm>,
) -> AppResult<Response> {
    let (status, message) = match form.parse() {
        Err(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
        Ok(new) => match editions::add(state.db(), new).await {
            Ok(_) => return Ok(redirect::to("/admin/editions")),
            Err(EditionError::Invalid { message, .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, message)
            }
            Err(duplicate @ EditionError::Duplicate(_)) => {
                (StatusCode::CONFLICT, duplicate.to_string())
            }
            Err(EditionError::Db(e)) => return Err(e.into()),
        },
    };
    render_editions(&state, &viewer, status, Some(message)).await
}

async fn tokens_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
) -> AppResult<Response> {
    render_tokens(&state, &viewer, &principal, StatusCode::OK, None, None).await
}

async fn render_tokens(
    state: &AppState,
    viewer: &Viewer,
    principal: &Principal,
    status: StatusCode,
    created: Option<String>,
    error: Option<String>,
) -> AppResult<Response> {
    let when = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d %H:%M").to_string();
    let rows: Vec<_> = api_tokens::list(state.db())
        .await?
        .into_iter()
        .map(|t| {
            context! {
                id => t.id, name => t.name, owner => t.owner, scopes => t.scopes.join(" "),
                created_at => when(t.created_at), expires_at => t.expires_at.map(when),
                last_used_at => t.last_used_at.map(when),
                revoked => t.revoked_at.is_some(), active => t.active,
            }
        })
        .collect();
    let page = super::render(
        state,
        viewer,
        "admin/tokens.html",
        context! {
            rows, created, error, nav => "admin",
            scopes => api_tokens::scopes_for(principal.role),
            default_days => api_tokens::DEFAULT_DAYS, max_days => api_tokens::MAX_DAYS,
        },
    )?;
    Ok((status, page).into_response())
}

/// The form of a new token: a name, the scopes ticked, a lifetime in days.
#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: Vec<String>,
    #[serde(default)]
    days: String,
}

/// Creates a token acting as the signed-in administrator (pages take no token, so
/// only a signed-in browser gets here).
async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    PageForm(form): PageForm<TokenForm>,
) -> AppResult<Response> {
    let days = match form.days.trim() {
        "" => None,
        days => match days.parse::<u32>() {
            Ok(days) => Some(days),
            Err(_) => {
                let message = format!("durata da 1 a {} giorni", api_tokens::MAX_DAYS);
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return render_tokens(&state, &viewer, &principal, status, None, Some(message))
                    .await;
            }
        },
    };
    let new = NewToken {
        name: form.name,
        scopes: form.scope,
        days,
    };
    match api_tokens::create(state.db(), &principal.user, new).await {
        Ok((_, secret)) => {
            render_tokens(
                &state,
                &viewer,
                &principal,
                StatusCode::OK,
                Some(secret),
                None,
            )
            .await
        }
        Err(invalid @ TokenError::Invalid { .. }) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_tokens(
                &state,
                &viewer,
                &principal,
                status,
                None,
                Some(invalid.to_string()),
            )
            .await
        }
        Err(TokenError::Db(e)) => Err(e.into()),
    }
}

async fn revoke_token(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    api_tokens::revoke(state.db(), id).await?;
    Ok(redirect::to("/admin/tokens"))
}
