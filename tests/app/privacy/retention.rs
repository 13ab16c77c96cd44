//! Retention: with the edition ended years ago, the dry run lists who would be warned
//! and changes nothing; the run warns them by e-mail; one of them signs in and is
//! spared; after the notice the others are pseudonymised; a learner with recent
//! activity is left alone; the access log and the outbox forget what is past their
//! own retention; a second run does nothing more.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};

use super::{exec, full_history};
use crate::seminars::{GENOVA, enrolled_learners};

/// What a run could change, to compare before and after a dry run.
async fn state_of(app: &crate::helpers::TestApp) -> Vec<(String, String, String)> {
    let mut values = super::every_value(app).await;
    // The job's own bookkeeping is not the data.
    values.retain(|(table, _, _)| table != "job_runs");
    values.sort();
    values
}

#[tokio::test]
async fn the_dry_run_changes_nothing_and_the_runs_warn_then_pseudonymise() {
    let app = crate::seminars::fixture_app().await;
    let settings = app.state.config().privacy.clone();
    let db = app.state.db();
    let old = enrolled_learners(&app, 3, GENOVA, "vecchio").await;
    let active = full_history(&app, "attivo").await;
    // The demo edition ended in 2021; the three were last seen then.
    exec(
        &app,
        "UPDATE editions SET ends_on = ? WHERE number = 4",
        vec![chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap().into()],
    )
    .await;
    let long_ago = Utc::now() - Duration::days(5 * 365);
    for id in &old {
        exec(
            &app,
            "UPDATE users SET created_at = ? WHERE id = ?",
            vec![long_ago.into(), (*id).into()],
        )
        .await;
    }
    // An access-log row and a sent e-mail past their retention.
    aula::privacy::access_log::record(
        db,
        active.id,
        &[old[0]],
        aula::privacy::access_log::Kind::View,
        "/vecchio",
    )
    .await
    .unwrap();
    exec(
        &app,
        "UPDATE personal_data_views SET at = ? WHERE target = '/vecchio'",
        vec![long_ago.into()],
    )
    .await;
    exec(
        &app,
        "UPDATE outbox SET status = 'sent', sent_at = ? WHERE rule = 'certificate-issued'",
        vec![long_ago.into()],
    )
    .await;

    // The dry run: the three, and nothing changed.
    let before = state_of(&app).await;
    let plan = aula::privacy::retention::plan(db, &settings, Utc::now())
        .await
        .unwrap();
    let warned: BTreeSet<i32> = plan.warn.iter().map(|d| d.id).collect();
    assert_eq!(
        warned,
        old.iter().copied().collect(),
        "the learners of the ended edition, not the active one"
    );
    assert!(plan.erase.is_empty());
    assert_eq!(plan.access_log, 1);
    assert!(plan.outbox >= 1);
    aula::cli::privacy::retention(app.state.config(), true)
        .await
        .unwrap();
    assert_eq!(state_of(&app).await, before, "the dry run changes nothing");

    // The run: warnings queued, in their language, once.
    let summary = aula::jobs::run_retention(&app.state).await.unwrap();
    assert!(summary.starts_with("3 avvisi"), "{summary}");
    let mails = crate::seminars::outbox_of(&app, "privacy-retention").await;
    assert_eq!(mails.len(), 3);
    assert!(mails.iter().all(|m| m.body_text.contains("/login")));
    let again = aula::privacy::retention::plan(db, &settings, Utc::now())
        .await
        .unwrap();
    assert!(
        again.warn.is_empty() && again.erase.is_empty(),
        "warned once, not yet due"
    );
    assert_eq!(again.access_log, 0, "the old access-log row is forgotten");
    assert_eq!(again.outbox, 0, "the old e-mail's content is forgotten");

    // One signs in: spared. After the notice, the other two are pseudonymised.
    aula::accounts::sessions::open_session(db, old[0])
        .await
        .unwrap();
    let later = Utc::now() + Duration::days(i64::from(settings.warning_days) + 1);
    let plan = aula::privacy::retention::plan(db, &settings, later)
        .await
        .unwrap();
    let due: BTreeSet<i32> = plan.erase.iter().map(|d| d.id).collect();
    assert_eq!(due, old[1..].iter().copied().collect());
    assert!(
        plan.warn.is_empty(),
        "signing in moved the account's date: {:?}",
        plan.warn
    );
    // One more signs in between the plan and its application: spared too.
    aula::accounts::sessions::open_session(db, old[1])
        .await
        .unwrap();
    let done = aula::privacy::retention::apply(
        db,
        app.state.mailer(),
        &settings,
        "http://aula.test",
        &plan,
        later,
    )
    .await
    .unwrap();
    assert_eq!(done.erased.accounts, 1);
    let late = aula::accounts::directory::by_id(db, old[1])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        late.email, "vecchio001@comune.test.it",
        "signed in after the plan: spared"
    );
    for id in &old[2..] {
        let user = aula::accounts::directory::by_id(db, *id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.name, format!("Utente cancellato {id}"));
        assert!(user.email.ends_with(aula::privacy::erase::ERASED_DOMAIN));
        assert!(user.password_hash.is_none());
    }
    let spared = aula::accounts::directory::by_id(db, old[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(spared.email, "vecchio000@comune.test.it");
    let kept = aula::accounts::directory::by_id(db, active.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.name, active.name);
    let last = aula::privacy::retention::plan(db, &settings, later)
        .await
        .unwrap();
    assert!(
        last.warn.is_empty() && last.erase.is_empty(),
        "nothing left to do"
    );
}
