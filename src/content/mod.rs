//! Course content and the legal library: loading and checking `courses/`, rendering
//! Markdown safely, recognising legal citations, and importing acts.

pub mod citations;
pub mod cite_links;
pub mod declared;
pub mod diagnostics;
pub mod glossary;
pub mod lesson;
pub mod library;
pub mod library_refs;
pub mod load;
pub mod markdown;
pub mod model;
pub mod quiz_file;
pub mod translation;

pub use diagnostics::{Diagnostic, Severity};
pub use library_refs::ArticleSet;
pub use model::Catalog;

use sea_orm::DatabaseConnection;

/// The library's articles as a set, with the date of each act's text in force and
/// when each article last changed, read from the database.
pub async fn article_set(db: &DatabaseConnection) -> Result<ArticleSet, sea_orm::DbErr> {
    use crate::content::library::store;
    Ok(ArticleSet::from_articles(store::article_ids(db).await?)
        .with_in_force(store::acts_in_force(db).await?)
        .with_changes(store::last_changes(db).await?))
}
