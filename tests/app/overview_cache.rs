//! The overview's figures kept for every viewer (`reports.overview_seconds`): each
//! cohort and filter reads from them the figures its own queries give; they stay as
//! they were computed until the period ends, and are then served while new ones are
//! computed in the background; on both databases.

use aula::reports::overview_cache::OverviewCache;
use aula::reports::{course_size, overview};
use chrono::Utc;
use sea_orm::ConnectionTrait;

use crate::helpers::TestApp;

#[tokio::test]
async fn every_cohort_reads_from_the_kept_figures_what_its_own_queries_give() {
    let app = TestApp::spawn_with_generated(300, 17).await;
    let db = app.state.db();
    let catalog = app.state.catalog();
    let course = catalog.courses[0].id.clone();
    // A disabled learner: out of the breakdowns, still in the activity.
    db.execute_unprepared(
        "UPDATE users SET disabled_at = created_at WHERE id = (SELECT MAX(user_id) FROM progress_events)",
    )
    .await
    .unwrap();
    let size = course_size(&catalog, &course);
    let now = Utc::now();
    let kept = OverviewCache::new(3600);
    let cases = crate::overview_aggregates::cases(db, &course).await;
    assert!(cases.len() >= 5);
    for (name, scope, filters) in &cases {
        let own = overview::compute(db, scope, filters, size, now)
            .await
            .unwrap();
        let (read, at) = kept
            .overview(db, (scope, filters), size, now)
            .await
            .unwrap();
        assert_eq!(at, now, "{name}: computed by the first request");
        assert!(
            own.total.enrolled > 0 || name.contains("tutor"),
            "{name}: {own:?}"
        );
        assert_eq!(
            serde_json::to_value(&read).unwrap(),
            serde_json::to_value(&own).unwrap(),
            "{name}"
        );
    }
    // A learner moves to another sector: the kept figures stay as computed until
    // they expire; figures computed afresh show the move.
    let (_, scope, filters) = &cases[0];
    let (before, _) = kept
        .overview(db, (scope, filters), size, now)
        .await
        .unwrap();
    db.execute_unprepared(
        "UPDATE users SET sector = 'settore-di-prova' WHERE id = \
         (SELECT MIN(user_id) FROM enrolments)",
    )
    .await
    .unwrap();
    let later = Utc::now();
    let (still, at) = kept
        .overview(db, (scope, filters), size, later)
        .await
        .unwrap();
    assert_eq!(at, now);
    assert_eq!(
        serde_json::to_value(&still).unwrap(),
        serde_json::to_value(&before).unwrap()
    );
    let own = overview::compute(db, scope, filters, size, later)
        .await
        .unwrap();
    assert!(own.sectors.iter().any(|s| s.key == "settore-di-prova"));
    let (fresh, _) = OverviewCache::new(3600)
        .overview(db, (scope, filters), size, later)
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&fresh).unwrap(),
        serde_json::to_value(&own).unwrap()
    );
}

#[tokio::test]
async fn expired_figures_are_served_while_the_new_ones_are_computed_in_the_background() {
    let app = TestApp::spawn_with_generated(50, 5).await;
    let db = app.state.db();
    let catalog = app.state.catalog();
    let course = catalog.courses[0].id.clone();
    let size = course_size(&catalog, &course);
    let kept = OverviewCache::new(1);
    let (scope, filters) = everyone(&course);
    let first = Utc::now();
    let (_, at) = kept
        .overview(db, (&scope, &filters), size, first)
        .await
        .unwrap();
    assert_eq!(at, first);
    db.execute_unprepared(
        "UPDATE users SET sector = 'settore-di-prova' WHERE id = \
         (SELECT MIN(user_id) FROM enrolments)",
    )
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // Past the period: the old figures at once, the new ones being computed.
    let (stale, at) = kept
        .overview(db, (&scope, &filters), size, Utc::now())
        .await
        .unwrap();
    assert_eq!(at, first);
    assert!(!stale.sectors.iter().any(|s| s.key == "settore-di-prova"));
    // Within a few seconds (the background computation), the new figures.
    let mut seen = false;
    for _ in 0..100 {
        let (fresh, at) = kept
            .overview(db, (&scope, &filters), size, Utc::now())
            .await
            .unwrap();
        if at > first {
            assert!(fresh.sectors.iter().any(|s| s.key == "settore-di-prova"));
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(seen, "the figures were recomputed");
}

#[tokio::test]
async fn a_warmed_course_is_served_from_its_figures_and_first_requests_share_one_computation() {
    let app = TestApp::spawn_with_generated(50, 9).await;
    let db = app.state.db();
    let catalog = app.state.catalog();
    let course = catalog.courses[0].id.clone();
    let size = course_size(&catalog, &course);
    let (scope, filters) = everyone(&course);
    // A request's `now` an hour ahead: figures computed by a request carry it, figures
    // computed by the warm-up carry the real time.
    let later = Utc::now() + chrono::Duration::hours(1);

    // Warmed: the first request is answered from the warm-up's figures.
    let warmed = OverviewCache::new(60);
    warmed
        .warm(db, vec![course.clone()])
        .expect("figures are kept")
        .await
        .unwrap();
    let (_, at) = warmed
        .overview(db, (&scope, &filters), size, later)
        .await
        .unwrap();
    assert!(
        at < later,
        "computed by the warm-up, not by the request: {at}"
    );

    // Not warmed: ten first requests at once, each with its own `now`, get the figures
    // of one computation.
    let cold = OverviewCache::new(60);
    let answers = futures_util::future::join_all((0..10).map(|i| {
        cold.overview(
            db,
            (&scope, &filters),
            size,
            later + chrono::Duration::seconds(i),
        )
    }))
    .await;
    let times: std::collections::BTreeSet<_> = answers.into_iter().map(|a| a.unwrap().1).collect();
    assert_eq!(times.len(), 1, "one computation: {times:?}");
    assert!(*times.first().unwrap() >= later);
}

/// The scope and filters of an admin's overview of `course`, with no filter.
fn everyone(course: &str) -> (aula::reports::Scope, aula::reports::Filters) {
    (
        aula::reports::Scope {
            all: true,
            ..Default::default()
        },
        aula::reports::Filters {
            course: course.to_string(),
            ..Default::default()
        },
    )
}
