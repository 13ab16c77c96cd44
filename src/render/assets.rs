//! Static assets (CSS, icons, small scripts) under `src/render/assets/`, embedded in
//! the binary. Their URLs carry a content hash (`/assets/aula.css?v=…`), so they can be
//! cached for a year; `web::assets` serves them.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "src/render/assets/"]
struct AssetFiles;

/// One embedded asset.
pub struct Asset {
    /// The file's bytes.
    pub data: Vec<u8>,
    /// A short hash of the content, as in its versioned URL.
    pub version: String,
}

/// The asset at `path`, if there is one.
pub fn get(path: &str) -> Option<Asset> {
    let file = AssetFiles::get(path)?;
    let version = hex::encode(&file.metadata.sha256_hash()[..6]);
    Some(Asset {
        data: file.data.into_owned(),
        version,
    })
}

/// `/assets/<path>?v=<hash>` for an embedded asset, or None if there is none.
pub fn versioned_url(path: &str) -> Option<String> {
    let file = AssetFiles::get(path)?;
    Some(format!(
        "/assets/{path}?v={}",
        hex::encode(&file.metadata.sha256_hash()[..6])
    ))
}
