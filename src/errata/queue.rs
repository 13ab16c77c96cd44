//! Reports as pages and the API show them: each with the page it is about (when the
//! lesson or article still exists), and what the administrator needs beside it: the
//! articles a reported lesson cites, or the lessons citing a reported article (from
//! the catalog and the library in memory).

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;

use super::store::{self, Counts, ReportRow};
use super::target::{self, TargetKind};
use crate::content::Catalog;
use crate::content::library::snapshot::Snapshot;

/// Reports per page of the administrators' queue.
pub const PER_PAGE: u64 = 20;

/// A link to an article or a lesson beside a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Link {
    /// `Art. 5 · D.Lgs. 286/1998`, or a lesson's title.
    pub title: String,
    /// Its page, or its text on Normattiva when `external`.
    pub url: String,
    /// Whether the link leaves Aula (an article not in the library).
    pub external: bool,
}

/// One report, ready to show.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    /// Row id.
    pub id: i32,
    /// `lesson` or `article`.
    pub kind: TargetKind,
    /// `course/module/lesson` or `act/art-<label>`.
    pub target_id: String,
    /// Its title when reported.
    pub target_title: String,
    /// Its page; none when it no longer exists.
    pub target_url: Option<String>,
    /// What is wrong.
    pub description: String,
    /// The passage quoted.
    pub quote: Option<String>,
    /// `open`, `answered` or `closed`.
    pub status: String,
    /// The administrators' latest answer.
    pub answer: Option<String>,
    /// When it was reported.
    pub created_at: DateTime<Utc>,
    /// The day it was reported (`YYYY-MM-DD`, UTC).
    pub created_on: String,
    /// The day it was last answered.
    pub answered_on: Option<String>,
    /// The day it was closed.
    pub closed_on: Option<String>,
    /// The reporter's name.
    pub reporter_name: String,
    /// The reporter's address.
    pub reporter_email: String,
    /// For a lesson: the articles it cites (library first, then Normattiva).
    pub cited: Vec<Link>,
    /// For an article: the lessons that cite it.
    pub citing: Vec<Link>,
}

/// A page of the queue, with the counts of every state.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePage {
    /// Reports per state, over all of them.
    pub counts: Counts,
    /// This page's reports: open first.
    pub reports: Vec<ReportView>,
    /// This page, from 1.
    pub page: u64,
    /// How many pages (at least 1).
    pub pages: u64,
    /// How many reports.
    pub total: u64,
}

/// Page `page` (from 1) of the queue; None when there is no such page (page 1 always
/// exists). Two queries: the counts and the page.
pub async fn page(
    db: &DatabaseConnection,
    catalog: &Catalog,
    library: &Snapshot,
    page: u64,
) -> Result<Option<QueuePage>, DbErr> {
    let Some(offset) = page.checked_sub(1).and_then(|p| p.checked_mul(PER_PAGE)) else {
        return Ok(None);
    };
    let counts = store::counts(db).await?;
    let total = u64::try_from(counts.total()).unwrap_or(0);
    let pages = total.div_ceil(PER_PAGE).max(1);
    if page > pages {
        return Ok(None);
    }
    let rows = store::page(db, offset, PER_PAGE).await?;
    Ok(Some(QueuePage {
        counts,
        reports: rows
            .into_iter()
            .map(|r| view(r, catalog, library))
            .collect(),
        page,
        pages,
        total,
    }))
}

/// One report, for its administration page.
pub async fn detail(
    db: &DatabaseConnection,
    catalog: &Catalog,
    library: &Snapshot,
    id: i32,
) -> Result<Option<ReportView>, DbErr> {
    Ok(store::find(db, id)
        .await?
        .map(|r| view(r, catalog, library)))
}

/// A user's own reports, newest first.
pub async fn mine(
    db: &DatabaseConnection,
    catalog: &Catalog,
    library: &Snapshot,
    user_id: i32,
) -> Result<Vec<ReportView>, DbErr> {
    Ok(store::of_user(db, user_id)
        .await?
        .into_iter()
        .map(|r| view(r, catalog, library))
        .collect())
}

/// Shapes a stored report with what the catalog and the library say about its target.
pub fn view(row: ReportRow, catalog: &Catalog, library: &Snapshot) -> ReportView {
    let kind = TargetKind::parse(&row.target_kind).unwrap_or(TargetKind::Lesson);
    let day = |at: DateTime<Utc>| at.date_naive().to_string();
    let (exists, cited, citing) = match kind {
        TargetKind::Lesson => {
            let lesson = lesson(catalog, &row.target_id);
            let cited = lesson
                .map(|l| cited_by_lesson(l, library))
                .unwrap_or_default();
            (lesson.is_some(), cited, Vec::new())
        }
        TargetKind::Article => (
            library.article(&row.target_id).is_some(),
            Vec::new(),
            lessons_citing(catalog, &row.target_id),
        ),
    };
    ReportView {
        id: row.id,
        kind,
        target_url: exists.then(|| target::url(kind, &row.target_id)),
        target_id: row.target_id,
        target_title: row.target_title,
        description: row.description,
        quote: row.quote,
        status: row.status,
        answer: row.answer,
        created_on: day(row.created_at),
        created_at: row.created_at,
        answered_on: row.answered_at.map(day),
        closed_on: row.closed_at.map(day),
        reporter_name: row.reporter_name,
        reporter_email: row.reporter_email,
        cited,
        citing,
    }
}

fn lesson<'c>(catalog: &'c Catalog, id: &str) -> Option<&'c crate::content::model::Lesson> {
    let mut parts = id.splitn(3, '/');
    let (c, m, l) = (parts.next()?, parts.next()?, parts.next()?);
    catalog.lesson(c, m, l).map(|(_, _, lesson)| lesson)
}

/// The articles a lesson cites: those of the library, then those read on Normattiva.
fn cited_by_lesson(lesson: &crate::content::model::Lesson, library: &Snapshot) -> Vec<Link> {
    let title = |id: &str| {
        let (act, article) = id.split_once('/').unwrap_or((id, ""));
        target::article_title(article.trim_start_matches("art-"), act)
    };
    let inside = lesson.citations.iter().map(|id| Link {
        title: title(id),
        url: library
            .article(id)
            .map_or_else(|| target::url(TargetKind::Article, id), |a| a.url.clone()),
        external: false,
    });
    let outside = lesson.cited_elsewhere.iter().map(|c| Link {
        title: title(&c.id),
        url: c.url.clone(),
        external: true,
    });
    inside.chain(outside).collect()
}

/// The lessons that cite an article.
fn lessons_citing(catalog: &Catalog, article: &str) -> Vec<Link> {
    catalog
        .cited_by
        .get(article)
        .into_iter()
        .flatten()
        .filter_map(|id| {
            lesson(catalog, id).map(|l| Link {
                title: l.title.clone(),
                url: target::url(TargetKind::Lesson, id),
                external: false,
            })
        })
        .collect()
}
