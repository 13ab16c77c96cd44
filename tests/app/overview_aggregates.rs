//! The tutor overview read from its aggregates (one pass over the learners' roll-ups
//! for the breakdowns and quiz bands, the days of activity in `course_activity`)
//! equals the figures of the statements it replaced, which aggregated the quiz bands
//! in a pass of their own and the activity from every progress event: for generated
//! learners, for everyone and for each filter and a tutor's cohort, after new progress
//! events and quiz attempts sent over HTTP, and after the migration's backfill, on both
//! databases.

use std::collections::BTreeMap;

use aula::accounts::Role;
use aula::db::sql::Sql;
use aula::reports::{CourseSize, Filters, Scope, learners, overview};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::json;

use crate::helpers::{LEARNER, OTHER_LEARNER, TestApp};

/// Enrolled, not started, completed, in progress.
type Counts = (i64, i64, i64, i64);

/// The figures the overview shows, as the replaced statements computed them.
#[derive(Debug, PartialEq)]
struct Figures {
    total: Counts,
    regions: BTreeMap<String, Counts>,
    municipalities: BTreeMap<String, Counts>,
    sectors: BTreeMap<String, Counts>,
    quiz_average: Option<f64>,
    quiz_bands: Vec<i64>,
    activity: Vec<(String, i64)>,
}

fn add(map: &mut BTreeMap<String, Counts>, key: String, c: Counts) {
    let e = map.entry(key).or_default();
    *e = (e.0 + c.0, e.1 + c.1, e.2 + c.2, e.3 + c.3);
}

