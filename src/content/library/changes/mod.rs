//! The legal changes as the administration page shows them: each article that
//! changed, appeared or disappeared at an import (table `article_changes`, written by
//! the imports), with a word-level diff of its old and new text and the lessons that
//! cite it, flagged when their author has not reviewed them since the change.

pub mod diff;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;

use super::snapshot::Snapshot;
use super::store::{self, article_change};
use crate::content::model::{Catalog, Course, Lesson};
use diff::{Segment, SegmentKind};

/// Changes per page.
pub const PER_PAGE: u64 = 20;

/// What happened to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Its text changed.
    Changed,
    /// It appeared.
    Added,
    /// It disappeared.
    Removed,
}

impl ChangeKind {
    /// The kind of a stored row: its `change` column, or what its texts say when the
    /// column holds something else.
    fn of(row: &article_change::Model) -> Self {
        match (row.change.as_str(), &row.old_text, &row.new_text) {
            ("added", ..) | (_, None, Some(_)) => Self::Added,
            ("removed", ..) | (_, Some(_), None) => Self::Removed,
            _ => Self::Changed,
        }
    }
}

/// A page of legal changes with the summary of all of them.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesPage {
    /// Figures over every recorded change.
    pub summary: Summary,
    /// The changes of this page, newest first.
    pub changes: Vec<ChangeView>,
    /// This page, from 1.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// How many changes are recorded.
    pub total: u64,
}

/// Figures over every recorded change, not just one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Articles with at least one recorded change.
    pub changed_articles: usize,
    /// Lessons citing a changed article that were not reviewed after its last change.
    pub lessons_to_review: usize,
}

/// One change of one article, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// Row id (stable anchor on the page).
    pub id: i32,
    /// `dlgs-286-1998`.
    pub act_id: String,
    /// `D.Lgs. 286/1998`.
    pub act_name: String,
    /// `dlgs-286-1998/art-5`.
    pub article_id: String,
    /// `5`, `29-bis`.
    pub label: String,
    /// The article's page, when the library still holds it.
    pub article_url: Option<String>,
    /// Changed, added or removed.
    pub kind: ChangeKind,
    /// The day the import found it (UTC).
    pub detected_on: NaiveDate,
    /// Date of the text in force before, when known.
    pub old_in_force_at: Option<String>,
    /// Date of the text in force after, when known.
    pub new_in_force_at: Option<String>,
    /// The word-level diff (for an added or removed article, its whole text).
    pub diff: Vec<Segment>,
    /// Lessons citing the article.
    pub lessons: Vec<CitingLesson>,
}

/// A lesson citing a changed article.
#[derive(Debug, Clone, Serialize)]
pub struct CitingLesson {
    /// `course/module/lesson`.
    pub id: String,
    /// Lesson title.
    pub title: String,
    /// Course title.
    pub course: String,
    /// `/courses/<course>/<module>/<lesson>`.
    pub url: String,
    /// When its author last checked it against the law, if ever.
    pub reviewed: Option<NaiveDate>,
    /// Whether it was not reviewed since this change.
    pub to_review: bool,
}

/// Whether a lesson last reviewed on `reviewed` (None: never) needs another review
/// after a change found at `detected_at`: a review on the day of the change or later
/// counts.
pub fn needs_review(reviewed: Option<NaiveDate>, detected_at: DateTime<Utc>) -> bool {
    reviewed.is_none_or(|day| day < detected_at.date_naive())
}

/// Page `page` (from 1) of the recorded changes, newest first, with the summary of
/// all of them; None when there is no such page (page 1 always exists, empty or
/// not). Three queries: the count, the page and the last change of each article;
/// the diffs are computed off the async workers.
pub async fn page(
    db: &DatabaseConnection,
    catalog: Arc<Catalog>,
    library: Arc<Snapshot>,
    page: u64,
) -> Result<Option<ChangesPage>, DbErr> {
    let Some(offset) = page.checked_sub(1).and_then(|p| p.checked_mul(PER_PAGE)) else {
        return Ok(None);
    };
    let (rows, total) = store::changes_page(db, offset, PER_PAGE).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    if page > pages {
        return Ok(None);
    }
    let summary = summary(&catalog, &store::last_changes(db).await?);
    let changes = tokio::task::spawn_blocking(move || {
        rows.into_iter()
            .map(|row| view(row, &catalog, &library))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|err| DbErr::Custom(format!("cannot compute the diffs: {err}")))?;
    Ok(Some(ChangesPage {
        summary,
        changes,
        page,
        pages,
        total,
    }))
}

/// The figures of the page's summary, from the last change of each article.
pub fn summary(catalog: &Catalog, last_changes: &HashMap<String, DateTime<Utc>>) -> Summary {
    let mut to_review: HashSet<&str> = HashSet::new();
    for (article, detected_at) in last_changes {
        for lesson_id in catalog.cited_by.get(article).into_iter().flatten() {
            if to_review.contains(lesson_id.as_str()) {
                continue;
            }
            if lesson_of(catalog, lesson_id)
                .is_some_and(|(_, l)| needs_review(l.reviewed, *detected_at))
            {
                to_review.insert(lesson_id);
            }
        }
    }
    Summary {
        changed_articles: last_changes.len(),
        lessons_to_review: to_review.len(),
    }
}

/// A lesson by its id (`course/module/lesson`), with its course.
fn lesson_of<'c>(catalog: &'c Catalog, id: &str) -> Option<(&'c Course, &'c Lesson)> {
    let mut parts = id.splitn(3, '/');
    let (course, module, lesson) = (parts.next()?, parts.next()?, parts.next()?);
    catalog
        .lesson(course, module, lesson)
        .map(|(course, _, lesson)| (course, lesson))
}

