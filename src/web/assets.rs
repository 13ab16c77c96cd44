//! Static assets (CSS, icons, small scripts), embedded in the binary. URLs carry a
//! content hash (`/assets/aula.css?v=…`), so they can be cached for a year.

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_embed::RustEmbed;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::AppError;

#[derive(RustEmbed)]
#[folder = "src/web/assets/"]
struct AssetFiles;

/// Routes under `/assets/`.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{*path}", get(serve_asset))
}

/// `/assets/<path>?v=<hash>` for an embedded asset, or None if there is none.
pub fn versioned_url(path: &str) -> Option<String> {
    let file = AssetFiles::get(path)?;
    Some(format!(
        "/assets/{path}?v={}",
        short_hash(&file.metadata.sha256_hash())
    ))
}

fn short_hash(hash: &[u8; 32]) -> String {
    hex::encode(&hash[..6])
}

#[derive(Deserialize)]
struct Version {
    v: Option<String>,
}

async fn serve_asset(Path(path): Path<String>, Query(version): Query<Version>) -> Response {
    let Some(file) = AssetFiles::get(&path) else {
        return AppError::NotFound.into_response();
    };
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let current = short_hash(&file.metadata.sha256_hash());
    // Only a URL naming the current content may be cached for good.
    let cache = if version.v.as_deref() == Some(current.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{current}\"")) {
        headers.insert(header::ETAG, etag);
    }
    response
}
