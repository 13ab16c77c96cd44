//! The cohort overview: totals and breakdowns by region, municipality and sector, the
//! quiz score distribution and activity over time, computed by two aggregate queries
//! whatever the number of learners: one pass over the learners' roll-ups
//! (`course_progress`) for the breakdowns and the quiz bands, and one over the days of
//! activity the progress recorder keeps (`course_activity`), never over the events.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult};
use serde::Serialize;

use super::cohort::{Filters, Scope};
use super::learners::{self, CourseSize};
use crate::db::sql::Sql;
use crate::progress::activity;

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

#[derive(Debug, Clone, FromQueryResult)]
pub(crate) struct Group {
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
    band: i32,
}

/// The band of a learner's quiz average: 0 for 0–9, …, 9 for 90–100, -1 without
/// attempts.
fn band_expr() -> String {
    let mut band = String::from("CASE WHEN p.quiz_average IS NULL THEN -1");
    for b in 1..10 {
        band.push_str(&format!(" WHEN p.quiz_average < {} THEN {}", b * 10, b - 1));
    }
    band.push_str(" ELSE 9 END");
    band
}

/// The SQL of the breakdown and of the quiz score distribution, in one pass over the
/// learners: learners grouped by municipality, sector and quiz band.
pub fn groups_sql(backend: DbBackend, scope: &Scope, filters: &Filters) -> Sql {
    let mut sql = Sql::new(backend);
    let band = band_expr();
    sql.push(&format!(
        "SELECT u.municipality AS istat, MIN(m.name) AS municipality, MIN(m.region) AS region, \
         u.sector AS sector, {band} AS band, COUNT(*) AS enrolled, \
         CAST(SUM(CASE WHEN {not_started} AND c.completed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS not_started, \
         CAST(SUM(CASE WHEN c.completed_at IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS completed, \
         CAST(SUM(p.quiz_average) AS DOUBLE PRECISION) AS quiz_sum, COUNT(p.quiz_average) AS quiz_count, \
         CAST(SUM({items_done}) AS BIGINT) AS items_done",
        not_started = learners::NOT_STARTED,
        items_done = learners::ITEMS_DONE,
    ));
    learners::base_query(&mut sql, scope, filters);
    sql.push(" GROUP BY u.municipality, u.sector, ").push(&band);
    sql
}

/// The SQL of activity over time: distinct learners active in the course per day
/// since the day of `since`, from the days of activity that the progress recorder
/// keeps (`course_activity`, one row per course, day and learner with an event).
///
/// The learners are those of the role, scope and filters as they are now. Everyone
/// (an admin without filters) is every active learner but the few staff accounts, so
/// the rows are counted as they are read from the table's primary key; otherwise the
/// learners in scope are listed once and each row is checked against the list.
pub fn activity_sql(
    backend: DbBackend,
    scope: &Scope,
    filters: &Filters,
    since: DateTime<Utc>,
) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push("SELECT a.day AS day, COUNT(*) AS n FROM course_activity a WHERE a.course_id = ")
        .bind(filters.course.clone())
        .push(" AND a.day >= ")
        .bind(activity::day_of(since));
    let everyone = scope.all
        && filters.region.is_none()
        && filters.municipality.is_none()
        && filters.sector.is_none();
    if everyone {
        sql.push(" AND a.user_id NOT IN (SELECT id FROM users WHERE role <> 'learner')");
    } else {
        sql.push(
            " AND a.user_id IN (SELECT u.id FROM users u \
             LEFT JOIN municipalities m ON m.istat = u.municipality WHERE u.role = 'learner'",
        );
        scope.push_condition(&mut sql);
        filters.push_condition(&mut sql);
        sql.push(")");
    }
    sql.push(" GROUP BY a.day ORDER BY a.day");
    sql
}

#[derive(Debug, FromQueryResult)]
struct Day {
    day: String,
    n: i64,
}

/// Days of activity shown.
pub const ACTIVITY_DAYS: i64 = 56;

/// Computes the overview in two queries.
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
    let activity = activity(db, scope, filters, now).await?;
    Ok(assemble(&groups, size, activity))
}

