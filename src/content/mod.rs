//! Course content and the legal library: loading and checking `courses/`, rendering
//! Markdown safely, recognising legal citations, and importing acts.

pub mod citations;
pub mod diagnostics;
pub mod glossary;
pub mod lesson;
pub mod library;
pub mod library_refs;
pub mod load;
pub mod markdown;
pub mod model;
pub mod quiz_file;

pub use diagnostics::{Diagnostic, Severity};
pub use library_refs::ArticleSet;
pub use model::Catalog;

use sea_orm::DatabaseConnection;

/// The library's articles as a set, read from the database.
pub async fn article_set(db: &DatabaseConnection) -> Result<ArticleSet, sea_orm::DbErr> {
    Ok(ArticleSet::from_articles(
        crate::content::library::store::article_ids(db).await?,
    ))
}
