//! Extractors that answer bad input with a clear 4xx instead of axum's plain-text
//! rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body. Accepts `application/json`, `application/*+json` and the browser's
/// `application/csp-report`; syntax errors are 400, shape errors 422, both with the
/// line and column of the problem.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        let is_json = essence == "application/json"
            || essence == "application/csp-report"
            || (essence.starts_with("application/") && essence.ends_with("+json"));
        if !is_json {
            return Err(AppError::UnsupportedMediaType(
                "il corpo della richiesta deve essere JSON (Content-Type: application/json)".into(),
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge {
                        limit: super::BODY_LIMIT,
                    }
                } else {
                    AppError::BadRequest(format!("corpo della richiesta illeggibile: {rejection}"))
                }
            })?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|err| {
            let place = format!("riga {}, colonna {}", err.line(), err.column());
            match err.classify() {
                serde_json::error::Category::Data => AppError::Validation {
                    field: None,
                    message: format!("JSON non valido ({place}): {err}"),
                },
                _ => AppError::BadRequest(format!("JSON malformato ({place})")),
            }
        })
    }
}

/// A URL-encoded form body from a page. A key sent more than once (checkboxes, a
/// multiple select) fills a `Vec` field, or each value of a map to `Vec`s; a body
/// that is not a form is 415, one that does not fit the shape 422.
pub struct PageForm<T>(pub T);

impl<T, S> FromRequest<S> for PageForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum_extra::extract::Form::<T>::from_request(request, state).await {
            Ok(form) => Ok(PageForm(form.0)),
            Err(rejection) => Err(match rejection.status() {
                StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(
                    "il corpo della richiesta deve essere un modulo \
                     (Content-Type: application/x-www-form-urlencoded)"
                        .into(),
                ),
                StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge {
                    limit: super::BODY_LIMIT,
                },
                StatusCode::UNPROCESSABLE_ENTITY => AppError::Validation {
                    field: None,
                    message: format!("modulo non valido: {}", rejection.body_text()),
                },
                _ => AppError::BadRequest(format!("modulo illeggibile: {}", rejection.body_text())),
            }),
        }
    }
}