/// The breakdown as it was computed before: learners grouped by municipality and
/// sector, without the quiz band.
fn old_groups_sql(backend: DbBackend, scope: &Scope, filters: &Filters) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT u.municipality AS istat, MIN(m.region) AS region, u.sector AS sector, \
         COUNT(*) AS enrolled, \
         CAST(SUM(CASE WHEN {not_started} AND c.completed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS not_started, \
         CAST(SUM(CASE WHEN c.completed_at IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS completed, \
         CAST(SUM(p.quiz_average) AS DOUBLE PRECISION) AS quiz_sum, COUNT(p.quiz_average) AS quiz_count",
        not_started = learners::NOT_STARTED,
    ));
    learners::base_query(&mut sql, scope, filters);
    sql.push(" GROUP BY u.municipality, u.sector");
    sql
}

/// The quiz bands as they were computed before, in a pass of their own.
fn old_bands_sql(backend: DbBackend, scope: &Scope, filters: &Filters) -> Sql {
    let mut band = String::from("CASE");
    for b in 1..10 {
        band.push_str(&format!(" WHEN p.quiz_average < {} THEN {}", b * 10, b - 1));
    }
    band.push_str(" ELSE 9 END");
    let mut sql = Sql::new(backend);
    sql.push(&format!("SELECT {band} AS band, COUNT(*) AS n"));
    learners::base_query(&mut sql, scope, filters);
    sql.push(" AND p.quiz_average IS NOT NULL GROUP BY ")
        .push(&band);
    sql
}

/// Activity as it was computed before: distinct learners per day from every event.
fn old_activity_sql(
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

async fn old_figures(
    db: &DatabaseConnection,
    scope: &Scope,
    filters: &Filters,
    now: DateTime<Utc>,
) -> Figures {
    let backend = db.get_database_backend();
    let mut f = Figures {
        total: Counts::default(),
        regions: BTreeMap::new(),
        municipalities: BTreeMap::new(),
        sectors: BTreeMap::new(),
        quiz_average: None,
        quiz_bands: vec![0; 10],
        activity: Vec::new(),
    };
    let (mut quiz_sum, mut quiz_count) = (0.0, 0);
    for r in db
        .query_all_raw(old_groups_sql(backend, scope, filters).build())
        .await
        .unwrap()
    {
        let enrolled: i64 = r.try_get("", "enrolled").unwrap();
        let not_started: i64 = r.try_get("", "not_started").unwrap();
        let completed: i64 = r.try_get("", "completed").unwrap();
        let c = (
            enrolled,
            not_started,
            completed,
            enrolled - not_started - completed,
        );
        f.total = (
            f.total.0 + c.0,
            f.total.1 + c.1,
            f.total.2 + c.2,
            f.total.3 + c.3,
        );
        let region: Option<String> = r.try_get("", "region").unwrap();
        let istat: Option<String> = r.try_get("", "istat").unwrap();
        let sector: Option<String> = r.try_get("", "sector").unwrap();
        add(&mut f.regions, region.unwrap_or_else(|| "—".into()), c);
        add(&mut f.municipalities, istat.unwrap_or_default(), c);
        add(&mut f.sectors, sector.unwrap_or_else(|| "altro".into()), c);
        quiz_sum += r
            .try_get::<Option<f64>>("", "quiz_sum")
            .unwrap()
            .unwrap_or(0.0);
        quiz_count += r.try_get::<i64>("", "quiz_count").unwrap();
    }
    f.quiz_average = (quiz_count > 0).then(|| (quiz_sum / quiz_count as f64 * 10.0).round() / 10.0);
    for r in db
        .query_all_raw(old_bands_sql(backend, scope, filters).build())
        .await
        .unwrap()
    {
        let band: i32 = r.try_get("", "band").unwrap();
        f.quiz_bands[usize::try_from(band).unwrap()] += r.try_get::<i64>("", "n").unwrap();
    }
    let since = (now - chrono::Duration::days(overview::ACTIVITY_DAYS - 1)).date_naive();
    let since_at = since.and_hms_opt(0, 0, 0).unwrap().and_utc();
    let mut by_day = BTreeMap::new();
    for r in db
        .query_all_raw(old_activity_sql(backend, scope, filters, since_at).build())
        .await
        .unwrap()
    {
        by_day.insert(
            r.try_get::<String>("", "day").unwrap(),
            r.try_get::<i64>("", "n").unwrap(),
        );
    }
    f.activity = (0..overview::ACTIVITY_DAYS)
        .map(|i| {
            let day = (since + chrono::Days::new(u64::try_from(i).unwrap()))
                .format("%Y-%m-%d")
                .to_string();
            let n = by_day.get(&day).copied().unwrap_or(0);
            (day, n)
        })
        .collect();
    f
}

async fn new_figures(
    db: &DatabaseConnection,
    scope: &Scope,
    filters: &Filters,
    size: CourseSize,
    now: DateTime<Utc>,
) -> Figures {
    let o = overview::compute(db, scope, filters, size, now)
        .await
        .unwrap();
    let counts = |t: &overview::Tally| (t.enrolled, t.not_started, t.completed, t.in_progress);
    let map = |tallies: &[overview::Tally]| {
        let mut map = BTreeMap::new();
        for t in tallies {
            add(&mut map, t.key.clone(), counts(t));
        }
        map
    };
    Figures {
        total: counts(&o.total),
        regions: map(&o.regions),
        municipalities: map(&o.municipalities),
        sectors: map(&o.sectors),
        quiz_average: o.total.quiz_average,
        quiz_bands: o.quiz_bands.clone(),
        activity: o.activity.clone(),
    }
}

/// Every cohort and filter of the comparison: everyone, each filter, a tutor's
/// cohort, a tutor's cohort with a filter.
pub async fn cases(db: &DatabaseConnection, course: &str) -> Vec<(String, Scope, Filters)> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT u.municipality AS istat, m.region AS region, u.sector AS sector FROM users u \
             JOIN municipalities m ON m.istat = u.municipality \
             WHERE u.role = 'learner' AND u.sector IS NOT NULL ORDER BY u.id LIMIT 1",
        ))
        .await
        .unwrap()
        .expect("a learner with a municipality and a sector");
    let istat: String = row.try_get("", "istat").unwrap();
    let region: String = row.try_get("", "region").unwrap();
    let sector: String = row.try_get("", "sector").unwrap();
    let other_region: String = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            match db.get_database_backend() {
                DbBackend::Postgres => {
                    "SELECT MIN(region) AS region FROM municipalities WHERE region <> $1"
                }
                _ => "SELECT MIN(region) AS region FROM municipalities WHERE region <> ?",
            },
            [region.clone().into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "region")
        .unwrap();
    let admin = Scope::of(Role::Admin, &[]);
    let tutor = Scope {
        all: false,
        regions: vec![other_region],
        municipalities: vec![istat.clone()],
    };
    let filters = Filters {
        course: course.to_string(),
        ..Filters::default()
    };
    vec![
        ("everyone".into(), admin.clone(), filters.clone()),
        (
            format!("region {region}"),
            admin.clone(),
            Filters {
                region: Some(region),
                ..filters.clone()
            },
        ),
        (
            format!("municipality {istat}"),
            admin.clone(),
            Filters {
                municipality: Some(istat),
                ..filters.clone()
            },
        ),
        (
            format!("sector {sector}"),
            admin,
            Filters {
                sector: Some(sector.clone()),
                ..filters.clone()
            },
        ),
        ("a tutor's cohort".into(), tutor.clone(), filters.clone()),
        (
            format!("a tutor's cohort, sector {sector}"),
            tutor,
            Filters {
                sector: Some(sector),
                ..filters
            },
        ),
    ]
}

