//! The one error type of the HTTP layer.
//!
//! Handlers return [`AppError`]; its `IntoResponse` only sets the status and stashes the
//! error in the response extensions. The web layer's error middleware then renders
//! it as JSON under `/api` and as an HTML error page elsewhere, so a handler never has to
//! know which of the two its caller wants. Details of 5xx errors are logged, never shown.
//!
//! A database unique violation is an answer, not a crash: whichever way it reaches
//! [`AppError`] (`?` on a `DbErr`, or wrapped in `anyhow`), it becomes a 409 whose field
//! and message come from one table of the schema's unique keys (`UNIQUE_KEYS`).
//!
//! A database that cannot be reached (stopped, restarting, refusing connections, the
//! pool timing out, SQLite busy) is not a bug either: such an error becomes
//! [`AppError::Unavailable`], a 503 with `Retry-After`, so clients and load balancers
//! know to come back rather than report a failure.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Everything a request can fail with, each variant with its HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed (bad JSON, bad query string).
    #[error("{0}")]
    BadRequest(String),
    /// 401: sign-in required or credentials wrong.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: signed in, but not allowed.
    #[error("non hai i permessi per questa operazione")]
    Forbidden,
    /// 403: a form without a valid CSRF token (stale page or forged request).
    #[error("modulo scaduto o non valido: ricarica la pagina e riprova")]
    CsrfRejected,
    /// 404: nothing at this address.
    #[error("pagina o risorsa non trovata")]
    NotFound,
    /// 405: the path exists but not with this method.
    #[error("metodo non consentito")]
    MethodNotAllowed,
    /// 408: the request took longer than the server allows.
    #[error("la richiesta ha impiegato troppo tempo")]
    Timeout,
    /// 409: the request conflicts with the current state (e.g. a duplicate).
    #[error("{message}")]
    Conflict {
        /// The field in conflict, if any.
        field: Option<String>,
        /// What the conflict is.
        message: String,
    },
    /// 413: the body is larger than the server accepts.
    #[error("il corpo della richiesta supera il limite di {limit} byte")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: the body is not of a supported media type.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: well-formed but invalid input.
    #[error("{message}")]
    Validation {
        /// The invalid field, if one is to blame.
        field: Option<String>,
        /// What is wrong with it.
        message: String,
    },
    /// 429: too many attempts; try again later.
    #[error("troppi tentativi: riprova più tardi")]
    TooManyRequests,
    /// 503: a dependency (database, index) is not usable right now; the answer carries
    /// `Retry-After: RETRY_AFTER_SECONDS`.
    #[error("servizio temporaneamente non disponibile: riprova tra qualche istante")]
    Unavailable,
    /// 500: a bug or an unexpected failure; the cause is logged, never shown.
    #[error("errore interno del server")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::CsrfRejected => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Timeout => StatusCode::REQUEST_TIMEOUT,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable, machine-readable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::CsrfRejected => "csrf_rejected",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Timeout => "timeout",
            Self::Conflict { .. } => "conflict",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Validation { .. } => "validation_failed",
            Self::TooManyRequests => "too_many_requests",
            Self::Unavailable => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The field to blame, for validation and conflict errors.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Conflict { field, .. } | Self::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The error for a bare status produced outside our handlers (routing, layers).
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => Self::Timeout,
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge {
                limit: crate::config::BODY_LIMIT,
            },
            StatusCode::UNAUTHORIZED => Self::Unauthorized("accesso richiesto".into()),
            StatusCode::FORBIDDEN => Self::Forbidden,
            StatusCode::TOO_MANY_REQUESTS => Self::TooManyRequests,
            StatusCode::SERVICE_UNAVAILABLE => Self::Unavailable,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                Self::UnsupportedMediaType("tipo di contenuto non supportato".into())
            }
            s if s.is_client_error() => Self::BadRequest(
                s.canonical_reason()
                    .unwrap_or("richiesta non valida")
                    .to_string(),
            ),
            _ => Self::Internal(anyhow::anyhow!("unexpected status {status}")),
        }
    }

    /// The body API clients receive: an RFC 9457 problem (`type`, `title`, `status`,
    /// `detail`) that also carries Aula's `{"error": {"code", "message"}}`.
    pub fn body(&self) -> ErrorBody {
        let status = self.status();
        let message = self.to_string();
        ErrorBody {
            kind: PROBLEM_TYPE.to_string(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: message.clone(),
            error: ErrorDetail {
                code: self.code().to_string(),
                message,
                field: self.field().map(str::to_string),
            },
        }
    }
}

