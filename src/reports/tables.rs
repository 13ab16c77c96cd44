//! The report tables as callers need them: one page of learners with the total, the
//! whole list, and each table as a streamed CSV or XLSX file (learners or at-risk,
//! the matrix a page of learners at a time, the overview's breakdowns).

use std::pin::Pin;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::Stream;
use sea_orm::{DatabaseConnection, DbErr};

use super::export::{self, Format, Val};
use super::keyset::{self, LearnerKey};
use super::matrix::{self, Cell};
use super::{AtRisk, Filters, LearnerRow, Order, Scope, course_size, learners, overview};
use crate::content::Catalog;
use crate::paging::Page;

/// A file being written, chunk by chunk.
pub type FileStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

/// Whether (and as of when) the table lists only learners at risk.
pub type Risk = Option<(AtRisk, DateTime<Utc>)>;

/// One page (1-based) of the learner table, and how many learners it has in all.
pub async fn learner_page(
    db: &DatabaseConnection,
    catalog: &Catalog,
    scope: &Scope,
    filters: &Filters,
    risk: Risk,
    order: Order,
    (page, per_page): (u64, u64),
) -> Result<(Vec<LearnerRow>, u64), DbErr> {
    let backend = db.get_database_backend();
    let size = course_size(catalog, &filters.course);
    let total = learners::count(
        db,
        &learners::query(backend, scope, filters, risk, Order::Name, None)
            .wrapped("SELECT COUNT(*) AS n FROM (", ") AS counted"),
    )
    .await?;
    let page = Some((per_page, page.saturating_sub(1) * per_page));
    let sql = learners::query(backend, scope, filters, risk, order, page);
    let rows = learners::fetch(db, &sql, size).await?;
    Ok((rows, total))
}

/// One page of the learner table for the API, by key: at most `limit` learners after
/// `after` in `order`, with the cursor of the next page; and the viewing of those
/// learners' data logged for `viewer` (the learners of the page, no others).
pub async fn learner_keyset_page(
    db: &DatabaseConnection,
    catalog: &Catalog,
    (scope, filters): (&Scope, &Filters),
    order: Order,
    (after, limit): (Option<&LearnerKey>, u64),
    (viewer, target): (i32, &str),
) -> Result<Page<LearnerRow>, DbErr> {
    let sql = keyset::page_query(
        db.get_database_backend(),
        (scope, filters),
        order,
        after,
        limit,
    );
    let rows = learners::fetch(db, &sql, course_size(catalog, &filters.course)).await?;
    let page = Page::from_probe(rows, limit, |row| LearnerKey::of(row, order));
    let ids: Vec<i32> = page.items.iter().map(|r| r.learner_id).collect();
    let kind = crate::privacy::access_log::Kind::Export;
    crate::privacy::access_log::record(db, viewer, &ids, kind, target).await?;
    Ok(page)
}

/// Streams the learner table (or the at-risk list).
pub fn learner_file(
    db: &DatabaseConnection,
    catalog: &Catalog,
    format: Format,
    (scope, filters): (&Scope, &Filters),
    risk: Risk,
    order: Order,
) -> FileStream {
    let (tx, body) = export::start(format, "Discenti", export::learner_header());
    let db = db.clone();
    let sql = learners::query(db.get_database_backend(), scope, filters, risk, order, None);
    let size = course_size(catalog, &filters.course);
    tokio::spawn(async move {
        use futures_util::StreamExt;
        let rows = match learners::stream(&db, &sql, size).await {
            Ok(rows) => rows,
            Err(err) => {
                tracing::error!(error = %err, "export query failed");
                return;
            }
        };
        futures_util::pin_mut!(rows);
        while let Some(row) = rows.next().await {
            match row {
                Ok(row) => {
                    if tx.send(export::learner_record(&row)).await.is_err() {
                        return;
                    }
                }
                Err(err) => {
                    tracing::error!(error = %err, "export row failed");
                    return;
                }
            }
        }
    });
    Box::pin(body)
}

