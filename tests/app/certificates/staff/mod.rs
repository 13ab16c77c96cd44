//! The staff's side of certificates: the admin pages (list with filters and a cursor,
//! detail with history, revoke, reissue, issue by hand, their mistakes beside the
//! fields) and their accessibility (`pages`), the ZIP downloads of a cohort and of an
//! edition read back with the `zip` crate (`zip`), the API with tokens and scopes
//! (`api`), and the `aula certificates` commands run from the built binary (`cli`).

mod api;
mod cli;
mod pages;
mod zip;

use aula::accounts::editions::{self, NewEdition};
use aula::db::certificates::certificate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, csrf_in};

/// The status and body of a GET by `client`.
pub async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// A form posted by `client` (with the CSRF token of its session): the answer.
pub async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    pairs: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = get(app, client, "/password/forgot").await;
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.push(("csrf_token".into(), csrf_in(&html)));
    client
        .post(app.url(path))
        .form(&pairs)
        .send()
        .await
        .unwrap()
}

/// Where a redirect points.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Creates edition 5 (Liguria) and moves the certificate `code` into it; returns
/// the edition's number.
pub async fn move_to_new_edition(app: &TestApp, code: &str) -> i32 {
    let edition = editions::add(
        app.state.db(),
        NewEdition {
            number: 5,
            title: "5ª edizione 2027".into(),
            regions: vec!["Liguria".into()],
            population_over: 0,
            starts_on: None,
            ends_on: None,
        },
    )
    .await
    .unwrap();
    let moved = certificate::Entity::update_many()
        .col_expr(certificate::Column::EditionId, edition.id.into())
        .filter(certificate::Column::Code.eq(code))
        .exec(app.state.db())
        .await
        .unwrap();
    assert_eq!(moved.rows_affected, 1);
    edition.number
}

/// The entries of a ZIP archive: each name, and whether its bytes are a PDF.
pub fn zip_entries(bytes: &[u8]) -> Vec<String> {
    let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut pdf = Vec::new();
        std::io::copy(&mut file, &mut pdf).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{} is a PDF", file.name());
        names.push(file.name().to_string());
    }
    names.sort();
    names
}

/// The codes of the entries of a ZIP archive (each name starts with its code).
pub fn zip_codes(bytes: &[u8]) -> Vec<String> {
    zip_entries(bytes)
        .iter()
        .map(|name| name[..19].to_string())
        .collect()
}

/// `codes`, sorted.
pub fn sorted(codes: &[&str]) -> Vec<String> {
    let mut codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    codes.sort();
    codes
}
