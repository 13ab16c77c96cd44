//! The cohort overview: totals and breakdowns by region, municipality and sector, the
//! quiz score distribution and activity over time, each computed by one aggregate
//! query whatever the number of learners.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult};
use serde::Serialize;

use super::cohort::{Filters, Scope};
use super::learners::{self, CourseSize};
use crate::db::sql::Sql;

/// Counts for one group of learners.
#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Tally {
    /// Group label (region, municipality or sector; empty for the total).
    pub label: String,
    /// Group key (ISTAT code for municipalities).
    pub key: String,
    /// Learners enrolled.
    pub enrolled: i64,
    /// Not started.
    pub not_started: i64,
    /// In progress.
    pub in_progress: i64,
    /// Completed.
    pub completed: i64,
    /// Average of the learners' best quiz scores (learners with attempts), 0–100.
    pub quiz_average: Option<f64>,
    /// Average progress, 0–100.
    pub percent: f64,
    #[serde(skip)]
    quiz_sum: f64,
    #[serde(skip)]
    quiz_count: i64,
    #[serde(skip)]
    items_done: i64,
}

impl Tally {
    fn add(&mut self, g: &Group) {
        self.enrolled += g.enrolled;
        self.not_started += g.not_started;
        self.completed += g.completed;
        self.in_progress += g.enrolled - g.not_started - g.completed;
        self.quiz_sum += g.quiz_sum.unwrap_or(0.0);
        self.quiz_count += g.quiz_count;
        self.items_done += g.items_done;
    }

    fn finish(&mut self, size: CourseSize) {
        self.quiz_average = (self.quiz_count > 0)
            .then(|| (self.quiz_sum / self.quiz_count as f64 * 10.0).round() / 10.0);
        self.percent = if self.enrolled > 0 {
            (self.items_done as f64 * 100.0 / (self.enrolled * size.items()) as f64).round()
        } else {
            0.0
        };
    }

    /// Share of the group that completed, 0–100.
    pub fn completed_percent(&self) -> f64 {
        if self.enrolled == 0 {
            0.0
        } else {
            (self.completed as f64 * 100.0 / self.enrolled as f64).round()
        }
    }
}

/// The whole overview.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Overview {
    /// Everyone in scope.
    pub total: Tally,
    /// By region, alphabetical.
    pub regions: Vec<Tally>,
    /// By municipality, alphabetical.
    pub municipalities: Vec<Tally>,
    /// By sector.
    pub sectors: Vec<Tally>,
    /// Learners by best-quiz average in bands of 10 points (0–9, …, 90–100); learners
    /// without attempts are not counted.
    pub quiz_bands: Vec<i64>,
    /// Distinct active learners per day over the last weeks, oldest first.
    pub activity: Vec<(String, i64)>,
}

#[derive(Debug, FromQueryResult)]
struct Group {
    istat: Option<String>,
    municipality: Option<String>,
    region: Option<String>,
    sector: Option<String>,
    enrolled: i64,
    not_started: i64,
    completed: i64,
    quiz_sum: Option<f64>,
    quiz_count: i64,
    items_done: i64,
}

/// The SQL of the breakdown: learners grouped by municipality and sector.
pub fn groups_sql(backend: DbBackend, scope: &Scope, filters: &Filters) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT u.municipality AS istat, MIN(m.name) AS municipality, MIN(m.region) AS region, \
         u.sector AS sector, COUNT(*) AS enrolled, \
         CAST(SUM(CASE WHEN {not_started} AND c.completed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS not_started, \
         CAST(SUM(CASE WHEN c.completed_at IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS completed, \
         CAST(SUM(p.quiz_average) AS DOUBLE PRECISION) AS quiz_sum, COUNT(p.quiz_average) AS quiz_count, \
         CAST(SUM({items_done}) AS BIGINT) AS items_done",
        not_started = learners::NOT_STARTED,
        items_done = learners::ITEMS_DONE,
    ));
    learners::base_query(&mut sql, scope, filters);
    sql.push(" GROUP BY u.municipality, u.sector");
    sql
}

/// The SQL of the quiz score distribution.
pub fn bands_sql(backend: DbBackend, scope: &Scope, filters: &Filters) -> Sql {
    let mut sql = Sql::new(backend);
    let mut band = String::from("CASE");
    for b in 1..10 {
        band.push_str(&format!(" WHEN p.quiz_average < {} THEN {}", b * 10, b - 1));
    }
    band.push_str(" ELSE 9 END");
    sql.push(&format!("SELECT {band} AS band, COUNT(*) AS n"));
    learners::base_query(&mut sql, scope, filters);
    sql.push(" AND p.quiz_average IS NOT NULL GROUP BY ")
        .push(&band);
    sql
}

/// The SQL of activity over time: distinct learners with a progress event per day
/// since `since`.
pub fn activity_sql(
    backend: DbBackend,
    scope: &Scope,
    filters: &Filters,
    since: DateTime<Utc>,
) -> Sql {
    let day = match backend {
        DbBackend::Postgres => "to_char(pe.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        _ => "substr(pe.recorded_at, 1, 10)",
    };
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT {day} AS day, COUNT(DISTINCT pe.user_id) AS n FROM progress_events pe \
         JOIN users u ON u.id = pe.user_id \
         LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE u.role = 'learner' AND pe.recorded_at >= "
    ))
    .bind(since)
    .push(" AND pe.lesson_id LIKE ")
    .bind(format!("{}/%", filters.course));
    scope.push_condition(&mut sql);
    filters.push_condition(&mut sql);
    sql.push(&format!(" GROUP BY {day} ORDER BY {day}"));
    sql
}

