//! The tutor's first page: the learners of the cohort (an admin sees everyone).

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

use crate::accounts::Role;
use crate::app::AppState;
use crate::db::municipalities;
use crate::db::users::user;
use crate::error::AppResult;
use crate::web::auth::{Principal, Viewer};

/// Routes of the tutor pages.
pub fn router() -> Router<AppState> {
    Router::new().route("/tutor", get(cohort))
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<u64>,
}

const PER_PAGE: u64 = 50;

async fn cohort(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let mut select = user::Entity::find()
        .filter(user::Column::Role.eq("learner"))
        .order_by_asc(user::Column::Name);
    if principal.role == Role::Tutor {
        let regions: Vec<String> = principal
            .scopes
            .iter()
            .filter(|s| s.kind == "region")
            .map(|s| s.value.clone())
            .collect();
        let mut codes: Vec<String> = principal
            .scopes
            .iter()
            .filter(|s| s.kind == "municipality")
            .map(|s| s.value.clone())
            .collect();
        if !regions.is_empty() {
            let in_regions = municipalities::Entity::find()
                .filter(municipalities::Column::Region.is_in(regions))
                .all(state.db())
                .await?;
            codes.extend(in_regions.into_iter().map(|m| m.istat));
        }
        select = select.filter(user::Column::Municipality.is_in(codes));
    }
    let page = q.page.unwrap_or(1).max(1);
    let paginator = select.paginate(state.db(), PER_PAGE);
    let total = paginator.num_items().await?;
    let learners = paginator.fetch_page(page - 1).await?;
    let codes: Vec<String> = learners
        .iter()
        .filter_map(|l| l.municipality.clone())
        .collect();
    let names = municipalities::Entity::find()
        .filter(municipalities::Column::Istat.is_in(codes))
        .all(state.db())
        .await?;
    let rows: Vec<_> = learners
        .iter()
        .map(|l| {
            let m = names
                .iter()
                .find(|m| Some(&m.istat) == l.municipality.as_ref());
            context! {
                id => l.id, name => l.name, email => l.email, sector => l.sector,
                municipality => m.map(|m| m.name.clone()), region => m.map(|m| m.region.clone()),
            }
        })
        .collect();
    Ok(super::render(
        &state,
        &viewer,
        "tutor/index.html",
        context! {
            rows, total, page, pages => total.div_ceil(PER_PAGE).max(1), nav => "tutor",
        },
    )?
    .into_response())
}
