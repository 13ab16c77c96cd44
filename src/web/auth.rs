//! Authentication and authorization at the edge: resolves who is calling (session
//! cookie or `Authorization: Bearer` token), enforces the access rule of the matched
//! route, and checks CSRF on every state-changing request.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::{Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Serialize;
use subtle::ConstantTimeEq;

use crate::accounts::access;
use crate::accounts::{Role, sessions, tokens};
use crate::app::AppState;
use crate::db::users::{self, User, tutor_scope};
use crate::error::AppError;

/// The signed-in caller.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The account.
    pub user: User,
    /// Its role.
    pub role: Role,
    /// A tutor's cohort scopes.
    pub scopes: Vec<tutor_scope::Model>,
    /// The session cookie value, when signed in through the browser.
    pub session_cookie: Option<String>,
}

/// What every page needs to know about the visitor.
#[derive(Clone, Debug, Serialize)]
pub struct Viewer {
    /// The signed-in user, if any.
    pub user: Option<ViewerUser>,
    /// CSRF token to put in forms.
    pub csrf_token: String,
}

/// The user as templates see it.
#[derive(Clone, Debug, Serialize)]
pub struct ViewerUser {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("authentication layer missing")))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| AppError::Unauthorized("accesso richiesto".into()))
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for Principal {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Principal>().cloned())
    }
}

/// The value of a request cookie; an empty value counts as none.
fn cookie_value(jar: &CookieJar, name: &str) -> Option<String> {
    jar.get(name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// A cookie with Aula's attributes: sent to the whole site, hidden from scripts, left
/// out of cross-site posts, and over HTTPS only when the site is served over HTTPS.
/// An empty value with a zero lifetime clears the cookie.
pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    lifetime: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(lifetime.num_seconds()))
        .secure(state.config().secure_cookies())
        .build()
}

/// The client address, for throttling.
pub fn client_address(request: &Request) -> String {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Middleware: who is calling, may they call this route, and is a form genuine.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match guard(&state, request, next).await {
        Ok(response) | Err(response) => response,
    }
}

async fn guard(state: &AppState, mut request: Request, next: Next) -> Result<Response, Response> {
    let is_api = request.uri().path().starts_with("/api/");
    let db = state.db();
    // 1. Who is calling.
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_string);
    let jar = CookieJar::from_headers(request.headers());
    let session_cookie = cookie_value(&jar, sessions::COOKIE);
    let mut csrf = None;
    let user = if let Some(secret) = bearer {
        match sessions::resolve_token(db, &secret).await {
            Ok(Some(user)) => Some(user),
            Ok(None) => {
                return Err(
                    AppError::Unauthorized("token API non valido o revocato".into())
                        .into_response(),
                );
            }
            Err(e) => return Err(AppError::from(e).into_response()),
        }
    } else if let Some(value) = &session_cookie {
        match state.resolve_session(value).await {
            Ok(Some((user, session))) => {
                csrf = Some(session.csrf_token);
                Some(user)
            }
            Ok(None) => None,
            Err(e) => return Err(AppError::from(e).into_response()),
        }
    } else {
        None
    };
    let principal = match user {
        Some(user) => {
            let role = Role::parse(&user.role).unwrap_or(Role::Learner);
            let scopes = if role == Role::Tutor {
                users::scopes(db, user.id)
                    .await
                    .map_err(|e| AppError::from(e).into_response())?
            } else {
                Vec::new()
            };
            Some(Principal {
                user,
                role,
                scopes,
                session_cookie: session_cookie.clone().filter(|_| csrf.is_some()),
            })
        }
        None => None,
    };

    // 2. May they call this route.
    let method = request.method().clone();
    if let Some(path) = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
    {
        let Some(rule) = access::rule(method.as_str(), &path) else {
            if access::has_rules(&path) {
                // Known path, other method: the router answers 405.
                return Ok(next.run(request).await);
            }
            tracing::error!(%method, %path, "route has no access rule; refusing it");
            return Err(AppError::Forbidden.into_response());
        };
        let role = principal.as_ref().map(|p| p.role);
        if !rule.allows(role) {
            return Err(match (role, is_api) {
                (None, false) => {
                    let next = request
                        .uri()
                        .path_and_query()
                        .map(|p| p.as_str())
                        .unwrap_or("/");
                    Redirect::to(&format!("/login?next={}", urlencode(next))).into_response()
                }
                (None, true) => AppError::Unauthorized("accesso richiesto".into()).into_response(),
                (Some(_), _) => AppError::Forbidden.into_response(),
            });
        }
    }

    // 3. CSRF: pages check the form token; the API checks where the request comes from.
    let anonymous_csrf = cookie_value(&jar, sessions::CSRF_COOKIE);
    let mut new_csrf_cookie = None;
    let csrf_token = match (&csrf, &anonymous_csrf) {
        (Some(token), _) => token.clone(),
        (None, Some(token)) => token.clone(),
        (None, None) => {
            let token = tokens::generate("");
            new_csrf_cookie = Some(token.clone());
            token
        }
    };
    let unsafe_method = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if is_api {
            if cross_site(&request, state) {
                return Err(AppError::Forbidden.into_response());
            }
        } else {
            let (checked, rebuilt) = check_form_token(request, &csrf_token).await;
            request = rebuilt;
            if !checked {
                return Err(AppError::CsrfRejected.into_response());
            }
        }
    }

    let viewer = Viewer {
        user: principal.as_ref().map(|p| ViewerUser {
            id: p.user.id,
            name: p.user.name.clone(),
            role: p.role,
        }),
        csrf_token,
    };
    request.extensions_mut().insert(viewer);
    if let Some(p) = principal {
        request.extensions_mut().insert(p);
    }
    let response = next.run(request).await;
    Ok(match new_csrf_cookie {
        Some(token) => {
            let csrf_cookie = cookie(
                state,
                sessions::CSRF_COOKIE,
                token,
                chrono::Duration::days(1),
            );
            (CookieJar::new().add(csrf_cookie), response).into_response()
        }
        None => response,
    })
}

/// Whether a state-changing API request was sent by another site's page.
fn cross_site(request: &Request, state: &AppState) -> bool {
    if let Some(site) = request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        return site == "cross-site";
    }
    match request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        Some(origin) => {
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            origin != state.config().base_url() && origin.split("://").nth(1) != Some(host)
        }
        None => false,
    }
}

/// Reads the form body (within the body limit) and compares its `csrf_token` field,
/// or the `x-csrf-token` header, with the expected token; returns the request with
/// its body restored.
async fn check_form_token(request: Request, expected: &str) -> (bool, Request) {
    let header_token = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, super::BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return (false, Request::from_parts(parts, Body::empty())),
    };
    let form_token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v)
        });
    let given = form_token.or(header_token).unwrap_or_default();
    let ok = !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()));
    (ok, Request::from_parts(parts, Body::from(bytes)))
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// A safe local redirect target (`next` parameters must stay on this site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/courses".into(),
    }
}