/// Compares every case; returns the figures of everyone.
async fn assert_same(app: &TestApp, course: &str, moment: &str) -> Figures {
    let db = app.state.db();
    let size = aula::reports::course_size(&app.state.catalog(), course);
    let now = Utc::now();
    let mut everyone = None;
    for (name, scope, filters) in cases(db, course).await {
        let mut old = old_figures(db, &scope, &filters, now).await;
        let mut new = new_figures(db, &scope, &filters, size, now).await;
        assert!(old.total.0 > 0, "{moment}, {name}: nobody in the case");
        // The average is summed in another order: the same to the rounding.
        match (old.quiz_average.take(), new.quiz_average.take()) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 0.11, "{moment}, {name}: {a} {b}"),
            (a, b) => assert_eq!(a, b, "{moment}, {name}"),
        }
        assert_eq!(new, old, "{moment}, {name}");
        if everyone.is_none() {
            everyone = Some(new);
        }
    }
    let everyone = everyone.expect("the first case is everyone");
    assert!(
        everyone.activity.iter().filter(|(_, n)| *n > 0).count() > 10,
        "{moment}: activity on many days: {:?}",
        everyone.activity
    );
    assert!(
        everyone.quiz_bands.iter().filter(|n| **n > 0).count() > 1,
        "{moment}: quiz results in several bands: {:?}",
        everyone.quiz_bands
    );
    everyone
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql).await.expect(sql);
}

#[tokio::test]
async fn the_overview_from_its_aggregates_equals_the_figures_from_the_events() {
    let app = TestApp::spawn_with_generated(300, 11).await;
    let db = app.state.db();
    let catalog = app.state.catalog();
    let course = catalog.courses[0].clone();
    // A learner with events who became a tutor (their days are no longer a
    // learner's), and a disabled learner (out of the breakdowns, still in the
    // activity, as before).
    exec(
        db,
        "UPDATE users SET role = 'tutor' WHERE id = (SELECT MIN(user_id) FROM progress_events)",
    )
    .await;
    exec(
        db,
        "UPDATE users SET disabled_at = created_at WHERE id = (SELECT MAX(user_id) FROM progress_events)",
    )
    .await;
    let before = assert_same(&app, &course.id, "generated").await;

    // New events and quiz attempts over HTTP, today.
    let module = &course.modules[0];
    let quiz = app.url(&format!("/api/v1/quizzes/{}/{}", course.id, module.id));
    for (email, lessons) in [(LEARNER, 2), (OTHER_LEARNER, 1)] {
        let client = app.client_as(email).await;
        for lesson in module.lessons.iter().take(lessons) {
            for event in ["started", "heartbeat", "completed"] {
                let r = client
                    .post(app.url("/api/v1/progress"))
                    .json(&json!({"lesson": lesson.id, "event": event, "seconds": 30}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200, "{email} {event} {}", lesson.id);
            }
        }
        if module.quiz.is_some() {
            assert_eq!(client.get(&quiz).send().await.unwrap().status(), 200);
            let r = client
                .post(format!("{quiz}/attempts"))
                .json(&json!({"answers": {}}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{email}'s quiz attempt");
        }
    }
    let after = assert_same(&app, &course.id, "after new events").await;
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let count = |f: &Figures| {
        f.activity
            .iter()
            .find(|(d, _)| *d == today)
            .map(|(_, n)| *n)
    };
    assert!(
        after.quiz_bands.iter().sum::<i64>() > before.quiz_bands.iter().sum::<i64>()
            || module.quiz.is_none(),
        "the new attempts are in the bands"
    );
    assert!(
        count(&after) > count(&before),
        "today's learners are counted: {:?} then {:?}",
        count(&before),
        count(&after)
    );

    // The migration's backfill gives the same rows as the recorder and the generator.
    let rows = |db: &DatabaseConnection| {
        let db = db.clone();
        async move {
            db.query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT course_id, day, user_id FROM course_activity ORDER BY course_id, day, user_id",
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.try_get::<String>("", "course_id").unwrap(),
                    r.try_get::<String>("", "day").unwrap(),
                    r.try_get::<i32>("", "user_id").unwrap(),
                )
            })
            .collect::<Vec<_>>()
        }
    };
    let kept = rows(db).await;
    use migrations::{MigratorTrait, SchemaManager};
    let migration = migrations::Migrator::migrations()
        .into_iter()
        .find(|m| m.name() == "m20261203_000018_course_activity")
        .expect("the migration of course_activity");
    let manager = SchemaManager::new(db);
    migration.down(&manager).await.unwrap();
    migration.up(&manager).await.unwrap();
    let backfilled = rows(db).await;
    assert!(!kept.is_empty());
    assert_eq!(backfilled, kept);
    assert_same(&app, &course.id, "after the backfill").await;
}
