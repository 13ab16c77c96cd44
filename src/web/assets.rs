//! Serves the static assets of [`crate::render::assets`] under `/assets/`: a URL naming
//! the current content hash is cached for a year, any other for five minutes.

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::AppError;
use crate::render::assets;

/// Routes under `/assets/`.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{*path}", get(serve_asset))
}

#[derive(Deserialize)]
struct Version {
    v: Option<String>,
}

async fn serve_asset(Path(path): Path<String>, Query(version): Query<Version>) -> Response {
    let Some(file) = assets::get(&path) else {
        return AppError::NotFound.into_response();
    };
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    // Only a URL naming the current content may be cached for good.
    let cache = if version.v.as_deref() == Some(file.version.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let etag = format!("\"{}\"", file.version);
    let mut response = file.data.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}