/// The `Retry-After` of every 503, in seconds: about how long a database restart takes.
pub const RETRY_AFTER_SECONDS: u64 = 5;

/// Media type of API errors (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The problem type of every API error: its meaning is the HTTP status, refined by
/// `error.code`.
const PROBLEM_TYPE: &str = "about:blank";

/// JSON error body, served as `application/problem+json`: the RFC 9457 members and
/// Aula's envelope `{"error": {"code", "message"}}`.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Problem type (RFC 9457): `about:blank`, the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// The status's reason phrase, e.g. `Not Found`.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, in Italian (the same as `error.message`).
    pub detail: String,
    /// The error.
    pub error: ErrorDetail,
}

/// One error, as API clients see it.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Machine-readable code, e.g. `not_found`.
    pub code: String,
    /// Human-readable message, in Italian.
    pub message: String,
    /// The field to blame, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Marker left in the response extensions; the error middleware renders it.
#[derive(Clone)]
pub struct PendingError(pub std::sync::Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        // Handlers may wrap a database error in `Internal` themselves.
        let this = self.or_conflict();
        if let Self::Internal(cause) = &this {
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let mut response = this.status().into_response();
        if matches!(this, Self::Unavailable) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(RETRY_AFTER_SECONDS),
            );
        }
        response
            .extensions_mut()
            .insert(PendingError(std::sync::Arc::new(this)));
        response
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        conflict(&err)
            .or_else(|| unavailable(&err))
            .unwrap_or_else(|| Self::Internal(err.into()))
    }
}

impl From<crate::paging::BadCursor> for AppError {
    fn from(err: crate::paging::BadCursor) -> Self {
        Self::BadRequest(err.to_string())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        Self::Internal(err).or_conflict()
    }
}

impl AppError {
    /// A 500 whose cause is a unique violation is a race two requests lost to each
    /// other, not a bug: it becomes the 409 it would have been had they come in turn.
    /// One whose cause is a database out of reach becomes the 503 it is.
    fn or_conflict(self) -> Self {
        let Self::Internal(cause) = &self else {
            return self;
        };
        cause
            .chain()
            .find_map(|e| {
                e.downcast_ref::<sea_orm::DbErr>()
                    .and_then(|err| conflict(err).or_else(|| unavailable(err)))
            })
            .unwrap_or(self)
    }
}

/// The 503 for a database that cannot be reached right now; None for every other
/// database error.
fn unavailable(err: &sea_orm::DbErr) -> Option<AppError> {
    if !crate::db::unavailable::is_unavailable(err) {
        return None;
    }
    tracing::warn!(error = %err, "database unavailable: answered 503");
    Some(AppError::Unavailable)
}

/// A unique key of the schema and what a clash on it means to the person who caused it.
struct UniqueKey {
    /// Its name in PostgreSQL's message (an index, or the constraint PostgreSQL named).
    constraint: &'static str,
    /// Its columns as SQLite's message lists them (SQLite names no index).
    columns: &'static str,
    /// The field to blame.
    field: &'static str,
    /// What to tell the person.
    message: &'static str,
}

/// The unique keys a person can collide with; keys only the server writes (outbox,
/// progress, roll-ups) get the generic message. Names as in `migrations/src/`.
const UNIQUE_KEYS: &[UniqueKey] = &[
    UniqueKey {
        constraint: "users_email_key",
        columns: "users.email",
        field: "email",
        message: "esiste già un account con questo indirizzo e-mail",
    },
    UniqueKey {
        constraint: "uq_enrolments_user_edition_course",
        columns: "enrolments.user_id, enrolments.edition_id, enrolments.course_id",
        field: "course",
        message: "il discente è già iscritto a questo corso",
    },
    UniqueKey {
        constraint: "editions_number_key",
        columns: "editions.number",
        field: "number",
        message: "esiste già un'edizione con questo numero",
    },
    UniqueKey {
        constraint: "municipalities_pkey",
        columns: "municipalities.istat",
        field: "istat",
        message: "esiste già un Comune con questo codice ISTAT",
    },
    UniqueKey {
        constraint: "tutor_scopes_pkey",
        columns: "tutor_scopes.user_id, tutor_scopes.kind, tutor_scopes.value",
        field: "scopes",
        message: "il tutor segue già questa regione o questo Comune",
    },
];

