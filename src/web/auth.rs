//! Authentication and authorization at the edge: resolves who is calling (session
//! cookie or `Authorization: Bearer` token), enforces the access rule of the matched
//! route, and checks CSRF on every state-changing request.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Serialize;
use subtle::ConstantTimeEq;

use crate::accounts::access::{self, Scope};
use crate::accounts::api_tokens;
use crate::accounts::directory::{self as users, User, tutor_scope};
use crate::accounts::{Role, sessions, tokens};
use crate::app::AppState;
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
    /// The scopes of the API token the caller came with (None: a browser session).
    pub token_scopes: Option<Vec<Scope>>,
}

/// What every page needs to know about the visitor.
#[derive(Clone, Debug, Serialize)]
pub struct Viewer {
    /// The signed-in user, if any.
    pub user: Option<ViewerUser>,
    /// CSRF token to put in forms.
    pub csrf_token: String,
    /// The language of the page (see [`crate::render::i18n::negotiate`]).
    pub lang: &'static str,
    /// The page's path and query, where the language switcher comes back to.
    pub here: String,
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

async fn guard(state: &AppState, request: Request, next: Next) -> Result<Response, Response> {
    let is_api = request.uri().path().starts_with("/api/");
    let jar = CookieJar::from_headers(request.headers());
    let bearer = match matched_rule(&request) {
        _ if is_api => BearerUse::Resolve,
        Some(rule) if rule.access != access::Access::Public => BearerUse::Refuse,
        // A public page (or no page: 404, 405) gives a token nothing: the caller is
        // whoever the cookie says.
        _ => BearerUse::Ignore,
    };
    let caller = identify(state, request.headers(), &jar, bearer)
        .await
        .map_err(IntoResponse::into_response)?;
    match check_access(&request, caller.principal.as_ref(), is_api) {
        Route::Allowed => {}
        // Known path, other method: the router answers 405.
        Route::OtherMethod => return Ok(next.run(request).await),
        Route::Refused(response) => return Err(response),
    }
    let (csrf_token, new_csrf_cookie) = match caller
        .csrf
        .or_else(|| cookie_value(&jar, sessions::CSRF_COOKIE))
    {
        Some(token) => (token, None),
        None => {
            let token = tokens::generate("");
            (token.clone(), Some(token))
        }
    };
    let mut request = check_csrf(state, request, &csrf_token, is_api).await?;
    let lang = crate::render::i18n::negotiate(
        caller
            .principal
            .as_ref()
            .and_then(|p| p.user.language.as_deref()),
        cookie_value(&jar, crate::web::pages::language::LANG_COOKIE).as_deref(),
        request
            .headers()
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    // Where the switcher comes back to: the page, with its query unless that carries
    // a `next` of its own (the sign-in page's, which is not repeated); a very long
    // address (nobody's page) is not worth repeating in every form.
    let uri = request.uri();
    let here = match uri.query() {
        Some(q) if !q.split('&').any(|p| p.starts_with("next=")) => {
            format!("{}?{q}", uri.path())
        }
        _ => uri.path().to_string(),
    };
    let here = if here.len() <= 512 {
        here
    } else {
        "/".to_string()
    };
    request.extensions_mut().insert(Viewer {
        user: caller.principal.as_ref().map(|p| ViewerUser {
            id: p.user.id,
            name: p.user.name.clone(),
            role: p.role,
        }),
        csrf_token,
        lang,
        here,
    });
    if let Some(p) = caller.principal {
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

/// Who is calling, and the CSRF token of their session.
struct Caller {
    principal: Option<Principal>,
    /// The session's CSRF token; None without a browser session.
    csrf: Option<String>,
}

/// What an `Authorization: Bearer` token counts for on a route.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BearerUse {
    /// The JSON API: the token must be valid and identifies the caller.
    Resolve,
    /// A public page: the token is not looked at.
    Ignore,
    /// Any other page: a token is refused (401).
    Refuse,
}

/// The access rule of the route the request matched, if any.
fn matched_rule(request: &Request) -> Option<access::Rule> {
    let path = request.extensions().get::<MatchedPath>()?.as_str();
    access::rule(request.method().as_str(), path)
}

/// Resolves the caller from an `Authorization: Bearer` token (on the JSON API only,
/// where it must be valid) or the session cookie (an unknown one makes an anonymous
/// visitor).
async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    jar: &CookieJar,
    use_bearer: BearerUse,
) -> Result<Caller, AppError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|_| use_bearer != BearerUse::Ignore);
    let session_cookie = cookie_value(jar, sessions::COOKIE);
    let (user, csrf, token_scopes) = if let Some(secret) = bearer {
        if use_bearer == BearerUse::Refuse {
            return Err(AppError::Unauthorized(
                "i token API valgono solo per le rotte /api/".into(),
            ));
        }
        let bearer = api_tokens::resolve(state.db(), secret)
            .await?
            .ok_or_else(|| {
                AppError::Unauthorized("token API non valido, scaduto o revocato".into())
            })?;
        (Some(bearer.user), None, Some(bearer.scopes))
    } else if let Some(value) = &session_cookie {
        match state.resolve_session(value).await? {
            Some((user, session)) => (Some(user), Some(session.csrf_token), None),
            None => (None, None, None),
        }
    } else {
        (None, None, None)
    };
    let principal = match user {
        Some(user) => {
            let session_cookie = session_cookie.filter(|_| csrf.is_some());
            Some(principal(state, user, session_cookie, token_scopes).await?)
        }
        None => None,
    };
    Ok(Caller { principal, csrf })
}

