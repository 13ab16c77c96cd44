//! Fetching acts in force from Normattiva into the library: every name resolved first,
//! every act downloaded (one at a time, through [`super::normattiva`]) and parsed, then
//! all of them written in one transaction, so a failure anywhere writes nothing.
//!
//! An act whose title and articles are what the library holds is left alone (not even
//! its fetch time is written). An act that changed replaces the stored one, and each
//! article whose text changed, appeared or disappeared gets a row in `article_changes`
//! with its old and new plain text; the first import of an act records no history.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};

use super::normattiva::{Download, Normattiva, NormattivaError};
use super::store::{self, NewAct, act, article, article_change};
use super::urn::{Urn, UrnError};
use super::{Format, parse};
use crate::config;
use crate::content::Catalog;

/// What happened to one article of an act fetched again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Its text changed.
    Changed,
    /// It is new.
    Added,
    /// It is gone.
    Removed,
}

impl ChangeKind {
    /// As stored in `article_changes.change`: `changed`, `added`, `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Changed => "changed",
            Self::Added => "added",
            Self::Removed => "removed",
        }
    }
}

/// One article that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleChange {
    /// `dlgs-286-1998/art-5`.
    pub article_id: String,
    /// `5`, `19-bis`.
    pub label: String,
    /// What happened to it.
    pub kind: ChangeKind,
}

/// What a fetch did to one act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActStatus {
    /// Not in the library before.
    New {
        /// Articles stored.
        articles: usize,
    },
    /// The same title and articles as stored: nothing written.
    Unchanged,
    /// Replaced; the articles whose text changed, appeared or disappeared.
    Updated {
        /// In the act's order (removed articles last).
        changes: Vec<ArticleChange>,
    },
}

/// One act of a fetch.
#[derive(Debug, Clone)]
pub struct FetchedAct {
    /// `dlgs-286-1998`.
    pub id: String,
    /// The act's title.
    pub title: String,
    /// Its URN.
    pub urn: String,
    /// What was done.
    pub status: ActStatus,
    /// Date of the text in force, as Normattiva gave it.
    pub in_force_at: Option<String>,
}

/// What a fetch did, act by act in the order asked.
#[derive(Debug, Clone, Default)]
pub struct FetchReport {
    /// The acts.
    pub acts: Vec<FetchedAct>,
}

impl FetchReport {
    /// Whether anything was written (an act new or updated).
    pub fn wrote(&self) -> bool {
        self.acts.iter().any(|a| a.status != ActStatus::Unchanged)
    }
}

/// Where a fetch is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// Downloading act `index` (from 0) of `total`.
    Downloading {
        /// Its place.
        index: usize,
        /// How many acts.
        total: usize,
        /// The act.
        urn: &'a Urn,
    },
    /// Act `index` is downloaded and parsed.
    Downloaded {
        /// Its place.
        index: usize,
    },
    /// Every act is downloaded; writing them.
    Storing,
}

