//! Session API: sign in and out, and who am I.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::Role;
use crate::accounts::directory::User;
use crate::accounts::sessions::{self, LoginError};
use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::auth::{Principal, cookie};
use crate::web::extract::ApiJson;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_session, delete_session))
        .routes(routes!(me))
}

/// Credentials.
#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A user as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct UserBody {
    /// Id.
    pub id: i32,
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// A learner's municipality (ISTAT code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// A learner's sector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

impl From<&User> for UserBody {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            municipality: u.municipality.clone(),
            sector: u.sector.clone(),
        }
    }
}

/// Answer of a sign-in.
#[derive(Serialize, ToSchema)]
pub struct SessionBody {
    /// The signed-in user.
    pub user: UserBody,
}

/// Signs in; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = Credentials,
    responses(
        (status = 200, body = SessionBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
        (status = 503, description = "Too many sign-ins being checked at once", body = ErrorBody),
    ))]
pub async fn create_session(
    State(state): State<AppState>,
    ConnectInfo(address): ConnectInfo<std::net::SocketAddr>,
    old: Option<Principal>,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    match sessions::login(
        state.db(),
        state.passwords(),
        &state.sign_in_limits(),
        &credentials.email,
        &credentials.password,
        &address.ip().to_string(),
    )
    .await
    {
        Ok((user, session)) => {
            if let Some(cookie) = old.and_then(|p| p.session_cookie) {
                state.end_session(&cookie).await?;
            }
            let jar = CookieJar::new().add(cookie(
                &state,
                sessions::COOKIE,
                session.cookie,
                sessions::SESSION_TTL,
            ));
            let body = Json(SessionBody {
                user: UserBody::from(&user),
            });
            Ok((jar, body).into_response())
        }
        Err(LoginError::Invalid) => Err(AppError::Unauthorized(LoginError::Invalid.to_string())),
        Err(LoginError::Throttled) => Err(AppError::TooManyRequests),
        Err(LoginError::Busy(_)) => Err(AppError::Unavailable),
        Err(LoginError::Db(e)) => Err(e.into()),
    }
}

/// Signs out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody)))]
pub async fn delete_session(
    State(state): State<AppState>,
    principal: Principal,
) -> AppResult<Response> {
    if let Some(cookie) = &principal.session_cookie {
        state.end_session(cookie).await?;
    }
    let cleared = cookie(
        &state,
        sessions::COOKIE,
        String::new(),
        chrono::Duration::zero(),
    );
    Ok((CookieJar::new().add(cleared), StatusCode::NO_CONTENT).into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = UserBody), (status = 401, body = ErrorBody)))]
pub async fn me(principal: Principal) -> Json<UserBody> {
    Json(UserBody::from(&principal.user))
}
