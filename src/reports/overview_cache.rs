//! The cohort overview's figures, computed once for every viewer: the learners of a
//! course grouped by municipality, sector and quiz band, and the active learners per
//! day, municipality and sector. Each viewer's overview (an admin's, a tutor's cohort,
//! any filter) adds up the groups it covers, which gives the figures the scoped
//! queries give. A starting server computes each course's figures in the background
//! (a request that comes first waits for that one computation, and only requests for
//! the same course wait), then serves them for `reports.overview_seconds` (0: computed
//! for each request); the first request after that still gets them at once and starts
//! their recomputation in the background, so no viewer waits for it and no figures are
//! older than twice the period. The page says when they were computed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use tokio::sync::Mutex;

use super::overview::{self, DayGroup, Group, Overview};
use super::{CourseSize, Filters, Scope};

/// One course's figures and when they were computed.
struct Figures {
    at: DateTime<Utc>,
    groups: Vec<Group>,
    days: Vec<DayGroup>,
}

/// One course's kept figures.
struct Kept {
    taken: Instant,
    figures: Arc<Figures>,
    refreshing: bool,
}

type Courses = Arc<Mutex<HashMap<String, Kept>>>;

/// One lock per course for its first computation, so that the first requests for a
/// course wait for one computation, and requests for other courses do not wait.
type Firsts = Arc<Mutex<HashMap<String, Arc<Mutex<()>>>>>;

/// The kept figures, by course; cheap to clone (clones share them).
#[derive(Clone)]
pub struct OverviewCache {
    keep: Duration,
    courses: Courses,
    firsts: Firsts,
}

impl OverviewCache {
    /// Figures kept `seconds` (0: none kept).
    pub fn new(seconds: u32) -> Self {
        Self {
            keep: Duration::from_secs(u64::from(seconds)),
            courses: Arc::default(),
            firsts: Arc::default(),
        }
    }

    /// The overview of `scope` and `filters`, and when its figures were computed.
    pub async fn overview(
        &self,
        db: &DatabaseConnection,
        (scope, filters): (&Scope, &Filters),
        size: CourseSize,
        now: DateTime<Utc>,
    ) -> Result<(Overview, DateTime<Utc>), DbErr> {
        if self.keep.is_zero() {
            return Ok((overview::compute(db, scope, filters, size, now).await?, now));
        }
        let figures = match self.kept(db, &filters.course).await {
            Some(figures) => figures,
            None => self.first(db, &filters.course, now).await?,
        };
        Ok((view(&figures, scope, filters, size), figures.at))
    }

    /// Computes the figures of each of `courses` not kept yet, in the background (a
    /// server starting warms its courses, so that its first viewers do not wait); the
    /// task ends when they are all computed.
    pub fn warm(
        &self,
        db: &DatabaseConnection,
        courses: Vec<String>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        if self.keep.is_zero() {
            return None;
        }
        let cache = self.clone();
        let db = db.clone();
        Some(tokio::spawn(async move {
            for course in courses {
                if let Err(err) = cache.first(&db, &course, Utc::now()).await {
                    tracing::warn!(error = %err, course, "overview figures not computed at start");
                }
            }
        }))
    }

    /// The kept figures of `course`, if any; past the period, starts their
    /// recomputation in the background and still answers them.
    async fn kept(&self, db: &DatabaseConnection, course: &str) -> Option<Arc<Figures>> {
        let mut courses = self.courses.lock().await;
        let kept = courses.get_mut(course)?;
        if kept.taken.elapsed() >= self.keep && !kept.refreshing {
            kept.refreshing = true;
            refresh(db.clone(), self.courses.clone(), course.to_string());
        }
        Some(kept.figures.clone())
    }

    /// The figures of `course`, computed if no one has: concurrent callers for one
    /// course wait for a single computation.
    async fn first(
        &self,
        db: &DatabaseConnection,
        course: &str,
        now: DateTime<Utc>,
    ) -> Result<Arc<Figures>, DbErr> {
        let lock = self
            .firsts
            .lock()
            .await
            .entry(course.to_string())
            .or_default()
            .clone();
        let _first = lock.lock().await;
        if let Some(kept) = self.courses.lock().await.get(course) {
            return Ok(kept.figures.clone());
        }
        let figures = Arc::new(compute(db, course, now).await?);
        self.courses.lock().await.insert(
            course.to_string(),
            Kept {
                taken: Instant::now(),
                figures: figures.clone(),
                refreshing: false,
            },
        );
        Ok(figures)
    }
}

/// Recomputes a course's figures in the background and keeps them; on failure the
/// old ones stay and the next request past the period tries again.
fn refresh(db: DatabaseConnection, courses: Courses, course: String) {
    tokio::spawn(async move {
        let computed = compute(&db, &course, Utc::now()).await;
        let mut courses = courses.lock().await;
        let Some(kept) = courses.get_mut(&course) else {
            return;
        };
        kept.refreshing = false;
        match computed {
            Ok(figures) => {
                kept.figures = Arc::new(figures);
                kept.taken = Instant::now();
            }
            Err(err) => tracing::warn!(error = %err, course, "overview figures not recomputed"),
        }
    });
}

/// Every group of the course, in two queries.
async fn compute<C: ConnectionTrait>(
    db: &C,
    course: &str,
    now: DateTime<Utc>,
) -> Result<Figures, DbErr> {
    let backend = db.get_database_backend();
    let everyone = Filters {
        course: course.to_string(),
        ..Filters::default()
    };
    let all = Scope {
        all: true,
        ..Scope::default()
    };
    let groups = db
        .query_all_raw(overview::groups_sql(backend, &all, &everyone).build())
        .await?
        .iter()
        .map(|r| Group::from_query_result(r, ""))
        .collect::<Result<_, _>>()?;
    let since = overview::first_day(now);
    let days = db
        .query_all_raw(overview::activity_groups_sql(backend, course, since).build())
        .await?
        .iter()
        .map(|r| DayGroup::from_query_result(r, ""))
        .collect::<Result<_, _>>()?;
    Ok(Figures {
        at: now,
        groups,
        days,
    })
}

/// The overview of the groups within `scope` and `filters`.
fn view(figures: &Figures, scope: &Scope, filters: &Filters, size: CourseSize) -> Overview {
    let groups = figures.groups.iter().filter(|g| g.within(scope, filters));
    let mut by_day: BTreeMap<String, i64> = BTreeMap::new();
    for d in &figures.days {
        let key = (d.istat.as_deref(), d.region.as_deref(), d.sector.as_deref());
        if overview::within(key, scope, filters) {
            *by_day.entry(d.day.clone()).or_default() += d.n;
        }
    }
    overview::assemble(groups, size, overview::days_shown(figures.at, &by_day))
}
