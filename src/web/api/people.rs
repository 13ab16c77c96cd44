//! People and programme API: a user's record (cohort rule), the municipalities
//! eligible for an edition, enrolments.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::session::UserBody;
use crate::accounts::enrolment::{self, EnrolError};
use crate::accounts::{access, directory as users, editions, municipalities};
use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::auth::Principal;
use crate::web::extract::ApiJson;
use crate::web::paging::{Limits, PageParams, respond};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(get_user))
        .routes(routes!(eligible_municipalities))
        .routes(routes!(enrol))
        .routes(routes!(withdraw))
}

/// The accounts, by id, a page at a time (admins): `role` (`learner`, `tutor`,
/// `admin`) narrows them; `limit` 1 to 1000, default 100; the `Link` header names the
/// next page. Every account listed counts as viewed in the log of who looked at whose
/// data.
#[utoipa::path(get, path = "/api/v1/users", tag = "people",
    params(("role" = Option<String>, Query, description = "learner, tutor or admin"),
        ("limit" = Option<u64>, Query, description = "accounts per page, 1 to 1000, default 100"),
        ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Vec<UserBody>, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    principal: Principal,
    OriginalUri(uri): OriginalUri,
    Query(filter): Query<UserFilter>,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let role = match filter.role.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(crate::accounts::Role::parse(raw).ok_or_else(|| {
            AppError::BadRequest("role non valido: learner, tutor o admin".into())
        })?),
    };
    let limit = paging.limit(Limits::LEARNERS)?;
    let after = paging
        .after()
        .map(crate::paging::decode::<i32>)
        .transpose()?;
    let page = users::page(state.db(), role, after, limit).await?;
    let ids: Vec<i32> = page.items.iter().map(|u| u.id).collect();
    use crate::privacy::access_log::{Kind, record};
    record(
        state.db(),
        principal.user.id,
        &ids,
        Kind::View,
        "/api/v1/users",
    )
    .await?;
    let next = page.next.clone();
    let body: Vec<UserBody> = page.items.iter().map(UserBody::from).collect();
    Ok(respond(&uri, body, next.as_deref()))
}

/// Filter of the accounts list.
#[derive(Debug, Default, Deserialize)]
pub struct UserFilter {
    /// A role.
    pub role: Option<String>,
}

/// One user: a learner sees only themselves, a tutor the learners of their cohort,
/// an admin everyone.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "people", params(("id" = i32, Path)),
    responses((status = 200, body = UserBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i32>,
) -> AppResult<Json<UserBody>> {
    let Some(user) = users::by_id(state.db(), id).await? else {
        // Tutors and learners must not learn which ids exist.
        return Err(if principal.role == crate::accounts::Role::Admin {
            AppError::NotFound
        } else {
            AppError::Forbidden
        });
    };
    let municipality = match &user.municipality {
        Some(code) => municipalities::find(state.db(), code).await?,
        None => None,
    };
    if !access::can_see_learner(
        &principal.user,
        &principal.scopes,
        &user,
        municipality.as_ref(),
    ) {
        return Err(AppError::Forbidden);
    }
    use crate::privacy::access_log::{Kind, record};
    let target = format!("/api/v1/users/{id}");
    record(state.db(), principal.user.id, &[id], Kind::View, &target).await?;
    Ok(Json(UserBody::from(&user)))
}

/// Municipalities eligible for an edition.
#[derive(Serialize, ToSchema)]
pub struct Eligible {
    /// How many.
    pub count: usize,
    /// Which, by region and name.
    pub municipalities: Vec<EligibleMunicipality>,
}

/// One eligible municipality.
#[derive(Serialize, ToSchema)]
pub struct EligibleMunicipality {
    /// ISTAT code.
    pub istat: String,
    /// Name.
    pub name: String,
    /// Region.
    pub region: String,
    /// 2011 population.
    pub population: i32,
}

/// The municipalities eligible for edition `n`: `count` is all of them, the list a
/// page at a time (`limit` 1 to 10000, default 1000, so that one page holds every
/// Italian municipality when asked; the `Link` header names the next page).
#[utoipa::path(get, path = "/api/v1/editions/{n}/eligible-municipalities", tag = "people",
    params(("n" = i32, Path),
        ("limit" = Option<u64>, Query, description = "municipalities per page, 1 to 10000, default 1000"),
        ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Eligible, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn eligible_municipalities(
    State(state): State<AppState>,
    Path(n): Path<i32>,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let limit = paging.limit(Limits::MUNICIPALITIES)?;
    let edition = editions::by_number(state.db(), n)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = editions::eligible(state.db(), &edition).await?;
    let count = list.len();
    let page = crate::paging::slice(
        list.into_iter().enumerate(),
        |(i, _)| *i,
        paging.after(),
        limit,
    )?;
    let next = page.next.clone();
    let body = Eligible {
        count,
        municipalities: page
            .items
            .into_iter()
            .map(|(_, m)| EligibleMunicipality {
                istat: m.istat,
                name: m.name,
                region: m.region,
                population: m.population,
            })
            .collect(),
    };
    Ok(respond(&uri, body, next.as_deref()))
}

/// An enrolment request.
#[derive(Deserialize, ToSchema)]
pub struct NewEnrolment {
    /// The learner's id.
    pub user: i32,
    /// Edition number.
    pub edition: i32,
    /// Course id.
    pub course: String,
}

/// An enrolment.
#[derive(Serialize, ToSchema)]
pub struct EnrolmentBody {
    /// Id.
    pub id: i32,
    /// Learner.
    pub user: i32,
    /// Edition number.
    pub edition: i32,
    /// Course.
    pub course: String,
}

/// Enrols a learner in a course of an edition (an admin's decision, eligible or not).
#[utoipa::path(post, path = "/api/v1/enrolments", tag = "people", request_body = NewEnrolment,
    responses((status = 201, body = EnrolmentBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enrol(
    State(state): State<AppState>,
    ApiJson(new): ApiJson<NewEnrolment>,
) -> AppResult<(StatusCode, Json<EnrolmentBody>)> {
    if state.catalog().course(&new.course).is_none() {
        return Err(AppError::Validation {
            field: Some("course".into()),
            message: "corso inesistente".into(),
        });
    }
    let request = enrolment::NewEnrolment {
        user: new.user,
        edition: new.edition,
        course: new.course,
    };
    let row = enrolment::enrol(state.db(), &request)
        .await
        .map_err(|err| match err {
            EnrolError::Invalid { field, message } => AppError::Validation {
                field: Some(field.into()),
                message: message.into(),
            },
            EnrolError::AlreadyEnrolled => AppError::Conflict {
                field: Some("course".into()),
                message: err.to_string(),
            },
            EnrolError::Db(e) => e.into(),
        })?;
    Ok((
        StatusCode::CREATED,
        Json(EnrolmentBody {
            id: row.id,
            user: row.user,
            edition: row.edition,
            course: row.course,
        }),
    ))
}

/// Withdraws a learner from a course (the record and its progress are kept).
#[utoipa::path(delete, path = "/api/v1/enrolments/{id}", tag = "people", params(("id" = i32, Path)),
    responses((status = 204, description = "Withdrawn"), (status = 404, body = ErrorBody)))]
pub async fn withdraw(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<StatusCode> {
    let learner = enrolment::withdraw(state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    state.forget_enrolments(learner);
    Ok(StatusCode::NO_CONTENT)
}