#[derive(Debug, FromQueryResult)]
struct Band {
    band: i32,
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct Day {
    day: String,
    n: i64,
}

/// Days of activity shown.
pub const ACTIVITY_DAYS: i64 = 56;

/// Computes the overview in three queries.
pub async fn compute<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    filters: &Filters,
    size: CourseSize,
    now: DateTime<Utc>,
) -> Result<Overview, DbErr> {
    let backend = db.get_database_backend();
    let groups: Vec<Group> = db
        .query_all_raw(groups_sql(backend, scope, filters).build())
        .await?
        .iter()
        .map(|r| Group::from_query_result(r, ""))
        .collect::<Result<_, _>>()?;
    let mut total = Tally::default();
    let mut regions: BTreeMap<String, Tally> = BTreeMap::new();
    let mut municipalities: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut sectors: BTreeMap<String, Tally> = BTreeMap::new();
    for g in &groups {
        total.add(g);
        let region = g.region.clone().unwrap_or_else(|| "—".into());
        let entry = regions.entry(region.clone()).or_default();
        entry.label.clone_from(&region);
        entry.key.clone_from(&region);
        entry.add(g);
        let name = g.municipality.clone().unwrap_or_else(|| "—".into());
        let key = g.istat.clone().unwrap_or_default();
        let entry = municipalities
            .entry((name.clone(), key.clone()))
            .or_default();
        entry.label = name;
        entry.key = key;
        entry.add(g);
        let sector = g.sector.clone().unwrap_or_else(|| "altro".into());
        let entry = sectors.entry(sector.clone()).or_default();
        entry.label.clone_from(&sector);
        entry.key = sector;
        entry.add(g);
    }
    let finish = |mut t: Tally| {
        t.finish(size);
        t
    };
    total.finish(size);
    let regions = regions.into_values().map(finish).collect();
    let municipalities = municipalities.into_values().map(finish).collect();
    let sectors = sectors.into_values().map(finish).collect();

    let quiz_bands = quiz_bands(db, scope, filters).await?;
    let activity = activity(db, scope, filters, now).await?;
    Ok(Overview {
        total,
        regions,
        municipalities,
        sectors,
        quiz_bands,
        activity,
    })
}

/// Learners in scope by best-quiz average, in bands of 10 points.
async fn quiz_bands<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    filters: &Filters,
) -> Result<Vec<i64>, DbErr> {
    let backend = db.get_database_backend();
    let mut quiz_bands = vec![0; 10];
    for r in db
        .query_all_raw(bands_sql(backend, scope, filters).build())
        .await?
    {
        let band = Band::from_query_result(&r, "")?;
        if let Some(slot) = usize::try_from(band.band)
            .ok()
            .and_then(|b| quiz_bands.get_mut(b))
        {
            *slot += band.n;
        }
    }
    Ok(quiz_bands)
}

/// Distinct active learners per day over the last [`ACTIVITY_DAYS`] days up to `now`,
/// oldest first, days without activity included.
async fn activity<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    filters: &Filters,
    now: DateTime<Utc>,
) -> Result<Vec<(String, i64)>, DbErr> {
    let backend = db.get_database_backend();
    let since = (now - chrono::Duration::days(ACTIVITY_DAYS - 1)).date_naive();
    let since_at = since.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut by_day: BTreeMap<String, i64> = BTreeMap::new();
    for r in db
        .query_all_raw(activity_sql(backend, scope, filters, since_at).build())
        .await?
    {
        let day = Day::from_query_result(&r, "")?;
        by_day.insert(day.day, day.n);
    }
    let activity = (0..ACTIVITY_DAYS)
        .filter_map(|i| since.checked_add_days(chrono::Days::new(u64::try_from(i).ok()?)))
        .map(|d| {
            let key = d.format("%Y-%m-%d").to_string();
            let n = by_day.get(&key).copied().unwrap_or(0);
            (key, n)
        })
        .collect();
    Ok(activity)
}