/// The caller with their role and, for a tutor, their cohort scopes.
async fn principal(
    state: &AppState,
    user: User,
    session_cookie: Option<String>,
    token_scopes: Option<Vec<Scope>>,
) -> Result<Principal, AppError> {
    let role = user.role;
    let scopes = if role == Role::Tutor {
        users::scopes(state.db(), user.id).await?
    } else {
        Vec::new()
    };
    Ok(Principal {
        user,
        role,
        scopes,
        session_cookie,
        token_scopes,
    })
}

/// How the access rule applies to a request.
enum Route {
    /// The rule allows the caller, or the path is unknown (the router answers 404).
    Allowed,
    /// The path has rules, but not for this method.
    OtherMethod,
    /// The caller may not: the answer to send.
    Refused(Response),
}

/// Applies the matched route's access rule: an anonymous visitor of a page goes to
/// the sign-in page, of the API gets 401; a signed-in caller without the right role
/// gets 403, and so does a token without the route's scope (or on a route no token may
/// call), and any route without a rule.
fn check_access(request: &Request, caller: Option<&Principal>, is_api: bool) -> Route {
    let role = caller.map(|p| p.role);
    let Some(path) = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
    else {
        return Route::Allowed;
    };
    let method = request.method();
    let Some(rule) = access::rule(method.as_str(), path) else {
        if access::has_rules(path) {
            return Route::OtherMethod;
        }
        tracing::error!(%method, %path, "route has no access rule; refusing it");
        return Route::Refused(AppError::Forbidden.into_response());
    };
    if let Some(scopes) = caller.and_then(|p| p.token_scopes.as_deref())
        && !rule.admits(scopes)
    {
        return Route::Refused(AppError::Forbidden.into_response());
    }
    if rule.allows(role) {
        return Route::Allowed;
    }
    Route::Refused(match (role, is_api) {
        (None, false) => {
            let next = request
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            super::redirect::to(&format!("/login?next={}", urlencode(next)))
        }
        (None, true) => AppError::Unauthorized("accesso richiesto".into()).into_response(),
        (Some(_), _) => AppError::Forbidden.into_response(),
    })
}

/// CSRF on state-changing requests: pages check the form token; the API checks where
/// the request comes from. Returns the request with its body intact.
async fn check_csrf(
    state: &AppState,
    request: Request,
    token: &str,
    is_api: bool,
) -> Result<Request, Response> {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return Ok(request);
    }
    if is_api {
        return if cross_site(&request, state) {
            Err(AppError::Forbidden.into_response())
        } else {
            Ok(request)
        };
    }
    match check_form_token(request, token).await {
        (true, request) => Ok(request),
        (false, _) => Err(AppError::CsrfRejected.into_response()),
    }
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

/// Reads the form body (within the body limit) and compares its `csrf_token` field
/// (of a URL-encoded or a `multipart/form-data` form), or the `x-csrf-token` header, with the expected token; returns the request with
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
    let multipart = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(super::multipart::boundary);
    let form_token = match multipart {
        // An upload form carries its token as one of its fields.
        Some(boundary) => super::multipart::parse(&bytes, &boundary)
            .ok()
            .and_then(|fields| super::multipart::text_field(&fields, "csrf_token")),
        None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| {
                pairs
                    .into_iter()
                    .find(|(k, _)| k == "csrf_token")
                    .map(|(_, v)| v)
            }),
    };
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

/// A safe local redirect target (`next` parameters must stay on this site): the one
/// check is [`super::redirect::local_target`].
pub use super::redirect::safe_next;
