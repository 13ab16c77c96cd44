//! The one error type of the HTTP layer.
//!
//! Handlers return [`AppError`]; its `IntoResponse` only sets the status and stashes the
//! error in the response extensions. The web layer's error middleware then renders
//! it as JSON under `/api` and as an HTML error page elsewhere, so a handler never has to
//! know which of the two its caller wants. Details of 5xx errors are logged, never shown.

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
    /// 503: a dependency (database, index) is not usable right now.
    #[error("servizio temporaneamente non disponibile")]
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

    /// The body API clients receive.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
                field: self.field().map(str::to_string),
            },
        }
    }
}

/// JSON error envelope: `{"error": {"code", "message"}}`.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
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
        if let Self::Internal(cause) = &self {
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let mut response = self.status().into_response();
        response
            .extensions_mut()
            .insert(PendingError(std::sync::Arc::new(self)));
        response
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Internal(err.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        Self::Internal(err)
    }
}

/// Result of a handler.
pub type AppResult<T> = Result<T, AppError>;
