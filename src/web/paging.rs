//! The web side of cursor pagination (`crate::paging`): reading `limit` and `after`
//! from the query string, and answering a page with the `Link` header (RFC 8288) that
//! names the next one. Every list of the API is paged this way; bodies keep their
//! shape (a list stays a JSON array), and the next page's address is in the header.

use axum::Json;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// Default and largest page of one list.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Items when the client does not say.
    pub default: u64,
    /// The most a client may ask for.
    pub max: u64,
}

impl Limits {
    /// Lists that grow with the number of learners (reports, users, certificates).
    pub const LEARNERS: Self = Self {
        default: 100,
        max: 1000,
    };
    /// Municipalities: one page can hold all of Italy's (about 7,900).
    pub const MUNICIPALITIES: Self = Self {
        default: 1000,
        max: 10_000,
    };
    /// Short lists (acts, seminars, a person's own records).
    pub const SHORT: Self = Self {
        default: 100,
        max: 500,
    };
}

/// `limit` and `after` as the client sent them.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    /// Items per page.
    pub limit: Option<String>,
    /// The cursor of the page before.
    pub after: Option<String>,
}

impl PageParams {
    /// The page size asked for: a whole number from 1 to `limits.max`, else a 400
    /// that says so.
    pub fn limit(&self, limits: Limits) -> AppResult<u64> {
        match self.limit.as_deref().map(str::trim) {
            None | Some("") => Ok(limits.default),
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=limits.max).contains(n))
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "limit non valido: indica un numero da 1 a {}",
                        limits.max
                    ))
                }),
        }
    }

    /// The cursor, if any (empty is none).
    pub fn after(&self) -> Option<&str> {
        self.after
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// The address of the next page: the request's own, with `after` set to `next`.
pub fn next_link(uri: &Uri, next: &str) -> Option<HeaderValue> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    let mut pairs: Vec<(String, String)> =
        pairs.into_iter().filter(|(k, _)| k != "after").collect();
    pairs.push(("after".into(), next.to_string()));
    let query = serde_urlencoded::to_string(&pairs).ok()?;
    HeaderValue::from_str(&format!("<{}?{query}>; rel=\"next\"", uri.path())).ok()
}

/// A page answered as JSON `body`, with the `Link` header when a next page exists.
pub fn respond<T: Serialize>(uri: &Uri, body: T, next: Option<&str>) -> Response {
    let mut response = Json(body).into_response();
    if let Some(link) = next.and_then(|n| next_link(uri, n)) {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// A page of a short list held in memory, in its own order, by position: for lists
/// whose order does not change between two requests (the catalog, the library, a
/// person's own records).
pub fn respond_positions<T: Serialize>(
    uri: &Uri,
    items: Vec<T>,
    params: &PageParams,
    limits: Limits,
) -> AppResult<Response> {
    let limit = params.limit(limits)?;
    let page = crate::paging::slice(
        items.into_iter().enumerate(),
        |(i, _)| *i,
        params.after(),
        limit,
    )?;
    let next = page.next.clone();
    Ok(respond(
        uri,
        page.map(|(_, item)| item).items,
        next.as_deref(),
    ))
}

/// A page of a short list held in memory and sorted by `key`.
pub fn respond_keyed<T: Serialize, K>(
    uri: &Uri,
    items: Vec<T>,
    key: impl Fn(&T) -> K,
    params: &PageParams,
    limits: Limits,
) -> AppResult<Response>
where
    K: PartialOrd + Serialize + serde::de::DeserializeOwned,
{
    let limit = params.limit(limits)?;
    let page = crate::paging::slice(items, key, params.after(), limit)?;
    Ok(respond(uri, page.items, page.next.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_keeps_the_filters_and_replaces_the_cursor() {
        let uri: Uri = "/api/v1/reports/learners?course=c&after=old&limit=5"
            .parse()
            .unwrap_or_default();
        let link = next_link(&uri, "NEW").map(|v| v.to_str().unwrap_or_default().to_string());
        assert_eq!(
            link.as_deref(),
            Some("</api/v1/reports/learners?course=c&limit=5&after=NEW>; rel=\"next\"")
        );
    }

    #[test]
    fn limits_are_checked() {
        let params = |l: &str| PageParams {
            limit: Some(l.into()),
            after: None,
        };
        assert_eq!(params("").limit(Limits::SHORT).ok(), Some(100));
        assert_eq!(params("7").limit(Limits::SHORT).ok(), Some(7));
        assert!(params("0").limit(Limits::SHORT).is_err());
        assert!(params("501").limit(Limits::SHORT).is_err());
        assert!(params("x").limit(Limits::SHORT).is_err());
    }
}