/// Why a fetch wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A name is neither a URN nor a known act id.
    #[error(transparent)]
    Name(#[from] UrnError),
    /// A URN with the year alone.
    #[error("{0}: fetching needs the act's full date (urn:nir:stato:<kind>:<YYYY-MM-DD>;<number>)")]
    NeedsFullDate(String),
    /// Nothing to fetch.
    #[error("no acts to fetch: {0}")]
    Nothing(String),
    /// Normattiva failed us.
    #[error(transparent)]
    Normattiva(#[from] NormattivaError),
    /// The download is not the act asked for, or not a readable one.
    #[error("Normattiva sent an unexpected answer for {urn} ({url}): {detail}")]
    Unexpected {
        /// The act's URN.
        urn: String,
        /// Its page.
        url: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The database refused the write.
    #[error("cannot store the fetched acts: {0}")]
    Db(#[from] DbErr),
}

/// Fetches the acts named by URN or by id (`dlgs-286-1998`) and stores them in one
/// transaction.
pub async fn fetch_acts(
    db: &DatabaseConnection,
    config: &config::Library,
    names: &[String],
    progress: impl FnMut(Step<'_>),
) -> Result<FetchReport, FetchError> {
    let urns = names
        .iter()
        .map(|name| super::urn::resolve(name))
        .collect::<Result<Vec<_>, _>>()?;
    fetch_urns(db, config, urns, progress).await
}

/// Fetches the acts the courses declare (`[library] acts` in `course.toml`).
pub async fn fetch_declared(
    db: &DatabaseConnection,
    config: &config::Library,
    catalog: &Catalog,
) -> Result<FetchReport, FetchError> {
    let declared = catalog.declared_acts();
    if declared.is_empty() {
        return Err(FetchError::Nothing(
            "the courses declare no acts ([library] acts in course.toml)".into(),
        ));
    }
    fetch_urns(db, config, declared, |_| {}).await
}

/// Fetches acts by URN (each once) and stores them in one transaction.
pub async fn fetch_urns(
    db: &DatabaseConnection,
    config: &config::Library,
    urns: Vec<Urn>,
    mut progress: impl FnMut(Step<'_>),
) -> Result<FetchReport, FetchError> {
    let mut unique: Vec<Urn> = Vec::with_capacity(urns.len());
    for urn in urns {
        if !urn.has_full_date() {
            return Err(FetchError::NeedsFullDate(urn.to_string()));
        }
        if !unique.iter().any(|u| u.act_id() == urn.act_id()) {
            unique.push(urn);
        }
    }
    if unique.is_empty() {
        return Err(FetchError::Nothing("no act was named".into()));
    }
    let site = Normattiva::new(config);
    let mut fetched = Vec::with_capacity(unique.len());
    for (index, urn) in unique.iter().enumerate() {
        progress(Step::Downloading {
            index,
            total: unique.len(),
            urn,
        });
        let download = site.download(urn).await?;
        fetched.push(prepare(urn, download)?);
        progress(Step::Downloaded { index });
    }
    progress(Step::Storing);
    store_all(db, fetched).await
}

/// A downloaded act, parsed into rows.
struct Fetched {
    urn: String,
    rows: NewAct,
}

/// Parses a download and checks it is the act asked for.
fn prepare(urn: &Urn, download: Download) -> Result<Fetched, FetchError> {
    let unexpected = |detail: String| FetchError::Unexpected {
        urn: urn.to_string(),
        url: download.page_url.clone(),
        detail,
    };
    let parsed = parse::akoma_ntoso::parse(&download.xml)
        .map_err(|e| unexpected(format!("its Akoma Ntoso does not read: {e}")))?;
    if parsed.id != urn.act_id() {
        return Err(unexpected(format!(
            "it is the act {} instead of {}",
            parsed.id,
            urn.act_id()
        )));
    }
    if parsed.articles.is_empty() {
        return Err(unexpected("it has no articles".into()));
    }
    let mut rows =
        super::to_rows(&parsed, Format::AkomaNtoso).map_err(|e| unexpected(format!("{e:#}")))?;
    rows.act.urn = Some(urn.to_string());
    rows.act.in_force_at = Some(download.in_force_at.clone());
    rows.act.source_url = Some(download.page_url.clone());
    Ok(Fetched {
        urn: urn.to_string(),
        rows,
    })
}

/// Writes every act that changed, and their history, in one transaction.
async fn store_all(db: &DatabaseConnection, acts: Vec<Fetched>) -> Result<FetchReport, FetchError> {
    let now = Utc::now();
    let txn = crate::db::tx::begin_write(db).await?;
    store::lock_for_import(&txn).await?;
    let mut report = FetchReport::default();
    for Fetched { urn, mut rows } in acts {
        let id = rows.act.id.clone();
        let (title, in_force_at) = (rows.act.title.clone(), rows.act.in_force_at.clone());
        let stored = store::find_act(&txn, &id).await?;
        let status = match stored {
            None => {
                let articles = rows.articles.len();
                rows.act.fetched_at = Some(now);
                store::replace_act_in(&txn, rows).await?;
                ActStatus::New { articles }
            }
            Some(old) => {
                let old_articles = store::articles_of(&txn, &id).await?;
                if old.title == rows.act.title && old_articles == rows.articles {
                    ActStatus::Unchanged
                } else {
                    let history = history(&old, &old_articles, &rows, now);
                    let changes = history
                        .iter()
                        .map(|(kind, row)| ArticleChange {
                            article_id: row.article_id.clone(),
                            label: row.label.clone(),
                            kind: *kind,
                        })
                        .collect();
                    rows.act.fetched_at = Some(now);
                    store::replace_act_in(&txn, rows).await?;
                    store::insert_changes(&txn, history.into_iter().map(|(_, row)| row).collect())
                        .await?;
                    ActStatus::Updated { changes }
                }
            }
        };
        report.acts.push(FetchedAct {
            id,
            title,
            urn,
            status,
            in_force_at,
        });
    }
    txn.commit().await?;
    Ok(report)
}

/// The history rows of an act fetched again: articles changed or added in the new
/// order, then the removed ones in the old order.
fn history(
    old_act: &act::Model,
    old: &[article::Model],
    new: &NewAct,
    now: DateTime<Utc>,
) -> Vec<(ChangeKind, article_change::Model)> {
    let row = |a: &article::Model, kind: ChangeKind, old_text, new_text| {
        let row = article_change::Model {
            id: 0,
            act_id: a.act_id.clone(),
            article_id: a.id.clone(),
            label: a.label.clone(),
            change: kind.as_str().into(),
            old_text,
            new_text,
            old_in_force_at: old_act.in_force_at.clone(),
            new_in_force_at: new.act.in_force_at.clone(),
            detected_at: now,
        };
        (kind, row)
    };
    let mut rows = Vec::new();
    for a in &new.articles {
        match old.iter().find(|o| o.id == a.id) {
            None => rows.push(row(a, ChangeKind::Added, None, Some(article_text(a)))),
            Some(o) => {
                let (before, after) = (article_text(o), article_text(a));
                if before != after {
                    rows.push(row(a, ChangeKind::Changed, Some(before), Some(after)));
                }
            }
        }
    }
    for o in old {
        if !new.articles.iter().any(|a| a.id == o.id) {
            rows.push(row(o, ChangeKind::Removed, Some(article_text(o)), None));
        }
    }
    rows
}

/// An article's text as its history keeps it: the rubrica on the first line, then the
/// plain text (commi numbered, amendment markers removed).
pub fn article_text(a: &article::Model) -> String {
    let body = super::view::plain_text(a);
    match a.heading.as_deref() {
        Some(heading) if !heading.is_empty() => format!("{heading}\n\n{body}"),
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(slug: &str, intro: &str) -> article::Model {
        article::Model {
            id: format!("l-1-2099/art-{slug}"),
            act_id: "l-1-2099".into(),
            position: 0,
            label: slug.into(),
            slug: slug.into(),
            heading: Some("Rubrica".into()),
            source_mark: None,
            structure: "[]".into(),
            intro: intro.into(),
            commi: "[]".into(),
            notes: "[]".into(),
            repealed: false,
        }
    }

    #[test]
    fn history_lists_changed_added_then_removed_articles() {
        let old = vec![
            article("1", "uno"),
            article("2", "due"),
            article("3", "tre"),
        ];
        let mut moved = article("3", "tre");
        moved.position = 1;
        moved.notes = r#"["AGGIORNAMENTO (1)"]"#.into();
        let new_articles = vec![
            article("1", "uno, ((modificato))"),
            moved,
            article("3-bis", "nuovo"),
        ];
        let old_act = act::Model {
            id: "l-1-2099".into(),
            kind: "l".into(),
            number: "1".into(),
            year: 2099,
            date: None,
            title: "Legge".into(),
            urn: None,
            in_force_at: Some("2099-01-01".into()),
            source_format: "akoma-ntoso".into(),
            content_hash: String::new(),
            article_count: 3,
            imported_at: Utc::now(),
            source_url: None,
            fetched_at: None,
        };
        let mut new_act = old_act.clone();
        new_act.in_force_at = Some("2099-06-01".into());
        let new = NewAct {
            act: new_act,
            articles: new_articles,
        };
        let rows = history(&old_act, &old, &new, Utc::now());
        let kinds: Vec<(&str, &str)> = rows
            .iter()
            .map(|(kind, r)| {
                assert_eq!(kind.as_str(), r.change);
                (r.label.as_str(), r.change.as_str())
            })
            .collect();
        // A change of notes or position alone is not a change of the text.
        assert_eq!(
            kinds,
            [("1", "changed"), ("3-bis", "added"), ("2", "removed")]
        );
        assert_eq!(rows[0].1.old_text.as_deref(), Some("Rubrica\n\nuno"));
        assert_eq!(
            rows[0].1.new_text.as_deref(),
            Some("Rubrica\n\nuno, modificato")
        );
        assert_eq!(rows[0].1.old_in_force_at.as_deref(), Some("2099-01-01"));
        assert_eq!(rows[0].1.new_in_force_at.as_deref(), Some("2099-06-01"));
        assert_eq!(rows[1].1.old_text, None);
        assert_eq!(rows[2].1.new_text, None);
    }
}
