//! What a report is about: a lesson of the catalog or an article of the library, as
//! loaded in memory (no query), with the title it had when it was reported.

use serde::Serialize;

use crate::content::Catalog;
use crate::content::library::act_short_name;
use crate::content::library::snapshot::Snapshot;

/// Whether a report is about a lesson or an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// A lesson (`course/module/lesson`).
    Lesson,
    /// A library article (`act/art-<label>`).
    Article,
}

impl TargetKind {
    /// The value stored and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lesson => "lesson",
            Self::Article => "article",
        }
    }

    /// Parses a stored value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "lesson" => Some(Self::Lesson),
            "article" => Some(Self::Article),
            _ => None,
        }
    }
}

/// A lesson or article that exists, with its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Lesson or article.
    pub kind: TargetKind,
    /// `course/module/lesson` or `act/art-<label>`.
    pub id: String,
    /// `Permesso di soggiorno` or `Art. 5 · D.Lgs. 286/1998`.
    pub title: String,
}

impl Target {
    /// The lesson or article `id`, if the catalog or the library holds it.
    pub fn resolve(
        catalog: &Catalog,
        library: &Snapshot,
        kind: TargetKind,
        id: &str,
    ) -> Option<Self> {
        let title = match kind {
            TargetKind::Lesson => {
                let mut parts = id.splitn(3, '/');
                let (c, m, l) = (parts.next()?, parts.next()?, parts.next()?);
                catalog.lesson(c, m, l)?.2.title.clone()
            }
            TargetKind::Article => {
                let article = &library.article(id)?.view;
                article_title(&article.label, &article.act)
            }
        };
        Some(Self {
            kind,
            id: id.to_string(),
            title,
        })
    }

    /// Its page.
    pub fn url(&self) -> String {
        url(self.kind, &self.id)
    }
}

/// The page of a lesson or article.
pub fn url(kind: TargetKind, id: &str) -> String {
    match kind {
        TargetKind::Lesson => format!("/courses/{id}"),
        TargetKind::Article => format!("/library/{id}"),
    }
}

/// `Art. 5 · D.Lgs. 286/1998`.
pub fn article_title(label: &str, act: &str) -> String {
    format!("Art. {label} · {}", act_short_name(act))
}