fn view(row: article_change::Model, catalog: &Catalog, library: &Snapshot) -> ChangeView {
    let kind = ChangeKind::of(&row);
    let old = row.old_text.as_deref().unwrap_or_default();
    let new = row.new_text.as_deref().unwrap_or_default();
    let diff = match kind {
        ChangeKind::Changed => diff::word_diff(old, new),
        ChangeKind::Added => diff::whole(SegmentKind::Added, new),
        ChangeKind::Removed => diff::whole(SegmentKind::Removed, old),
    };
    let lessons = catalog
        .cited_by
        .get(&row.article_id)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            let (course, lesson) = lesson_of(catalog, id)?;
            Some(CitingLesson {
                id: id.clone(),
                title: lesson.title.clone(),
                course: course.title.clone(),
                url: format!("/courses/{id}"),
                reviewed: lesson.reviewed,
                to_review: needs_review(lesson.reviewed, row.detected_at),
            })
        })
        .collect();
    ChangeView {
        id: row.id,
        act_name: super::act_short_name(&row.act_id),
        article_url: library.article(&row.article_id).map(|a| a.url.clone()),
        act_id: row.act_id,
        article_id: row.article_id,
        label: row.label,
        kind,
        detected_on: row.detected_at.date_naive(),
        old_in_force_at: row.old_in_force_at,
        new_in_force_at: row.new_in_force_at,
        diff,
        lessons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str) -> DateTime<Utc> {
        format!("{day}T10:00:00Z").parse().expect("a date")
    }

    fn day(day: &str) -> NaiveDate {
        day.parse().expect("a date")
    }

    #[test]
    fn a_lesson_reviewed_before_the_change_or_never_needs_review() {
        assert!(needs_review(None, at("2026-12-01")));
        assert!(needs_review(Some(day("2026-11-30")), at("2026-12-01")));
        assert!(!needs_review(Some(day("2026-12-01")), at("2026-12-01")));
        assert!(!needs_review(Some(day("2027-01-15")), at("2026-12-01")));
    }

    fn row(change: &str, old: Option<&str>, new: Option<&str>) -> article_change::Model {
        article_change::Model {
            id: 1,
            act_id: "dlgs-999-2099".into(),
            article_id: "dlgs-999-2099/art-1".into(),
            label: "1".into(),
            change: change.into(),
            old_text: old.map(Into::into),
            new_text: new.map(Into::into),
            old_in_force_at: None,
            new_in_force_at: None,
            detected_at: at("2026-12-01"),
        }
    }

    #[test]
    fn the_kind_follows_the_column_and_else_the_texts() {
        assert_eq!(
            ChangeKind::of(&row("changed", Some("a"), Some("b"))),
            ChangeKind::Changed
        );
        assert_eq!(
            ChangeKind::of(&row("added", None, Some("b"))),
            ChangeKind::Added
        );
        assert_eq!(
            ChangeKind::of(&row("removed", Some("a"), None)),
            ChangeKind::Removed
        );
        assert_eq!(
            ChangeKind::of(&row("?", None, Some("b"))),
            ChangeKind::Added
        );
    }

    #[test]
    fn an_article_without_citing_lessons_shows_its_diff_and_no_link_when_gone() {
        let shown = view(
            row(
                "changed",
                Some("entro sessanta giorni"),
                Some("entro novanta giorni"),
            ),
            &Catalog::default(),
            &Snapshot::default(),
        );
        assert_eq!(shown.act_name, "D.Lgs. 999/2099");
        assert_eq!(shown.article_url, None);
        assert!(shown.lessons.is_empty());
        let kinds: Vec<SegmentKind> = shown.diff.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SegmentKind::Same,
                SegmentKind::Removed,
                SegmentKind::Added,
                SegmentKind::Same
            ]
        );
    }
}
