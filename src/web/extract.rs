//! Extractors that answer bad input with a clear 4xx instead of axum's plain-text
//! rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body. Accepts `application/json`, `application/*+json` and the browser's
/// `application/csp-report`; syntax errors are 400, shape errors 422, both with the
/// line and column of the problem; a control character in a string is 400
/// ([`super::input::check_json`]).
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
        let value = serde_json::from_slice(&bytes).map_err(|err| {
            let place = format!("riga {}, colonna {}", err.line(), err.column());
            match err.classify() {
                serde_json::error::Category::Data => AppError::Validation {
                    field: None,
                    message: format!("JSON non valido ({place}): {err}"),
                },
                _ => AppError::BadRequest(format!("JSON malformato ({place})")),
            }
        })?;
        super::input::check_json(&bytes)?;
        Ok(ApiJson(value))
    }
}

/// A URL-encoded form body from a page. A key sent more than once (checkboxes, a
/// multiple select) fills a `Vec` field, or each value of a map to `Vec`s; a body
/// that is not a form is 415, one that does not fit the shape 422, a field with a
/// control character other than a tab or a line break 400
/// ([`super::input::check_form`]).
pub struct PageForm<T>(pub T);

impl<T, S> FromRequest<S> for PageForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge {
                        limit: super::BODY_LIMIT,
                    }
                } else {
                    AppError::BadRequest(format!("modulo illeggibile: {rejection}"))
                }
            })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        super::input::check_form(&pairs)?;
        let request = Request::from_parts(parts, axum::body::Body::from(bytes));
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

/// The page number of a paged list, from `?page=` (absent: 1). Anything but a whole
/// number from 1 up (to 2³²−1) is a 400 that says so; whether the page exists is for
/// the handler to say (a 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNumber(pub u64);

impl PageNumber {
    /// The page asked for by a query string.
    pub fn parse(query: Option<&str>) -> Result<Self, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or_default())
            .map_err(|_| {
                AppError::BadRequest("indirizzo non valido: parametri illeggibili".into())
            })?;
        let Some((_, value)) = pairs.into_iter().find(|(key, _)| key == "page") else {
            return Ok(Self(1));
        };
        // At most u32::MAX, so that no page's offset can overflow a query.
        match value.trim().parse::<u32>() {
            Ok(page) if page >= 1 => Ok(Self(u64::from(page))),
            _ => Err(AppError::BadRequest(format!(
                "numero di pagina non valido («{value}»): indica un numero intero da 1 in su"
            ))),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageNumber {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Self::parse(parts.uri.query())
    }
}

#[cfg(test)]
mod tests {
    use super::PageNumber;

    #[test]
    fn page_numbers_are_whole_numbers_from_one() {
        assert_eq!(PageNumber::parse(None).ok(), Some(PageNumber(1)));
        assert_eq!(PageNumber::parse(Some("q=x")).ok(), Some(PageNumber(1)));
        assert_eq!(PageNumber::parse(Some("page=3")).ok(), Some(PageNumber(3)));
        for bad in [
            "page=0",
            "page=-1",
            "page=abc",
            "page=",
            "page=1.5",
            "page=4294967296",
        ] {
            let error = PageNumber::parse(Some(bad)).expect_err(bad);
            assert_eq!(error.status(), axum::http::StatusCode::BAD_REQUEST, "{bad}");
            assert!(
                error.to_string().contains("numero di pagina"),
                "{bad}: {error}"
            );
        }
    }
}
