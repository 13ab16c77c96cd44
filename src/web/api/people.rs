//! People and programme API: a user's record (cohort rule), the municipalities
//! eligible for an edition, enrolments.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
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

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_user))
        .routes(routes!(eligible_municipalities))
        .routes(routes!(enrol))
        .routes(routes!(withdraw))
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

/// The municipalities eligible for edition `n`.
#[utoipa::path(get, path = "/api/v1/editions/{n}/eligible-municipalities", tag = "people", params(("n" = i32, Path)),
    responses((status = 200, body = Eligible), (status = 404, body = ErrorBody)))]
pub async fn eligible_municipalities(
    State(state): State<AppState>,
    Path(n): Path<i32>,
) -> AppResult<Json<Eligible>> {
    let edition = editions::by_number(state.db(), n)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = editions::eligible(state.db(), &edition).await?;
    Ok(Json(Eligible {
        count: list.len(),
        municipalities: list
            .into_iter()
            .map(|m| EligibleMunicipality {
                istat: m.istat,
                name: m.name,
                region: m.region,
                population: m.population,
            })
            .collect(),
    }))
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
