//! Turns every failed request into the answer its caller expects: under `/api` an
//! RFC 9457 problem (`application/problem+json`: `type`, `title`, `status`, `detail`)
//! that also carries `{"error": {"code", "message"}}`, an HTML error page elsewhere.
//!
//! Handlers return [`AppError`]; routing and layers (unknown path, wrong method,
//! timeout, panic) produce bare statuses, and axum's extractors (path, query, form,
//! JSON) reject in plain text. [`render_errors`] renders all three kinds, so no error
//! reaches a client as an empty or foreign-looking body, and gives every 503 (the
//! database out of reach, the readiness probe failing) a `Retry-After`.

use std::any::Any;
use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

use crate::app::AppState;
use crate::error::{AppError, PendingError};

/// Fallback for paths no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Refuses a body announced larger than the limit before reading any of it.
pub async fn reject_oversized(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > super::BODY_LIMIT) {
        return AppError::PayloadTooLarge {
            limit: super::BODY_LIMIT,
        }
        .into_response();
    }
    next.run(request).await
}

/// Response for a handler that panicked: logged, then rendered as a 500.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    AppError::Internal(anyhow::anyhow!("handler panicked: {detail}")).into_response()
}

/// Middleware: renders pending errors and bare error statuses.
pub async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let wants_json = request.uri().path().starts_with("/api/");
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // The account's choice is not known here: the visitor's cookie or browser decides.
    let lang = crate::render::i18n::negotiate(
        None,
        axum_extra::extract::cookie::CookieJar::from_headers(request.headers())
            .get(crate::web::pages::language::LANG_COOKIE)
            .map(|c| c.value()),
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let response = next.run(request).await;

    let pending = response.extensions().get::<PendingError>().cloned();
    let status = response.status();
    let (error, response) = match pending {
        Some(PendingError(error)) => (error, response),
        None if status.as_u16() < 400 => return response,
        None => match response.headers().get(header::CONTENT_TYPE) {
            None => (Arc::new(AppError::from_status(status)), response),
            Some(kind) if kind.as_bytes().starts_with(b"text/plain") => {
                let (parts, body) = response.into_parts();
                let text = axum::body::to_bytes(body, REJECTION_LIMIT)
                    .await
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default();
                let error = Arc::new(rejection(status, &text));
                (error, Response::from_parts(parts, Body::empty()))
            }
            // A body of its own (the readiness report): it stands.
            Some(_) => return with_retry_after(response),
        },
    };

    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = if wants_json {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::error::PROBLEM_JSON),
        );
        Json(error.body()).into_response().into_body()
    } else {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        Html(error_page(&state, &error, &request_id, lang))
            .into_response()
            .into_body()
    };
    parts.status = error.status();
    with_retry_after(Response::from_parts(parts, body))
}

/// A 503 tells the client when to come back (unless it already says so).
fn with_retry_after(mut response: Response) -> Response {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert(HeaderValue::from(crate::error::RETRY_AFTER_SECONDS));
    }
    response
}

/// Longest plain-text rejection read to be rendered again.
const REJECTION_LIMIT: usize = 16 * 1024;

/// The error for a plain-text rejection of axum's extractors (`Path`, `Query`,
/// `Form`, `Json`), keeping what it says about the input.
fn rejection(status: StatusCode, text: &str) -> AppError {
    let text = text.trim();
    match status {
        StatusCode::BAD_REQUEST => AppError::BadRequest(format!("richiesta non valida ({text})")),
        StatusCode::UNPROCESSABLE_ENTITY => AppError::Validation {
            field: None,
            message: format!("dati non validi ({text})"),
        },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            AppError::UnsupportedMediaType(format!("tipo di contenuto non supportato ({text})"))
        }
        status if status.is_server_error() => {
            tracing::error!(%status, detail = %text, "plain-text server error");
            AppError::from_status(status)
        }
        status => AppError::from_status(status),
    }
}

/// The HTML error page; falls back to a static page if the template cannot render.
fn error_page(state: &AppState, error: &AppError, request_id: &str, lang: &str) -> String {
    let status = error.status();
    let key = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::UNAUTHORIZED => "error-unauthorized",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        s if s.is_server_error() => "error-server",
        _ => "error-client",
    };
    let ctx = context! {
        status => status.as_u16(),
        title_key => key,
        message => error.to_string(),
        request_id => request_id,
        server_error => status.is_server_error(),
        lang => lang,
    };
    state
        .templates()
        .render("errors/error.html", ctx)
        .unwrap_or_else(|err| {
            tracing::error!(error = %err, "error page failed to render");
            format!(
                "<!doctype html><html lang=\"it\"><meta charset=\"utf-8\"><title>Errore {}</title><h1>Errore {}</h1>",
                status.as_u16(),
                status.as_u16()
            )
        })
}

/// An empty body with a status, for handlers that need one.
pub fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}