/// For a key not in [`UNIQUE_KEYS`].
const GENERIC_CONFLICT: &str = "esiste già un elemento con questi dati";

/// The 409 for a unique violation, with the field and message of its key when known;
/// None for every other database error.
fn conflict(err: &sea_orm::DbErr) -> Option<AppError> {
    let Some(sea_orm::SqlErr::UniqueConstraintViolation(detail)) = err.sql_err() else {
        return None;
    };
    // The database's own words stay in the log: they can quote the clashing value.
    tracing::info!(detail = %detail, "unique violation answered as a conflict");
    Some(conflict_for(&detail))
}

/// The 409 for the database's message about a unique violation.
fn conflict_for(detail: &str) -> AppError {
    let key = UNIQUE_KEYS
        .iter()
        .find(|k| contains_name(detail, k.constraint) || contains_name(detail, k.columns));
    AppError::Conflict {
        field: key.map(|k| k.field.to_string()),
        message: key.map_or(GENERIC_CONFLICT, |k| k.message).to_string(),
    }
}

/// Whether `name` occurs in `text` as a whole name, so `users.email` is not found in
/// `old_users.email` nor `editions_number_key` in `editions_number_key2`.
fn contains_name(text: &str, name: &str) -> bool {
    let part_of_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part_of_name)
            && !text[at + name.len()..]
                .chars()
                .next()
                .is_some_and(part_of_name)
    })
}

/// Result of a handler.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The field and message a database message is answered with.
    fn answer(detail: &str) -> (Option<String>, String) {
        let err = conflict_for(detail);
        assert_eq!(err.status(), StatusCode::CONFLICT);
        (err.field().map(str::to_string), err.to_string())
    }

    #[test]
    fn both_backends_name_the_same_key() {
        // The messages as PostgreSQL and SQLite word them (names checked on both).
        for detail in [
            r#"duplicate key value violates unique constraint "users_email_key""#,
            "UNIQUE constraint failed: users.email",
        ] {
            assert_eq!(
                answer(detail),
                (
                    Some("email".into()),
                    "esiste già un account con questo indirizzo e-mail".into()
                )
            );
        }
        for detail in [
            r#"duplicate key value violates unique constraint "uq_enrolments_user_edition_course""#,
            "UNIQUE constraint failed: enrolments.user_id, enrolments.edition_id, enrolments.course_id",
        ] {
            assert_eq!(answer(detail).0.as_deref(), Some("course"));
        }
    }

    #[test]
    fn an_unknown_key_gets_the_generic_message_and_no_field() {
        for detail in [
            r#"duplicate key value violates unique constraint "outbox_idempotency_key_key""#,
            "UNIQUE constraint failed: old_users.email",
            r#"duplicate key value violates unique constraint "users_email_key2""#,
        ] {
            assert_eq!(answer(detail), (None, GENERIC_CONFLICT.into()), "{detail}");
        }
    }

    #[test]
    fn a_pool_timeout_is_a_503_with_retry_after() {
        let err = AppError::from(sea_orm::DbErr::ConnectionAcquire(
            sea_orm::ConnAcquireErr::Timeout,
        ));
        assert!(matches!(err, AppError::Unavailable));
        let wrapped = AppError::from(
            anyhow::Error::new(sea_orm::DbErr::ConnectionAcquire(
                sea_orm::ConnAcquireErr::Timeout,
            ))
            .context("loading the dashboard"),
        );
        assert!(matches!(wrapped, AppError::Unavailable));
        let response = wrapped.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers().get(axum::http::header::RETRY_AFTER),
            Some(&axum::http::HeaderValue::from(RETRY_AFTER_SECONDS))
        );
    }

    #[test]
    fn names_match_whole() {
        assert!(contains_name("failed: users.email", "users.email"));
        assert!(contains_name(
            r#"constraint "users_email_key""#,
            "users_email_key"
        ));
        assert!(!contains_name("failed: old_users.email", "users.email"));
        assert!(!contains_name("failed: users.emails", "users.email"));
    }
}