/// Learners read per query while streaming the matrix.
const MATRIX_BATCH: u64 = 500;

/// Streams the matrix, a page of learners at a time.
pub fn matrix_file(
    db: &DatabaseConnection,
    catalog: &Catalog,
    format: Format,
    scope: &Scope,
    filters: &Filters,
) -> FileStream {
    let modules: Vec<String> = catalog
        .course(&filters.course)
        .map(|c| c.modules.iter().map(|m| m.id.clone()).collect())
        .unwrap_or_default();
    let mut header = vec![
        "learner_id".to_string(),
        "name".into(),
        "municipality".into(),
        "percent".into(),
    ];
    header.extend(modules.iter().cloned());
    let (tx, body) = export::start(format, "Matrice", header);
    let db = db.clone();
    let (scope, filters) = (scope.clone(), filters.clone());
    let size = course_size(catalog, &filters.course);
    tokio::spawn(async move {
        use futures_util::StreamExt;
        // One query, sorted once and read as it streams; the cells of each batch of
        // learners in three queries.
        let sql = learners::query(
            db.get_database_backend(),
            &scope,
            &filters,
            None,
            Order::Name,
            None,
        );
        let rows = match learners::stream(&db, &sql, size).await {
            Ok(rows) => rows,
            Err(err) => {
                tracing::error!(error = %err, "matrix export query failed");
                return;
            }
        };
        let batch = usize::try_from(MATRIX_BATCH).unwrap_or(usize::MAX);
        let mut batches = std::pin::pin!(rows.chunks(batch));
        while let Some(batch) = batches.next().await {
            let Ok(rows) = batch.into_iter().collect::<Result<Vec<_>, _>>() else {
                return;
            };
            let ids: Vec<i32> = rows.iter().map(|r| r.learner_id).collect();
            let Ok(cells) = matrix::cells(&db, &filters.course, &ids).await else {
                return;
            };
            for row in &rows {
                let mut record: Vec<Val> = vec![
                    row.learner_id.into(),
                    row.name.clone().into(),
                    row.municipality.clone().into(),
                    row.percent.into(),
                ];
                record.extend(modules.iter().map(|m| {
                    let cell = cells.get(&(row.learner_id, m.clone())).copied();
                    Val::from(cell.unwrap_or(Cell::NotStarted).slug())
                }));
                if tx.send(record).await.is_err() {
                    return;
                }
            }
        }
    });
    Box::pin(body)
}

/// The overview's breakdowns (bounded by the number of municipalities).
pub async fn overview_file(
    db: &DatabaseConnection,
    catalog: &Catalog,
    format: Format,
    scope: &Scope,
    filters: &Filters,
) -> Result<FileStream, DbErr> {
    let size = course_size(catalog, &filters.course);
    let data = overview::compute(db, scope, filters, size, Utc::now()).await?;
    let header = [
        "group",
        "key",
        "label",
        "enrolled",
        "not_started",
        "in_progress",
        "completed",
        "percent",
        "quiz_average",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let (tx, body) = export::start(format, "Panoramica", header);
    let groups = [
        ("total", vec![data.total]),
        ("region", data.regions),
        ("municipality", data.municipalities),
        ("sector", data.sectors),
    ];
    let records: Vec<Vec<Val>> = groups
        .into_iter()
        .flat_map(|(group, tallies)| {
            tallies.into_iter().map(move |t| {
                vec![
                    Val::from(group),
                    t.key.into(),
                    t.label.into(),
                    t.enrolled.into(),
                    t.not_started.into(),
                    t.in_progress.into(),
                    t.completed.into(),
                    t.percent.into(),
                    t.quiz_average.into(),
                ]
            })
        })
        .collect();
    tokio::spawn(async move {
        for record in records {
            if tx.send(record).await.is_err() {
                return;
            }
        }
    });
    Ok(Box::pin(body))
}