/// The overview of `groups` (learners grouped by municipality, sector and quiz band)
/// and of the activity by day.
pub(crate) fn assemble<'a>(
    groups: impl IntoIterator<Item = &'a Group>,
    size: CourseSize,
    activity: Vec<(String, i64)>,
) -> Overview {
    let groups: Vec<&Group> = groups.into_iter().collect();
    let mut total = Tally::default();
    let mut regions: BTreeMap<String, Tally> = BTreeMap::new();
    let mut municipalities: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut sectors: BTreeMap<String, Tally> = BTreeMap::new();
    let mut quiz_bands = vec![0; 10];
    for &g in &groups {
        if let Some(slot) = usize::try_from(g.band)
            .ok()
            .and_then(|b| quiz_bands.get_mut(b))
        {
            *slot += g.enrolled;
        }
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
    Overview {
        total,
        regions,
        municipalities,
        sectors,
        quiz_bands,
        activity,
    }
}

impl Group {
    /// Whether the group's learners are in `scope` and `filters` (the same rule as
    /// [`Scope::push_condition`] and [`Filters::push_condition`] on a learner).
    pub(crate) fn within(&self, scope: &Scope, filters: &Filters) -> bool {
        within(
            (
                self.istat.as_deref(),
                self.region.as_deref(),
                self.sector.as_deref(),
            ),
            scope,
            filters,
        )
    }
}

/// Whether a learner of municipality `istat` (in `region`) and `sector` is in `scope`
/// and `filters`: the SQL conditions, on values (a missing value matches nothing).
pub(crate) fn within(
    (istat, region, sector): (Option<&str>, Option<&str>, Option<&str>),
    scope: &Scope,
    filters: &Filters,
) -> bool {
    let in_scope = scope.all
        || region.is_some_and(|r| scope.regions.iter().any(|s| s == r))
        || istat.is_some_and(|i| scope.municipalities.iter().any(|s| s == i));
    let matches = |wanted: &Option<String>, value: Option<&str>| {
        wanted.as_deref().is_none_or(|w| value == Some(w))
    };
    in_scope
        && matches(&filters.region, region)
        && matches(&filters.municipality, istat)
        && matches(&filters.sector, sector)
}

/// The SQL of active learners per day, municipality and sector since `since`, for the
/// whole course (what [`activity_sql`] gives for one cohort, for every cohort at once:
/// a learner has one municipality and one sector, so the counts add up).
pub fn activity_groups_sql(backend: DbBackend, course: &str, since: DateTime<Utc>) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT a.day AS day, u.municipality AS istat, MIN(m.region) AS region, \
         u.sector AS sector, COUNT(*) AS n FROM course_activity a \
         JOIN users u ON u.id = a.user_id LEFT JOIN municipalities m ON m.istat = u.municipality \
         WHERE a.course_id = ",
    )
    .bind(course.to_string())
    .push(" AND a.day >= ")
    .bind(activity::day_of(since))
    .push(" AND u.role = 'learner' GROUP BY a.day, u.municipality, u.sector");
    sql
}

/// Active learners of one day, municipality and sector.
#[derive(Debug, Clone, FromQueryResult)]
pub(crate) struct DayGroup {
    pub(crate) day: String,
    pub(crate) istat: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) sector: Option<String>,
    pub(crate) n: i64,
}

/// The first day shown for `now`, and the days shown with their counts from `by_day`.
pub(crate) fn days_shown(now: DateTime<Utc>, by_day: &BTreeMap<String, i64>) -> Vec<(String, i64)> {
    let since = (now - chrono::Duration::days(ACTIVITY_DAYS - 1)).date_naive();
    (0..ACTIVITY_DAYS)
        .filter_map(|i| since.checked_add_days(chrono::Days::new(u64::try_from(i).ok()?)))
        .map(|d| {
            let key = d.format("%Y-%m-%d").to_string();
            let n = by_day.get(&key).copied().unwrap_or(0);
            (key, n)
        })
        .collect()
}

/// The start of the first day shown for `now`.
pub(crate) fn first_day(now: DateTime<Utc>) -> DateTime<Utc> {
    let since = (now - chrono::Duration::days(ACTIVITY_DAYS - 1)).date_naive();
    since.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
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
    let since_at = first_day(now);
    let mut by_day: BTreeMap<String, i64> = BTreeMap::new();
    for r in db
        .query_all_raw(activity_sql(backend, scope, filters, since_at).build())
        .await?
    {
        let day = Day::from_query_result(&r, "")?;
        by_day.insert(day.day, day.n);
    }
    Ok(days_shown(now, &by_day))
}
